package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission's plots (issue 28): a curve's predicted points, a distribution's draws, u-pooling's PIT values. Before
 * the reveal a team reads its own predicted side only; the organizer, and everyone after the reveal, the measured side too.
 */
@ExtendWith(VertxExtension.class)
class SubmissionPlotsTest {
  static final String ID = "plots-demo";
  private static final String BASE = "/api/challenges/" + ID;
  /** Seed 2 puts samples A and C in the public part, B and D in the private: each quantity has a sample in both. */
  static final String DEFINITION = String.join("\n",
      "id: " + ID, "title: Plots", "opens: 2026-03-01T00:00:00Z", "closes: 2026-04-01T00:00:00Z", "reveal: manual",
      "split: {public_fraction: 0.5, seed: 2, by: sample}", "ranking: {score: weighted_mean, precision: 6}",
      "quantities:",
      "  - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area}",
      "  - {id: grain_size, unit: um, kind: distribution, distribution: samples, primary: nwasserstein}",
      "  - {id: ys, unit: MPa, primary: nmae}", "");
  /** Measured values with digits that no prediction, score or count here shows. */
  private static final String[][] CURVE_A = {{"0", "12.3917"}, {"0.1", "108.4463"}, {"0.2", "151.2839"}, {"0.3", "173.9521"}};
  private static final String[][] CURVE_B = {{"0", "9.8173"}, {"0.1", "96.5527"}, {"0.2", "141.7309"}};
  private static final String[] GRAINS_A = {"10.7193", "15.0627", "12.3381", "13.5519"};
  private static final String[] GRAINS_B = {"20.2291", "21.8437", "19.6673"};
  private static final String[] YS = {"301.3377", "318.6119", "295.4417", "322.8863"};
  private static final String[] YS_U = {"5.1931", "4.7723", "3.8179", "6.2237"};
  static final String REFERENCE = reference();
  /** Curves at their own abscissae, out of order in the file; draws with ties and no point label; ys with sigma. */
  static final String PREDICTIONS = String.join("\n", "sample_id,quantity,point,value,uncertainty",
      "A,flow_stress,strain=0.15,130,", "A,flow_stress,strain=0,55,", "A,flow_stress,strain=0.25,160,", "A,flow_stress,strain=0.35,170,",
      "B,flow_stress,strain=0,5,", "B,flow_stress,strain=0.12,90,", "B,flow_stress,strain=0.2,140,",
      "A,grain_size,d1,13,", "A,grain_size,d2,11,", "A,grain_size,d3,14,",
      "B,grain_size,,22,", "B,grain_size,,19,", "B,grain_size,,22,", "B,grain_size,,21,",
      "A,ys,,300,8", "B,ys,,320,6", "C,ys,,297,5", "D,ys,,321,7", "");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-10T00:00:00Z"));
  private LiveServer live;

