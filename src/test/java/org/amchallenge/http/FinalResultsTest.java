package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.amchallenge.Fixtures;
import org.amchallenge.competition.CompetitionService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * SPEC "The reveal, and what is final": once a challenge is revealed, nothing that decides a final score or rank
 * changes, through the API or through the challenge files, while its title and description may still be corrected.
 */
@ExtendWith(VertxExtension.class)
class FinalResultsTest {
  static final String ID = "final-results";
  static final String DEFINITION = CompetitionLifeTest.DEFINITION.replace("id: life-cycle", "id: " + ID)
      .replace("title: Life cycle", "title: Final results");
  private static final String BASE = "/api/challenges/" + ID;

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-02T12:00:00Z"));
  private String reference;
  private LiveServer live;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    reference = new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8);
    live = LiveServer.of(vertx, dir, ID, DEFINITION, reference, clock);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  /** Three teams whose errors fall on different samples, so that another split would rank them otherwise; then the reveal. */
  private void competeAndReveal() {
    upload(live.register("MeltLab"), errorsOn(1, 0, 0));
    upload(live.register("Poolers"), errorsOn(0, 0, 8));
    upload(live.register("Tracks"), errorsOn(0, 6, 0));
    clock.set(Instant.parse("2026-04-02T00:00:00Z"));
    HttpResponse<Buffer> revealed = LiveServer.join(live.client.post(BASE + "/reveal").bearerTokenAuthentication(TestServer.ORGANIZER).send());
    assertEquals(200, revealed.statusCode(), revealed.bodyAsString());
    assertEquals("revealed", live.get(BASE, null).bodyAsJsonObject().getString("status"));
  }

  private void upload(String token, String csv) {
    HttpResponse<Buffer> answer = live.upload(ID, token, "text/csv", Buffer.buffer(csv));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
  }

  /** Exact predictions but for an error of 10 on sample S1 (weight a), S3 (weight b) and S5 (weight c), in both quantities. */
  private static String errorsOn(double a, double b, double c) {
    String exact = Fixtures.predictions(0, 0);
    StringBuilder csv = new StringBuilder();
    for (String line : exact.split("\n")) {
      String[] cells = line.split(",");
      double error = line.startsWith("S1,") ? a : line.startsWith("S3,") ? b : line.startsWith("S5,") ? c : 0;
      csv.append(error == 0 ? line : cells[0] + "," + cells[1] + "," + (Double.parseDouble(cells[2]) + 10 * error)).append('\n');
    }
    return csv.toString();
  }

  /** Both boards' rows as anyone reads them after the reveal. */
  private JsonObject boards() {
    return new JsonObject()
        .put("public", live.get(BASE + "/leaderboard", null).bodyAsJsonObject().getJsonArray("rows"))
        .put("private", live.get(BASE + "/leaderboard?board=private", null).bodyAsJsonObject().getJsonArray("rows"));
  }

  private HttpResponse<Buffer> publish(String contentType, String definition) {
    return LiveServer.join(live.client.post("/api/challenges").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(definition)));
  }

  private void assertRefused(HttpResponse<Buffer> answer, String... fields) {
    assertEquals(409, answer.statusCode(), answer.bodyAsString());
    JsonObject problem = answer.bodyAsJsonObject();
    assertEquals("/problems/results-final", problem.getString("type"));
    for (String field : fields) assertTrue(problem.getString("detail").contains(field), field + " named in " + problem.getString("detail"));
  }

  private JsonArray audit() {
    return live.get(BASE + "/audit", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("actions");
  }

  @Test
  @DisplayName("after the reveal, a new seed, closing time, quantity weight or ranking rule is refused (409 naming it), in YAML or JSON, and the boards stay as revealed")
  void finalFieldsRefused() {
    competeAndReveal();
    JsonObject revealed = boards();
    assertEquals(3, revealed.getJsonArray("private").size());
    int audited = audit().size();

    assertRefused(publish("application/yaml", DEFINITION.replace("seed: 42", "seed: 43")), "split.seed");
    assertRefused(publish("application/yaml", DEFINITION.replace("closes: 2026-04-01T00:00:00Z", "closes: 2026-05-01T00:00:00Z")), "closes");
    assertRefused(publish("application/yaml", DEFINITION.replace("primary: nrmse, weight: 3", "primary: nrmse, weight: 2")),
        "quantities.width.weight");
    assertRefused(publish("application/yaml", DEFINITION.replace("ranking: {score: weighted_mean, precision: 6}",
        "ranking: {score: weighted_mean, precision: 6, min_coverage: 0.5}")), "ranking.min_coverage");
    assertRefused(publish("application/yaml", DEFINITION.replace("final_selections: 1", "final_selections: 2")), "rules.final_selections");
    assertRefused(publish("application/yaml", DEFINITION.replace("{public_fraction: 0.5, seed: 42, by: sample}",
        "{public_fraction: 0.4, seed: 7, by: sample}").replace("reveal: manual", "reveal: on_close")),
        "split.public_fraction", "split.seed", "reveal");
    JsonObject json = new JsonObject().put("id", ID).put("title", "Final results").put("opens", "2026-03-01T00:00:00Z")
        .put("closes", "2026-04-01T00:00:00Z").put("reveal", "manual")
        .put("rules", new JsonObject().put("max_submissions_per_day", 3).put("max_submissions_total", 5).put("max_team_size", 2).put("final_selections", 1))
        .put("split", new JsonObject().put("public_fraction", 0.5).put("seed", 99).put("by", "sample"))
        .put("ranking", new JsonObject().put("score", "weighted_mean").put("precision", 6))
        .put("quantities", new JsonArray()
            .add(new JsonObject().put("id", "depth").put("unit", "um").put("primary", "nmae").put("weight", 1))
            .add(new JsonObject().put("id", "width").put("unit", "um").put("primary", "nrmse").put("weight", 3)));
    assertRefused(publish("application/json", json.encode()), "split.seed");

    assertEquals(revealed, boards(), "the boards are the revealed ones");
    assertEquals(audited, audit().size(), "a refused change is not in the audit log");
    live.restart();
    assertEquals(revealed, boards(), "and stay so after a restart");
  }

  @Test
  @DisplayName("after the reveal, a corrected title and description are published (200, audited) and change no score")
  void wordsMayChange() {
    competeAndReveal();
    JsonObject revealed = boards();
    String corrected = DEFINITION.replace("title: Final results", "title: Final results (corrected)")
        + "description: The tracks were measured by optical microscopy.\n";
    HttpResponse<Buffer> answer = publish("application/yaml", corrected);
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    JsonObject served = live.get(BASE, null).bodyAsJsonObject();
    assertEquals("Final results (corrected)", served.getString("title"));
    assertEquals("revealed", served.getString("status"));
    JsonObject last = audit().getJsonObject(audit().size() - 1);
    assertEquals("updated", last.getString("action"));
    assertTrue(last.getString("detail").contains("title") && last.getString("detail").contains("description"), last.encode());
    assertEquals(revealed, boards());
    // the same definition again changes nothing final either
    assertEquals(200, publish("application/yaml", corrected).statusCode());
  }

  @Test
  @DisplayName("after the reveal, other reference data are refused (409 naming the reference) and the revealed ones stay served")
  void referenceFinal() {
    competeAndReveal();
    JsonObject revealed = boards();
    String changed = reference.replace("S1,depth,,,100,", "S1,depth,,,102,");
    HttpResponse<Buffer> answer = LiveServer.join(live.client.put(BASE + "/reference").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(changed)));
    assertRefused(answer, "reference");
    assertEquals(reference, live.get(BASE + "/reference", null).bodyAsString());
    assertEquals(revealed, boards());
  }

  @Test
  @DisplayName("a challenge on_close whose closing time has passed is revealed: its closing time cannot be moved to reopen it")
  void revealedOnClose() throws Exception {
    String onClose = DEFINITION.replace("reveal: manual", "reveal: on_close");
    assertEquals(200, publish("application/yaml", onClose).statusCode(), "before the reveal, anything may change");
    upload(live.register("MeltLab"), errorsOn(1, 0, 0));
    clock.set(Instant.parse("2026-04-02T00:00:00Z"));
    assertEquals("revealed", live.get(BASE, null).bodyAsJsonObject().getString("status"));
    assertRefused(publish("application/yaml", onClose.replace("closes: 2026-04-01T00:00:00Z", "closes: 2026-06-01T00:00:00Z")), "closes");
    assertEquals("revealed", live.get(BASE, null).bodyAsJsonObject().getString("status"));
  }

  @Test
  @DisplayName("a challenge file changed after the reveal is not applied at the next start: the server starts, serves the stored definition and warns")
  void changedFileAtRestart() throws Exception {
    competeAndReveal();
    JsonObject revealed = boards();
    int audited = audit().size();
    Files.writeString(dir.resolve("challenges/" + ID + ".yaml"), DEFINITION.replace("seed: 42", "seed: 43")
        .replace("closes: 2026-04-01T00:00:00Z", "closes: 2026-05-01T00:00:00Z").replace("title: Final results", "title: Rewritten"));

    ListAppender<ILoggingEvent> warnings = restartCapturingWarnings();

    JsonObject served = live.get(BASE, null).bodyAsJsonObject();
    assertEquals("Final results", served.getString("title"));
    assertEquals("2026-04-01T00:00:00Z", served.getString("closes"));
    assertEquals("revealed", served.getString("status"));
    assertEquals(revealed, boards());
    assertEquals(reference, live.get(BASE + "/reference", null).bodyAsString());
    assertEquals(audited, audit().size(), "nothing was published from the files");
    List<String> told = warnings.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(ID)).toList();
    assertTrue(told.stream().anyMatch(m -> m.contains("closes") && m.contains("split.seed") && m.contains("not applied")), told.toString());

    // a file that changes only the words is applied at the next start
    Files.writeString(dir.resolve("challenges/" + ID + ".yaml"), DEFINITION.replace("title: Final results", "title: Final results, reworded"));
    live.restart();
    assertEquals("Final results, reworded", live.get(BASE, null).bodyAsJsonObject().getString("title"));
    assertEquals(revealed, boards());
    assertFalse(live.get(BASE + "/leaderboard?board=private", null).bodyAsJsonObject().getJsonArray("rows").isEmpty());
  }

  @Test
  @DisplayName("a reference file changed after the reveal is not served at the next start: the challenge waits, hidden, for the revealed file, which the warning names")
  void changedReferenceFileAtRestart() throws Exception {
    competeAndReveal();
    JsonObject revealed = boards();
    Files.writeString(dir.resolve("reference-data/" + ID + ".csv"), reference.replace("S1,depth,,,100,", "S1,depth,,,102,"));
    ListAppender<ILoggingEvent> warnings = restartCapturingWarnings();
    assertEquals(404, live.get(BASE + "/reference", null).statusCode(), "the changed file is never served as the revealed reference");
    assertEquals(404, live.get(BASE + "/leaderboard?board=private", null).statusCode());
    assertTrue(warnings.list.stream().map(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.contains(ID) && m.contains("reference") && m.contains("restore")), warnings.list.toString());

    Files.writeString(dir.resolve("reference-data/" + ID + ".csv"), reference);
    live.restart();
    assertEquals(reference, live.get(BASE + "/reference", null).bodyAsString());
    assertEquals(revealed, boards());
  }

  /** Restarts the server, keeping what CompetitionService logged while it started. */
  private ListAppender<ILoggingEvent> restartCapturingWarnings() {
    Logger logger = (Logger) LoggerFactory.getLogger(CompetitionService.class);
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    logger.addAppender(warnings);
    try {
      live.restart();
    } finally {
      logger.detachAppender(warnings);
    }
    return warnings;
  }
}
