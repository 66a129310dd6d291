package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** With ranking.ladder, the public board moves only on a significant improvement; the private board never changes. */
@ExtendWith(VertxExtension.class)
class LadderBoardTest {
  private static final String ID = "ladder";
  @TempDir Path dir;
  private LiveServer live;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    String definition = CompetitionLifeTest.DEFINITION.replace("id: life-cycle", "id: " + ID)
        .replace("max_submissions_per_day: 3", "max_submissions_per_day: 10")
        .replace("ranking: {score: weighted_mean, precision: 6}", "ranking: {score: weighted_mean, precision: 4, ladder: true, tie_break: [{metric: mae}]}");
    live = LiveServer.of(vertx, dir, ID, definition, new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8),
        new TestClock(Instant.parse("2026-03-10T00:00:00Z")));
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private JsonObject upload(String token, String csv) {
    var created = live.upload(ID, token, "text/csv", Buffer.buffer(csv));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject();
  }

  private double boardScore() {
    JsonArray rows = live.get("/api/challenges/" + ID + "/leaderboard", null).bodyAsJsonObject().getJsonArray("rows");
    assertTrue(rows.getJsonObject(0).getJsonArray("score_interval") == null, "no interval under the Ladder");
    return rows.getJsonObject(0).getDouble("score");
  }

  @Test
  @DisplayName("a one-row improvement repeats the released score; exact predictions move it to 0")
  void ladderOnTheBoard() {
    String token = live.register("Climbers", "c1");
    JsonObject first = upload(token, Fixtures.predictions(10, -5));
    // public part: three samples; every depth error +10 (nmae = 10 / mean public depth), every width error -5
    double released = first.getDouble("score");
    assertEquals(released, boardScore());

    // one public depth row 1 um closer: its only difference makes the threshold as large as the gain (see LadderTest)
    JsonArray rows = live.asOrganizer(ID, first.getString("id")).getJsonArray("residuals");
    String sample = rows.stream().map(JsonObject.class::cast).filter(r -> r.getString("part").equals("public")).findFirst()
        .orElseThrow().getString("sample_id");
    JsonObject owners = live.get("/api/challenges/" + ID + "/submissions/" + first.getString("id"), token).bodyAsJsonObject();
    assertTrue(owners.getJsonObject("quantities").isEmpty(), "under the Ladder the owner reads the released score only");
    assertTrue(owners.getJsonArray("residuals") == null);
    String closer = Fixtures.predictions(10, -5).replaceFirst(sample + ",depth,([0-9.]+)", sample + ",depth,"
        + (Double.parseDouble(Fixtures.predictions(10, -5).split(sample + ",depth,")[1].split("\n")[0]) - 1));
    JsonObject second = upload(token, closer);
    assertEquals(released, second.getDouble("score"), "the owner is told the released score, not the new one");
    assertEquals(released, boardScore());
    assertEquals(first.getString("id"), live.get("/api/challenges/" + ID + "/leaderboard", null).bodyAsJsonObject()
        .getJsonArray("rows").getJsonObject(0).getString("submission"),
        "the board names the submission that set the released score, not the one better on the raw tie-break");
    JsonObject organizer = live.asOrganizer(ID, second.getString("id"));
    assertTrue(organizer.getDouble("public_score") < released, "the raw public score did improve");

    upload(token, Fixtures.predictions(0, 0));
    assertEquals(0.0, boardScore());
    JsonArray privateRows = live.get("/api/challenges/" + ID + "/leaderboard?board=private", TestServer.ORGANIZER)
        .bodyAsJsonObject().getJsonArray("rows");
    assertEquals(0.0, privateRows.getJsonObject(0).getDouble("score"), "the private board is never laddered");
  }
}
