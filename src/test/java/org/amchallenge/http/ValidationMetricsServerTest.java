package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.amchallenge.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Curves, distributions and V&V 20 through a real server: the same figures as the offline scorer, boards by quantity, notes. */
@ExtendWith(VertxExtension.class)
class ValidationMetricsServerTest {
  private static final String ID = "validation-server";
  private static final String BASE = "/api/challenges/" + ID;
  private static final String DEFINITION = """
      id: validation-server
      title: Curves, draws and V&V 20
      summary: s
      description: d
      opens: 2026-01-01T00:00:00Z
      closes: 2026-12-31T00:00:00Z
      reveal: on_close
      split: {public_fraction: 0.5, seed: 7, by: sample}
      ranking: {score: weighted_mean, precision: 4}
      quantities:
        - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area}
        - {id: grain_size, unit: um, kind: distribution, distribution: samples, primary: nwasserstein}
        - {id: yield_strength, unit: MPa, primary: vv20_ratio}
      """;
  private static final String REFERENCE = """
      sample_id,quantity,point,component,value,uncertainty,weight,censor
      A,flow_stress,strain=0.0,,0,,,
      A,flow_stress,strain=0.05,,310,,,
      A,flow_stress,strain=0.1,,360,,,
      B,flow_stress,strain=0.0,,0,,,
      B,flow_stress,strain=0.05,,280,,,
      B,flow_stress,strain=0.1,,330,,,
      C,flow_stress,strain=0.0,,0,,,
      C,flow_stress,strain=0.08,,300,,,
      A,grain_size,obs=1,,21,,,
      A,grain_size,obs=2,,25,,,
      A,grain_size,obs=3,,30,,,
      B,grain_size,obs=1,,40,,,
      B,grain_size,obs=2,,44,,,
      C,grain_size,obs=1,,12,,,
      A,yield_strength,,,300,6,,
      B,yield_strength,,,280,5,,
      C,yield_strength,,,310,0,,
      """;
  private static final String PREDICTIONS = """
      sample_id,quantity,point,value,uncertainty,u_num,u_input,unit
      A,flow_stress,strain=0.0,9,,,,MPa
      A,flow_stress,strain=0.04,300,,,,MPa
      A,flow_stress,strain=0.12,370,,,,MPa
      B,flow_stress,strain=0.0,10,,,,MPa
      B,flow_stress,strain=0.07,300,,,,MPa
      B,flow_stress,strain=0.11,335,,,,MPa
      C,flow_stress,strain=0.0,8,,,,MPa
      C,flow_stress,strain=0.09,310,,,,MPa
      A,grain_size,d1,20,,,,um
      A,grain_size,d2,26,,,,um
      B,grain_size,,41,,,,um
      B,grain_size,,41,,,,um
      B,grain_size,,47,,,,um
      C,grain_size,,0.013,,,,mm
      A,yield_strength,,305,8,3,4,MPa
      B,yield_strength,,270,7,1,2,MPa
      C,yield_strength,,45.0,1,0,0,ksi
      """;

  @TempDir Path dir;
  private LiveServer live;
  private final TestClock clock = new TestClock(Instant.parse("2026-06-01T12:00:00Z"));

  @AfterEach
  void stop() {
    if (live != null) live.close();
  }

