package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.people.OidcProvider;
import org.amchallenge.people.PeopleConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in through a real OpenID Connect provider on loopback, as a browser does it over HTTP: redirects followed one
 * by one by a client that keeps cookies, the provider's login form submitted, a session on this server at the end.
 */
class OidcSignInTest {
  private static final String ORCID = "0000-0002-1825-0097";

  @TempDir Path dir;
  private TestProvider provider;
  private Server server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    provider = new TestProvider();
    // a third provider nobody answers for: left out, the server starts all the same
    List<OidcProvider> providers = List.of(
        new OidcProvider("campus", provider.issuer("campus"), TestProvider.CLIENT_ID, TestProvider.CLIENT_SECRET, false),
        new OidcProvider("orcid", provider.issuer("orcid"), TestProvider.CLIENT_ID, TestProvider.CLIENT_SECRET, true),
        new OidcProvider("gone", "http://127.0.0.1:" + TestServer.freePort() + "/gone", "id", "secret", false));
    ServerConfig fixture = TestServer.config(dir, 1 << 20);
    // on the wall clock, as the provider's tokens and the browser's cookies are
    ServerConfig config = new ServerConfig(fixture.host(), 0, fixture.dataDir(), fixture.challengesDir(), fixture.referenceDir(), null,
        fixture.organizerToken(), fixture.maxBodyBytes(), Clock.systemUTC()).withPeople(PeopleConfig.DEFAULT.withProviders(providers));
    server = TestServer.start(config);
    base = "http://127.0.0.1:" + server.port();
    provider.requests();  // the discoveries
  }

  @AfterEach
  void stop() {
    if (server != null) TestServer.stop(server);
    if (provider != null) provider.close();
  }

  /** A browser without a screen: keeps its cookies, follows no redirect by itself. */
  private static final class Browser {
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> get(String url) throws Exception {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String url, Map<String, String> form) throws Exception {
      StringBuilder body = new StringBuilder();
      form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String location(HttpResponse<String> response) {
    assertEquals(302, response.statusCode(), () -> "a redirect, not: " + response.body());
    return response.headers().firstValue("Location").orElseThrow();
  }

  private static Map<String, String> query(String url) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = URI.create(url).getRawQuery();
    if (raw == null) return query;
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  /** From this server to the provider's login page, the form submitted: the provider's redirect back to the callback. */
  private String throughLoginPage(Browser browser, String start, String subject, JsonObject claims) throws Exception {
    String authorize = location(browser.get(start));
    HttpResponse<String> page = browser.get(authorize);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("name=\"username\""), "the provider's login page: " + page.body());
    // the form posts back to the address it was served from
    String callback = location(browser.postForm(authorize, Map.of("username", subject, "claims", claims.encode())));
    assertTrue(callback.startsWith(base + "/auth/oidc/"), callback);
    return callback;
  }

  private static JsonObject problem(HttpResponse<String> response) {
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    return new JsonObject(response.body());
  }

  @Test
  @DisplayName("the authorization-code flow with PKCE S256, state and nonce ends with a session: /api/me answers the account, the provider vouched for its email")
  void signsInThroughTheProvider() throws Exception {
    Browser browser = new Browser();
    String start = base + "/auth/oidc/campus?return_to=" + URLEncoder.encode("/challenges/test-tracks?tab=board", StandardCharsets.UTF_8);
    String authorize = location(browser.get(start));
    Map<String, String> asked = query(authorize);
    assertTrue(authorize.startsWith(provider.issuer("campus") + "/authorize?"), authorize);
    assertEquals("code", asked.get("response_type"));
    assertEquals(TestProvider.CLIENT_ID, asked.get("client_id"));
    assertEquals(base + "/auth/oidc/campus/callback", asked.get("redirect_uri"));
    assertEquals("S256", asked.get("code_challenge_method"));
    assertEquals(List.of("openid", "email", "profile"), List.of(asked.get("scope").split(" ")));
    for (String secret : List.of("state", "nonce", "code_challenge")) assertTrue(asked.get(secret).length() >= 43, secret + " has 256 bits");
    assertNotEquals(asked.get("state"), asked.get("nonce"));

    HttpResponse<String> page = browser.get(authorize);
    String callback = location(browser.postForm(authorize, Map.of("username", "ada-at-campus",
        "claims", new JsonObject().put("email", "ada@campus.example").put("email_verified", true).put("name", "Ada Lovelace").encode())));
    assertEquals(200, page.statusCode());
    assertEquals(asked.get("state"), query(callback).get("state"));

    HttpResponse<String> landed = browser.get(callback);
    assertEquals("/challenges/test-tracks?tab=board", location(landed));
    String cookie = landed.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("amc_session=")).findFirst().orElseThrow();
    String attributes = cookie.toLowerCase(java.util.Locale.ROOT);
    assertTrue(attributes.contains("; httponly") && attributes.contains("; samesite=lax") && attributes.contains("; path=/;"), cookie);
    assertFalse(attributes.contains("; secure"), "plain HTTP on loopback: " + cookie);

    // the provider saw the verifier whose S256 hash is the challenge sent through the browser, with the client's secret
    RecordedRequest token = provider.requests().stream().filter(r -> r.getPath().endsWith("/token")).findFirst().orElseThrow();
    Map<String, String> exchanged = query("?" + token.getBody().readUtf8());
    String verifier = exchanged.get("code_verifier");
    assertNotNull(verifier);
    assertEquals(asked.get("code_challenge"), Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
    assertEquals(query(callback).get("code"), exchanged.get("code"));
    assertEquals("Basic " + Base64.getEncoder().encodeToString((TestProvider.CLIENT_ID + ":" + TestProvider.CLIENT_SECRET)
        .getBytes(StandardCharsets.UTF_8)), token.getHeader("Authorization"));

    HttpResponse<String> me = browser.get(base + "/api/me");
    assertEquals(200, me.statusCode(), me.body());
    JsonObject account = new JsonObject(me.body()).getJsonObject("account");
    assertEquals("ada@campus.example", account.getString("email"));
    assertEquals("Ada Lovelace", account.getString("name"));
    assertEquals(true, account.getBoolean("email_verified"));
  }

  @Test
  @DisplayName("an ORCID provider's subject is the ORCID iD, kept on the account; a subject that is not one is refused")
  void orcidSubjectIsTheOrcidId() throws Exception {
    Browser browser = new Browser();
    JsonObject claims = new JsonObject().put("email", "josiah@example.org").put("email_verified", true).put("given_name", "Josiah")
        .put("family_name", "Carberry");
    String callback = throughLoginPage(browser, base + "/auth/oidc/orcid", ORCID, claims);
    assertEquals(OidcRoutes.DEFAULT_RETURN, location(browser.get(callback)));
    HttpResponse<String> me = browser.get(base + "/api/me");
    assertEquals(200, me.statusCode(), me.body());
    JsonObject account = new JsonObject(me.body()).getJsonObject("account");
    assertEquals(ORCID, account.getString("orcid"));
    assertEquals("Josiah Carberry", account.getString("name"));

    Browser other = new Browser();
    HttpResponse<String> refused = other.get(throughLoginPage(other, base + "/auth/oidc/orcid", "0000-0002-1825-0098", claims));
    assertEquals(502, refused.statusCode());
    assertTrue(problem(refused).getString("detail").contains("not an ORCID iD"), refused.body());
  }

  @Test
  @DisplayName("a callback replayed, a code used twice, a forged state and a state from another browser are refused")
  void replaysAndForgeriesAreRefused() throws Exception {
    Browser browser = new Browser();
    JsonObject claims = new JsonObject().put("email", "ben@campus.example").put("email_verified", true);
    String callback = throughLoginPage(browser, base + "/auth/oidc/campus", "ben", claims);
    String code = query(callback).get("code");
    browser.get(callback);

    // the same callback again: its state was used up
    HttpResponse<String> replayed = browser.get(callback);
    assertEquals(400, replayed.statusCode());
    assertTrue(problem(replayed).getString("detail").contains("already finished"), replayed.body());

    // the code with a fresh state of this browser: the provider refuses a code it already exchanged
    String freshState = query(location(browser.get(base + "/auth/oidc/campus"))).get("state");
    HttpResponse<String> reused = browser.get(base + "/auth/oidc/campus/callback?code=" + code + "&state=" + freshState);
    assertEquals(502, reused.statusCode());
    assertTrue(problem(reused).getString("detail").contains("refused the code"), reused.body());
    assertTrue(provider.requests().stream().anyMatch(r -> r.getPath().endsWith("/token")), "the code went to the provider");

    // a state this server never made
    HttpResponse<String> forged = browser.get(base + "/auth/oidc/campus/callback?code=" + code + "&state=" + "A".repeat(43));
    assertEquals(400, forged.statusCode());
    assertTrue(provider.requests().stream().noneMatch(r -> r.getPath().endsWith("/token")), "a forged state reaches no provider");

    // an attacker's own attempt, its callback opened in the victim's browser: refused, nothing exchanged
    Browser attacker = new Browser();
    String planted = throughLoginPage(attacker, base + "/auth/oidc/campus", "mallory", new JsonObject().put("email", "mallory@example.org"));
    HttpResponse<String> victim = new Browser().get(planted);
    assertEquals(400, victim.statusCode());
    assertTrue(problem(victim).getString("detail").contains("another browser"), victim.body());
    assertTrue(provider.requests().stream().noneMatch(r -> r.getPath().endsWith("/token")), "nothing exchanged for the wrong browser");

    // the callback of another provider's attempt
    String campusState = query(location(browser.get(base + "/auth/oidc/campus"))).get("state");
    assertEquals(400, browser.get(base + "/auth/oidc/orcid/callback?code=x&state=" + campusState).statusCode());
  }

  @Test
  @DisplayName("the provider's refusal, an unknown provider and a return_to off this server are answered as problems; the providers are listed")
  void refusalsAndTheList() throws Exception {
    Browser browser = new Browser();
    String state = query(location(browser.get(base + "/auth/oidc/campus"))).get("state");
    HttpResponse<String> declined = browser.get(base + "/auth/oidc/campus/callback?error=access_denied&error_description=no+thanks&state=" + state);
    assertEquals(403, declined.statusCode());
    assertTrue(problem(declined).getString("detail").contains("access_denied (no thanks)"), declined.body());

    assertEquals(404, browser.get(base + "/auth/oidc/nobody").statusCode());
    assertEquals(404, browser.get(base + "/auth/oidc/gone").statusCode(), "a provider not discovered is not offered");
    for (String away : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/ok\r\nLocation: x")) {
      HttpResponse<String> refused = browser.get(base + "/auth/oidc/campus?return_to=" + URLEncoder.encode(away, StandardCharsets.UTF_8));
      assertEquals(400, refused.statusCode(), away);
    }

    HttpResponse<String> list = browser.get(base + "/api/auth/providers");
    assertEquals(200, list.statusCode());
    assertEquals(new JsonArray().add(new JsonObject().put("name", "campus").put("orcid", false))
        .add(new JsonObject().put("name", "orcid").put("orcid", true)), new JsonArray(list.body()));
  }
}
