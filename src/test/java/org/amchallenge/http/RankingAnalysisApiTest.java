package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SPEC "Ranking analysis" through the API: who reads it when, its figures on a small challenge, its files in the results bundle. */
@ExtendWith(VertxExtension.class)
class RankingAnalysisApiTest {
  static final String ID = "analysis-life";
  static final int SAMPLES = 30;
  static final String DEFINITION = String.join("\n",
      "id: " + ID, "title: Analysis life", "opens: 2026-03-01T00:00:00Z", "closes: 2026-04-01T00:00:00Z", "reveal: manual",
      "rules: {max_submissions_per_day: 10, max_submissions_total: 10}",
      "split: {public_fraction: 0.5, seed: 42, by: sample}",
      "ranking: {score: weighted_mean, precision: 6, bootstrap: 200}",
      "quantities:", "  - {id: depth, unit: um, primary: nmae, weight: 1}", "");
  private static final String BASE = "/api/challenges/" + ID;

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-02T12:00:00Z"));
  private LiveServer live;

  /** Sample i (1-based) measured at 50 + 3 i um. */
  static double measured(int i) {
    return 50 + 3 * i;
  }

  static String reference() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,component,value,uncertainty,weight,censor\n");
    for (int i = 1; i <= SAMPLES; i++) csv.append(sample(i)).append(",depth,,,").append(measured(i)).append(",2,,\n");
    return csv.toString();
  }

  static String sample(int i) {
    return String.format("S%02d", i);
  }

  /** Predictions off by error(i) on sample i. */
  static String predictions(java.util.function.IntToDoubleFunction error) {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 1; i <= SAMPLES; i++) csv.append(sample(i)).append(",depth,").append(measured(i) + error.applyAsDouble(i)).append('\n');
    return csv.toString();
  }

  /** Alpha and Beta make the same small errors; Delta alternates +-2; Gamma is 5 to 7 um off everywhere. */
  static void compete(LiveServer live) {
    upload(live, live.register("Alpha"), predictions(i -> 1));
    upload(live, live.register("Beta"), predictions(i -> 1));
    upload(live, live.register("Gamma"), predictions(i -> 5 + i % 3));
    upload(live, live.register("Delta"), predictions(i -> i % 2 == 0 ? 2 : -2));
  }

  static void upload(LiveServer live, String token, String csv) {
    HttpResponse<Buffer> answer = live.upload(ID, token, "text/csv", Buffer.buffer(csv));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
  }

  static void reveal(LiveServer live, TestClock clock) {
    clock.set(Instant.parse("2026-04-02T00:00:00Z"));
    HttpResponse<Buffer> revealed = LiveServer.join(live.client.post(BASE + "/reveal").bearerTokenAuthentication(TestServer.ORGANIZER).send());
    assertEquals(200, revealed.statusCode(), revealed.bodyAsString());
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.of(vertx, dir, ID, DEFINITION, reference(), clock);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  @Test
  @DisplayName("before the reveal the analysis is refused to the public and to a team (403), and given to the organizer, computed again once the board changes")
  void organizersBeforeTheReveal() {
    compete(live);
    assertEquals(403, live.get(BASE + "/analysis", null).statusCode());
    String team = live.register("Epsilon");
    assertEquals(403, live.get(BASE + "/analysis", team).statusCode());
    HttpResponse<Buffer> first = live.get(BASE + "/analysis", TestServer.ORGANIZER);
    assertEquals(200, first.statusCode(), first.bodyAsString());
    assertEquals(4, first.bodyAsJsonObject().getJsonArray("teams").size());
    assertEquals(first.bodyAsString(), live.get(BASE + "/analysis", TestServer.ORGANIZER).bodyAsString());
    upload(live, team, predictions(i -> 3));
    assertEquals(5, live.get(BASE + "/analysis", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("teams").size());
  }

  @Test
  @DisplayName("after the reveal anyone reads it: per-sample losses |e| / mean |m| of the private part, the official ranks of the final board, ties shared, and what is significant")
  void afterTheReveal() {
    compete(live);
    reveal(live, clock);
    HttpResponse<Buffer> answer = live.get(BASE + "/analysis", null);
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    JsonObject analysis = answer.bodyAsJsonObject();
    assertEquals("private", analysis.getString("board"));
    JsonObject gamma = analysis.getJsonObject("per_sample_losses").getJsonObject("Gamma");
    int samples = analysis.getInteger("samples");
    assertEquals(samples, gamma.size());
    assertTrue(samples > 5 && samples < SAMPLES, "the private part's samples only: " + samples);
    double meanAbs = gamma.fieldNames().stream().mapToDouble(s -> measured(Integer.parseInt(s.substring(1)))).average().orElseThrow();
    for (String s : gamma.fieldNames()) {
      int i = Integer.parseInt(s.substring(1));
      assertEquals((5 + i % 3) / meanAbs, gamma.getDouble(s), 1e-12, s);
    }
    JsonObject board = live.get(BASE + "/leaderboard?board=private", null).bodyAsJsonObject();
    JsonObject official = analysis.getJsonObject("ranking_methods").getJsonObject("official");
    for (Object row : board.getJsonArray("rows")) {
      JsonObject r = (JsonObject) row;
      assertEquals(r.getInteger("rank"), official.getInteger(r.getString("team")), r.getString("team"));
    }
    assertEquals(new JsonObject().put("Alpha", 1).put("Beta", 1).put("Delta", 3).put("Gamma", 4),
        sorted(analysis.getJsonObject("ranking_methods").getJsonObject("aggregate_then_rank_mean")));
    JsonObject significance = analysis.getJsonObject("significance");
    assertEquals(1.0, significance.getJsonObject("p_values").getJsonObject("Alpha").getDouble("Beta"));
    assertTrue(significance.getJsonArray("superior").contains(new JsonArray().add("Alpha").add("Gamma")));
    JsonObject gammaRanks = analysis.getJsonObject("bootstrap").getJsonObject("ranks").getJsonObject("Gamma");
    assertEquals(new JsonObject().put("4", 1.0), gammaRanks.getJsonObject("frequencies"));
    assertEquals(new JsonArray().add(4).add(4), gammaRanks.getJsonArray("interval"));
    assertEquals(200, analysis.getJsonObject("bootstrap").getInteger("resamples"));
    assertTrue(analysis.getString("summary").contains("Alpha and Beta cannot be told apart"), analysis.getString("summary"));
  }

  private static JsonObject sorted(JsonObject ranks) {
    JsonObject out = new JsonObject();
    ranks.fieldNames().stream().sorted().forEach(team -> out.put(team, ranks.getValue(team)));
    return out;
  }

  @Test
  @DisplayName("challenger.csv (Accept: text/csv) and the results bundle's analysis.json, analysis.html and challenger.csv")
  void filesAndBundle() throws IOException {
    compete(live);
    reveal(live, clock);
    String csv = LiveServer.join(live.client.get(BASE + "/analysis").putHeader("Accept", "text/csv").send()).bodyAsString();
    assertTrue(csv.startsWith("task,case,algorithm,value\n"), csv);
    JsonObject analysis = live.get(BASE + "/analysis", null).bodyAsJsonObject();
    int samples = analysis.getInteger("samples");
    // overall and depth for each of the four teams on each private sample
    assertEquals(1 + 2 * 4 * samples, csv.split("\n").length);
    Map<String, String> bundle = unzip(live.get(BASE + "/export", null).body().getBytes());
    assertEquals(analysis, new JsonObject(bundle.get("analysis.json")));
    assertEquals(csv, bundle.get("challenger.csv"));
    assertTrue(bundle.get("analysis.html").contains("cannot be told apart"), bundle.get("analysis.html"));
  }

  @Test
  @DisplayName("amchallenge analysis ID prints each team's ranks and bootstrap interval and writes the three files; before the reveal, without a reader's token, exit 4")
  void commandLine() throws Exception {
    compete(live);
    Process refused = cli(null, "analysis", ID, "--out", dir.resolve("early").toString());
    assertEquals(4, refused.waitFor(), new String(refused.getErrorStream().readAllBytes()));
    reveal(live, clock);
    Process printed = cli(null, "analysis", ID, "--out", dir.resolve("out").toString());
    String out = new String(printed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, printed.waitFor(), new String(printed.getErrorStream().readAllBytes()));
    String gamma = out.lines().filter(line -> line.startsWith("Gamma")).findFirst().orElseThrow(() -> new AssertionError(out));
    assertTrue(gamma.matches("Gamma\\s+4\\s+4\\s+4\\s+4\\s+\\d\\s+4\\s+4-4\\s+0\\s*"), gamma);
    assertTrue(out.contains("cannot be told apart"), out);
    assertEquals(live.get(BASE + "/analysis", null).bodyAsJsonObject(), new JsonObject(java.nio.file.Files.readString(dir.resolve("out/analysis.json"))));
    assertTrue(java.nio.file.Files.readString(dir.resolve("out/challenger.csv")).startsWith("task,case,algorithm,value\n"));
    assertTrue(java.nio.file.Files.readString(dir.resolve("out/analysis.html")).startsWith("<!doctype html>"));
  }

  private Process cli(String token, String... args) throws IOException, InterruptedException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "org.amchallenge.Main"));
    command.addAll(java.util.List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AMC_") || name.equals("XDG_CONFIG_HOME"));
    builder.environment().put("XDG_CONFIG_HOME", dir.resolve("no-config").toString());
    builder.environment().put("AMC_SERVER", "http://127.0.0.1:" + live.port);
    if (token != null) builder.environment().put("AMC_TOKEN", token);
    Process process = builder.start();
    assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the command ended");
    return process;
  }

  private static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> files = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return files;
  }
}
