package org.amchallenge.http;

import static org.awaitility.Awaitility.await;
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
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.amchallenge.Fixtures;
import org.amchallenge.ServerConfig;
import org.amchallenge.competition.FolderWatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Files added or changed in the challenge folders while the server runs are published within seconds, each logged. */
@ExtendWith(VertxExtension.class)
class FolderWatchTest {
  private static final Duration WITHIN = Duration.ofSeconds(15);
  private static final String WATCHED = "watched-tracks";
  /** Closed and revealed (on close) before the test's clock: its final fields cannot change. */
  private static final String REVEALED = "revealed-tracks";

  @TempDir Path dir;
  private LiveServer live;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger watcherLog = (Logger) LoggerFactory.getLogger(FolderWatcher.class);
  private String reference;

  private static String definition(String id, String title, String opens, String closes) {
    return new String(Fixtures.resource("challenges/test-tracks.yaml"), StandardCharsets.UTF_8)
        .replace("id: test-tracks", "id: " + id).replace("title: Test tracks", "title: " + title)
        .replace("opens: 2026-01-01T00:00:00Z", "opens: " + opens).replace("closes: 2027-01-01T00:00:00Z", "closes: " + closes);
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    logged.start();
    watcherLog.addAppender(logged);
    Fixtures.copyTo(dir);
    reference = new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("challenges/" + REVEALED + ".yaml"), definition(REVEALED, "Revealed", "2025-01-01T00:00:00Z", "2025-06-01T00:00:00Z"));
    Files.writeString(dir.resolve("reference-data/" + REVEALED + ".csv"), reference);
    live = LiveServer.of(vertx, new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"),
        null, TestServer.ORGANIZER, 1 << 20, new TestClock(TestServer.NOW)).withWatchMillis(250));
  }

  @AfterEach
  void stop() {
    live.close();
    watcherLog.detachAppender(logged);
  }

  private String title(String id) {
    var answer = live.get("/api/challenges/" + id, null);
    return answer.statusCode() == 200 ? answer.bodyAsJsonObject().getString("title") : null;
  }

  private List<String> lines(String file) {
    return List.copyOf(logged.list).stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith(file + ": ")).toList();
  }

  private void awaitLine(String file, String words) {
    await().atMost(WITHIN).until(() -> lines(file).stream().anyMatch(m -> m.contains(words)));
  }

  @Test
  @DisplayName("a new challenge dropped in the folders is published, a changed title is served, a broken file is refused and logged while the good one stays")
  void publishedWhileRunning() throws Exception {
    // the reference first, then the definition, as an organizer copies them: the lone reference publishes nothing
    Files.writeString(dir.resolve("reference-data/" + WATCHED + ".csv"), reference);
    Files.writeString(dir.resolve("challenges/" + WATCHED + ".yaml"), definition(WATCHED, "Watched", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"));
    await().atMost(WITHIN).until(() -> live.get("/api/challenges", null).bodyAsJsonObject().getJsonArray("challenges").stream()
        .anyMatch(c -> WATCHED.equals(((JsonObject) c).getString("id"))));
    assertEquals("Watched", title(WATCHED));
    awaitLine("challenges/" + WATCHED + ".yaml", "published (new challenge " + WATCHED + ")");

    Files.writeString(dir.resolve("challenges/" + WATCHED + ".yaml"), definition(WATCHED, "Watched, retitled", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"));
    await().atMost(WITHIN).until(() -> "Watched, retitled".equals(title(WATCHED)));
    JsonArray actions = live.get("/api/challenges/" + WATCHED + "/audit", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("actions");
    assertEquals(List.of("published", "updated"), actions.stream().map(a -> ((JsonObject) a).getString("action")).toList());
    assertTrue(actions.getJsonObject(1).getString("detail").contains("title"), actions.encodePrettily());

    // written in two steps, as a slow copy leaves it: the first half is refused, with its problems, and the good version stays
    String whole = definition(WATCHED, "Watched, complete", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
    String half = whole.substring(0, whole.indexOf("quantities:")) + "closes_at: yesterday\n";
    Files.writeString(dir.resolve("challenges/" + WATCHED + ".yaml"), half);
    awaitLine("challenges/" + WATCHED + ".yaml", "refused: ");
    String refused = lines("challenges/" + WATCHED + ".yaml").stream().filter(m -> m.contains("refused")).findFirst().orElseThrow();
    assertTrue(refused.contains(WATCHED + ".yaml:18:"), refused); // the unknown field's line, file:line as a compiler prints it
    assertEquals("Watched, retitled", title(WATCHED), "the good version stays served");
    Files.writeString(dir.resolve("challenges/" + WATCHED + ".yaml"), whole);
    await().atMost(WITHIN).until(() -> "Watched, complete".equals(title(WATCHED)));

    // a reference changed: the challenge's submissions are scored again against it
    String token = live.register("Watchers");
    var stored = live.upload(WATCHED, token, "text/csv", Buffer.buffer(Fixtures.predictions(0, 0)));
    assertEquals(201, stored.statusCode(), stored.bodyAsString());
    String id = stored.bodyAsJsonObject().getString("id");
    assertEquals(0.0, live.asOrganizer(WATCHED, id).getJsonObject("all").getJsonObject("quantities").getJsonObject("depth").getDouble("mae"), 1e-12);
    Files.writeString(dir.resolve("reference-data/" + WATCHED + ".csv"), reference.replace("S1,depth,,,100,", "S1,depth,,,106,"));
    // S1's depth is now 6 from the prediction, the other five rows 0: mae 6/6 = 1
    await().atMost(WITHIN).until(() -> live.asOrganizer(WATCHED, id).getJsonObject("all").getJsonObject("quantities").getJsonObject("depth")
        .getDouble("mae") == 1.0);
    awaitLine("reference-data/" + WATCHED + ".csv", "submissions rescored: 1");

    // an input file for modelers is offered as soon as it is there
    Files.createDirectories(dir.resolve("challenges/" + WATCHED));
    Files.writeString(dir.resolve("challenges/" + WATCHED + "/process.csv"), "track,power_W\nS1,195\n");
    assertTrue(live.get("/api/challenges/" + WATCHED, null).bodyAsJsonObject().getJsonArray("inputs").contains("process.csv"));
    awaitLine("challenges/" + WATCHED + "/process.csv", "served as an input file of " + WATCHED);

    // touched, not changed: logged unchanged, nothing audited
    Files.setLastModifiedTime(dir.resolve("challenges/test-tracks.yaml"), java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
    awaitLine("challenges/test-tracks.yaml", "unchanged");
    assertEquals(1, live.get("/api/challenges/test-tracks/audit", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("actions").size());
  }

  @Test
  @DisplayName("a revealed challenge's final fields cannot change from the files: refused and logged; its words still may")
  void revealedStaysFinal() throws Exception {
    assertEquals("revealed", live.get("/api/challenges/" + REVEALED, null).bodyAsJsonObject().getString("status"));
    String original = definition(REVEALED, "Revealed", "2025-01-01T00:00:00Z", "2025-06-01T00:00:00Z");
    Files.writeString(dir.resolve("challenges/" + REVEALED + ".yaml"), original.replace("seed: 42", "seed: 43"));
    awaitLine("challenges/" + REVEALED + ".yaml", "refused: ");
    String refused = lines("challenges/" + REVEALED + ".yaml").stream().filter(m -> m.contains("refused")).findFirst().orElseThrow();
    assertTrue(refused.contains("split.seed"), refused);
    assertEquals(1, live.get("/api/challenges/" + REVEALED + "/audit", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("actions").size());

    Files.writeString(dir.resolve("challenges/" + REVEALED + ".yaml"), original.replace("title: Revealed", "title: Revealed, reworded"));
    await().atMost(WITHIN).until(() -> "Revealed, reworded".equals(title(REVEALED)));
    assertFalse(lines("challenges/" + REVEALED + ".yaml").isEmpty());
  }
}
