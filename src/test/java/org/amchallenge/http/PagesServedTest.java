package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.amchallenge.Fixtures;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The pages and their scripts are served by the same server, under a Content-Security-Policy. */
@ExtendWith(VertxExtension.class)
class PagesServedTest {
  @TempDir Path dir;
  private LiveServer live;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Files.createDirectories(dir.resolve("challenges/" + Fixtures.CHALLENGE));
    Files.writeString(dir.resolve("challenges/" + Fixtures.CHALLENGE + "/process.csv"), "track,power_W\nS1,195\n");
    live = LiveServer.fixture(vertx, dir, 1 << 20);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  @Test
  @DisplayName("the list page, a challenge page, the scripts and the chart library answer, each with the security headers")
  void pagesAndHeaders() {
    for (String path : new String[] {"/", "/challenges/" + Fixtures.CHALLENGE, "/assets/challenge.js", "/assets/app.css",
        "/webjars/chart.js/4.4.7/dist/chart.umd.js", "/api/challenges"}) {
      HttpResponse<Buffer> response = live.get(path, null);
      assertEquals(200, response.statusCode(), path);
      assertTrue(response.getHeader("Content-Security-Policy").contains("script-src 'self'"), path);
      assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
    }
    String html = live.get("/challenges/" + Fixtures.CHALLENGE, null).bodyAsString();
    assertFalse(html.contains("<script>"), "no inline script: the policy forbids it");
    assertEquals("[\"process.csv\"]", live.get("/api/challenges/" + Fixtures.CHALLENGE, null).bodyAsJsonObject().getJsonArray("inputs").encode());
    assertEquals("track,power_W\nS1,195\n", live.get("/api/challenges/" + Fixtures.CHALLENGE + "/inputs/process.csv", null).bodyAsString());
  }

  @Test
  @DisplayName("the pages of people (sign in, sign up, the account, a team, its invitation link) answer with the security headers and no inline script or style")
  void peoplePages() {
    for (String path : new String[] {"/sign-in", "/sign-up", "/account", "/teams/some-team", "/teams/some-team/join?code=abc"}) {
      HttpResponse<Buffer> response = live.get(path, null);
      assertEquals(200, response.statusCode(), path);
      assertTrue(response.getHeader("Content-Type").startsWith("text/html"), path);
      assertTrue(response.getHeader("Content-Security-Policy").contains("script-src 'self'"), path);
      String html = response.bodyAsString();
      assertFalse(html.contains("<script>") || html.contains(" style=") || html.matches("(?s).*\\son[a-z]+\\s*=.*"), path);
      assertTrue(html.contains("<script src=\"/assets/session.js\" defer>"), path);
    }
    for (String script : new String[] {"session", "sign-in", "sign-up", "account", "team", "join"}) {
      assertEquals(200, live.get("/assets/" + script + ".js", null).statusCode(), script);
    }
  }

  @Test
  @DisplayName("a description's raw HTML and script links are rendered harmless")
  void descriptionRenderedSafely() {
    Challenge challenge = ChallengeReader.read(("id: safe\ntitle: t\nopens: 2026-01-01T00:00:00Z\ncloses: 2027-01-01T00:00:00Z\n"
        + "description: |\n  **Bold** <script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>\n"
        + "quantities: [{id: q, unit: um}]\n").getBytes(StandardCharsets.UTF_8), true);
    String html = Views.challenge(challenge, Challenge.Status.OPEN, 0).getString("description_html");
    assertTrue(html.contains("<strong>Bold</strong>"), html);
    assertTrue(html.contains("&lt;script&gt;"), html);
    assertTrue(html.contains("&lt;img src=x onerror=alert(3)&gt;"), html);
    assertFalse(html.contains("javascript:"), html);
  }

