package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An adversary's review of issue 28 through a real server: what a competitor's 201 answer tells before the reveal. */
@ExtendWith(VertxExtension.class)
class Issue28AnswersReviewTest {
  private static final String ID = "review-28-answers";
  private static final String DEFINITION = """
      id: review-28-answers
      title: t
      summary: s
      description: d
      opens: 2026-01-01T00:00:00Z
      closes: 2026-12-31T00:00:00Z
      split: {public_fraction: 0.5, seed: 7, by: sample}
      ranking: {score: weighted_mean, precision: 4}
      quantities:
        - {id: grain_size, unit: um, kind: distribution, distribution: samples, primary: ks}
      """;
  // six held-out observations; the template lists one row per sample, three
  private static final String REFERENCE = """
      sample_id,quantity,point,value
      A,grain_size,obs=1,21
      A,grain_size,obs=2,25
      A,grain_size,obs=3,30
      B,grain_size,obs=1,40
      B,grain_size,obs=2,44
      C,grain_size,obs=1,12
      """;

  @TempDir Path dir;
  private LiveServer live;

  @AfterEach
  void stop() {
    if (live != null) live.close();
  }

  @Test
  @DisplayName("n of a distribution of observations is not the number of held-out observations")
  void nDoesNotCountObservations(Vertx vertx) throws Exception {
    live = LiveServer.of(vertx, dir, ID, DEFINITION, REFERENCE, new TestClock(Instant.parse("2026-06-01T12:00:00Z")));
    String template = live.get("/api/challenges/" + ID + "/template.csv", null).bodyAsString();
    assertEquals(3, template.lines().filter(l -> l.contains(",grain_size,")).count(), template);
    String token = live.register("Ada");
    HttpResponse<Buffer> created = live.upload(ID, token, "text/csv", Buffer.buffer("""
        sample_id,quantity,point,value
        A,grain_size,,20
        B,grain_size,,41
        C,grain_size,,13
        """));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject grains = created.bodyAsJsonObject().getJsonObject("quantities").getJsonObject("grain_size");
    assertTrue(grains.getValue("n") == null || grains.getLong("n") <= 3,
        "n = coverage x reference rows = 6, the count of held-out observations, which nothing public lists: " + grains.encode());
  }

  private static final String CURVE_DEFINITION = """
      id: review-28-far
      title: t
      summary: s
      description: d
      opens: 2026-01-01T00:00:00Z
      closes: 2026-12-31T00:00:00Z
      ranking: {score: weighted_mean, precision: 4}
      quantities:
        - {id: flow_stress, unit: "1", kind: curve, curve: {x: strain}, primary: frechet}
      """;

  // A value's magnitude is held to 1e150 so that its square is finite; but Fréchet divides y by the measured y range
  // first. A curve measured in strain (range 2e-6) and a predicted point at 1e150: (1e150 / 2e-6)^2 is infinite, and
  // so is the Fréchet distance, the primary and the score.
  @Test
  @DisplayName("a legal value far from a curve measured in small numbers is scored to a finite frechet")
  void farAbscissa(Vertx vertx) throws Exception {
    live = LiveServer.of(vertx, dir, "review-28-far", CURVE_DEFINITION, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,0.000001
        A,flow_stress,strain=1,0.000003
        """, new TestClock(Instant.parse("2026-06-01T12:00:00Z")));
    String token = live.register("Ada");
    HttpResponse<Buffer> created = live.upload("review-28-far", token, "text/csv", Buffer.buffer("""
        sample_id,quantity,point,value
        A,flow_stress,strain=0,0.000001
        A,flow_stress,strain=1,1e150
        """));
    if (created.statusCode() == 422) throw new AssertionError(created.bodyAsString());
    assertEquals(201, created.statusCode(), created.bodyAsString());
    Object frechet = created.bodyAsJsonObject().getJsonObject("quantities").getJsonObject("flow_stress").getValue("frechet");
    assertTrue(frechet instanceof Number n && Double.isFinite(n.doubleValue()), "frechet in the answer: " + frechet + " in " + created.bodyAsString());
    String board = live.get("/api/challenges/review-28-far/leaderboard", null).bodyAsString();
    assertTrue(!board.contains("Infinity"), board);
  }
}
