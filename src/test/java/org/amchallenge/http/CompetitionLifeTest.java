package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A challenge driven through its whole life by several teams, on a clock the test moves. */
@ExtendWith(VertxExtension.class)
class CompetitionLifeTest {
  static final String ID = "life-cycle";
  static final String DEFINITION = String.join("\n",
      "id: life-cycle", "title: Life cycle", "opens: 2026-03-01T00:00:00Z", "closes: 2026-04-01T00:00:00Z", "reveal: manual",
      "rules: {max_submissions_per_day: 3, max_submissions_total: 5, max_team_size: 2, final_selections: 1}",
      "split: {public_fraction: 0.5, seed: 42, by: sample}",
      "ranking: {score: weighted_mean, precision: 6}",
      "quantities:", "  - {id: depth, unit: um, primary: nmae, weight: 1}", "  - {id: width, unit: um, primary: nrmse, weight: 3}", "");
  private static final String BASE = "/api/challenges/" + ID;

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-02-20T12:00:00Z"));
  private LiveServer live;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    String reference = new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8);
    live = LiveServer.of(vertx, dir, ID, DEFINITION, reference, clock);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private HttpResponse<Buffer> upload(String token, String csv) {
    return live.upload(ID, token, "text/csv", Buffer.buffer(csv));
  }

  private String status() {
    return live.get(BASE, null).bodyAsJsonObject().getString("status");
  }

  @Test
  @DisplayName("upcoming, open with daily and total limits, selections, organizer changes, close, final ranking, reveal")
  void wholeLife() {
    String meltLab = live.register("MeltLab", "Ada", "Ben");
    String poolers = live.register("Poolers", "Cy");

    // upcoming: no submission before the opening, and the answer names the time
    assertEquals("upcoming", status());
    HttpResponse<Buffer> early = upload(meltLab, Fixtures.predictions(1, 1));
    assertEquals(403, early.statusCode());
    assertTrue(early.bodyAsJsonObject().getString("detail").contains("2026-03-01T00:00:00Z"));

    // open: three a day; a rejected file does not count; the fourth is 429 with Retry-After to midnight UTC
    clock.set(Instant.parse("2026-03-02T18:00:00Z"));
    assertEquals("open", status());
    assertEquals(422, upload(meltLab, "sample_id,quantity,value\nS1,depth,oops\n").statusCode());
    String first = upload(meltLab, Fixtures.predictions(20, 20)).bodyAsJsonObject().getString("id");
    String second = upload(meltLab, Fixtures.predictions(2, 2)).bodyAsJsonObject().getString("id");
    assertEquals(201, upload(meltLab, Fixtures.predictions(9, 9)).statusCode());
    HttpResponse<Buffer> fourth = upload(meltLab, Fixtures.predictions(3, 3));
    assertEquals(429, fourth.statusCode());
    assertEquals(Long.toString(6 * 3600), fourth.getHeader("Retry-After"));
    JsonObject quota = live.get(BASE + "/submissions", meltLab).bodyAsJsonObject().getJsonObject("quota");
    assertEquals(0, quota.getJsonObject("today").getInteger("remaining"));
    assertEquals(2, quota.getJsonObject("total").getInteger("remaining"));

    // the next UTC day: two more, then the total is reached
    clock.set(Instant.parse("2026-03-03T00:00:01Z"));
    assertEquals(201, upload(meltLab, Fixtures.predictions(4, 4)).statusCode());
    assertEquals(201, upload(meltLab, Fixtures.predictions(5, 5)).statusCode());
    HttpResponse<Buffer> sixth = upload(meltLab, Fixtures.predictions(1, 1));
    assertEquals(429, sixth.statusCode());
    assertTrue(sixth.bodyAsJsonObject().getString("detail").contains("all 5 submissions"));

    // team rules: three members is one too many; Ada cannot compete with a second team
    // SPEC: the team size is a conflict named with its limit (409)
    HttpResponse<Buffer> crowd = upload(live.register("Crowd", "D", "E", "F"), Fixtures.predictions(1, 1));
    assertEquals(409, crowd.statusCode());
    assertTrue(crowd.bodyAsJsonObject().getString("detail").contains("at most 2"));
    HttpResponse<Buffer> twice = upload(live.register("Splinter", "ada"), Fixtures.predictions(1, 1));
    assertEquals(403, twice.statusCode());
    assertTrue(twice.bodyAsJsonObject().getString("detail").contains("one team per challenge"));
    String poolersBest = upload(poolers, Fixtures.predictions(1, 1)).bodyAsJsonObject().getString("id");

    // selections: one allowed; a second is refused until the first is taken back
    assertEquals(200, LiveServer.join(live.client.post(BASE + "/submissions/" + first + "/select").bearerTokenAuthentication(meltLab).send()).statusCode());
    assertEquals(409, LiveServer.join(live.client.post(BASE + "/submissions/" + second + "/select").bearerTokenAuthentication(meltLab).send()).statusCode());
    assertEquals(404, LiveServer.join(live.client.post(BASE + "/submissions/" + first + "/select").bearerTokenAuthentication(poolers).send()).statusCode());
    assertEquals(1, live.get(BASE + "/submissions", meltLab).bodyAsJsonObject().getJsonObject("selections").getInteger("used"));

    // the organizer fixes a measured value: every submission is rescored against the new reference
    String oldSha = live.get(BASE + "/submissions/" + second, meltLab).bodyAsJsonObject().getString("reference_sha256");
    String corrected = new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8).replace("S1,depth,,,100,", "S1,depth,,,102,");
    HttpResponse<Buffer> replaced = LiveServer.join(live.client.put(BASE + "/reference").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(corrected)));
    assertEquals(200, replaced.statusCode(), replaced.bodyAsString());
    assertEquals(6, replaced.bodyAsJsonObject().getInteger("rescored_submissions"));
    JsonObject rescored = live.asOrganizer(ID, second);
    assertNotEquals(oldSha, rescored.getString("reference_sha256"));
    assertEquals(replaced.bodyAsJsonObject().getString("reference_sha256"), rescored.getString("reference_sha256"));
    // S1's depth error went from +2 to 0 on all rows: mae (2 * 5 + 0) / 6
    assertEquals(10.0 / 6, rescored.getJsonObject("all").getJsonObject("quantities").getJsonObject("depth").getDouble("mae"), 1e-5);

    // closed: no upload, no change of selection; the private board is still the organizer's
    clock.set(Instant.parse("2026-04-01T00:00:00Z"));
    assertEquals("closed", status());
    assertTrue(upload(poolers, Fixtures.predictions(0, 0)).bodyAsJsonObject().getString("detail").contains("closed at 2026-04-01T00:00:00Z"));
    assertEquals(403, LiveServer.join(live.client.delete(BASE + "/submissions/" + first + "/select").bearerTokenAuthentication(meltLab).send()).statusCode());
    assertEquals(403, live.get(BASE + "/leaderboard?board=private", poolers).statusCode());
    // the final ranking takes MeltLab's selection (errors 20), not its best public one (errors 2), so Poolers lead
    JsonArray finalRows = live.get(BASE + "/leaderboard?board=private", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("rows");
    assertEquals("Poolers", finalRows.getJsonObject(0).getString("team"));
    assertEquals(poolersBest, finalRows.getJsonObject(0).getString("submission"));
    assertEquals(first, finalRows.getJsonObject(1).getString("submission"));
    assertNull(live.get(BASE + "/submissions/" + first, meltLab).bodyAsJsonObject().getJsonObject("private"));
    assertEquals(403, live.get(BASE + "/reference", meltLab).statusCode());

    // reveal: the organizer's only; then everything is public
    assertEquals(403, LiveServer.join(live.client.post(BASE + "/reveal").bearerTokenAuthentication(meltLab).send()).statusCode());
    assertEquals(401, LiveServer.join(live.client.post(BASE + "/reveal").send()).statusCode());
    assertEquals(200, LiveServer.join(live.client.post(BASE + "/reveal").bearerTokenAuthentication(TestServer.ORGANIZER).send()).statusCode());
    assertEquals("revealed", status());
    assertEquals(corrected, live.get(BASE + "/reference", null).bodyAsString());
    assertEquals(2, live.get(BASE + "/leaderboard?board=private", null).bodyAsJsonObject().getJsonArray("rows").size());
    JsonObject anyone = live.get(BASE + "/submissions/" + first, null).bodyAsJsonObject();
    assertTrue(anyone.containsKey("private"));
    assertTrue(anyone.getJsonArray("residuals").getJsonObject(0).containsKey("measured"));

    // every organizer action is in the audit log, in order
    JsonArray actions = live.get(BASE + "/audit", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("actions");
    assertEquals("published", actions.getJsonObject(0).getString("action"));
    assertEquals("reference", actions.getJsonObject(1).getString("action"));
    assertTrue(actions.getJsonObject(1).getString("detail").contains(oldSha));
    assertEquals("revealed", actions.getJsonObject(2).getString("action"));
    assertEquals(403, live.get(BASE + "/audit", meltLab).statusCode());
  }

  @Test
  @DisplayName("the organizer publishes a challenge through the API, uploads its reference, and updates it; all survive a restart")
  void publishThroughApi() {
    String yaml = DEFINITION.replace("id: life-cycle", "id: via-api").replace("title: Life cycle", "title: Published through the API");
    HttpResponse<Buffer> created = LiveServer.join(live.client.post("/api/challenges").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "application/yaml").sendBuffer(Buffer.buffer(yaml)));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertFalse(created.bodyAsJsonObject().getBoolean("has_reference"));
    assertEquals(404, live.get("/api/challenges/via-api", null).statusCode(), "a draft without reference data is not served");
    assertEquals(403, LiveServer.join(live.client.post("/api/challenges").bearerTokenAuthentication(live.register("T"))
        .sendBuffer(Buffer.buffer(yaml))).statusCode());

    HttpResponse<Buffer> badReference = LiveServer.join(live.client.put("/api/challenges/via-api/reference")
        .bearerTokenAuthentication(TestServer.ORGANIZER).sendBuffer(Buffer.buffer("sample_id,quantity,value\nS1,depth,abc\n")));
    assertEquals(422, badReference.statusCode());
    String reference = new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8);
    assertEquals(200, LiveServer.join(live.client.put("/api/challenges/via-api/reference").bearerTokenAuthentication(TestServer.ORGANIZER)
        .sendBuffer(Buffer.buffer(reference))).statusCode());
    assertEquals("Published through the API", live.get("/api/challenges/via-api", null).bodyAsJsonObject().getString("title"));

    String json = new JsonObject().put("id", "via-api").put("title", "Renamed").put("opens", "2026-03-01T00:00:00Z")
        .put("closes", "2026-04-01T00:00:00Z").put("quantities", new JsonArray()
            .add(new JsonObject().put("id", "depth").put("unit", "um")).add(new JsonObject().put("id", "width").put("unit", "um"))).encode();
    HttpResponse<Buffer> updated = LiveServer.join(live.client.post("/api/challenges").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(json)));
    assertEquals(200, updated.statusCode(), updated.bodyAsString());

    live.restart();
    assertEquals("Renamed", live.get("/api/challenges/via-api", null).bodyAsJsonObject().getString("title"));
    JsonArray actions = live.get("/api/challenges/via-api/audit", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("actions");
    assertEquals(3, actions.size());
    assertTrue(actions.getJsonObject(2).getString("detail").contains("title"), actions.encodePrettily());
  }
}
