package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes every route, with every token and none, with good and bad input, before the reveal, and fails if an
 * answer holds a held-out value, a private score, or a measured value of a public row.
 */
@ExtendWith(VertxExtension.class)
class NoLeakTest {
  private static final String ID = "leak-probe";
  private static final String BASE = "/api/challenges/" + ID;
  /** Measured values with digits no prediction, score or count here will show. */
  private static final String[] DEPTHS = {"101.7371", "55.2913", "83.6947", "119.4483", "64.8219", "92.3557"};
  private static final String[] WIDTHS = {"203.1597", "98.4271", "151.8833", "208.6619", "122.5177", "171.9041"};
  private static final String[] SIGMAS = {"4.3117", "3.9251"};
  /** A metric's figure in an answer (a number or null), as opposed to its definition, which every challenge's view serves. */
  private static final java.util.function.Function<String, java.util.regex.Pattern> FIGURE =
      metric -> java.util.regex.Pattern.compile("\"" + metric + "\":(-|[0-9]|null)");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-10T00:00:00Z"));
  private LiveServer live;

  private Vertx vertx;

  @BeforeEach
  void keep(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The challenge with its ranking line as {@code ranking} (and any other top-level line), the reference as above. */
  private void start(String ranking) throws Exception {
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,component,value,uncertainty,weight,censor\n");
    for (int i = 0; i < 6; i++) {
      csv.append("S").append(i + 1).append(",depth,,,").append(DEPTHS[i]).append(',').append(SIGMAS[0]).append(",,\n");
      csv.append("S").append(i + 1).append(",width,,,").append(WIDTHS[i]).append(',').append(SIGMAS[1]).append(",,\n");
    }
    // a series over the challenge: its board and page are read below with every other answer
    java.nio.file.Files.createDirectories(dir.resolve("challenges/series"));
    java.nio.file.Files.writeString(dir.resolve("challenges/series/leak-series.yaml"), "id: leak-series\ntitle: Leak\nchallenges: [" + ID + "]\n");
    live = LiveServer.of(vertx, dir, ID, CompetitionLifeTest.DEFINITION.replace("id: life-cycle", "id: " + ID)
        .replace("ranking: {score: weighted_mean, precision: 6}", ranking), csv.toString(), clock);
  }

  @AfterEach
  void stop() {
    if (live != null) live.close();
  }

  private static String predictions(double offset) {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value,uncertainty\n");
    for (int i = 0; i < 6; i++) {
      csv.append("S").append(i + 1).append(",depth,").append(90 + i * 3 + offset).append(",5\n");
      csv.append("S").append(i + 1).append(",width,").append(160 + i * 5 + offset).append(",5\n");
    }
    return csv.toString();
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String token, String contentType, String body) {
    HttpRequest<Buffer> request = live.client.request(method, path);
    if (token != null) request.bearerTokenAuthentication(token);
    if (contentType != null) request.putHeader("Content-Type", contentType);
    return LiveServer.join(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ranking: {score: weighted_mean, precision: 6}",
      "ranking: {score: weighted_mean, precision: 6, ladder: true}",
      "ranking: {score: weighted_mean, precision: 6}\nfeedback: score"})
  @DisplayName("before the reveal no answer holds a measured value, a residual, a private score, the public part's size or a split")
  void nothingLeaks(String ranking) throws Exception {
    start(ranking);
    boolean scoreOnly = !ranking.equals("ranking: {score: weighted_mean, precision: 6}");
    String owner = live.register("Owner", "o1");
    String rival = live.register("Rival", "r1");
    String mine = upload(owner, predictions(1));
    String theirs = upload(rival, predictions(-2));

    Set<String> secrets = new LinkedHashSet<>(List.of(DEPTHS));
    secrets.addAll(List.of(WIDTHS));
    secrets.addAll(List.of(SIGMAS));
    // every residual of both teams (a residual beside its prediction is the measurement), by hand: prediction - measured
    for (double offset : new double[] {1, -2}) {
      for (int i = 0; i < 6; i++) {
        secrets.add(difference(90 + i * 3 + offset, DEPTHS[i]));
        secrets.add(difference(160 + i * 5 + offset, WIDTHS[i]));
      }
    }
    // an organizer's baseline: its private figures are as secret as a team's
    HttpResponse<Buffer> added = call(HttpMethod.POST, BASE + "/baselines?name=Offset", TestServer.ORGANIZER, "text/csv", predictions(3.5));
    assertEquals(201, added.statusCode(), added.bodyAsString());
    JsonObject baseline = added.bodyAsJsonObject();
    secrets.add(number(baseline.getJsonObject("private").getValue("score")));
    secrets.add(number(baseline.getJsonObject("all").getValue("score")));
    baseline.getJsonObject("private").getJsonObject("quantities").forEach(q -> secrets.add(number(((JsonObject) q.getValue()).getValue("mae"))));
    for (String id : List.of(mine, theirs)) {
      JsonObject organizer = live.asOrganizer(ID, id);
      secrets.add(number(organizer.getJsonObject("private").getValue("score")));
      secrets.add(number(organizer.getJsonObject("all").getValue("score")));
      organizer.getJsonObject("private").getJsonObject("quantities").forEach(q ->
          secrets.add(number(((JsonObject) q.getValue()).getValue("mae"))));
    }

    List<String> paths = List.of("/health", "/api/challenges", BASE, BASE + "/template.csv", BASE + "/template.xlsx",
        BASE + "/leaderboard", BASE + "/leaderboard?board=private", BASE + "/leaderboard?quantity=depth",
        BASE + "/leaderboard?quantity=width&board=private", BASE + "/reference", BASE + "/audit", BASE + "/submissions",
        BASE + "/submissions/" + mine, BASE + "/submissions/" + theirs, BASE + "/submissions/nope", BASE + "/inputs/x.csv",
        BASE + "/baselines",
        "/api/challenges/nope/leaderboard", "/api/series", "/api/series/leak-series", "/api/series/leak-series/leaderboard");
    assertEquals(2, live.get("/api/series/leak-series/leaderboard", null).bodyAsJsonObject().getJsonArray("rows").size(), "the series ranks both teams");
    List<String> answers = new ArrayList<>();
    answers.add("events -> " + firstEvent());
    for (String token : new String[] {null, owner, rival, "amc_forged"}) {
      for (String path : paths) {
        answers.add(path + " -> " + call(HttpMethod.GET, path, token, null, null).bodyAsString());
        answers.add(path + " csv -> " + LiveServer.join(withToken(live.client.get(path).putHeader("Accept", "text/csv"), token).send()).bodyAsString());
      }
      answers.add(call(HttpMethod.POST, BASE + "/submissions", token, "text/csv", "sample_id,quantity,value\nS1,depth,x\nS9,width,1\n").bodyAsString());
      answers.add(call(HttpMethod.POST, BASE + "/submissions", token, "application/json", "{\"predictions\":[{\"sample_id\":\"S1\"}]}").bodyAsString());
      answers.add(call(HttpMethod.POST, BASE + "/submissions", token, "text/csv", predictions(0).replace("S6,width", "S6,depth")).bodyAsString());
      answers.add(call(HttpMethod.POST, BASE + "/submissions/" + mine + "/select", token, null, null).bodyAsString());
      answers.add(call(HttpMethod.PUT, BASE + "/reference", token, "text/csv", "sample_id,quantity,value\n").bodyAsString());
      answers.add(call(HttpMethod.POST, BASE + "/reveal", token, null, null).bodyAsString());
      answers.add(call(HttpMethod.POST, BASE + "/baselines?name=Mine", token, "text/csv", predictions(0)).bodyAsString());
      answers.add(call(HttpMethod.POST, "/api/challenges", token, "application/yaml", "id: x").bodyAsString());
    }
    for (String answer : answers) {
      for (String secret : secrets) {
        assertFalse(answer.contains(secret), () -> "'" + secret + "' leaked in: " + answer);
      }
      assertFalse(answer.contains("\"measured\""), () -> "a measurement leaked in: " + answer);
      assertFalse(answer.contains("\"residual"), () -> "a residual leaked in: " + answer);
      assertFalse(answer.contains("\"part\""), () -> "a row's part leaked in: " + answer);
      // a figure, not the metric's served definition ("metrics": {"max_abs_error": {"name": ...}})
      assertFalse(FIGURE.apply("max_abs_error").matcher(answer).find(), () -> "one row's error leaked in: " + answer);
      assertFalse(answer.contains("\"n\":3"), () -> "the public part's row count leaked in: " + answer);
      if (scoreOnly) {
        assertFalse(FIGURE.apply("mae").matcher(answer).find() || answer.contains("\"depth\":0") || FIGURE.apply("coverage").matcher(answer).find(),
            () -> "a per-quantity figure leaked under the Ladder or feedback: score: " + answer);
      }
    }
    JsonObject own = live.get(BASE + "/submissions/" + mine, owner).bodyAsJsonObject();
    if (scoreOnly) {
      assertTrue(own.getJsonObject("quantities").isEmpty(), own.encode());
      assertEquals(403, live.get(BASE + "/leaderboard?quantity=depth", null).statusCode());
    } else {
      assertEquals(6, own.getJsonObject("quantities").getJsonObject("depth").getInteger("n"), "rows given over the whole challenge");
      assertEquals(1.0, own.getJsonObject("quantities").getJsonObject("depth").getDouble("coverage"));
    }

    // after the reveal, everything is everyone's: every row with its measurement, every metric, the per-quantity boards
    assertEquals(200, call(HttpMethod.POST, BASE + "/reveal?close_now=true", TestServer.ORGANIZER, null, null).statusCode());
    JsonObject revealed = live.get(BASE + "/submissions/" + mine, null).bodyAsJsonObject();
    assertEquals(12, revealed.getJsonArray("residuals").size());
    assertTrue(revealed.getJsonArray("residuals").getJsonObject(0).containsKey("measured"));
    assertTrue(revealed.getJsonObject("quantities").getJsonObject("depth").containsKey("max_abs_error"));
    assertEquals(200, live.get(BASE + "/leaderboard?quantity=depth", null).statusCode());
    assertTrue(answers.size() > 150, "every route was probed: " + answers.size());
    assertTrue(secrets.size() >= 14 + 4, "every measured value, both sigmas and the private scores are looked for: " + secrets);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ranking: {score: weighted_mean, precision: 6}", "ranking: {score: weighted_mean, precision: 6, ladder: true}"})
  @DisplayName("curves, distributions of observations and u-pooling (issue 28): before the reveal no answer holds a measured point, an observation, a PIT value or a private score")
  void curvesAndDistributionsLeakNothing(String ranking) throws Exception {
    String plots = "/api/challenges/" + SubmissionPlotsTest.ID;
    live = LiveServer.of(vertx, dir, SubmissionPlotsTest.ID, SubmissionPlotsTest.DEFINITION
        .replace("ranking: {score: weighted_mean, precision: 6}", ranking), SubmissionPlotsTest.REFERENCE, clock);
    String owner = live.register("Owner", "o1");
    String rival = live.register("Rival", "r1");
    HttpResponse<Buffer> created = live.upload(SubmissionPlotsTest.ID, owner, "text/csv", Buffer.buffer(SubmissionPlotsTest.PREDICTIONS));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String mine = created.bodyAsJsonObject().getString("id");
    Set<String> secrets = new LinkedHashSet<>(SubmissionPlotsTest.secrets());
    JsonObject organizer = live.asOrganizer(SubmissionPlotsTest.ID, mine);
    Set<Object> shown = new java.util.HashSet<>();
    organizer.getJsonObject("quantities").forEach(q -> shown.addAll(((JsonObject) q.getValue()).getMap().values()));
    organizer.getJsonObject("private").getJsonObject("quantities").forEach(q -> ((JsonObject) q.getValue()).forEach(metric -> {
      // a held-out figure with digits of its own (four or more: 0.5 is in every definition), not one the public part shows too
      if (metric.getValue() instanceof Double figure && number(figure).replaceAll("[^0-9]", "").replaceFirst("^0+", "").length() >= 4
          && !shown.contains(figure)) {
        secrets.add(number(figure));
      }
    }));
    assertTrue(organizer.getJsonObject("private").getJsonObject("quantities").getJsonObject("flow_stress").getValue("curve_area") != null,
        "a curve sample is held out: its figures are looked for");

    List<String> answers = new ArrayList<>(List.of(created.bodyAsString()));
    for (String token : new String[] {null, owner, rival}) {
      for (String path : List.of("/api/challenges", plots, plots + "/template.csv", plots + "/template.xlsx", plots + "/leaderboard",
          plots + "/leaderboard?board=private", plots + "/leaderboard?quantity=flow_stress", plots + "/leaderboard?quantity=grain_size",
          plots + "/leaderboard?quantity=ys", plots + "/reference", plots + "/submissions", plots + "/submissions/" + mine, plots + "/export")) {
        answers.add(path + " -> " + call(HttpMethod.GET, path, token, null, null).bodyAsString());
      }
      // a refused curve (two rows at one abscissa) and a refused draw: their problems name the file, never a measurement
      answers.add(call(HttpMethod.POST, plots + "/submissions", token, "text/csv", SubmissionPlotsTest.PREDICTIONS
          .replace("A,flow_stress,strain=0.25,160,", "A,flow_stress,strain=0.15,161,")).bodyAsString());
      answers.add(call(HttpMethod.POST, plots + "/submissions", token, "text/csv", SubmissionPlotsTest.PREDICTIONS
          .replace("B,grain_size,,19,", "B,grain_size,,x,")).bodyAsString());
    }
    for (String answer : answers) {
      SubmissionPlotsTest.assertNoSecret(answer);
      for (String secret : secrets) assertFalse(answer.contains(secret), () -> "'" + secret + "' leaked in: " + answer);
      assertFalse(answer.contains("\"part\""), () -> "a row's part leaked in: " + answer);
    }
    assertTrue(answers.size() > 40, "every route was probed: " + answers.size());
    assertTrue(secrets.size() >= SubmissionPlotsTest.secrets().size() + 5, "the private part's own figures are looked for too: " + secrets);
  }

  private static HttpRequest<Buffer> withToken(HttpRequest<Buffer> request, String token) {
    return token == null ? request : request.bearerTokenAuthentication(token);
  }

  private String upload(String token, String csv) {
    HttpResponse<Buffer> created = live.upload(ID, token, "text/csv", Buffer.buffer(csv));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject().getString("id");
  }

  /** The first live event of the public board, as a stranger receives it. */
  private String firstEvent() {
    io.vertx.core.http.HttpClient http = vertx.createHttpClient();
    try {
      return LiveServer.join(http.request(HttpMethod.GET, live.port, "127.0.0.1", BASE + "/leaderboard/events")
          .compose(request -> request.send())
          .compose(response -> {
            io.vertx.core.Promise<String> event = io.vertx.core.Promise.promise();
            StringBuilder text = new StringBuilder();
            response.handler(chunk -> {
              text.append(chunk.toString());
              if (text.indexOf("event: leaderboard") >= 0 && text.indexOf("\n\n", text.indexOf("event: leaderboard")) >= 0) event.tryComplete(text.toString());
            });
            return event.future();
          }));
    } finally {
      http.close();
    }
  }

  /** prediction - measured, as a decimal with no trailing zero, without its sign (either sign is a leak). */
  private static String difference(double predicted, String measured) {
    return new java.math.BigDecimal(Double.toString(predicted)).subtract(new java.math.BigDecimal(measured)).abs()
        .stripTrailingZeros().toPlainString();
  }

  /** A figure as it appears in JSON, e.g. 0.0831429. */
  private static String number(Object value) {
    return String.valueOf(value);
  }
}
