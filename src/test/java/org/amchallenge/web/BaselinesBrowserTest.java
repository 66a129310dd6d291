package org.amchallenge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.amchallenge.Fixtures;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Baselines and the post-reveal board in real headless Chromium: a board with a baseline (its badge, no rank, the teams'
 * ranks as by hand), then the revealed page, its final ranking dated and the post-reveal board apart from it.
 */
@Tag("browser")
class BaselinesBrowserTest {
  private static final String ID = "bench-tracks";
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final Instant OPEN = Instant.parse("2026-06-01T12:00:00Z");
  /** After the fixture's closing time; it reveals on close. */
  private static final Instant AFTER = Instant.parse("2027-01-02T09:00:00Z");

  /** A clock this test moves, from the open challenge to its reveal. */
  private static final class Moved extends Clock {
    private volatile Instant now = OPEN;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @TempDir Path dir;
  private final Moved clock = new Moved();
  private Server server;
  private Vertx vertx;
  private WebClient client;
  private ChromeDriver browser;
  private String base;

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    String fixture = new String(Fixtures.resource("challenges/test-tracks.yaml"), StandardCharsets.UTF_8)
        .replace("id: test-tracks", "id: " + ID).replace("title: Test tracks", "title: Bench tracks");
    Files.writeString(dir.resolve("challenges/" + ID + ".yaml"), fixture + "after_reveal: benchmark\n");
    Files.write(dir.resolve("reference-data/" + ID + ".csv"), Fixtures.resource("reference-data/test-tracks.csv"));
    server = TestServers.await(Server.start(new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"),
        dir.resolve("reference-data"), null, TestServers.ORGANIZER, 1 << 20, clock)));
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    base = "http://127.0.0.1:" + server.port();
    browser = Chromium.start(dir.resolve("chromium"));
    browser.manage().window().setSize(new Dimension(1280, 1600));
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    TestServers.await(vertx.close());
    TestServers.await(server.close());
  }

  private String register(String name) {
    return TestServers.await(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", name))).bodyAsJsonObject().getString("token");
  }

  private void upload(String token, String csv) {
    assertEquals(201, TestServers.await(client.post("/api/challenges/" + ID + "/submissions").bearerTokenAuthentication(token)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(csv))).statusCode());
  }

  private WebDriverWait waitUpTo(Duration duration) {
    return new WebDriverWait(browser, duration, Duration.ofMillis(50));
  }

  @Test
  @DisplayName("an organizer adds a baseline from the console (file, name, description), sees it on both boards with its badge, and removes it")
  void consoleAddsAndRemoves() throws Exception {
    // the wall clock's time: the session cookie's Max-Age is counted from the server's clock
    clock.now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    upload(register("Ada"), Fixtures.predictions(1, 1));
    assertEquals(201, TestServers.await(client.post("/api/accounts").sendJsonObject(new JsonObject().put("email", "olga@example.org")
        .put("password", "correct horse battery staple").put("name", "Olga Organizer"))).statusCode());
    assertEquals(200, TestServers.await(client.put("/api/challenges/" + ID + "/roles/olga@example.org").bearerTokenAuthentication(TestServers.ORGANIZER)
        .sendJsonObject(new JsonObject().put("role", "organizer"))).statusCode());

    browser.get(base + "/sign-in?return_to=/console/challenges/" + ID + "%23boards");
    browser.findElement(By.id("email")).sendKeys("olga@example.org");
    browser.findElement(By.id("password")).sendKeys("correct horse battery staple");
    browser.findElement(By.id("sign-in-button")).click();
    waitUpTo(Duration.ofSeconds(15)).until(d -> browser.findElement(By.id("boards")).isDisplayed()
        && browser.findElement(By.id("no-baselines")).isDisplayed());
    Path file = Files.writeString(dir.resolve("perfect.csv"), Fixtures.predictions(0, 0));
    browser.findElement(By.id("baseline-file")).sendKeys(file.toString());
    browser.findElement(By.id("baseline-name")).sendKeys("Perfect");
    browser.findElement(By.id("baseline-description")).sendKeys("The measurements themselves: the best any model can do.");
    browser.findElement(By.id("add-baseline")).click();
    waitUpTo(Duration.ofSeconds(15)).until(d -> browser.findElements(By.cssSelector("#baselines li")).size() == 1
        && browser.findElements(By.cssSelector("#public-board tbody tr")).size() == 2);
    assertTrue(browser.findElement(By.id("baselines-result")).getText().startsWith("Added Perfect: public score 0"),
        browser.findElement(By.id("baselines-result")).getText());
    WebElement first = browser.findElement(By.cssSelector("#public-board tbody tr"));
    assertTrue(first.getText().startsWith("– Perfect") && first.getText().contains("baseline"), first.getText());
    assertTrue(browser.findElement(By.cssSelector("#private-board tbody tr .baseline-badge")).isDisplayed());
    browser.executeScript("document.getElementById('baselines-heading').scrollIntoView({block: 'center'})");
    Files.write(SHOTS.resolve("console-baselines.png"), browser.getScreenshotAs(OutputType.BYTES));

    browser.findElement(By.cssSelector("#baselines li button")).click();
    waitUpTo(Duration.ofSeconds(15)).until(d -> browser.findElements(By.cssSelector("#baselines li")).isEmpty()
        && browser.findElements(By.cssSelector("#public-board tbody tr")).size() == 1);
    assertEquals(0, TestServers.await(client.get("/api/challenges/" + ID + "/baselines").send()).bodyAsJsonObject()
        .getJsonArray("baselines").size());
  }

  /** Each row of a table body as "rank|name" (its first two cells), read again where the live board redrew it meanwhile. */
  private List<String> rows(String body) {
    for (int attempt = 1; ; attempt++) {
      try {
        return browser.findElements(By.cssSelector("#" + body + " tr")).stream()
            .map(tr -> tr.findElements(By.cssSelector("td, th")))
            .map(cells -> cells.get(0).getText() + "|" + cells.get(1).getText()).toList();
      } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
        if (attempt == 5) throw redrawn;
      }
    }
  }

  @Test
  @DisplayName("a baseline shows with its badge where its score puts it, unranked; the revealed page keeps the final ranking apart from the post-reveal board")
  void baselineAndPostReveal() throws Exception {
    String ada = register("Ada");
    upload(ada, Fixtures.predictions(1, 1));
    upload(register("Bob"), Fixtures.predictions(5, 5));
    assertEquals(201, TestServers.await(client.post("/api/challenges/" + ID + "/baselines?name=Perfect")
        .bearerTokenAuthentication(TestServers.ORGANIZER).putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(Fixtures.predictions(0, 0)))).statusCode());
    assertEquals(201, TestServers.await(client.post("/api/challenges/" + ID + "/baselines?name=Constant")
        .bearerTokenAuthentication(TestServers.ORGANIZER).putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(Fixtures.predictions(3, 3)))).statusCode());

    browser.get(base + "/challenges/" + ID);
    waitUpTo(Duration.ofSeconds(10)).until(d -> rows("board-body").size() == 4);
    // by hand: errors 0 (Perfect), 1 (Ada), 3 (Constant), 5 (Bob)
    assertEquals(List.of("–|Perfect baseline", "1|Ada", "–|Constant baseline", "2|Bob"), rows("board-body"));
    WebElement badge = browser.findElement(By.cssSelector("#board-body tr.baseline .baseline-badge"));
    assertTrue(badge.isDisplayed());
    Files.write(SHOTS.resolve("baseline-board.png"), browser.getScreenshotAs(OutputType.BYTES));

    // revealed on close; Bob improves afterwards, on the post-reveal board alone
    clock.now = AFTER;
    upload(ada, Fixtures.predictions(4, 4));
    browser.get(base + "/challenges/" + ID);
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElement(By.id("post-reveal-section")).isDisplayed());
    assertEquals("Final ranking (fixed at the reveal on 2027-01-01 00:00 UTC)", browser.findElement(By.id("final-heading")).getText());
    assertEquals("Post-reveal benchmark board (submissions after the reveal, not part of the competition)",
        browser.findElement(By.id("post-reveal-heading")).getText());
    assertEquals(List.of("–|Perfect baseline", "1|Ada", "–|Constant baseline", "2|Bob"), rows("final-body"));
    assertEquals(List.of("–|Perfect baseline", "–|Constant baseline", "1|Ada"), rows("post-reveal-body"));
    assertTrue(browser.findElement(By.cssSelector("#post-reveal-body tr:last-child")).getText().contains("2027-01-02"),
        "each post-reveal row is dated");
    Files.write(SHOTS.resolve("post-reveal-page.png"), browser.getScreenshotAs(OutputType.BYTES));
    browser.executeScript("document.getElementById('post-reveal-section').scrollIntoView({block: 'start'})");
    Files.write(SHOTS.resolve("post-reveal-board.png"), browser.getScreenshotAs(OutputType.BYTES));
  }
}