  @Test
  @DisplayName("the server's figures on all rows, after the reveal, are the offline scorer's to the last digit")
  void sameAsOffline(Vertx vertx) throws Exception {
    live = LiveServer.of(vertx, dir, ID, DEFINITION, REFERENCE, clock);
    String token = live.register("Ada");
    HttpResponse<Buffer> created = live.upload(ID, token, "text/csv", Buffer.buffer(PREDICTIONS));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject answer = created.bodyAsJsonObject();
    JsonObject curve = answer.getJsonObject("quantities").getJsonObject("flow_stress");
    assertTrue(curve.containsKey("curve_area") && curve.containsKey("frechet"), curve::encode);

    clock.set(Instant.parse("2027-01-02T00:00:00Z"));
    JsonObject read = live.asOrganizer(ID, answer.getString("id"));
    Files.writeString(dir.resolve("p.csv"), PREDICTIONS);
    JsonNode offline = new ObjectMapper().readTree(offline("score", "--challenge", dir.resolve("challenges/" + ID + ".yaml").toString(),
        "--reference", dir.resolve("reference-data/" + ID + ".csv").toString(), dir.resolve("p.csv").toString()));
    JsonNode served = new ObjectMapper().readTree(read.encode());
    JsonNode all = served.path("all");
    int compared = 0;
    for (String quantity : List.of("flow_stress", "grain_size", "yield_strength")) {
      JsonNode mine = offline.path("quantities").path(quantity);
      JsonNode theirs = all.path("quantities").path(quantity);
      assertTrue(theirs.isObject(), () -> "no " + quantity + " in " + served);
      for (String metric : List.of("curve_area", "curve_overlap", "frechet", "wasserstein", "nwasserstein", "ks", "vv20_within", "vv20_ratio",
          "u_pooling", "nmae", "coverage")) {
        if (!mine.has(metric)) continue;
        assertEquals(mine.get(metric).isNull(), theirs.path(metric).isNull(), quantity + " " + metric + " in " + theirs);
        if (!mine.get(metric).isNull()) {
          assertEquals(mine.get(metric).asDouble(), theirs.get(metric).asDouble(), 0, quantity + " " + metric);
          compared++;
        }
      }
    }
    assertTrue(compared >= 12, "figures compared: " + compared);
    assertNotNull(offline.path("quantities").path("grain_size").get("nwasserstein"));
  }

  @Test
  @DisplayName("each quantity's board ranks on its new primary; a curve that misses the measured range is told in the answer's notes")
  void boardsAndNotes(Vertx vertx) throws Exception {
    // a challenge that takes curves spanning three quarters of the measured strains, so that one may miss
    live = LiveServer.of(vertx, dir, ID, DEFINITION.replace("precision: 4}", "precision: 4, min_coverage: 0.75}"), REFERENCE, clock);
    String ada = live.register("Ada");
    String bob = live.register("Bob");
    assertEquals(201, live.upload(ID, ada, "text/csv", Buffer.buffer(PREDICTIONS)).statusCode());
    // Bob's curves are Ada's but for sample C, moved past the measured strains
    String far = PREDICTIONS.replace("C,flow_stress,strain=0.0,8", "C,flow_stress,strain=0.2,80")
        .replace("C,flow_stress,strain=0.09,310", "C,flow_stress,strain=0.3,310");
    HttpResponse<Buffer> late = live.upload(ID, bob, "text/csv", Buffer.buffer(far));
    assertEquals(201, late.statusCode(), late.bodyAsString());
    String notes = late.bodyAsJsonObject().getJsonArray("notes").encode();
    assertTrue(notes.contains("flow_stress, sample 'C'") && notes.contains("does not overlap"), notes);
    JsonObject board = live.get(BASE + "/leaderboard?quantity=flow_stress", null).bodyAsJsonObject();
    assertEquals(200, live.get(BASE + "/leaderboard?quantity=grain_size", null).statusCode());
    assertTrue(board.encode().contains("Ada") && board.encode().contains("Bob"), board::encode);
    // on the overall board Bob is not ranked: his curve coverage is 2/3, below 0.75
    String overall = live.get(BASE + "/leaderboard", null).bodyAsString();
    assertTrue(overall.contains("Ada") && !overall.contains("Bob"), overall);
    // a curve that reaches too few measured strains is refused, naming what it misses
    String carol = live.register("Carol");
    String short_ = far.replace("A,flow_stress,strain=0.0,9", "A,flow_stress,strain=0.09,9");
    HttpResponse<Buffer> refused = live.upload(ID, carol, "text/csv", Buffer.buffer(short_));
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    assertTrue(refused.bodyAsString().contains("no predicted curve reaches sample 'A', point 'strain=0'"), refused.bodyAsString());
  }

  private static String offline(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(0, Main.run(args));
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
