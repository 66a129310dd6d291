package org.amchallenge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import javax.imageio.ImageIO;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The pages in real headless Chromium: the live board, an upload through the page, the plots, a hostile team name. */
@Tag("browser")
class PagesBrowserTest {
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";
  private static final Path SHOTS = Path.of("target", "screenshots");

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
    // port 0 asked: the server reports the one it got
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    base = "http://127.0.0.1:" + server.port();
    browser = Chromium.start(dir.resolve("chromium"));
    browser.manage().window().setSize(new Dimension(1280, 2000));
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    TestServers.await(vertx.close());
    TestServers.await(server.close());
  }

  private String register(String name) {
    return TestServers.await(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", name)))
        .bodyAsJsonObject().getString("token");
  }

  private void upload(String token, String csv) {
    int status = TestServers.await(client.post("/api/challenges/" + Fixtures.CHALLENGE + "/submissions").bearerTokenAuthentication(token)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(csv))).statusCode();
    assertEquals(201, status);
  }

  private WebDriverWait waitUpTo(Duration duration) {
    return new WebDriverWait(browser, duration, Duration.ofMillis(20));
  }

  private List<WebElement> boardRows() {
    return browser.findElements(By.cssSelector("#board-body tr"));
  }

  /** A screenshot that is not blank: more than a handful of colors, not one flat page. */
  private static void assertNotBlank(byte[] png, String name) throws Exception {
    Files.write(SHOTS.resolve(name), png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> colors = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) colors.add(image.getRGB(x, y));
    }
    assertTrue(colors.size() > 50, name + " looks blank: " + colors.size() + " colors");
  }

  @Test
  @DisplayName("the board shows the hostile name as text, updates itself after an upload made through the page (the delay is printed), and plots")
  void liveBoardUploadAndPlots() throws Exception {
    upload(register(HOSTILE), Fixtures.predictions(8, 8));
    String token = register("MeltLab");

    browser.get(base + "/challenges/" + Fixtures.CHALLENGE);
    waitUpTo(Duration.ofSeconds(10)).until(d -> boardRows().size() == 1);
    assertEquals(HOSTILE, boardRows().get(0).findElements(By.tagName("td")).get(1).getText());
    assertTrue(browser.findElements(By.cssSelector("#board-body img")).isEmpty(), "the name was not parsed as markup");
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    assertTrue(browser.getTitle().startsWith("Test tracks"));

    // the team enters its token and uploads through the page (the keyboard opens the chooser; Selenium fills it)
    browser.findElement(By.id("token")).sendKeys(token, Keys.ENTER);
    waitUpTo(Duration.ofSeconds(5)).until(d -> browser.findElement(By.id("team-panel")).isDisplayed());
    Path file = Files.writeString(dir.resolve("better.csv"), Fixtures.predictions(1, -1));
    WebElement input = browser.findElement(By.id("file"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].hidden = false", input);
    input.sendKeys(file.toString());
    browser.findElement(By.id("upload-button")).click();
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElement(By.id("upload-result")).getText().startsWith("Scored"));
    long scoredAt = System.nanoTime();
    waitUpTo(Duration.ofSeconds(15)).until(d -> boardRows().size() == 2 && boardRows().get(0).getText().contains("MeltLab"));
    System.out.printf("new row on the board %.0f ms after the upload's answer, without a reload%n", (System.nanoTime() - scoredAt) / 1e6);
    assertTrue(boardRows().get(0).getAttribute("class").contains("moved"), "the rank change is highlighted");

    // before the reveal a team sees no row of its own: the plots section says when they open
    waitUpTo(Duration.ofSeconds(5)).until(d -> browser.findElement(By.id("plots-hint")).getText().contains("open at the reveal"));
    assertTrue(browser.findElements(By.cssSelector("#plots canvas")).isEmpty(), "no per-row plot before the reveal");
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), "challenge-page.png");

    // a rejected file: its problems listed line by line
    Path bad = Files.writeString(dir.resolve("bad.csv"), "sample_id,quantity,value\nS1,depth,abc\nS9,width,1\n");
    input.sendKeys(bad.toString());
    browser.findElement(By.id("upload-button")).click();
    waitUpTo(Duration.ofSeconds(5)).until(d -> browser.findElements(By.cssSelector("#problems li")).size() == 2);
    assertEquals("line 2, column 3: value: 'abc' is not a finite number", browser.findElements(By.cssSelector("#problems li")).get(0).getText());
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());

    // after the reveal, the plots of a submission: a parity plot and a residual plot per quantity
    assertEquals(200, TestServers.await(client.post("/api/challenges/" + Fixtures.CHALLENGE + "/reveal?close_now=true")
        .bearerTokenAuthentication(TestServers.ORGANIZER).send()).statusCode());
    browser.findElements(By.cssSelector("#mine tbody button")).stream().filter(b -> b.getText().equals("Plots")).findFirst().orElseThrow().click();
    waitUpTo(Duration.ofSeconds(5)).until(d -> browser.findElements(By.cssSelector("#plots canvas")).size() == 4);
    Thread.sleep(300);
    var errors = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .filter(entry -> !entry.getMessage().contains("Failed to load resource"))  // the answers of refused files, the favicon
        .map(Object::toString).toList();
    assertTrue(errors.isEmpty(), "every plot was drawn without a script error (a failed chart leaves a blank canvas): " + errors);
    assertNotBlank(browser.findElement(By.id("plots-section")).getScreenshotAs(OutputType.BYTES), "plots.png");

    // the page opened again after the reveal: the team's submissions stay listed with their plots, but nothing to upload or select
    browser.navigate().refresh();
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElement(By.id("final-section")).isDisplayed()
        && browser.findElement(By.id("team-panel")).isDisplayed());
    assertEquals(1, browser.findElements(By.cssSelector("#mine tbody tr")).size(), "the one file scored; the rejected one is not kept");
    for (String hidden : List.of("upload-form", "token-form", "token-hint")) {
      assertTrue(!browser.findElement(By.id(hidden)).isDisplayed(), hidden + " is hidden once closed");
    }
    assertTrue(browser.findElements(By.cssSelector("#mine tbody button")).stream().noneMatch(b -> b.getText().endsWith("elect")),
        "the final selections are fixed at the close");
    assertTrue(browser.findElement(By.id("quota")).getText().startsWith("Closed: no upload is taken."));
    assertNotBlank(browser.findElement(By.id("team-section")).getScreenshotAs(OutputType.BYTES), "team-closed.png");
    // without a token nor a team: no panel at all
    script("sessionStorage.clear()");
    browser.navigate().refresh();
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElement(By.id("final-section")).isDisplayed());
    assertTrue(!browser.findElement(By.id("team-section")).isDisplayed(), "no team panel for a reader without a team");
  }

  @Test
  @DisplayName("the list page and a phone-sized challenge page render, sorted by a keyboard-reachable column")
  void listAndPhone() throws Exception {
    upload(register("Alpha"), Fixtures.predictions(3, 3));
    upload(register("Beta"), Fixtures.predictions(9, 9));
    browser.get(base + "/");
    waitUpTo(Duration.ofSeconds(10)).until(d -> !browser.findElements(By.cssSelector("#challenges li")).isEmpty());
    assertTrue(browser.findElement(By.cssSelector("#challenges li")).getText().contains("Test tracks"));
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), "list.png");

    browser.manage().window().setSize(new Dimension(390, 1600));
    browser.get(base + "/challenges/" + Fixtures.CHALLENGE);
    waitUpTo(Duration.ofSeconds(10)).until(d -> boardRows().size() == 2);
    WebElement teamColumn = browser.findElements(By.cssSelector("#board-head button")).get(1);
    teamColumn.sendKeys(Keys.ENTER);
    teamColumn = browser.findElements(By.cssSelector("#board-head button")).get(1);
    teamColumn.sendKeys(Keys.ENTER);
    waitUpTo(Duration.ofSeconds(2)).until(d -> boardRows().get(0).getText().contains("Beta"));
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), "phone.png");
  }

  @Test
  @DisplayName("a revealed challenge's page leads with the final ranking, each team's move from the public board, and the results' links; before the reveal it has none")
  void revealedPageLeadsWithFinalRanking() throws Exception {
    // each team a little off everywhere and far off on one sample: which samples are held out decides who moves
    String[] teams = {"MeltLab", "Poolers", "Keyhole & Co", "Rosenthal Fans", "Spatter"};
    for (int i = 0; i < teams.length; i++) upload(register(teams[i]), spiked(0.5 * (i + 1), "S" + (i + 1)));
    browser.get(base + "/challenges/" + Fixtures.CHALLENGE);
    waitUpTo(Duration.ofSeconds(10)).until(d -> boardRows().size() == teams.length);
    assertTrue(!browser.findElement(By.id("final-section")).isDisplayed(), "no final ranking before the reveal");

    var revealed = TestServers.await(client.post("/api/challenges/" + Fixtures.CHALLENGE + "/reveal?close_now=true")
        .bearerTokenAuthentication(TestServers.ORGANIZER).send());
    assertEquals(200, revealed.statusCode(), revealed.bodyAsString());
    JsonObject publicBoard = TestServers.await(client.get("/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard").send()).bodyAsJsonObject();
    JsonObject finalBoard = TestServers.await(client.get("/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard?board=private").send()).bodyAsJsonObject();

    browser.get(base + "/challenges/" + Fixtures.CHALLENGE);
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElement(By.id("final-section")).isDisplayed()
        && browser.findElements(By.cssSelector("#results-links li")).size() >= 2);
    List<WebElement> headings = browser.findElements(By.cssSelector("main h2"));
    WebElement firstShown = headings.stream().filter(WebElement::isDisplayed).findFirst().orElseThrow();
    assertEquals("Final ranking", firstShown.getText(), "the final ranking leads the page");
    assertTrue(browser.findElement(By.id("final-caption")).getText().startsWith("Final ranking of " + teams.length + " teams, best first"));

    // the rows: the final board's order, each with its public rank and the move between the two
    List<WebElement> rows = browser.findElements(By.cssSelector("#final-body tr"));
    assertEquals(finalBoard.getJsonArray("rows").size(), rows.size());
    int moved = 0;
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = finalBoard.getJsonArray("rows").getJsonObject(i);
      int publicRank = publicBoard.getJsonArray("rows").stream().map(JsonObject.class::cast)
          .filter(r -> r.getString("team").equals(row.getString("team"))).findFirst().orElseThrow().getInteger("rank");
      int gained = publicRank - row.getInteger("rank");
      WebElement shown = rows.get(i);
      assertEquals(row.getString("team"), shown.findElement(By.tagName("th")).getText());
      WebElement move = shown.findElement(By.cssSelector("td[data-move]"));
      assertEquals(gained > 0 ? "+" + gained : Integer.toString(gained), move.getAttribute("data-move"));
      assertEquals(gained > 0 ? "▲" + gained : gained < 0 ? "▼" + -gained : "=", move.findElement(By.cssSelector(".move")).getText());
      assertTrue(move.findElement(By.cssSelector(".visually-hidden")).getAttribute("textContent")
          .matches(gained == 0 ? "same place" : (gained > 0 ? "up " : "down ") + Math.abs(gained) + " places?"));
      if (gained != 0) moved++;
    }
    assertTrue(moved > 0, "some team moved between the boards");
    assertTrue(browser.findElement(By.id("move-legend")).getText().contains("change of place from the public board"));

    // the links: the reference data and the results bundle, both open to anyone now
    List<String> links = browser.findElements(By.cssSelector("#results-links a")).stream().map(a -> a.getAttribute("href")).toList();
    assertTrue(links.contains(base + "/api/challenges/" + Fixtures.CHALLENGE + "/reference"), links.toString());
    assertTrue(links.contains(base + "/api/challenges/" + Fixtures.CHALLENGE + "/export"), links.toString());
    for (String link : links) assertEquals(200, TestServers.await(client.getAbs(link).send()).statusCode(), link);
    assertTrue(browser.findElement(By.id("board-section")).isDisplayed(), "the public board is still shown, after the final ranking");
    var logs = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll();
    assertTrue(logs.stream().noneMatch(entry -> entry.getMessage().contains("Content Security Policy")), logs.toString());
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), "revealed.png");
    assertNotBlank(browser.findElement(By.id("final-section")).getScreenshotAs(OutputType.BYTES), "final-ranking.png");
    browser.manage().window().setSize(new Dimension(390, 1600));
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), "revealed-phone.png");
  }

  private Object script(String js, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(js, args);
  }

  /** The viewport set to {@code width} CSS pixels (a phone's, with its viewport meta honoured), and as tall as the page. */
  private void viewport(int width) {
    browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        java.util.Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 600));
    long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
    browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        java.util.Map.of("width", width, "height", (int) Math.min(height, 7000), "deviceScaleFactor", 1, "mobile", width < 600));
  }

  /** Screenshots of the page as it is at 1280 and at 390 CSS pixels; at 390 nothing may scroll the page sideways. */
  private void shootBothWidths(String name) throws Exception {
    viewport(1280);
    Thread.sleep(150);
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), name + "-1280.png");
    viewport(390);
    Thread.sleep(150);
    viewport(390);  // the page grows taller when narrower: measured again at the new width
    long scrollWidth = ((Number) script("return document.documentElement.scrollWidth")).longValue();
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), name + "-390.png");
    assertTrue(scrollWidth <= 390, name + " at 390 px scrolls sideways: " + scrollWidth + " px wide");
    browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
  }

  private List<String> severeLogs() {
    return browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .filter(entry -> !entry.getMessage().contains("Failed to load resource"))  // the answers of refused files, the favicon
        .map(Object::toString).toList();
  }

  private void publish(String id, String title, String opens, String closes, String reveal) {
    String yaml = new String(Fixtures.resource("challenges/test-tracks.yaml"), java.nio.charset.StandardCharsets.UTF_8)
        .replace("id: test-tracks", "id: " + id).replace("title: Test tracks", "title: " + title)
        .replace("opens: 2026-01-01T00:00:00Z", "opens: " + opens).replace("closes: 2027-01-01T00:00:00Z", "closes: " + closes)
        .replace("reveal: on_close", "reveal: " + reveal);
    var created = TestServers.await(client.post("/api/challenges").bearerTokenAuthentication(TestServers.ORGANIZER)
        .putHeader("Content-Type", "application/yaml").sendBuffer(Buffer.buffer(yaml)));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    var reference = TestServers.await(client.put("/api/challenges/" + id + "/reference").bearerTokenAuthentication(TestServers.ORGANIZER)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(Fixtures.resource("reference-data/test-tracks.csv"))));
    assertEquals(200, reference.statusCode(), reference.bodyAsString());
  }

  /** A prediction file sent as a browser's form would send it, with the team's model description. */
  private void uploadDescribed(String token, String csv, String description) {
    var form = io.vertx.ext.web.multipart.MultipartForm.create().attribute("description", description)
        .binaryFileUpload("file", "predictions.csv", Buffer.buffer(csv), "text/csv");
    var answer = TestServers.await(client.post("/api/challenges/" + Fixtures.CHALLENGE + "/submissions").bearerTokenAuthentication(token)
        .sendMultipartForm(form));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
  }

  @Test
  @DisplayName("the home page tells each challenge's state truly: upcoming opens in…, open closes in… (UTC), closed awaits the reveal, revealed links its final ranking")
  void homePageStates() throws Exception {
    publish("later-tracks", "Later tracks", "2099-01-01T00:00:00Z", "2099-06-01T00:00:00Z", "on_close");
    publish("closed-tracks", "Closed tracks", "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "manual");
    publish("revealed-tracks", "Revealed tracks", "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "manual");
    assertEquals(200, TestServers.await(client.post("/api/challenges/revealed-tracks/reveal").bearerTokenAuthentication(TestServers.ORGANIZER)
        .send()).statusCode());
    browser.get(base + "/");
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElements(By.cssSelector("#challenges li")).size() == 4);
    java.util.function.Function<String, WebElement> card = status -> browser.findElement(By.cssSelector("#challenges li[data-status=" + status + "]"));
    assertTrue(card.apply("upcoming").getText().contains("Later tracks"));
    assertTrue(card.apply("upcoming").findElement(By.cssSelector(".when")).getText().matches("opens in \\d+ years, on 2099-01-01 00:00 UTC"),
        card.apply("upcoming").getText());
    String open = card.apply("open").findElement(By.cssSelector(".when")).getText();
    // the time left is counted on the browser's clock, the state on the server's (fixed in these tests)
    assertTrue(open.matches("closes (in \\d+ (days|hours|minutes), on|at) 2027-01-01 00:00 UTC"), open);
    assertTrue(card.apply("open").getText().contains("Test tracks"));
    assertEquals("closed 2026-03-01 00:00 UTC, awaiting the reveal", card.apply("closed").findElement(By.cssSelector(".when")).getText());
    WebElement revealed = card.apply("revealed");
    assertTrue(revealed.findElement(By.cssSelector(".when")).getText().startsWith("closed 2026-03-01 00:00 UTC; results revealed"));
    assertEquals(base + "/challenges/revealed-tracks#final-section", revealed.findElement(By.cssSelector("a.final-link")).getAttribute("href"));
    assertTrue(browser.findElement(By.cssSelector("#challenges li")).getText().contains("Test tracks"), "the open challenge comes first");
    waitUpTo(Duration.ofSeconds(5)).until(d -> card.apply("open").getText().contains("0 teams"));
    shootBothWidths("home");
    assertTrue(severeLogs().isEmpty(), severeLogs().toString());

    // the closed challenge's page: its board says closed, awaiting the reveal, never live
    browser.get(base + "/challenges/closed-tracks");
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElement(By.id("board-section")).isDisplayed());
    assertEquals("Public leaderboard: closed, awaiting the reveal", browser.findElement(By.id("board-heading")).getText());
    assertTrue(browser.findElement(By.id("state-text")).getText().contains("awaiting the reveal"));
  }

  @Test
  @DisplayName("a revealed challenge with a tie: the final ranking leads with moves, ties share a rank, columns name metric, unit and direction, "
      + "links work, each model's parity plot is drawn; before and after, at 1280 and 390 px, nothing scrolls sideways")
  void revealedWithTie() throws Exception {
    // Alpha and Beta send the same file: equal on every part, a tie; Gamma is further off
    uploadDescribed(register("Alpha"), Fixtures.predictions(2, -3), "Rosenthal solution with a calibrated absorptivity of 0.35.");
    uploadDescribed(register("Beta"), Fixtures.predictions(2, -3), "The same Rosenthal model, run independently.");
    uploadDescribed(register("Gamma"), Fixtures.predictions(9, 12), "A Gaussian-process surrogate trained on 40 single tracks.");

    browser.get(base + "/challenges/" + Fixtures.CHALLENGE);
    waitUpTo(Duration.ofSeconds(10)).until(d -> boardRows().size() == 3);
    assertEquals("Public leaderboard live", browser.findElement(By.id("board-heading")).getText());
    List<WebElement> heads = browser.findElements(By.cssSelector("#board-head th"));
    String depth = heads.get(3).getText().replace('\n', ' ');
    assertEquals("depth nmae ↓ · unit-free", depth);
    assertEquals("width nrmse ↓ · unit-free", heads.get(4).getText().replace('\n', ' '));
    assertTrue(heads.get(2).getText().startsWith("Score"), heads.get(2).getText());
    assertTrue(heads.get(2).getText().contains("↓"));
    assertTrue(heads.get(3).findElement(By.tagName("button")).getAttribute("title").startsWith("normalised mean absolute error of "));
    String legend = browser.findElement(By.id("board-legend")).getText();
    assertTrue(legend.contains("Normaliser: the mean |measured|."), legend);
    assertTrue(legend.contains("Normaliser: the range of measured (max − min)."), legend);
    assertTrue(legend.contains("listed by the earlier submission"), legend);
    // the tie: the same rank number, each marked
    for (int i = 0; i < 2; i++) {
      WebElement rank = boardRows().get(i).findElement(By.cssSelector("td.rank"));
      assertEquals("1 tie", rank.getText().replace('\n', ' '), boardRows().get(i).getText());
    }
    assertEquals("3", boardRows().get(2).findElement(By.cssSelector("td.rank")).getText());
    assertEquals("µm", browser.findElements(By.cssSelector("#quantities tbody td")).get(2).getText(), "um is shown as µm");
    shootBothWidths("challenge-open");

    var revealed = TestServers.await(client.post("/api/challenges/" + Fixtures.CHALLENGE + "/reveal?close_now=true")
        .bearerTokenAuthentication(TestServers.ORGANIZER).send());
    assertEquals(200, revealed.statusCode(), revealed.bodyAsString());
    browser.get(base + "/challenges/" + Fixtures.CHALLENGE);
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElement(By.id("final-section")).isDisplayed()
        && browser.findElements(By.cssSelector("#models canvas")).size() == 4
        && browser.findElements(By.cssSelector("#quantity-boards table")).size() == 2);
    Thread.sleep(300);
    assertTrue(severeLogs().isEmpty(), "no script error (a chart that throws is left blank): " + severeLogs());
    assertTrue((Boolean) script("const f = document.getElementById('final-section'), b = document.getElementById('board-section');"
        + "return f.getBoundingClientRect().top < b.getBoundingClientRect().top"), "the final ranking comes before the public board");
    assertTrue(!browser.findElement(By.id("board-heading")).getText().contains("live"), browser.findElement(By.id("board-heading")).getText());

    List<WebElement> finalRows = browser.findElements(By.cssSelector("#final-body tr"));
    assertEquals(3, finalRows.size());
    for (int i = 0; i < 2; i++) {
      assertEquals("1 tie", finalRows.get(i).findElement(By.cssSelector("td.rank")).getText().replace('\n', ' '));
      assertEquals("=", finalRows.get(i).findElement(By.cssSelector("td[data-move] .move")).getText());
    }
    assertEquals("3", finalRows.get(2).findElement(By.cssSelector("td.rank")).getText());
    assertEquals("Gamma", finalRows.get(2).findElement(By.tagName("th")).getText());
    List<WebElement> finalHeads = browser.findElements(By.cssSelector("#final-head tr:last-child th"));
    assertEquals("depth nmae ↓ · unit-free", finalHeads.get(4).getText().replace('\n', ' '));

    // the links to the reference data and the bundle, fetched as anyone
    for (String id : List.of("reference-link", "bundle-link")) {
      String href = browser.findElement(By.id(id)).getAttribute("href");
      assertEquals(200, TestServers.await(client.getAbs(href).send()).statusCode(), href);
    }
    // each team's description, and the leader's parity plot drawn: its points (blue) and error bars (orange) on the canvas
    String models = browser.findElement(By.id("models")).getText();
    assertTrue(models.contains("Rosenthal solution with a calibrated absorptivity of 0.35."), models);
    assertTrue(models.contains("A Gaussian-process surrogate trained on 40 single tracks."), models);
    long[] drawn = ((List<?>) script("const c = document.querySelector('#models canvas');"
        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let blue = 0, orange = 0;"
        + "for (let i = 0; i < d.length; i += 4) {"
        + "  if (d[i + 3] > 200 && Math.abs(d[i] - 29) < 30 && Math.abs(d[i + 1] - 95) < 30 && Math.abs(d[i + 2] - 168) < 30) blue++;"
        + "  if (d[i + 3] > 200 && Math.abs(d[i] - 180) < 30 && Math.abs(d[i + 1] - 68) < 30 && Math.abs(d[i + 2] - 29) < 30) orange++; }"
        + "return [blue, orange];")).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
    assertTrue(drawn[0] > 50 && drawn[1] > 30, "the parity plot shows points and error bars: blue " + drawn[0] + ", orange " + drawn[1]);
    shootBothWidths("challenge-revealed");

    // on a phone the final ranking shows rank, team, score and move; "all columns" brings the rest, scrolling inside the table's box
    viewport(390);
    WebElement depthColumn = browser.findElements(By.cssSelector("#final-head tr:last-child th")).get(4);
    assertTrue(!depthColumn.isDisplayed(), "the quantities' columns wait behind the toggle");
    browser.findElement(By.cssSelector("label[for=final-all]")).click();
    assertTrue(depthColumn.isDisplayed());
    assertTrue(((Number) script("return document.documentElement.scrollWidth")).longValue() <= 390, "the page itself does not scroll sideways");
    browser.findElement(By.id("final-section")).getScreenshotAs(OutputType.BYTES);
    assertNotBlank(browser.findElement(By.id("final-section")).getScreenshotAs(OutputType.BYTES), "final-390-all-columns.png");
    browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
    assertNotBlank(browser.findElement(By.id("models-section")).getScreenshotAs(OutputType.BYTES), "models.png");

    // a disqualified row, as the private board may carry one (rank null, a reason): greyed at the bottom, whatever its place
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", """
        const original = window.fetch;
        window.fetch = async (url, options) => {
          const response = await original(url, options);
          if (!String(url).endsWith('/leaderboard?board=private')) return response;
          const board = await response.json();
          board.rows.unshift({ rank: null, team: 'Copycat', score: 0.01, quantities: {}, entries: 1, last_submission: '2026-06-01T12:00:00Z',
            submission: 'none', disqualified: { reason: 'the same file as another team' } });
          return new Response(JSON.stringify(board), { status: 200, headers: { 'Content-Type': 'application/json' } });
        };"""));
    browser.get(base + "/challenges/" + Fixtures.CHALLENGE);
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElements(By.cssSelector("#final-body tr")).size() == 4
        && browser.findElements(By.cssSelector("#models canvas")).size() == 4);
    WebElement last = browser.findElements(By.cssSelector("#final-body tr")).get(3);
    assertEquals("disqualified", last.getAttribute("class"));
    assertTrue(last.getText().contains("Copycat") && last.getText().contains("disqualified: the same file as another team"), last.getText());
    assertEquals("1 tie", browser.findElement(By.cssSelector("#final-body tr td.rank")).getText().replace('\n', ' '));
    assertTrue(browser.findElement(By.id("final-caption")).getText().startsWith("Final ranking of 3 teams"));
    assertTrue(severeLogs().isEmpty(), severeLogs().toString());
    assertNotBlank(browser.findElement(By.id("final-section")).getScreenshotAs(OutputType.BYTES), "final-disqualified.png");
  }

  /** The exact values but for an offset everywhere and an error of 30 on one sample, in both quantities. */
  private static String spiked(double offset, String sample) {
    StringBuilder csv = new StringBuilder();
    for (String line : Fixtures.predictions(offset, offset).split("\n")) {
      String[] cells = line.split(",");
      csv.append(cells[0].equals(sample) ? cells[0] + "," + cells[1] + "," + (Double.parseDouble(cells[2]) + 30) : line).append('\n');
    }
    return csv.toString();
  }

  @Test
  @DisplayName("the API page renders every operation of the OpenAPI document with Swagger UI from its WebJar, under the page's CSP")
  void apiPage() throws Exception {
    browser.get(base + "/api-docs");
    // one block per operation of the document (26: every method of every path)
    long operations = new String(getClass().getResourceAsStream("/openapi.yaml").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
        .lines().filter(line -> line.matches("    (get|post|put|delete):")).count();
    waitUpTo(Duration.ofSeconds(20)).until(d -> browser.findElements(By.cssSelector(".opblock")).size() == operations);
    assertTrue(browser.findElement(By.cssSelector(".info .title")).getText().startsWith("amchallenge"));
    assertTrue(browser.getPageSource().contains("/api/challenges/{id}/export"));
    var logs = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll();
    assertTrue(logs.stream().noneMatch(entry -> entry.getMessage().contains("Content Security Policy")), logs.toString());
    assertTrue(operations >= 26, "operations in the document: " + operations);
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), "api-docs.png");
  }
}
