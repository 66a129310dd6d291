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
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A submission's per-sample plots in real headless Chromium (issue 28): before the reveal the team's own predicted
 * curves and draws; after it each curve against the measured one, the two empirical CDFs and u-pooling's PIT histogram.
 */
@Tag("browser")
class SamplePlotsBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String ID = "flow-plots";
  private static final String[] CURVES = {"A", "B", "C"};
  /** Each curve sample's predicted points and measured points; each distribution sample's draws and observations. */
  private static final int[] PREDICTED_POINTS = {49, 21, 30};
  private static final int MEASURED_POINTS = 11;
  private static final int[] DRAWS = {60, 40, 80};
  private static final int[] OBSERVATIONS = {30, 25, 35};
  private static final int ROWS = 24;

  @TempDir Path dir;
  private Server server;
  private Vertx vertx;
  private WebClient client;
  private ChromeDriver browser;
  private String base;

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    // the wall clock: a session cookie's lifetime is counted by it
    server = TestServers.await(Server.start(new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"),
        dir.resolve("reference-data"), null, TestServers.ORGANIZER, 1 << 20, Clock.systemUTC())));
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

  private static double voce(double strain, double yield, double hardening, double scale) {
    return yield + hardening * (1 - Math.exp(-strain / scale));
  }

  private static String reference() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,component,value,uncertainty,weight,censor\n");
    Random random = new Random(28);
    for (int s = 0; s < CURVES.length; s++) {
      for (int k = 0; k < MEASURED_POINTS; k++) {
        double strain = 0.02 * k;
        double stress = voce(strain, 300 - 20 * s, 200 + 20 * s, 0.04 + 0.01 * s) + 3 * Math.sin(37 * strain);
        csv.append(String.format(Locale.ROOT, "%s,flow_stress,strain=%.2f,,%.3f,,,\n", CURVES[s], strain, stress));
      }
      for (int k = 0; k < OBSERVATIONS[s]; k++) {
        csv.append(String.format(Locale.ROOT, "%s,grain_size,obs=%d,,%.3f,,,\n", CURVES[s], k + 1,
            Math.exp(Math.log(20 + 5 * s) + 0.35 * random.nextGaussian())));
      }
    }
    for (int i = 1; i <= ROWS; i++) csv.append(String.format(Locale.ROOT, "S%02d,ys,,,%d,3,,\n", i, 400 + 5 * i));
    return csv.toString();
  }

  private static String predictions() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,value,uncertainty\n");
    Random random = new Random(82);
    for (int s = 0; s < CURVES.length; s++) {
      double step = 0.24 / (PREDICTED_POINTS[s] - 1);
      for (int k = 0; k < PREDICTED_POINTS[s]; k++) {
        double strain = step * k;
        csv.append(String.format(Locale.ROOT, "%s,flow_stress,strain=%.5f,%.3f,\n", CURVES[s], strain,
            voce(strain, 310 - 20 * s, 185 + 20 * s, 0.05 + 0.01 * s)));
      }
      for (int k = 0; k < DRAWS[s]; k++) {
        csv.append(String.format(Locale.ROOT, "%s,grain_size,,%.3f,\n", CURVES[s], Math.exp(Math.log(22 + 5 * s) + 0.25 * random.nextGaussian())));
      }
    }
    // predicted uncertainties a little too narrow for these errors: the PIT histogram piles up at its ends
    for (int i = 1; i <= ROWS; i++) csv.append(String.format(Locale.ROOT, "S%02d,ys,,%.3f,4\n", i, 400 + 5 * i + 6 * random.nextGaussian()));
    return csv.toString();
  }

  /** Seed 6 puts curve and distribution sample C in the private part: with none there, the final ranking would rank no one. */
  private void publish() {
    publish(request -> request.bearerTokenAuthentication(TestServers.ORGANIZER));
  }

  /** The challenge and its reference data, sent with the credentials {@code as} puts on each request. */
  private void publish(java.util.function.UnaryOperator<io.vertx.ext.web.client.HttpRequest<Buffer>> as) {
    String yaml = String.join("\n", "id: " + ID, "title: Flow curves and grain sizes (illustrative)", "opens: 2026-01-01T00:00:00Z",
        "closes: 2099-01-01T00:00:00Z", "reveal: manual", "split: {public_fraction: 0.5, seed: 6, by: sample}",
        "ranking: {score: weighted_mean}", "quantities:",
        "  - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area}",
        "  - {id: grain_size, unit: um, kind: distribution, distribution: samples, primary: nwasserstein, transform: log10}",
        "  - {id: ys, unit: MPa, primary: nmae}", "");
    var created = TestServers.await(as.apply(client.post("/api/challenges"))
        .putHeader("Content-Type", "application/yaml").sendBuffer(Buffer.buffer(yaml)));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    var reference = TestServers.await(as.apply(client.put("/api/challenges/" + ID + "/reference"))
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(reference())));
    assertEquals(200, reference.statusCode(), reference.bodyAsString());
  }

  private String compete(String team) {
    String token = TestServers.await(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", team))).bodyAsJsonObject().getString("token");
    var answer = TestServers.await(client.post("/api/challenges/" + ID + "/submissions").bearerTokenAuthentication(token)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(predictions())));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
    return token;
  }

  private WebDriverWait waitUpTo(Duration duration) {
    return new WebDriverWait(browser, duration, Duration.ofMillis(20));
  }

  private Object script(String js, Object... args) {
    return browser.executeScript(js, args);
  }

  /** How many points a path of the figure draws: its M and L commands for a curve, its rises (V) for a CDF. */
  private long points(String kind, String side) {
    String d = (String) script("const p = document.querySelector(arguments[0]); return p ? p.getAttribute('d') : ''",
        "#sample-plots figure[data-kind=" + kind + "] path." + side);
    String commands = kind.equals("curve") ? "ML" : "V";
    return d.chars().filter(c -> commands.indexOf(c) >= 0).count();
  }

  private long count(String css) {
    return browser.findElements(By.cssSelector(css)).size();
  }

  private void openPlots() {
    browser.findElements(By.cssSelector("#mine tbody button")).stream().filter(b -> b.getText().equals("Plots")).findFirst().orElseThrow().click();
  }

  @Test
  @DisplayName("before the reveal the team's page draws its predicted curve and draws only; after it the measured curve with markers, both CDFs and the PIT histogram, sample by sample, at 1280 and 390 px")
  void curveCdfAndPitPlots() throws Exception {
    publish();
    String token = compete("FlowLab");
    browser.get(base + "/challenges/" + ID);
    browser.findElement(By.id("token")).sendKeys(token, Keys.ENTER);
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElement(By.id("team-panel")).isDisplayed() && count("#mine tbody button") > 0);
    openPlots();
    waitUpTo(Duration.ofSeconds(10)).until(d -> count("#sample-plots figure[data-kind=cdf] svg") == 1);
    assertEquals(1, count("#sample-plots figure[data-kind=curve] svg"));
    assertEquals(PREDICTED_POINTS[0], points("curve", "predicted"), "sample A's predicted polyline, every point");
    assertEquals(DRAWS[0], points("cdf", "predicted"), "sample A's draws, one rise each");
    assertEquals(0, count("#sample-plots path.measured") + count("#sample-plots circle") + count("#sample-plots figure[data-kind=pit]"),
        "nothing measured before the reveal");
    assertTrue(browser.findElement(By.id("sample-plots-hint")).getText().contains("show at the reveal"));
    assertEquals("strain", browser.findElement(By.cssSelector("#sample-plots figure[data-kind=curve] .x-title")).getText());
    assertEquals("flow_stress [MPa]", browser.findElement(By.cssSelector("#sample-plots figure[data-kind=curve] .y-title")).getText());
    // grain sizes are scored in log10: their axis is a log scale, its ticks at round sizes
    assertEquals("grain_size [µm], log scale", browser.findElement(By.cssSelector("#sample-plots figure[data-kind=cdf] .x-title")).getText());
    assertTrue(browser.findElements(By.cssSelector("#sample-plots figure[data-kind=cdf] .ticks text")).stream()
        .map(WebElement::getText).toList().containsAll(List.of("10", "20", "30")));
    shoot(browser.findElement(By.id("plots-section")), "sample-plots-before-reveal.png");

    assertEquals(200, TestServers.await(client.post("/api/challenges/" + ID + "/reveal?close_now=true")
        .bearerTokenAuthentication(TestServers.ORGANIZER).send()).statusCode());
    openPlots();
    waitUpTo(Duration.ofSeconds(10)).until(d -> count("#sample-plots figure[data-kind=pit] svg") == 1);
    assertEquals(PREDICTED_POINTS[0], points("curve", "predicted"));
    assertEquals(MEASURED_POINTS, points("curve", "measured"), "sample A's measured curve");
    assertEquals(MEASURED_POINTS, count("#sample-plots figure[data-kind=curve] circle"), "a marker on each measured point");
    assertEquals(DRAWS[0], points("cdf", "predicted"));
    assertEquals(OBSERVATIONS[0], points("cdf", "measured"));
    assertEquals(10, count("#sample-plots rect.pit-bar"));
    long binned = browser.findElements(By.cssSelector("#sample-plots rect.pit-bar")).stream()
        .mapToLong(bar -> Long.parseLong(bar.getAttribute("data-count"))).sum();
    assertEquals(ROWS, binned, "every row with a predicted uncertainty in one bin");
    assertEquals(1, count("#sample-plots line.uniform"));
    shoot(browser.findElement(By.id("plots-section")), "sample-plots-1280.png");

    // another sample chosen: its own curve and its own CDFs
    new Select(browser.findElement(By.cssSelector("figure[data-kind=curve] select"))).selectByVisibleText("B");
    new Select(browser.findElement(By.cssSelector("figure[data-kind=cdf] select"))).selectByVisibleText("C");
    assertEquals(PREDICTED_POINTS[1], points("curve", "predicted"));
    assertEquals(MEASURED_POINTS, points("curve", "measured"));
    assertEquals(DRAWS[2], points("cdf", "predicted"));
    assertEquals(OBSERVATIONS[2], points("cdf", "measured"));
    for (WebElement plot : browser.findElements(By.cssSelector("#sample-plots figure"))) {
      shoot(plot, "sample-plot-" + plot.getAttribute("data-kind") + ".png");
    }

    // a phone: one plot a row, nothing scrolling sideways
    browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 2400, "deviceScaleFactor", 1, "mobile", true));
    Thread.sleep(200);
    long scrollWidth = ((Number) script("return document.documentElement.scrollWidth")).longValue();
    assertTrue(scrollWidth <= 390, "the plots at 390 px scroll sideways: " + scrollWidth);
    shoot(browser.findElement(By.id("sample-plots")), "sample-plots-390.png");
    browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());

    // the revealed page's models: the leader's plots drawn at once
    browser.navigate().refresh();
    waitUpTo(Duration.ofSeconds(10)).until(d -> count(".model .sample-plots figure[data-kind=pit] svg") == 1);
    assertEquals(1, count(".model .sample-plots figure[data-kind=curve] path.measured"));
    shoot(browser.findElement(By.cssSelector(".model")), "sample-plots-model.png");
    var errors = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .filter(entry -> !entry.getMessage().contains("Failed to load resource"))
        .map(Object::toString).toList();
    assertEquals(List.of(), errors);
  }

  @Test
  @DisplayName("the organizer's console shows an open challenge's submission with both sides of each plot and the PIT histogram")
  void consoleBeforeTheReveal() throws Exception {
    String password = "correct horse battery staple";
    var made = TestServers.await(client.post("/api/accounts")
        .sendJsonObject(new JsonObject().put("email", "org@example.org").put("password", password).put("name", "Olga Organizer")));
    assertEquals(201, made.statusCode(), made.bodyAsString());
    String cookie = made.cookies().stream().filter(c -> c.startsWith("amc_session=")).findFirst().orElseThrow().split(";")[0];
    String csrf = made.bodyAsJsonObject().getString("csrf_token");
    assertEquals(200, TestServers.await(client.put("/api/accounts/org@example.org/creator").bearerTokenAuthentication(TestServers.ORGANIZER).send()).statusCode());
    publish(request -> request.putHeader("Cookie", cookie).putHeader("X-CSRF-Token", csrf));
    compete("FlowLab");

    browser.get(base + "/sign-in?return_to=/console/challenges/" + ID);
    browser.findElement(By.id("email")).sendKeys("org@example.org");
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("sign-in-button")).click();
    waitUpTo(Duration.ofSeconds(15)).until(d -> browser.findElement(By.id("tab-submissions")).isDisplayed());
    browser.findElement(By.id("tab-submissions")).click();
    waitUpTo(Duration.ofSeconds(15)).until(d -> count("#submission-table tbody tr") == 1);
    browser.findElement(By.xpath("//table[@id='submission-table']//button[text()='Open']")).click();
    waitUpTo(Duration.ofSeconds(10)).until(d -> count("#sample-plots figure[data-kind=pit] svg") == 1);
    assertTrue(browser.findElement(By.id("sample-plots-heading")).isDisplayed());
    assertEquals(PREDICTED_POINTS[0], points("curve", "predicted"));
    assertEquals(MEASURED_POINTS, points("curve", "measured"));
    assertEquals(DRAWS[0], points("cdf", "predicted"));
    assertEquals(OBSERVATIONS[0], points("cdf", "measured"));
    shoot(browser.findElement(By.id("submission-panel")), "sample-plots-console.png");
  }

  /** A screenshot of {@code element}, kept, and not blank: more than a handful of colours. */
  private static void shoot(WebElement element, String name) throws Exception {
    byte[] png = element.getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name), png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
    }
    assertTrue(colours.size() > 50, name + " looks blank: " + colours.size() + " colours");
  }
}
