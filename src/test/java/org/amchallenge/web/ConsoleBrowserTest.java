package org.amchallenge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
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
 * The organizer's console in real headless Chromium against the real API (issue 24): a creator signs in, writes a
 * challenge with two mistakes and is shown both on their lines, fixes them, previews and publishes it, uploads its
 * reference data and an input file, approves two participants, gives a reviewer a role, watches two teams submit, opens
 * a submission, disqualifies one with a reason, closes, reveals with the confirmation typed, and the public page then
 * leads with the final ranking. Every console page is photographed at 1280 and 390 px; any script error fails it.
 */
@Tag("browser")
class ConsoleBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String ID = "console-demo";
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String REASON = "the same file as another team's, byte for byte";

  @TempDir Path dir;
  private Server server;
  private Vertx vertx;
  private WebClient client;
  private ChromeDriver browser;
  private String base;

  /** An account's session as a script holds it: its cookie, and the CSRF token its changes carry. */
  private record Session(String cookie, String csrf) {}

  @BeforeEach
  void start() throws Exception {
    Fixtures.copyTo(dir);
    // the wall clock: the session cookie's Max-Age and the challenge's dates are counted by it
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"),
        null, TestServers.ORGANIZER, 1 << 20, Clock.systemUTC()).withWebhooksAllowPrivate(true);
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

  /** The definition with its two mistakes, on lines 20 and 21: a kind and a metric misspelt. */
  private static String definition() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return String.join("\n",
        "id: " + ID,
        "title: Console demo tracks",
        "summary: Six single tracks, organized from the console.",
        "description: |",
        "  Six single tracks on IN625. **Predict** their melt-pool depth and width.",
        "material: IN625",
        "process: L-PBF",
        "opens: " + now.minus(Duration.ofDays(1)),
        "closes: " + now.plus(Duration.ofDays(30)),
        "reveal: manual",
        "rules: {max_submissions_per_day: 10, max_submissions_total: 50, max_team_size: 2, final_selections: 2}",
        "split: {public_fraction: 0.5, seed: 42, by: sample}",
        "ranking: {score: weighted_mean, precision: 6}",
        "registration:",
        "  terms: |",
        "    Data may be used for publication only after the results paper.",
        "  approval: manual",
        "  allowed_email_domains: []",
        "quantities:",
        "  - {id: depth, unit: um, kind: scalr, primary: nmae, weight: 1}",
        "  - {id: width, unit: um, kind: scalar, primary: nmea, weight: 3}",
        "");
  }

  @Test
  @DisplayName("a creator writes a challenge with two mistakes, sees both on their lines, publishes it, uploads its reference, approves "
      + "participants, watches two teams submit, disqualifies one with a reason, closes and reveals it with the confirmation typed; "
      + "the public page then leads with the final ranking, and no console page has a script error or scrolls sideways at 390 px")
  void organizerRunsAChallenge() throws Exception {
    Session organizer = signUp("org@example.org", "Olga Organizer");
    assertEquals(200, request(HttpMethod.PUT, "/api/accounts/org@example.org/creator", null)
        .bearerTokenAuthentication(TestServers.ORGANIZER).send().toCompletionStage().toCompletableFuture().get().statusCode());
    signUp("rev@example.org", "Rita Reviewer");

    // not signed in: the console says to sign in, and the sign-in page brings the organizer back
    browser.get(base + "/console");
    until(d -> element("sign-in-first").isDisplayed());
    assertEquals("/sign-in?return_to=/console", URI.create(element("sign-in-first-link").getAttribute("href")).getPath() + "?"
        + URI.create(element("sign-in-first-link").getAttribute("href")).getQuery());
    element("sign-in-first-link").click();
    until(d -> path().equals("/sign-in"));
    type("email", "org@example.org");
    type("password", PASSWORD);
    element("sign-in-button").click();
    until(d -> path().equals("/console") && element("no-role").isDisplayed());
    assertTrue(element("new-challenge").isDisplayed(), "a creator may create a challenge");
    assertEquals("Console", element("console-link").getText(), "the header links the console for a creator");
    shots("console-empty", null);
    noScriptErrors("the console, signed out and in");

    // a definition loaded from a file, checked: both mistakes with their lines and the allowed values
    element("new-challenge").click();
    until(d -> path().equals("/console/new") && element("editor-section").isDisplayed());
    Path broken = Files.writeString(dir.resolve("console-demo.yaml"), definition());
    element("yaml-file").sendKeys(broken.toString());
    until(d -> element("yaml").getAttribute("value").startsWith("id: " + ID));
    assertTrue(element("gutter").getText().startsWith("1\n2\n3"), "the editor numbers its lines");
    element("check").click();
    until(d -> problems().size() == 2);
    assertEquals("line 20", problems().get(0).findElement(By.tagName("button")).getText().replaceFirst(", column.*", ""));
    assertEquals("line 21", problems().get(1).findElement(By.tagName("button")).getText().replaceFirst(", column.*", ""));
    assertTrue(problems().get(0).getText().contains("scalar, profile"), problems().get(0).getText());
    assertTrue(problems().get(1).getText().contains("nmae"), problems().get(1).getText());
    problems().get(1).findElement(By.tagName("button")).click();
    until(d -> element("caret").getText().startsWith("Line 21,"));
    long caret = (Long) script("return document.getElementById('yaml').value.slice(0, document.getElementById('yaml').selectionStart).split('\\n').length");
    assertEquals(21, caret, "the caret is on the problem's line");
    assertFalse(element("preview-section").isDisplayed(), "no preview of a definition with problems");
    shots("console-new-problems", null);

    // fixed, checked again: the preview of the page and of the blank template
    WebElement editor = element("yaml");
    editor.clear();
    editor.sendKeys(definition().replace("scalr", "scalar").replace("nmea", "nrmse"));
    element("check").click();
    until(d -> element("preview-section").isDisplayed());
    assertTrue(problems().isEmpty());
    assertEquals("Console demo tracks", element("preview-title").getText());
    assertEquals("Predict", element("preview-description").findElement(By.tagName("strong")).getText());
    assertTrue(element("preview-dates").getText().endsWith("UTC"));
    assertEquals(2, browser.findElements(By.cssSelector("#preview-quantities tbody tr")).size());
    assertTrue(element("preview-template").getText().startsWith("sample_id quantity"), element("preview-template").getText());
    assertEquals(404, get("/api/challenges/" + ID, organizer).statusCode(), "a check stores nothing");
    shots("console-new-preview", "preview-section");
    noScriptErrors("the editor");

    // published: the challenge's console, a draft until its reference data come
    element("publish").click();
    until(d -> path().equals("/console/challenges/" + ID) && element("overview").isDisplayed());
    assertEquals("draft", element("status").getText());
    assertEquals("owner", element("role").getText());
    assertTrue(element("reference-state").getText().startsWith("No reference data yet"));

    // an input file and the reference data, with the report of what was read
    Path input = Files.writeString(dir.resolve("process-parameters.csv"), "track,power_W,speed_mm_s\nS1,195,800\n");
    element("input-files").sendKeys(input.toString());
    element("upload-inputs").click();
    until(d -> element("inputs").getText().contains("process-parameters.csv"));
    // a broken reference file first: its problems counted in the heading, each on its line below
    Path brokenReference = Files.writeString(dir.resolve("broken-reference.csv"),
        "sample_id,quantity,point,component,value,uncertainty,weight,censor\nS1,depth,,,abc,,,\nS2,depth,,,xyz,,,\n");
    element("reference-file").sendKeys(brokenReference.toString());
    element("upload-reference").click();
    until(d -> !browser.findElements(By.cssSelector("#reference-problems li")).isEmpty());
    int listed = browser.findElements(By.cssSelector("#reference-problems li")).size();
    assertEquals(listed + (listed == 1 ? " problem" : " problems") + " in the reference file:", element("reference-result").getText());
    shots("console-reference-problems", "reference-result");
    Path reference = Files.write(dir.resolve("reference.csv"), Fixtures.resource("reference-data/test-tracks.csv"));
    element("reference-file").sendKeys(reference.toString());
    element("upload-reference").click();
    until(d -> element("reference-report").isDisplayed());
    assertTrue(element("reference-result").getText().startsWith("Stored: 12 rows"), element("reference-result").getText());
    assertTrue(element("report-facts").getText().contains("6"), element("report-facts").getText());
    assertEquals("1", element("rescoring-bar").getAttribute("value"));
    until(d -> element("status").getText().equals("open"));
    shots("console-overview", null);

    // two people join (approval: manual); the organizer approves both, pending first, and makes Rita a reviewer
    Session pat = signUp("pat@example.org", "Pat Modeler");
    Session quinn = signUp("quinn@example.org", "Quinn " + HOSTILE);
    String terms = get("/api/challenges/" + ID, pat).bodyAsJsonObject().getJsonObject("registration").getString("terms_sha256");
    for (Session who : List.of(pat, quinn)) {
      assertEquals(201, send(HttpMethod.POST, "/api/challenges/" + ID + "/participants", who, new JsonObject().put("accept_terms", terms)).statusCode());
    }
    element("tab-participants").click();
    until(d -> participantRows().size() == 2);
    assertTrue(participantRows().stream().allMatch(row -> row.getText().contains("pending")));
    for (String email : List.of("pat@example.org", "quinn@example.org")) {
      By approve = By.cssSelector("tr[data-email='" + email + "'] button[data-status=approved]");
      until(d -> !browser.findElements(approve).isEmpty());
      browser.findElement(approve).click();
      until(d -> browser.findElement(By.cssSelector("tr[data-email='" + email + "']")).getText().contains("approved"));
    }
    type("role-email", "rev@example.org");
    element("role-kind").sendKeys("reviewer");
    element("role-form").findElement(By.cssSelector("button[type=submit]")).click();
    until(d -> element("roles").getText().contains("rev@example.org"));
    assertTrue(element("participant-table").getText().contains("Quinn " + HOSTILE), "a name is shown as typed, as text");
    shots("console-participants", null);

    // two teams submit, each through its member's session
    String patTeam = send(HttpMethod.POST, "/api/teams", pat, new JsonObject().put("name", "MeltLab")).bodyAsJsonObject().getString("id");
    send(HttpMethod.POST, "/api/teams", quinn, new JsonObject().put("name", HOSTILE));
    assertTrue(patTeam != null);
    upload(pat, Fixtures.predictions(1, -1));
    upload(quinn, Fixtures.predictions(4, 4));
    upload(pat, Fixtures.predictions(6, 6));

    // every submission, filtered by team; one opened with its scores on every part, residuals and parity plots
    element("tab-submissions").click();
    until(d -> submissionRows().size() == 3);
    assertEquals("MeltLab", submissionRows().get(0).findElements(By.tagName("td")).get(1).getText(), "newest first");
    element("filter-team").sendKeys("MeltLab");
    element("submission-filter").findElement(By.cssSelector("button[type=submit]")).click();
    until(d -> submissionRows().size() == 2);
    element("filter-team").sendKeys("every team");
    element("submission-filter").findElement(By.cssSelector("button[type=submit]")).click();
    until(d -> submissionRows().size() == 3);
    WebElement best = submissionRows().get(2);
    assertEquals("MeltLab", best.findElements(By.tagName("td")).get(1).getText());
    best.findElement(By.xpath(".//button[text()='Open']")).click();
    until(d -> element("submission-panel").isDisplayed() && browser.findElements(By.cssSelector("#residuals tbody tr")).size() == 12);
    assertEquals(List.of("public", "private", "all rows"), browser.findElements(By.cssSelector("#part-scores tbody tr")).stream()
        .map(row -> row.getAttribute("data-part")).toList());
    // the width predictions of this file are 1 um under every measurement: its residual is -1 on every width row
    assertTrue(browser.findElements(By.cssSelector("#residuals tbody tr")).stream().filter(row -> row.getText().contains("width"))
        .allMatch(row -> row.findElements(By.tagName("td")).get(8).getText().equals("-1")));
    until(d -> browser.findElements(By.cssSelector("#parity-plots canvas")).size() == 2);
    // units as a scientist writes them: the file's "um" is shown as µm
    assertEquals("depth [µm]", browser.findElement(By.cssSelector("#parity-plots h5")).getText());
    assertNotBlank(browser.findElement(By.cssSelector("#parity-plots canvas")).getScreenshotAs(OutputType.BYTES), "console-parity.png", 10);
    shots("console-submission", "submission-panel");

    // the best one is disqualified with a reason: the dialog will not go on without one
    String bestId = best.getAttribute("data-submission");
    best.findElement(By.xpath(".//button[starts-with(text(),'Disqualify')]")).click();
    until(d -> element("disqualify-dialog").isDisplayed());
    assertFalse(element("dq-confirm").isEnabled(), "a reason is required");
    element("dq-reason").sendKeys(REASON);
    assertTrue(element("dq-confirm").isEnabled());
    shots("console-disqualify", null);
    element("dq-confirm").click();
    until(d -> !element("disqualify-dialog").isDisplayed());
    until(d -> browser.findElement(By.cssSelector("tr[data-submission='" + bestId + "']")).getText().contains("disqualified: " + REASON));
    noScriptErrors("participants and submissions");

    // the boards side by side: the disqualified submission is out of both; MeltLab ranks with its other file
    element("tab-boards").click();
    until(d -> browser.findElements(By.cssSelector("#private-board tbody tr")).size() == 3);
    List<WebElement> finalRows = browser.findElements(By.cssSelector("#private-board tbody tr"));
    assertEquals(HOSTILE, finalRows.get(0).findElements(By.tagName("td")).get(1).getText().strip(), "offsets 4 beat offsets 6");
    assertEquals("–", finalRows.get(2).findElements(By.tagName("td")).get(0).getText());
    assertTrue(finalRows.get(2).getText().contains("disqualified: " + REASON), finalRows.get(2).getText());
    assertEquals(2, browser.findElements(By.cssSelector("#public-board tbody tr")).size());
    shots("console-boards", null);

    // the address's hash picks the tab, set by a script or a link, and back steps to the tab before
    script("location.hash = '#participants'");
    until(d -> element("participants").isDisplayed() && !element("boards").isDisplayed());
    assertEquals("true", element("tab-participants").getAttribute("aria-selected"));
    browser.navigate().back();
    until(d -> element("boards").isDisplayed() && !element("participants").isDisplayed());
    element("tab-submissions").click();
    until(d -> element("submissions").isDisplayed());
    browser.navigate().back();
    until(d -> element("boards").isDisplayed());
    browser.navigate().forward();
    until(d -> element("submissions").isDisplayed() && path().equals("/console/challenges/" + ID));

    // webhooks (the secret shown once) and the audit log
    element("tab-webhooks").click();
    type("webhook-url", "http://127.0.0.1:9/amc-hook");
    element("webhook-form").findElement(By.cssSelector("button[type=submit]")).click();
    until(d -> element("webhook-secret-box").isDisplayed() && element("webhook-list").getText().contains("127.0.0.1:9/amc-hook"));
    assertEquals(48, element("webhook-secret").getAttribute("value").length());
    shots("console-webhooks", null);

    // revealing while still open: the dialog asks to close it too, and says so beside the button until it is ticked
    element("tab-close").click();
    until(d -> element("reveal").isDisplayed());
    element("reveal").click();
    until(d -> element("reveal-dialog").isDisplayed());
    assertTrue(element("close-too-label").isDisplayed());
    assertEquals("Type the challenge's id above to reveal.", element("reveal-why").getText());
    type("reveal-confirm-id", ID);
    assertFalse(element("reveal-confirm").isEnabled());
    assertEquals("It is still open: tick \"close it now\" above to reveal.", element("reveal-why").getText());
    shots("console-reveal-open", null);
    element("close-too").click();
    assertTrue(element("reveal-confirm").isEnabled());
    assertEquals("", element("reveal-why").getText());
    element("reveal-cancel").click();
    until(d -> !element("reveal-dialog").isDisplayed());

    // close now (a second step), then reveal: the dialog says what becomes public, and wants the id typed
    until(d -> element("close-now").isDisplayed());
    assertEquals("Close now", element("close-now").getText(), "a manual reveal: closing reveals nothing");
    element("close-now").click();
    element("close").findElement(By.cssSelector(".confirm button.danger")).click();
    until(d -> element("status").getText().equals("closed"));
    until(d -> !element("close-now").isDisplayed());
    assertEquals(403, send(HttpMethod.POST, "/api/challenges/" + ID + "/submissions", pat, null).statusCode(), "no upload after the close");
    element("reveal").click();
    until(d -> element("reveal-dialog").isDisplayed() && element("reveal-reference").getText().contains("12 rows"));
    String said = element("reveal-dialog").getText();
    for (String part : List.of("final ranking, on the private part", "private scores and its per-row residuals", "reference data (12 rows)",
        "model descriptions", "final")) {
      assertTrue(said.contains(part), "the dialog says " + part + ": " + said);
    }
    assertFalse(element("close-too-label").isDisplayed(), "closed already: nothing to close");
    assertFalse(element("reveal-confirm").isEnabled());
    type("reveal-confirm-id", "console-dem");
    assertFalse(element("reveal-confirm").isEnabled(), "the id typed must be the challenge's");
    type("reveal-confirm-id", ID);
    assertTrue(element("reveal-confirm").isEnabled());
    shots("console-reveal", null);
    element("reveal-confirm").click();
    until(d -> element("status").getText().equals("revealed"));
    until(d -> element("reveal-result").getText().startsWith("Revealed at"));
    assertFalse(element("reveal").isDisplayed());

    element("tab-audit").click();
    until(d -> browser.findElements(By.cssSelector("#audit-table tbody tr")).size() >= 6);
    String audit = element("audit-table").getText();
    for (String action : List.of("revealed", "closed by the organizer", "disqualified", "reference data uploaded, 12 rows", "published")) {
      assertTrue(audit.contains(action), "the audit log has " + action + ": " + audit);
    }
    shots("console-audit", null);
    noScriptErrors("boards, webhooks, close, reveal, audit");

    // my challenges: the revealed challenge with its counts and its leader
    element("console-link").click();
    until(d -> path().equals("/console") && !browser.findElements(By.cssSelector("li[data-challenge='" + ID + "']")).isEmpty());
    String card = browser.findElement(By.cssSelector("li[data-challenge='" + ID + "']")).getText();
    assertTrue(card.contains("revealed") && card.contains("Leader: " + HOSTILE), card);
    assertEquals("2", browser.findElement(By.cssSelector("li[data-challenge='" + ID + "'] .approved dd")).getText());
    assertEquals("0", browser.findElement(By.cssSelector("li[data-challenge='" + ID + "'] .pending dd")).getText());
    assertEquals("3 today, 3 in all", browser.findElement(By.cssSelector("li[data-challenge='" + ID + "'] .today dd")).getText());
    assertTrue(browser.findElements(By.cssSelector("main img")).isEmpty(), "names are text, never markup");
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    shots("console-list", null);

    // the public page after the reveal: the final ranking leads, with the reference data's link and the models' parity plots
    browser.get(base + "/challenges/" + ID);
    until(d -> element("final-section").isDisplayed());
    assertTrue(element("final-board").getText().contains(HOSTILE), element("final-board").getText());
    until(d -> element("reference-link").isDisplayed());
    By parity = By.cssSelector("#models canvas[aria-label^='Parity plot'], #final-section canvas[aria-label^='Parity plot']");
    until(d -> !browser.findElements(parity).isEmpty() && browser.findElement(parity).isDisplayed());
    Thread.sleep(300);
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", browser.findElement(parity));
    assertNotBlank(browser.findElement(parity).getScreenshotAs(OutputType.BYTES), "console-public-parity.png", 10);
    shots("console-public-revealed", null);
    noScriptErrors("the public page after the reveal");
  }

  @Test
  @DisplayName("a reviewer sees the challenge's console read-only: every button that changes something is hidden")
  void reviewerReadsOnly() throws Exception {
    Session owner = signUp("org@example.org", "Olga Organizer");
    assertEquals(200, request(HttpMethod.PUT, "/api/accounts/org@example.org/creator", null)
        .bearerTokenAuthentication(TestServers.ORGANIZER).send().toCompletionStage().toCompletableFuture().get().statusCode());
    HttpResponse<Buffer> published = request(HttpMethod.POST, "/api/challenges", owner).putHeader("Content-Type", "application/yaml")
        .sendBuffer(Buffer.buffer(definition().replace("scalr", "scalar").replace("nmea", "nrmse"))).toCompletionStage().toCompletableFuture().get();
    assertEquals(201, published.statusCode(), published.bodyAsString());
    HttpResponse<Buffer> stored = request(HttpMethod.PUT, "/api/challenges/" + ID + "/reference", owner).putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(Fixtures.resource("reference-data/test-tracks.csv"))).toCompletionStage().toCompletableFuture().get();
    assertEquals(200, stored.statusCode(), stored.bodyAsString());
    signUp("rev@example.org", "Rita Reviewer");
    assertEquals(200, send(HttpMethod.PUT, "/api/challenges/" + ID + "/roles/rev@example.org", owner, new JsonObject().put("role", "reviewer")).statusCode());

    browser.get(base + "/sign-in?return_to=/console/challenges/" + ID);
    type("email", "rev@example.org");
    type("password", PASSWORD);
    element("sign-in-button").click();
    until(d -> path().equals("/console/challenges/" + ID) && element("overview").isDisplayed());
    assertEquals("reviewer", element("role").getText());
    assertTrue(element("read-only").isDisplayed());
    for (String id : List.of("edit-link", "upload-reference", "upload-inputs")) assertFalse(element(id).isDisplayed(), id + " is hidden");
    element("tab-participants").click();
    until(d -> element("roles").getText().contains("rev@example.org"));
    assertFalse(element("role-form").isDisplayed(), "roles are the owner's to give");
    element("tab-close").click();
    until(d -> !element("close-state").getText().isEmpty());
    assertFalse(element("close-now").isDisplayed());
    assertFalse(element("reveal").isDisplayed());
    element("tab-webhooks").click();
    assertFalse(element("webhook-form").isDisplayed());
    shots("console-reviewer", null);
    noScriptErrors("the reviewer's console");
  }

  @Test
  @DisplayName("a challenge revealed at its close: \"Close and reveal now…\" says that closing reveals, what becomes public, and wants the id "
      + "typed; a Markdown description reads as Markdown in the console and on the revealed page, whose upload panel is gone and whose "
      + "history chart keeps few ticks on a phone")
  void closingRevealsOnClose() throws Exception {
    Session owner = signUp("org@example.org", "Olga Organizer");
    assertEquals(200, request(HttpMethod.PUT, "/api/accounts/org@example.org/creator", null)
        .bearerTokenAuthentication(TestServers.ORGANIZER).send().toCompletionStage().toCompletableFuture().get().statusCode());
    String yaml = definition().replace("scalr", "scalar").replace("nmea", "nrmse").replace("reveal: manual", "reveal: on_close")
        .replaceAll("(?s)registration:.*?allowed_email_domains: \\[\\]\n", "");
    HttpResponse<Buffer> published = request(HttpMethod.POST, "/api/challenges", owner).putHeader("Content-Type", "application/yaml")
        .sendBuffer(Buffer.buffer(yaml)).toCompletionStage().toCompletableFuture().get();
    assertEquals(201, published.statusCode(), published.bodyAsString());
    HttpResponse<Buffer> stored = request(HttpMethod.PUT, "/api/challenges/" + ID + "/reference", owner).putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(Fixtures.resource("reference-data/test-tracks.csv"))).toCompletionStage().toCompletableFuture().get();
    assertEquals(200, stored.statusCode(), stored.bodyAsString());
    String token = client.post("/api/teams").sendJsonObject(new JsonObject().put("name", "MeltLab")).toCompletionStage().toCompletableFuture().get()
        .bodyAsJsonObject().getString("token");
    var form = io.vertx.ext.web.multipart.MultipartForm.create().attribute("description", "Rosenthal **fitted** to <b>six</b> tracks.")
        .binaryFileUpload("file", "predictions.csv", Buffer.buffer(Fixtures.predictions(1, -1)), "text/csv");
    HttpResponse<Buffer> uploaded = client.post("/api/challenges/" + ID + "/submissions").bearerTokenAuthentication(token).sendMultipartForm(form)
        .toCompletionStage().toCompletableFuture().get();
    assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());

    browser.get(base + "/sign-in?return_to=/console/challenges/" + ID + "%23submissions");
    type("email", "org@example.org");
    type("password", PASSWORD);
    element("sign-in-button").click();
    until(d -> path().equals("/console/challenges/" + ID) && element("submissions").isDisplayed() && submissionRows().size() == 1);

    // the description as its Markdown reads: bold where it says so, a tag typed in it shown as text
    submissionRows().get(0).findElement(By.xpath(".//button[text()='Open']")).click();
    until(d -> element("submission-panel").isDisplayed());
    WebElement description = element("submission-description");
    assertEquals("fitted", description.findElement(By.tagName("strong")).getText());
    assertEquals("Rosenthal fitted to <b>six</b> tracks.", description.getText());
    assertTrue(description.findElements(By.tagName("b")).isEmpty(), "raw HTML is escaped, never markup");
    shots("console-submission-markdown", "method-card");

    // closing reveals: the button says so, and the dialog says what becomes public and wants the id typed
    element("tab-close").click();
    until(d -> element("close-now").isDisplayed());
    assertEquals("Close and reveal now…", element("close-now").getText());
    assertTrue(element("close-state").getText().contains("reveals the results at once"), element("close-state").getText());
    assertFalse(element("reveal").isDisplayed(), "one button closes and reveals");
    element("close-now").click();
    until(d -> element("reveal-dialog").isDisplayed() && element("reveal-reference").getText().contains("12 rows"));
    assertTrue(browser.findElements(By.cssSelector("#close .confirm")).isEmpty(), "no one-click confirm for a close that reveals");
    assertEquals("Close now, and so reveal the results", element("reveal-heading").getText());
    String said = element("reveal-dialog").getText();
    for (String part : List.of("closing it now also reveals them now", "No upload is taken after", "final ranking, on the private part",
        "private scores and its per-row residuals", "reference data (12 rows)", "model descriptions", "The results are then final")) {
      assertTrue(said.contains(part), "the dialog says " + part + ": " + said);
    }
    assertFalse(element("close-too-label").isDisplayed(), "closing is what this dialog does: nothing more to tick");
    assertEquals("Close and reveal now", element("reveal-confirm").getText());
    assertFalse(element("reveal-confirm").isEnabled());
    assertEquals("Type the challenge's id above to close and reveal.", element("reveal-why").getText());
    type("reveal-confirm-id", ID);
    assertTrue(element("reveal-confirm").isEnabled());
    shots("console-close-reveals", null);
    element("reveal-confirm").click();
    until(d -> element("status").getText().equals("revealed"));
    until(d -> element("close-result").getText().startsWith("Closed and revealed at"));
    assertFalse(element("close-now").isDisplayed());
    assertEquals(403, request(HttpMethod.POST, "/api/challenges/" + ID + "/submissions", null).bearerTokenAuthentication(token)
        .send().toCompletionStage().toCompletableFuture().get().statusCode(), "no upload after the close");
    noScriptErrors("closing a challenge that reveals at its close");

    // the public page: the model's description as Markdown, no upload panel for whoever is not in a team
    browser.get(base + "/challenges/" + ID);
    until(d -> element("final-section").isDisplayed() && !browser.findElements(By.cssSelector("#models .model")).isEmpty());
    WebElement card = browser.findElement(By.cssSelector("#models .model .description"));
    assertEquals("fitted", card.findElement(By.tagName("strong")).getText());
    assertTrue(card.getText().contains("<b>six</b>"), card.getText());
    assertFalse(element("team-section").isDisplayed(), "no token field nor upload once closed");
    assertTrue(browser.findElements(By.id("token")).stream().noneMatch(WebElement::isDisplayed));
    // on a phone the history chart keeps to a few ticks
    browser.manage().window().setSize(new Dimension(390, 1400));
    until(d -> ((Number) script("const c = Chart.getChart(document.getElementById('history-chart'));"
        + "return c && c.width < 400 ? c.scales.x.ticks.length : 99")).intValue() <= 3);
    desktop();
    shots("console-close-reveals-public", "models-section");
    scrollTo("history-chart");
    browser.manage().window().setSize(new Dimension(390, 1400));
    Thread.sleep(200);
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element("history-chart"));
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), "console-close-reveals-history-phone.png", 20);
    desktop();
    noScriptErrors("the public page after a close that reveals");
  }

  // ---- the API, as a participant's script calls it

  private Session signUp(String email, String name) throws Exception {
    HttpResponse<Buffer> made = client.post("/api/accounts")
        .sendJsonObject(new JsonObject().put("email", email).put("password", PASSWORD).put("name", name)).toCompletionStage().toCompletableFuture().get();
    assertEquals(201, made.statusCode(), made.bodyAsString());
    String cookie = made.cookies().stream().filter(c -> c.startsWith("amc_session=")).findFirst().orElseThrow().split(";")[0];
    return new Session(cookie, made.bodyAsJsonObject().getString("csrf_token"));
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path, Session who) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (who != null) request.putHeader("Cookie", who.cookie()).putHeader("X-CSRF-Token", who.csrf());
    return request;
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, Session who, JsonObject body) throws Exception {
    HttpRequest<Buffer> request = request(method, path, who);
    return (body == null ? request.send() : request.sendJsonObject(body)).toCompletionStage().toCompletableFuture().get();
  }

  private HttpResponse<Buffer> get(String path, Session who) throws Exception {
    return send(HttpMethod.GET, path, who, null);
  }

  private void upload(Session member, String csv) throws Exception {
    HttpResponse<Buffer> answer = request(HttpMethod.POST, "/api/challenges/" + ID + "/submissions", member).putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(csv)).toCompletionStage().toCompletableFuture().get();
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
  }

  // ---- the browser

  private List<WebElement> problems() {
    return browser.findElements(By.cssSelector("#definition-problems li"));
  }

  private List<WebElement> participantRows() {
    return browser.findElements(By.cssSelector("#participant-table tbody tr"));
  }

  private List<WebElement> submissionRows() {
    return browser.findElements(By.cssSelector("#submission-table tbody tr"));
  }

  private WebElement element(String id) {
    return browser.findElement(By.id(id));
  }

  private Object script(String code) {
    return ((JavascriptExecutor) browser).executeScript(code);
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
    new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(25)).ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(IndexOutOfBoundsException.class).until(condition);
  }

  private void desktop() {
    browser.manage().window().setSize(new Dimension(1280, 1400));
  }

  /**
   * The page at desktop width and at a phone's 390 px, each saved under target/screenshots and checked not blank and,
   * on the phone, not wider than its screen; scrolled to the element {@code id} where one is named.
   */
  private void shots(String name, String id) throws Exception {
    scrollTo(id);
    Thread.sleep(100);
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), name + ".png", 20);
    browser.manage().window().setSize(new Dimension(390, 1400));
    Thread.sleep(200);
    scrollTo(id);
    long overflow = (Long) script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertNotBlank(browser.getScreenshotAs(OutputType.BYTES), name + "-phone.png", 20);
    // the outermost elements that reach past the screen's right edge, to name in a failure
    Object wide = script("const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body, body *')]"
        + ".filter(e => e.getBoundingClientRect().right > w + 1 && (!e.closest('.scroll, .editor') || getComputedStyle(e).position === 'absolute'))"
        + ".slice(0, 6).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')");
    assertTrue(overflow <= 0, name + " is wider than a phone by " + overflow + " px: " + wide);
    desktop();
    Thread.sleep(100);
  }

  private void scrollTo(String id) {
    if (id != null) ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", element(id));
    else script("window.scrollTo(0, 0)");
  }

  /** Every console message at error level since the last look, but a refused request's (a 401 or 404 the page expects). */
  private void noScriptErrors(String where) {
    List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .filter(entry -> !entry.getMessage().contains("Failed to load resource"))
        .map(Object::toString).toList();
    assertTrue(errors.isEmpty(), "script errors during " + where + ": " + errors);
  }

  private static void assertNotBlank(byte[] png, String name, int minColors) throws Exception {
    Files.write(SHOTS.resolve(name), png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> colors = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) colors.add(image.getRGB(x, y));
    }
    assertTrue(colors.size() > minColors, name + " looks blank: " + colors.size() + " colors");
  }
}
