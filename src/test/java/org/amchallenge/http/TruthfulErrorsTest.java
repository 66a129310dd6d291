package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the caller sent is answered with a 4xx problem, never a 5xx; a bug is a 500 with its request id and no
 * stack trace; only a store or dependency that is down is a 503 with Retry-After.
 */
@ExtendWith(VertxExtension.class)
class TruthfulErrorsTest {
  private static final String BASE = "/api/challenges/" + Fixtures.CHALLENGE;

  @TempDir Path dir;
  private LiveServer live;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.fixture(vertx, dir, 1 << 20);
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    live.close();
  }

  /** The raw request line as given: no client-side encoding or normalizing of the path. */
  private Answer send(HttpMethod method, String uri, String token, String json) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(live.config.port()).setURI(uri);
    if (token != null) options.putHeader("Authorization", "Bearer " + token);
    if (json != null) options.putHeader("Content-Type", "application/json");
    return LiveServer.join(http.request(options).compose(request -> (json == null ? request.send() : request.send(json))
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), response.getHeader("Content-Type"),
            response.getHeader("Retry-After"), body)))));
  }

  private record Answer(int status, String contentType, String retryAfter, Buffer body) {}

  /** A 4xx RFC 9457 problem, and the server still answers. */
  private JsonObject clientProblem(Answer answer, String what) {
    assertTrue(answer.status() >= 400 && answer.status() < 500, what + " answered " + answer.status() + ": " + answer.body());
    assertEquals("application/problem+json", answer.contentType(), what);
    JsonObject problem = answer.body().toJsonObject();
    assertEquals(answer.status(), problem.getInteger("status"), what);
    assertTrue(problem.getString("type").startsWith("/problems/"), what);
    assertFalse(answer.body().toString().contains("at org."), what);
    assertEquals(200, send(HttpMethod.GET, "/health", null, null).status(), "health after " + what);
    return problem;
  }


  @Test
  @DisplayName("a NUL in a path is a 4xx problem: an API id, an asset, an input file, a board, a submission, a webhook")
  void nulInPaths() {
    for (String path : new String[] {"/api/challenges/a%00b", "/assets/%00", "/assets/a%00.js", BASE + "/inputs/%00",
        BASE + "/leaderboard%00", "/api/challenges/%00/leaderboard", BASE + "/submissions/%00", "/webjars/%00"}) {
      clientProblem(send(HttpMethod.GET, path, null, null), "GET " + path);
    }
    clientProblem(send(HttpMethod.DELETE, BASE + "/webhooks/%00", TestServer.ORGANIZER, null), "DELETE webhook %00");
  }

  @Test
  @DisplayName("a malformed percent-encoding in a path or a query is a 400")
  void malformedEncoding() {
    // Vert.x Web refuses these while matching routes, before any handler runs, with its own plain 400 (see pathsTheRouterRefuses)
    for (String uri : new String[] {"/api/challenges/%zz", "/api/challenges/%", "/challenges/%zz", "/assets/%zz", BASE + "/inputs/%zz",
        BASE + "/leaderboard?board=%zz", BASE + "/leaderboard?quantity=%", "/api/challenges/x?a=%E0%A4%"}) {
      assertEquals(400, send(HttpMethod.GET, uri, null, null).status(), uri);
    }
  }

  @Test
  @DisplayName("a path or query the router cannot decode, and the page of a challenge id with a NUL, are 4xx problems")
  void requestsTheRouterRefuses() {
    for (String uri : new String[] {"/api/challenges/%zz", "/api/challenges/%", "/challenges/%zz", "/assets/%zz", BASE + "/inputs/%zz",
        BASE + "/leaderboard?board=%zz", "/challenges/%00"}) {
      clientProblem(send(HttpMethod.GET, uri, null, null), "GET " + uri);
    }
  }

  @Test
  @DisplayName("a browser asking for the page of a challenge that does not exist gets a page that says so, 404")
  void pageOfNoChallenge() {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(live.config.port())
        .setURI("/challenges/no-such-challenge").putHeader("Accept", "text/html,application/xhtml+xml");
    Answer answer = LiveServer.join(http.request(options).compose(request -> request.send()
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), response.getHeader("Content-Type"), null, body)))));
    assertEquals(404, answer.status());
    assertTrue(answer.contentType().startsWith("text/html"), answer.contentType());
    assertTrue(answer.body().toString().contains("No such challenge"), answer.body().toString());
    assertEquals(200, send(HttpMethod.GET, "/challenges/" + Fixtures.CHALLENGE, null, null).status());
  }

  @Test
  @DisplayName("a path parameter with control characters is a 4xx problem")
  void controlCharactersInPathParams() {
    for (String path : new String[] {"/api/challenges/%01%1b%7f", BASE + "/submissions/%01%02", BASE + "/inputs/a%0d%0ab",
        BASE + "/submissions/x%1b/select"}) {
      clientProblem(send(HttpMethod.GET, path, null, null), "GET " + path);
    }
    String team = live.register("MeltLab");
    clientProblem(send(HttpMethod.POST, BASE + "/submissions/%00%01/select", team, null), "select %00%01");
    clientProblem(send(HttpMethod.DELETE, BASE + "/webhooks/a%0d%0ab", TestServer.ORGANIZER, null), "DELETE webhook CRLF");
  }

  @Test
  @DisplayName("a webhook URL too long, not http(s), without a host or with a NUL is a 422 problem naming the url field")
  void webhookUrls() {
    String secret = "0123456789abcdef0123";
    for (String url : new String[] {"https://example.org/" + "a".repeat(10_000), "ftp://example.org/hook", "https:///no-host",
        "javascript:alert(1)", "https://exa mple.org/", "https://example.org/\u0000", "hook"}) {
      String body = new JsonObject().put("url", url).put("secret", secret).encode();
      JsonObject problem = clientProblem(send(HttpMethod.POST, BASE + "/webhooks", TestServer.ORGANIZER, body), "url " + url.length());
      assertEquals(422, problem.getInteger("status"), url);
      assertEquals("url", problem.getJsonArray("problems").getJsonObject(0).getString("field"), url);
    }
    String nulSecret = new JsonObject().put("url", "https://example.org/hook").put("secret", secret + "\u0000").encode();
    assertEquals(422, clientProblem(send(HttpMethod.POST, BASE + "/webhooks", TestServer.ORGANIZER, nulSecret), "NUL secret")
        .getInteger("status"));
    // the limit is a length the store keeps: a URL just under it is added
    String longest = "https://example.org/" + "a".repeat(2000 - "https://example.org/".length());
    Answer added = send(HttpMethod.POST, BASE + "/webhooks", TestServer.ORGANIZER, new JsonObject().put("url", longest).put("secret", secret).encode());
    assertEquals(201, added.status(), added.body().toString());
  }

  /** A router with the problem handler and the request id, as the API has them, and routes that fail on purpose. */
  private int problemServer(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.put(Requests.REQUEST_ID, "req-42");
      ctx.next();
    });
    router.get("/bug").handler(ctx -> {
      throw new IllegalStateException("a bug: " + ctx.request().path());
    });
    router.get("/bug-later").handler(ctx -> ctx.fail(new NullPointerException("no value")));
    router.get("/store-down").handler(ctx -> ctx.fail(new java.sql.SQLTransientConnectionException("connection refused", "08001")));
    router.get("/pool-closed").handler(ctx -> ctx.fail(new io.vertx.core.VertxException("Pool closed")));
    router.get("/pool-timeout").handler(ctx -> ctx.fail(new io.vertx.core.impl.NoStackTraceTimeoutException("Timeout waiting for connection")));
    router.get("/nul-in-store").handler(ctx -> ctx.fail(new RuntimeException(new java.sql.SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"))));
    router.route().failureHandler(new ProblemHandler());
    HttpServer server = LiveServer.join(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return server.actualPort();
  }

  private Answer get(int port, String path) {
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path);
    return LiveServer.join(http.request(options).compose(request -> request.send()
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), response.getHeader("Content-Type"),
            response.getHeader("Retry-After"), body)))));
  }

  @Test
  @DisplayName("an unexpected exception is a 500 with the request id and no stack trace; only a store that is down is a 503 with Retry-After")
  void bugsAndOutages(Vertx vertx) {
    int port = problemServer(vertx);
    for (String path : new String[] {"/bug", "/bug-later"}) {
      Answer bug = get(port, path);
      assertEquals(500, bug.status(), path);
      assertEquals("application/problem+json", bug.contentType());
      JsonObject problem = bug.body().toJsonObject();
      assertEquals("req-42", problem.getString("request_id"));
      assertEquals(500, problem.getInteger("status"));
      assertEquals(null, bug.retryAfter(), path);
      String text = bug.body().toString();
      assertFalse(text.contains("at org."), text);
      assertFalse(text.contains("Exception"), text);
      assertFalse(text.contains("a bug"), text);
    }
    for (String path : new String[] {"/store-down", "/pool-closed", "/pool-timeout"}) {
      Answer down = get(port, path);
      assertEquals(503, down.status(), path);
      assertNotNull(down.retryAfter(), path);
      assertEquals("req-42", down.body().toJsonObject().getString("request_id"));
      assertFalse(down.body().toString().contains("at org."));
    }
    Answer nul = get(port, "/nul-in-store");
    assertEquals(400, nul.status(), nul.body().toString());
    assertEquals("application/problem+json", nul.contentType());
  }
}