  private static String reference() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,component,value,uncertainty,weight,censor\n");
    for (String[] p : CURVE_A) csv.append("A,flow_stress,strain=").append(p[0]).append(",,").append(p[1]).append(",,,\n");
    for (String[] p : CURVE_B) csv.append("B,flow_stress,strain=").append(p[0]).append(",,").append(p[1]).append(",,,\n");
    for (int i = 0; i < GRAINS_A.length; i++) csv.append("A,grain_size,obs=").append(i + 1).append(",,").append(GRAINS_A[i]).append(",,,\n");
    for (int i = 0; i < GRAINS_B.length; i++) csv.append("B,grain_size,obs=").append(i + 1).append(",,").append(GRAINS_B[i]).append(",,,\n");
    String[] samples = {"A", "B", "C", "D"};
    for (int i = 0; i < 4; i++) csv.append(samples[i]).append(",ys,,,").append(YS[i]).append(',').append(YS_U[i]).append(",,\n");
    return csv.toString();
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.of(vertx, dir, ID, DEFINITION, REFERENCE, clock);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  /** Every measured value and uncertainty, and every ys residual (a residual beside its prediction is the measurement). */
  static List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    for (String[] p : CURVE_A) if (!p[1].equals("0")) secrets.add(p[1]);
    for (String[] p : CURVE_B) secrets.add(p[1]);
    secrets.addAll(List.of(GRAINS_A));
    secrets.addAll(List.of(GRAINS_B));
    secrets.addAll(List.of(YS));
    secrets.addAll(List.of(YS_U));
    // p - m by hand: 300 - 301.3377, 320 - 318.6119, 297 - 295.4417, 321 - 322.8863
    secrets.addAll(List.of("1.3377", "1.3881", "1.5583", "1.8863"));
    // the PIT values' leading digits (expected/plots_pit.txt)
    secrets.addAll(List.of("0.37764", "0.40852", "0.56639", "0.60621"));
    return secrets;
  }

  static void assertNoSecret(String answer) {
    for (String secret : secrets()) assertFalse(answer.contains(secret), () -> "'" + secret + "' leaked in: " + answer);
    assertFalse(answer.contains("\"measured"), () -> "a measured side leaked in: " + answer);
    assertFalse(answer.contains("\"pit\""), () -> "PIT values leaked in: " + answer);
    assertFalse(answer.contains("\"residual"), () -> "a residual leaked in: " + answer);
  }

  private static JsonArray pairs(double... xy) {
    JsonArray pairs = new JsonArray();
    for (int k = 0; k < xy.length; k += 2) pairs.add(new JsonArray().add(xy[k]).add(xy[k + 1]));
    return pairs;
  }

  private static JsonArray values(double... values) {
    JsonArray array = new JsonArray();
    for (double v : values) array.add(v);
    return array;
  }

  private static JsonObject sample(JsonObject plots, String quantity, int index) {
    return plots.getJsonObject(quantity).getJsonArray("samples").getJsonObject(index);
  }

  /** The same numbers, each to {@code tolerance} of its size: before the reveal every figure is rounded to the challenge's precision. */
  private static void assertClose(JsonArray expected, JsonArray actual, double tolerance) {
    assertEquals(expected.size(), actual.size(), actual.encode());
    for (int k = 0; k < expected.size(); k++) {
      if (expected.getValue(k) instanceof JsonArray pair) {
        assertClose(pair, actual.getJsonArray(k), tolerance);
      } else {
        double e = ((Number) expected.getValue(k)).doubleValue();
        assertEquals(e, ((Number) actual.getValue(k)).doubleValue(), tolerance * Math.abs(e), actual.encode());
      }
    }
  }

  /** The team's predicted side, as its file gave it, sorted. */
  private static void assertPredictedSide(JsonObject plots) {
    JsonObject curve = plots.getJsonObject("flow_stress");
    assertEquals("curve", curve.getString("kind"));
    assertEquals("strain", curve.getString("x"));
    assertEquals("MPa", curve.getString("unit"));
    assertEquals("A", sample(plots, "flow_stress", 0).getString("sample_id"));
    assertEquals(pairs(0, 55, 0.15, 130, 0.25, 160, 0.35, 170), sample(plots, "flow_stress", 0).getJsonArray("predicted"));
    assertEquals(4, sample(plots, "flow_stress", 0).getInteger("predicted_n"));
    assertEquals(pairs(0, 5, 0.12, 90, 0.2, 140), sample(plots, "flow_stress", 1).getJsonArray("predicted"));
    assertEquals("distribution", plots.getJsonObject("grain_size").getString("kind"));
    assertEquals(values(11, 13, 14), sample(plots, "grain_size", 0).getJsonArray("predicted"));
    assertEquals(values(19, 21, 22, 22), sample(plots, "grain_size", 1).getJsonArray("predicted"));
  }

  /** The measured side as the reference gives it, sorted, and the PIT values as scipy gives them, to {@code tolerance}. */
  private static void assertMeasuredSide(JsonObject plots, double tolerance) throws Exception {
    assertClose(pairs(0, 12.3917, 0.1, 108.4463, 0.2, 151.2839, 0.3, 173.9521), sample(plots, "flow_stress", 0).getJsonArray("measured"), tolerance);
    assertClose(pairs(0, 9.8173, 0.1, 96.5527, 0.2, 141.7309), sample(plots, "flow_stress", 1).getJsonArray("measured"), tolerance);
    assertEquals(3, sample(plots, "flow_stress", 1).getInteger("measured_n"));
    assertClose(values(10.7193, 12.3381, 13.5519, 15.0627), sample(plots, "grain_size", 0).getJsonArray("measured"), tolerance);
    assertEquals(4, sample(plots, "grain_size", 0).getInteger("measured_n"));
    assertClose(values(19.6673, 20.2291, 21.8437), sample(plots, "grain_size", 1).getJsonArray("measured"), tolerance);
    List<String> expected = Files.readAllLines(Path.of("src/test/resources/expected/plots_pit.txt"));
    JsonArray pit = plots.getJsonObject("ys").getJsonArray("pit");
    assertEquals(expected.size(), pit.size());
    assertEquals(expected.size(), plots.getJsonObject("ys").getInteger("pit_n"));
    for (int k = 0; k < expected.size(); k++) {
      double u = Double.parseDouble(expected.get(k));
      assertEquals(u, pit.getDouble(k), tolerance * u, "PIT value " + k);
    }
    assertFalse(plots.getJsonObject("ys").containsKey("samples"), "a scalar quantity has no per-sample plot");
  }

  @Test
  @DisplayName("before the reveal the team reads its own predicted curves and draws and nothing measured; the organizer reads both sides and the PIT values; after the reveal everyone does")
  void plotsBeforeAndAfterTheReveal() throws Exception {
    String team = live.register("Curvers", "c1");
    String rival = live.register("Rival", "r1");
    HttpResponse<Buffer> created = live.upload(ID, team, "text/csv", Buffer.buffer(PREDICTIONS));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertNoSecret(created.bodyAsString());
    String sid = created.bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> own = live.get(BASE + "/submissions/" + sid, team);
    assertEquals(200, own.statusCode(), own.bodyAsString());
    assertNoSecret(own.bodyAsString());
    JsonObject ownPlots = own.bodyAsJsonObject().getJsonObject("plots");
    assertPredictedSide(ownPlots);
    assertNull(ownPlots.getJsonObject("ys"), "u-pooling's values come from the measurements: nothing for ys before the reveal");
    for (String path : List.of(BASE + "/submissions/" + sid, BASE + "/submissions", BASE, BASE + "/leaderboard", BASE + "/leaderboard?quantity=grain_size")) {
      for (String token : new String[] {null, team, rival}) assertNoSecret(live.get(path, token).bodyAsString());
    }
    assertEquals(404, live.get(BASE + "/submissions/" + sid, rival).statusCode());

    JsonObject organizer = live.asOrganizer(ID, sid).getJsonObject("plots");
    assertPredictedSide(organizer);
    assertMeasuredSide(organizer, 1e-5);  // rounded to the challenge's 6 significant digits before the reveal

    clock.set(Instant.parse("2026-04-02T00:00:00Z"));
    assertEquals(200, LiveServer.join(live.client.post(BASE + "/reveal").bearerTokenAuthentication(TestServer.ORGANIZER).send()).statusCode());
    for (String token : new String[] {team, null}) {
      JsonObject revealed = live.get(BASE + "/submissions/" + sid, token).bodyAsJsonObject().getJsonObject("plots");
      assertPredictedSide(revealed);
      assertMeasuredSide(revealed, 1e-12);
    }
  }

  @Test
  @DisplayName("a curve of more points than a plot draws is thinned evenly, its first and last points kept, its count told")
  void longCurvesAreThinned() {
    String team = live.register("Dense");
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,value,uncertainty\n");
    for (int k = 0; k <= 3000; k++) csv.append("A,flow_stress,strain=").append(k / 10000.0).append(',').append(k).append(",\n");
    csv.append("B,flow_stress,strain=0,5,\nB,flow_stress,strain=0.2,90,\nA,grain_size,,12,\nB,grain_size,,20,\nA,ys,,300,\nB,ys,,320,\nC,ys,,297,\nD,ys,,321,\n");
    HttpResponse<Buffer> created = live.upload(ID, team, "text/csv", Buffer.buffer(csv.toString()));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject a = sample(live.get(BASE + "/submissions/" + created.bodyAsJsonObject().getString("id"), team).bodyAsJsonObject()
        .getJsonObject("plots"), "flow_stress", 0);
    JsonArray points = a.getJsonArray("predicted");
    assertEquals(1000, points.size());
    assertEquals(3001, a.getInteger("predicted_n"));
    assertEquals(pairs(0, 0), new JsonArray().add(points.getJsonArray(0)));
    assertEquals(pairs(0.3, 3000), new JsonArray().add(points.getJsonArray(999)));
    // index k of 1000 is row round(k * 3000 / 999): row 1502 for k = 500 (1501.5 rounded up)
    assertEquals(pairs(0.1502, 1502), new JsonArray().add(points.getJsonArray(500)));
  }
}
