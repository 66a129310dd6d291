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
}
