package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The example series over the four AFRL example challenges, served as the repository ships it, with teams entering some of them. */
@ExtendWith(VertxExtension.class)
class AfrlSeriesTest {
  private static final String SERIES = "afrl-am-modeling-2020";
  private static final List<String> AFRL = List.of("afrl-c1-residual-strain", "afrl-c2-melt-pool", "afrl-c3-tensile-curves", "afrl-c4-grain-strain");

  @TempDir Path dir;
  private LiveServer live;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Files.createDirectories(dir.resolve("challenges/series"));
    Files.copy(Path.of("challenges/series", SERIES + ".yaml"), dir.resolve("challenges/series/" + SERIES + ".yaml"));
    live = LiveServer.examples(vertx, dir, Instant.parse("2026-10-01T00:00:00Z"), AFRL.toArray(String[]::new));
  }

  @AfterEach
  void stop() {
    live.close();
  }

  /** The reference's own rows as predictions, each value times {@code factor}: 1 predicts every measurement exactly. */
  private static String predictions(String challenge, double factor) throws Exception {
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,component,value\n");
    List<String> lines = Files.readAllLines(Path.of("reference-data", challenge + ".csv"));
    for (String line : lines.subList(1, lines.size())) {
      // the reference's first five columns are the prediction's; none of its sample ids or points holds a comma
      String[] cells = line.split(",", -1);
      csv.append(String.join(",", cells[0], cells[1], cells[2], cells[3], Double.toString(Double.parseDouble(cells[4]) * factor))).append('\n');
    }
    return csv.toString();
  }

  private void enter(String challenge, String token, double factor) throws Exception {
    HttpResponse<Buffer> answer = live.upload(challenge, token, "text/csv", Buffer.buffer(predictions(challenge, factor)));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
  }

  /** Each team's rank on a challenge's public board, as anyone reads it. */
  private Map<String, Integer> publicRanks(String challenge) {
    Map<String, Integer> ranks = new HashMap<>();
    live.get("/api/challenges/" + challenge + "/leaderboard", null).bodyAsJsonObject().getJsonArray("rows")
        .forEach(row -> ranks.put(((JsonObject) row).getString("team"), ((JsonObject) row).getInteger("rank")));
    return ranks;
  }

  @Test
  @DisplayName("teams entering one, two and three AFRL challenges: each series rank is the challenge's public rank, the exact team leads, the one-challenge team is unranked")
  void teamsEnterSomeOfTheFour() throws Exception {
    String exact = live.register("Exact Lab");
    String close = live.register("Close Group");
    String solo = live.register("Solo Team");
    enter("afrl-c1-residual-strain", exact, 1.0);
    enter("afrl-c2-melt-pool", exact, 1.0);
    enter("afrl-c3-tensile-curves", exact, 1.0);
    enter("afrl-c2-melt-pool", close, 1.3);
    enter("afrl-c4-grain-strain", close, 1.3);
    enter("afrl-c3-tensile-curves", solo, 1.5);

    JsonObject listed = live.get("/api/series", null).bodyAsJsonObject().getJsonArray("series").getJsonObject(0);
    assertEquals(SERIES, listed.getString("id"));
    assertEquals(AFRL, listed.getJsonArray("challenges").getList());
    JsonObject board = live.get("/api/series/" + SERIES + "/leaderboard", null).bodyAsJsonObject();
    Map<String, JsonObject> rows = new HashMap<>();
    board.getJsonArray("rows").forEach(row -> rows.put(((JsonObject) row).getString("team"), (JsonObject) row));
    assertEquals(3, rows.size());
    for (String challenge : AFRL) {
      Map<String, Integer> ranks = publicRanks(challenge);
      for (String team : rows.keySet()) {
        assertEquals(ranks.get(team), rows.get(team).getJsonObject("ranks").getInteger(challenge), team + " in " + challenge);
      }
    }
    // exact predictions are first (or tied first) on each of its three boards: a mean of 1, the series' first
    assertEquals(1, rows.get("Exact Lab").getInteger("rank"));
    assertEquals(1.0, rows.get("Exact Lab").getDouble("mean_rank"));
    assertEquals(3, rows.get("Exact Lab").getInteger("challenges_ranked"));
    assertEquals(2, rows.get("Close Group").getInteger("challenges_ranked"));
    // the AFRL series ranks a team once ranked in two challenges
    assertNull(rows.get("Solo Team").getValue("rank"));
    assertEquals(1, rows.get("Solo Team").getInteger("challenges_ranked"));
    assertEquals("Solo Team", board.getJsonArray("rows").getJsonObject(2).getString("team"), "the unranked last");
  }
}
