package org.amchallenge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.http.TestProvider;
import org.amchallenge.http.TestServers;
import org.amchallenge.people.OidcProvider;
import org.amchallenge.people.PeopleConfig;
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

/** Sign-in through an OpenID Connect provider in real headless Chromium: its login page filled in and submitted, a session here. */
@Tag("browser")
class OidcBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");

  @TempDir Path dir;
  private TestProvider provider;
  private Server server;
  private ChromeDriver browser;
  private String base;

  @BeforeEach
  void start() throws Exception {
    provider = new TestProvider();
    ServerConfig fixture = TestServers.fixtureConfig(dir, 1 << 20);
    // on the wall clock, as the provider's tokens and the browser's cookies are
    ServerConfig config = new ServerConfig(fixture.host(), 0, fixture.dataDir(), fixture.challengesDir(), fixture.referenceDir(), null,
        fixture.organizerToken(), fixture.maxBodyBytes(), Clock.systemUTC())
        .withPeople(PeopleConfig.DEFAULT.withProviders(List.of(new OidcProvider("campus", provider.issuer("campus"), TestProvider.CLIENT_ID,
            TestProvider.CLIENT_SECRET, false))));
    server = TestServers.await(Server.start(config));
    base = "http://127.0.0.1:" + server.port();
    browser = Chromium.start(dir.resolve("chromium"));
    browser.manage().window().setSize(new Dimension(1100, 900));
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    if (server != null) TestServers.await(server.close());
    if (provider != null) provider.close();
  }

  @Test
  @DisplayName("a person clicks through the provider's login page and lands back here signed in, the session cookie out of the page's reach")
  void signsInThroughTheLoginPage() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(50));
    browser.get(base + "/auth/oidc/campus?return_to=/");
    wait.until(d -> !d.findElements(By.name("username")).isEmpty());
    assertTrue(browser.getCurrentUrl().startsWith(provider.issuer("campus") + "/authorize?"), browser.getCurrentUrl());
    assertTrue(browser.getCurrentUrl().contains("code_challenge_method=S256"), browser.getCurrentUrl());

    browser.findElement(By.name("username")).sendKeys("grace-at-campus");
    browser.findElement(By.name("claims")).sendKeys(new JsonObject().put("email", "grace@campus.example").put("email_verified", true)
        .put("name", "Grace Hopper").encode());
    Files.write(SHOTS.resolve("oidc-provider-login.png"), browser.getScreenshotAs(OutputType.BYTES));
    browser.findElement(By.cssSelector("input[type=submit]")).click();

    wait.until(d -> (base + "/").equals(d.getCurrentUrl()));
    // HttpOnly: the page's scripts cannot read the session; the browser sends it
    assertEquals("", browser.executeScript("return document.cookie"));
    browser.get(base + "/api/me");
    String me = browser.findElement(By.tagName("body")).getText();
    Files.write(SHOTS.resolve("oidc-signed-in.png"), browser.getScreenshotAs(OutputType.BYTES));
    JsonObject account = new JsonObject(me).getJsonObject("account");
    assertEquals("grace@campus.example", account.getString("email"));
    assertEquals("Grace Hopper", account.getString("name"));
  }
}
