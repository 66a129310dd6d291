package org.amchallenge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
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
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages of people in real headless Chromium against the real API: sign up, the account page and a token shown
 * once, a team and its invitation link, a second account joining through it, the challenge's terms accepted, an
 * upload with the session, signing out and in again, a token revoked. Any script error in the console fails it.
 */
@Tag("browser")
class PeoplePagesBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String HOSTILE_NAME = "Grace <img src=x onerror=alert(1)>";
  private static final String TERMS = "    **Data** may be used for publication only after the results paper.\n"
      + "    <script>alert('terms')</script>\n";

  @TempDir Path dir;
  private Server server;
  private Vertx vertx;
  private WebClient client;
  private ChromeDriver browser;
  private String base;

  @BeforeEach
  void start() throws Exception {
    Fixtures.copyTo(dir);
    // the challenge takes registrations; the server runs on the wall clock, which the session cookie's Max-Age is counted by
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Path definition = dir.resolve("challenges/test-tracks.yaml");
    String yaml = Files.readString(definition)
        .replaceFirst("opens: .*", "opens: " + now.minus(Duration.ofDays(30)))
        .replaceFirst("closes: .*", "closes: " + now.plus(Duration.ofDays(30)));
    Files.writeString(definition, yaml + "registration:\n  terms: |-\n" + TERMS + "  approval: auto\n  allowed_email_domains: [example.org]\n");
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"),
        null, TestServers.ORGANIZER, 1 << 20, Clock.systemUTC());
    server = TestServers.await(Server.start(config));
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    base = "http://127.0.0.1:" + server.port();
    browser = Chromium.start(dir.resolve("chromium"));
    desktop();
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    TestServers.await(vertx.close());
    TestServers.await(server.close());
  }

  @Test
  @DisplayName("sign up, a token shown once, a team, its invitation link followed by a second account, the terms accepted, "
      + "an upload with the session, sign out and in, a token revoked: every step through the pages, without a script error")
  void peopleThroughThePages() throws Exception {
    // the header of the list page: nobody is signed in
    browser.get(base + "/");
    until(d -> element("sign-up-link").isDisplayed());
    assertEquals("Sign in", element("sign-in-link").getText());

    // sign up from the header; a short password is refused in the page, with the rule said
    element("sign-up-link").click();
    until(d -> path().equals("/sign-up"));
    assertTrue(element("password-hint").getText().contains("10 characters or more"));
    type("name", "Ada Lovelace");
    type("email", "ada@example.org");
    type("password", "short");
    element("sign-up-button").click();
    until(d -> element("sign-up-result").getText().contains("10 characters or more"));
    type("password", "correct horse battery");
    element("sign-up-button").click();
    until(d -> path().equals("/") && !browser.findElements(By.id("account-link")).isEmpty());
    assertEquals("Ada Lovelace", element("account-link").getText(), "back where the sign-up started, signed in");
    noScriptErrors("sign-up");

    // the account page: who, no team, no token
    element("account-link").click();
    until(d -> path().equals("/account") && element("account-section").isDisplayed());
    assertEquals("Ada Lovelace", element("account-name").getText());
    assertEquals("ada@example.org", element("account-email").getText());
    until(d -> element("no-tokens").isDisplayed());

    // a personal access token: shown once, with a warning and a copy button; it works as Ada
    type("token-name", "laptop");
    element("token-form").findElement(By.cssSelector("button[type=submit]")).click();
    until(d -> element("new-token").isDisplayed());
    String token = element("new-token-value").getAttribute("value");
    assertTrue(token.startsWith("amc_pat_"), token);
    assertTrue(element("new-token").getText().contains("shown this once"));
    element("copy-token").click();
    until(d -> !element("copy-token-result").getText().isEmpty());
    until(d -> browser.findElements(By.cssSelector("#tokens tbody tr")).size() == 1);
    assertEquals("read, submit", browser.findElement(By.cssSelector("#tokens tbody tr td:nth-child(2)")).getText());
    JsonObject me = TestServers.await(client.get("/api/me").bearerTokenAuthentication(token).send()).bodyAsJsonObject();
    assertEquals("ada@example.org", me.getJsonObject("account").getString("email"));
    element("token-done").click();
    assertFalse(element("new-token").isDisplayed());
    browser.navigate().refresh();
    until(d -> browser.findElements(By.cssSelector("#tokens tbody tr")).size() == 1);
    assertFalse(browser.getPageSource().contains(token), "the token is shown once, never again");

    // a team: Ada is its captain; its token is shown once too
    type("team-name", "MeltLab");
    element("team-form").findElement(By.cssSelector("button[type=submit]")).click();
    until(d -> element("new-team").isDisplayed() && browser.findElements(By.cssSelector("#teams li")).size() == 1);
    String teamToken = element("new-team-token").getAttribute("value");
    assertEquals(200, TestServers.await(client.get("/api/challenges/" + Fixtures.CHALLENGE + "/submissions")
        .bearerTokenAuthentication(teamToken).send()).statusCode(), "the team token shown works");
    assertTrue(element("teams").getText().contains("captain"));
    shots("account", null);

    // the team's page: the captain makes an invitation link
    browser.findElement(By.cssSelector("#teams li a")).click();
    until(d -> path().startsWith("/teams/") && element("captain-section").isDisplayed());
    String teamId = path().substring("/teams/".length());
    assertEquals("MeltLab", element("team-name").getText());
    assertTrue(element("team-meta").getText().startsWith("Captain: Ada Lovelace"));
    element("invite").click();
    until(d -> element("invitation").isDisplayed());
    String invitation = element("invitation-link").getAttribute("value");
    assertTrue(invitation.startsWith(base + "/teams/" + teamId + "/join?code="), invitation);
    assertTrue(element("invitation-expiry").getText().startsWith("The link works until"));
    shots("team-captain", null);
    noScriptErrors("account and team pages");

    // Ada signs out; the account page is hers alone, so the list page follows
    element("sign-out").click();
    until(d -> path().equals("/") && !browser.findElements(By.id("sign-in-link")).isEmpty());

    // a second person follows the link: signs up first, comes back, joins
    browser.get(invitation);
    until(d -> element("sign-in-first").isDisplayed());
    element("join-sign-up").click();
    until(d -> path().equals("/sign-up"));
    type("name", HOSTILE_NAME);
    type("email", "grace@example.org");
    type("password", "another long passphrase");
    element("sign-up-button").click();
    until(d -> browser.getCurrentUrl().equals(invitation) && element("join-box").isDisplayed());
    assertEquals("Join team MeltLab", element("join-heading").getText());
    assertEquals("Join team MeltLab as " + HOSTILE_NAME, element("join").getText());
    shots("join", null);
    element("join").click();
    until(d -> element("join-result").getText().equals("You are now a member of MeltLab."));
    element("join-result").findElement(By.tagName("a")).click();
    until(d -> path().equals("/teams/" + teamId) && browser.findElements(By.cssSelector("#members li")).size() == 2);
    assertTrue(element("leave-box").isDisplayed(), "a member may leave");
    assertFalse(element("captain-section").isDisplayed(), "only the captain invites");
    assertTrue(element("members").getText().contains(HOSTILE_NAME));
    assertTrue(browser.findElements(By.cssSelector("main img, header img")).isEmpty(), "names are text, never markup");
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    noScriptErrors("the invitation");

    // the challenge's terms: rendered from Markdown with its HTML escaped; accepting them joins at once
    browser.get(base + "/challenges/" + Fixtures.CHALLENGE);
    until(d -> element("join-section").isDisplayed() && element("accept-terms").isDisplayed());
    assertEquals("Data", element("terms").findElement(By.tagName("strong")).getText());
    assertTrue(element("terms").getText().contains("<script>alert('terms')</script>"), "the terms' HTML shows as text");
    assertTrue(element("terms").findElements(By.tagName("script")).isEmpty());
    assertTrue(element("join-rules").getText().contains("example.org"));
    element("accept-terms").click();
    until(d -> element("join-state").getText().startsWith("approved"));
    assertFalse(element("accept-terms").isDisplayed());

    // the upload panel: Grace uploads for MeltLab with her session; refused while Ada has not joined the challenge
    until(d -> element("team-panel").isDisplayed() && element("team-heading").getText().equals("Your team: MeltLab"));
    assertTrue(element("session-who").getText().startsWith("Signed in as " + HOSTILE_NAME));
    assertFalse(element("token-form").isDisplayed(), "a member needs no token");
    element("use-token").click();
    assertTrue(element("token-form").isDisplayed(), "the token field stays, for team tokens");
    Path file = Files.writeString(dir.resolve("predictions.csv"), Fixtures.predictions(1, -1));
    WebElement input = element("file");
    ((JavascriptExecutor) browser).executeScript("arguments[0].hidden = false", input);
    input.sendKeys(file.toString());
    element("upload-button").click();
    until(d -> element("upload-result").getText().contains("every member of the team must have joined"));

    // Ada joins with her token (scope submit), from a script; then the page's upload is scored
    var joined = TestServers.await(client.post("/api/challenges/" + Fixtures.CHALLENGE + "/participants").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("accept_terms", sha256(TERMS.replace("    ", "").strip()))));
    assertEquals(201, joined.statusCode(), joined.bodyAsString());
    input.sendKeys(file.toString());
    element("upload-button").click();
    until(d -> element("upload-result").getText().startsWith("Scored"));
    until(d -> browser.findElements(By.cssSelector("#mine tbody tr")).size() == 1);
    until(d -> browser.findElements(By.cssSelector("#board-body tr")).stream().anyMatch(row -> row.getText().contains("MeltLab")));
    shots("challenge-member", "join-section");
    noScriptErrors("the challenge page, signed in");

    // Grace signs out (the challenge page stays); Ada signs in from its header: a wrong password first
    element("sign-out").click();
    until(d -> !browser.findElements(By.id("sign-in-link")).isEmpty());
    until(d -> element("join-sign-in").isDisplayed());
    shots("challenge-anonymous", "join-section");
    element("sign-in-link").click();
    until(d -> path().equals("/sign-in"));
    type("email", "ada@example.org");
    type("password", "wrong horse battery");
    element("sign-in-button").click();
    until(d -> element("sign-in-result").getText().equals("The email or the password is wrong."));
    shots("sign-in-error", null);
    type("password", "correct horse battery");
    element("sign-in-button").click();
    until(d -> path().equals("/challenges/" + Fixtures.CHALLENGE) && !browser.findElements(By.id("account-link")).isEmpty());
    assertEquals("Ada Lovelace", element("account-link").getText());
    until(d -> element("join-state").getText().startsWith("approved"));
    until(d -> browser.findElements(By.cssSelector("#mine tbody tr")).size() == 1);

    // the captain issues a new team token (the old one stops working), and may not remove a member who has competed
    browser.get(base + "/teams/" + teamId);
    until(d -> browser.findElements(By.cssSelector("#members li")).size() == 2 && element("captain-section").isDisplayed());
    element("new-token").click();
    assertTrue(element("captain-section").findElement(By.cssSelector(".confirm")).getText().contains("The old team token stops working"));
    element("captain-section").findElement(By.cssSelector(".confirm button.danger")).click();
    until(d -> element("team-token").isDisplayed());
    String newTeamToken = element("team-token-value").getAttribute("value");
    assertEquals(401, TestServers.await(client.get("/api/challenges/" + Fixtures.CHALLENGE + "/submissions")
        .bearerTokenAuthentication(teamToken).send()).statusCode(), "the old team token stopped working");
    assertEquals(200, TestServers.await(client.get("/api/challenges/" + Fixtures.CHALLENGE + "/submissions")
        .bearerTokenAuthentication(newTeamToken).send()).statusCode());
    browser.findElement(By.cssSelector("#members li button")).click();
    browser.findElement(By.cssSelector("#members .confirm button.danger")).click();
    until(d -> !element("members-result").getText().isEmpty());
    System.out.println("removing a member who competed: " + element("members-result").getText());
    assertEquals(2, browser.findElements(By.cssSelector("#members li")).size());
    shots("team-captain-later", null);

    // Ada revokes her token: a script using it is refused from then on
    browser.get(base + "/account");
    until(d -> browser.findElements(By.cssSelector("#tokens tbody tr")).size() == 1);
    assertTrue(element("roles").getText().contains("Test tracks"), element("roles").getText());
    assertTrue(element("teams").getText().contains("2 members"), element("teams").getText());
    browser.findElement(By.cssSelector("#tokens tbody button")).click();
    browser.findElement(By.cssSelector("#tokens .confirm button.danger")).click();
    until(d -> element("no-tokens").isDisplayed());
    assertEquals(401, TestServers.await(client.get("/api/me").bearerTokenAuthentication(token).send()).statusCode());
    noScriptErrors("signing in again, revoking");
  }

  @Test
  @DisplayName("the account and team pages send a visitor who is not signed in to the sign-in page, which brings them back")
  void signInFirst() throws Exception {
    browser.get(base + "/account");
    until(d -> path().equals("/sign-in"));
    assertEquals("/account", URI.create(browser.getCurrentUrl()).getQuery().replace("return_to=", ""));
    // no provider configured: no provider button, the password form alone
    assertFalse(element("providers-section").isDisplayed());
    element("forgot").findElement(By.tagName("summary")).click();
    assertTrue(element("reset-form").isDisplayed());
    shots("sign-in", null);
    JsonObject made = TestServers.await(client.post("/api/accounts").sendJsonObject(new JsonObject()
        .put("email", "ada@example.org").put("password", "correct horse battery").put("name", "Ada Lovelace"))).bodyAsJsonObject();
    assertEquals("Ada Lovelace", made.getJsonObject("account").getString("name"));
    type("email", "ada@example.org");
    type("password", "correct horse battery");
    element("sign-in-button").click();
    until(d -> path().equals("/account") && element("account-section").isDisplayed());
    // a return_to elsewhere than this site is not followed
    browser.get(base + "/sign-in?return_to=//evil.example/");
    type("email", "ada@example.org");
    type("password", "correct horse battery");
    element("sign-in-button").click();
    until(d -> path().equals("/account"));
    assertTrue(browser.getCurrentUrl().startsWith(base), browser.getCurrentUrl());
    shots("account-new", null);
    noScriptErrors("sign-in first");
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private WebElement element(String id) {
    return browser.findElement(By.id(id));
  }

  private void type(String id, String text) {
    WebElement field = element(id);
    field.clear();
    field.sendKeys(text);
  }

  private String path() {
    return URI.create(browser.getCurrentUrl()).getPath();
  }

  private void until(Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(25)).ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
  }

  private void desktop() {
    browser.manage().window().setSize(new Dimension(1280, 1400));
  }

  /**
   * The page at desktop width and at a phone's 390 px, each saved under target/screenshots and checked not blank;
   * scrolled to the element {@code id} where one is named.
   */
  private void shots(String name, String id) throws Exception {
    scrollTo(id);
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), name + ".png");
    browser.manage().window().setSize(new Dimension(390, 2000));
    Thread.sleep(150);
    scrollTo(id);
    long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), name + "-phone.png");
    assertTrue(overflow <= 0, name + " is wider than a phone by " + overflow + " px");
    desktop();
  }

  private void scrollTo(String id) {
    if (id != null) ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", element(id));
  }

  /** Every console message at error level since the last look, but a refused request's (a 401 or 403 the page expects). */
  private void noScriptErrors(String where) {
    List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .filter(entry -> !entry.getMessage().contains("Failed to load resource"))
        .map(Object::toString).toList();
    assertTrue(errors.isEmpty(), "script errors during " + where + ": " + errors);
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