  @Test
  @DisplayName("the public board has an ETag: 304 while it is unchanged, a new one after an upload, gzip when asked")
  void boardCaching() {
    String path = "/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard";
    HttpResponse<Buffer> first = live.get(path, null);
    String etag = first.getHeader("ETag");
    assertTrue(etag != null && etag.startsWith("\""), etag);
    assertEquals(304, LiveServer.join(live.client.get(path).putHeader("If-None-Match", etag).send()).statusCode());
    assertEquals(201, live.upload(Fixtures.CHALLENGE, live.register("T"), "text/csv", Buffer.buffer(Fixtures.predictions(1, 1))).statusCode());
    HttpResponse<Buffer> after = LiveServer.join(live.client.get(path).putHeader("If-None-Match", etag).send());
    assertEquals(200, after.statusCode());
    assertEquals(1, after.bodyAsJsonObject().getJsonArray("rows").size());
    assertTrue(!etag.equals(after.getHeader("ETag")));
    HttpResponse<Buffer> zipped = LiveServer.join(live.client.get(path).putHeader("Accept-Encoding", "gzip").send());
    assertEquals("gzip", zipped.getHeader("Content-Encoding"));
  }

  @Test
  @DisplayName("the anonymous board read served without the router answers as the router does; a token, a query or CSV still go through it")
  void boardFastPath() {
    String path = "/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard";
    String token = live.register("T");
    assertEquals(201, live.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(Fixtures.predictions(1, 1))).statusCode());
    HttpResponse<Buffer> first = live.get(path, null);  // encodes the board: the router's way
    HttpResponse<Buffer> second = LiveServer.join(live.client.get(path).putHeader("X-Request-Id", "reader-42").send());
    assertEquals(200, second.statusCode());
    assertEquals(first.bodyAsString(), second.bodyAsString());
    for (String header : new String[] {"ETag", "Cache-Control", "Content-Type", "Content-Security-Policy", "X-Content-Type-Options",
        "Referrer-Policy", "X-Frame-Options"}) {
      assertEquals(first.getHeader(header), second.getHeader(header), header);
      assertTrue(second.getHeader(header) != null && !second.getHeader(header).isEmpty(), header);
    }
    assertEquals("reader-42", second.getHeader("X-Request-Id"));
    assertTrue(first.getHeader("X-Request-Id") != null && !first.getHeader("X-Request-Id").equals("reader-42"));
    HttpResponse<Buffer> unchanged = LiveServer.join(live.client.get(path).putHeader("If-None-Match", second.getHeader("ETag")).send());
    assertEquals(304, unchanged.statusCode());
    assertEquals("DENY", unchanged.getHeader("X-Frame-Options"));

    assertEquals(first.bodyAsString(), live.get(path, token).bodyAsString(), "a team's token: the same public board");
    assertEquals(401, live.get(path, "not-a-token").statusCode(), "an unknown token is refused, as on every route");
    assertEquals(403, live.get(path + "?board=private", null).statusCode(), "the private board is not anyone's before the reveal");
    HttpResponse<Buffer> csv = LiveServer.join(live.client.get(path).putHeader("Accept", "text/csv").send());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"), csv.getHeader("Content-Type"));
    assertEquals(404, live.get("/api/challenges/none/leaderboard", null).statusCode());

    String metrics = live.get("/metrics", TestServer.ORGANIZER).bodyAsString();
    java.util.regex.Matcher reads = java.util.regex.Pattern.compile("(?m)^amc_leaderboard_reads_total\\S* ([0-9.]+)").matcher(metrics);
    assertTrue(reads.find(), metrics);
    assertEquals(6.0, Double.parseDouble(reads.group(1)), "every read counted, on either path: " + reads.group());
    java.util.regex.Matcher answered = java.util.regex.Pattern.compile("(?m)^amc_http_requests_seconds_count\\{method=\"GET\",status=\"2xx\"[^}]*} ([0-9.]+)").matcher(metrics);
    assertTrue(answered.find(), metrics);
    assertEquals(4.0, Double.parseDouble(answered.group(1)), "first, second, the team's and the CSV read: " + answered.group());
    java.util.regex.Matcher notModified = java.util.regex.Pattern.compile("(?m)^amc_http_requests_seconds_count\\{method=\"GET\",status=\"3xx\"[^}]*} ([0-9.]+)").matcher(metrics);
    assertTrue(notModified.find(), metrics);
    assertEquals(1.0, Double.parseDouble(notModified.group(1)), notModified.group());
  }
}
