package org.amchallenge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import javax.imageio.ImageIO;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.http.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The ranking analysis page in real headless Chromium: refused before the reveal, drawn after it (issue 27). */
@Tag("browser")
class AnalysisPageBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String ID = "analysis-demo";
  private static final int SAMPLES = 40;

  @TempDir Path dir;
  private Server server;
  private Vertx vertx;
  private WebClient client;
  private ChromeDriver browser;
  private String base;

  @BeforeEach
  void start() throws Exception {
    ServerConfig config = TestServers.fixtureConfig(dir, 1 << 20);
    server = TestServers.await(Server.start(config));
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    base = "http://127.0.0.1:" + server.port();
    browser = Chromium.start(dir.resolve("chromium"));
    browser.manage().window().setSize(new Dimension(1280, 2400));
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    TestServers.await(vertx.close());
    TestServers.await(server.close());
  }

  private void publish() {
    String yaml = String.join("\n", "id: " + ID, "title: Analysis demo", "opens: 2026-01-01T00:00:00Z", "closes: 2099-01-01T00:00:00Z",
        "reveal: manual", "split: {public_fraction: 0.5, seed: 7, by: sample}", "ranking: {score: weighted_mean, bootstrap: 500}",
        "quantities:", "  - {id: depth, unit: um, primary: nmae, weight: 1}", "");
    assertEquals(201, TestServers.await(client.post("/api/challenges").bearerTokenAuthentication(TestServers.ORGANIZER)
        .putHeader("Content-Type", "application/yaml").sendBuffer(Buffer.buffer(yaml))).statusCode());
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,component,value,uncertainty,weight,censor\n");
    for (int i = 1; i <= SAMPLES; i++) csv.append(String.format("S%02d,depth,,,%d,2,,\n", i, 50 + 3 * i));
    var reference = TestServers.await(client.put("/api/challenges/" + ID + "/reference").bearerTokenAuthentication(TestServers.ORGANIZER)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(csv.toString())));
    assertEquals(200, reference.statusCode(), reference.bodyAsString());
  }

  private void compete(String team, IntToDoubleFunction error) {
    String token = TestServers.await(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", team))).bodyAsJsonObject().getString("token");
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 1; i <= SAMPLES; i++) csv.append(String.format("S%02d,depth,%s\n", i, 50 + 3 * i + error.applyAsDouble(i)));
    var answer = TestServers.await(client.post("/api/challenges/" + ID + "/submissions").bearerTokenAuthentication(token)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(csv.toString())));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
  }

  @Test
  @DisplayName("before the reveal the page says when the analysis opens; after it, the blob plot, the significance map, the methods' ranks and the summary are drawn, without a script error")
  void analysisPage() throws Exception {
    publish();
    compete("MeltLab", i -> 1 + (i % 5) * 0.2);
    compete("Poolers", i -> 1.1 + (i % 4) * 0.2);
    compete("Tracks", i -> 3 + (i % 3));
    compete("ThermoFluid", i -> (i % 2 == 0 ? 2.5 : -2.5));
    compete("Baseline-ish", i -> 6 + i % 4);
    browser.get(base + "/challenges/" + ID + "/analysis");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    wait.until(d -> browser.findElement(By.id("page-status")).getText().contains("opens when the organizers reveal"));
    assertEquals(200, TestServers.await(client.post("/api/challenges/" + ID + "/reveal?close_now=true")
        .bearerTokenAuthentication(TestServers.ORGANIZER).send()).statusCode());
    browser.get(base + "/challenges/" + ID);
    wait.until(d -> browser.findElement(By.id("analysis-link")).getAttribute("href").endsWith("/challenges/" + ID + "/analysis"));
    browser.findElement(By.id("analysis-link")).click();
    wait.until(d -> browser.findElement(By.id("analysis")).isDisplayed());
    String summary = browser.findElement(By.id("summary")).getText();
    assertTrue(summary.matches("(?s).*Teams .*(MeltLab and Poolers|Poolers and MeltLab).* cannot be told apart on these \\d+ samples.*"), summary);
    for (String chart : List.of("blob-chart", "significance-chart", "methods-chart")) {
      wait.until(d -> (Boolean) browser.executeScript("return !!Chart.getChart(document.getElementById(arguments[0]))", chart));
      assertNotBlank(browser.findElement(By.id(chart)).getScreenshotAs(OutputType.BYTES), "analysis-" + chart + ".png");
    }
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), "analysis-page.png");
    var errors = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .filter(entry -> !entry.getMessage().contains("Failed to load resource"))  // the 403 before the reveal, the favicon
        .map(Object::toString).toList();
    assertEquals(List.of(), errors);
  }

  @Test
  @DisplayName("the upload form carries a method card built from the challenge's form: a bad DOI is refused with its field named, a good card is stored")
  void methodCardInTheUploadForm() throws Exception {
    publish();
    String token = TestServers.await(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", "FormFillers"))).bodyAsJsonObject().getString("token");
    browser.get(base + "/challenges/" + ID);
    browser.findElement(By.id("token")).sendKeys(token, org.openqa.selenium.Keys.ENTER);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    wait.until(d -> browser.findElement(By.id("method-card")).isDisplayed());
    assertEquals(7, browser.findElements(By.cssSelector("#method-fields [data-field]")).size(), "SPEC's default form: seven fields");
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 1; i <= SAMPLES; i++) csv.append(String.format("S%02d,depth,%d\n", i, 51 + 3 * i));
    Path file = Files.writeString(dir.resolve("predictions.csv"), csv.toString());
    var input = browser.findElement(By.id("file"));
    browser.executeScript("arguments[0].hidden = false", input);
    input.sendKeys(file.toString());
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("method-model_class"))).selectByValue("machine_learning");
    browser.findElement(By.id("method-software")).sendKeys("PyTorch 2.1");
    browser.findElement(By.id("method-doi")).sendKeys("10.abc/not-a-doi");
    browser.findElement(By.id("upload-button")).click();
    wait.until(d -> browser.findElements(By.cssSelector("#problems li")).size() > 0);
    String problems = browser.findElement(By.id("problems")).getText();
    assertTrue(problems.contains("method.doi"), problems);
    assertNotBlank(browser.findElement(By.id("team-section")).getScreenshotAs(OutputType.BYTES), "method-card-refused.png");
    browser.findElement(By.id("method-doi")).clear();
    browser.findElement(By.id("method-doi")).sendKeys("10.1016/j.addma.2020.101090");
    browser.findElement(By.id("upload-button")).click();
    wait.until(d -> browser.findElement(By.id("upload-result")).getText().startsWith("Scored"));
    JsonObject board = TestServers.await(client.get("/api/challenges/" + ID + "/leaderboard").send()).bodyAsJsonObject();
    assertEquals(new JsonObject().put("model_class", "machine_learning"), board.getJsonArray("rows").getJsonObject(0).getJsonObject("method"));
    String sid = board.getJsonArray("rows").getJsonObject(0).getString("submission");
    JsonObject mine = TestServers.await(client.get("/api/challenges/" + ID + "/submissions/" + sid).bearerTokenAuthentication(token).send()).bodyAsJsonObject();
    assertEquals("10.1016/j.addma.2020.101090", mine.getJsonObject("method").getString("doi"));
    assertNotBlank(browser.findElement(By.id("team-section")).getScreenshotAs(OutputType.BYTES), "method-card-scored.png");
  }

  private static void assertNotBlank(byte[] png, String name) throws Exception {
    Files.write(SHOTS.resolve(name), png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> colors = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) colors.add(image.getRGB(x, y));
    }
    assertTrue(colors.size() > 20, name + " looks blank: " + colors.size() + " colors");
  }
}
