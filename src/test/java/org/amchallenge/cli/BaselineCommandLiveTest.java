package org.amchallenge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.amchallenge.Fixtures;
import org.amchallenge.Main;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.domain.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amchallenge baseline add|list|remove} and {@code leaderboard --board post_reveal} against a live server, run as
 * a person runs them, with a config file each; a team's token is refused where an organizer's is needed.
 */
class BaselineCommandLiveTest {
  private static final String ADMIN = "cli-admin-token";
  private static final String ID = "cli-bench";

  /** A clock this test moves past the challenge's closing time, where it reveals. */
  private static final class Moved extends Clock {
    private volatile Instant now = Instant.parse("2026-10-01T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @TempDir Path dir;
  private final Moved clock = new Moved();
  private Server server;
  private String url;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    String fixture = new String(Fixtures.resource("challenges/test-tracks.yaml"), StandardCharsets.UTF_8).replace("id: test-tracks", "id: " + ID);
    Files.writeString(dir.resolve("challenges/" + ID + ".yaml"), fixture + "after_reveal: benchmark\n");
    Files.write(dir.resolve("reference-data/" + ID + ".csv"), Fixtures.resource("reference-data/test-tracks.csv"));
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"),
        null, ADMIN, 16 << 20, clock);
    server = Server.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private record Run(int exit, String out, String err) {}

  private Run as(Path who, String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command.split(" ")));
    all.addAll(List.of("--config", who.toString()));
    all.addAll(Arrays.asList(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(all.toArray(String[]::new));
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path config(String name, String token) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, "server: " + url + "\ntoken: " + token + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private String team(String name) throws Exception {
    HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(url + "/api/teams")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, made.statusCode(), made.body());
    return Json.MAPPER.readTree(made.body()).path("token").asText();
  }

  @Test
  @DisplayName("an organizer adds, lists and removes a baseline from the command line; a team cannot; the post-reveal board prints dated")
  void addListRemove() throws Exception {
    Path organizer = config("organizer", ADMIN);
    Path ada = config("ada", team("Ada"));
    Path file = Files.writeString(dir.resolve("constant.csv"), Fixtures.predictions(3, 3));
    assertEquals(0, as(ada, "submit", "--challenge", ID, Files.writeString(dir.resolve("a.csv"), Fixtures.predictions(1, 1)).toString()).exit());

    Run refused = as(ada, "baseline add", ID, file.toString(), "--name", "Mine");
    assertEquals(4, refused.exit(), refused.out() + refused.err());
    Run added = as(organizer, "baseline add", ID, file.toString(), "--name", "Constant", "--description", "every track the same");
    assertEquals(0, added.exit(), added.out() + added.err());
    assertTrue(added.out().startsWith("baseline ") && added.out().contains("'Constant' added to " + ID), added.out());
    String id = added.out().substring("baseline ".length(), added.out().indexOf(' ', "baseline ".length()));

    Run listed = as(ada, "baseline list", ID);
    assertEquals(0, listed.exit(), listed.err());
    assertTrue(listed.out().contains(id) && listed.out().contains("Constant") && listed.out().contains("every track the same"), listed.out());
    Run board = as(ada, "leaderboard", ID);
    assertEquals(0, board.exit(), board.err());
    List<String> lines = board.out().lines().toList();
    // by hand: Ada's error 1 beats the baseline's 3; the baseline is listed after, unranked
    assertTrue(lines.get(3).trim().startsWith("1  Ada"), board.out());
    assertTrue(lines.get(4).trim().startsWith("-  Constant (baseline)"), board.out());

    Path broken = Files.writeString(dir.resolve("broken.csv"), "sample_id,quantity,value\nS1,depth,oops\n");
    Run rejected = as(organizer, "baseline add", ID, broken.toString(), "--name", "Broken");
    assertEquals(1, rejected.exit(), rejected.out() + rejected.err());
    assertTrue(rejected.err().contains(broken + ":2:"), rejected.err());

    assertEquals(4, as(ada, "baseline remove", ID, id).exit());
    Run removed = as(organizer, "baseline remove", ID, id);
    assertEquals(0, removed.exit(), removed.err());
    assertEquals(4, as(organizer, "baseline remove", ID, id).exit(), "gone already");
    assertTrue(as(ada, "baseline list", ID).out().contains("has no baseline"));

    // after the reveal: Ada's new upload is on the post-reveal board, dated
    clock.now = Instant.parse("2027-01-02T09:00:00Z");
    assertEquals(0, as(ada, "submit", "--challenge", ID, Files.writeString(dir.resolve("late.csv"), Fixtures.predictions(2, 2)).toString()).exit());
    Run late = as(ada, "leaderboard", ID, "--board", "post_reveal");
    assertEquals(0, late.exit(), late.err());
    assertTrue(late.out().startsWith(ID + ", post_reveal board"), late.out());
    assertTrue(late.out().contains("submitted") && late.out().contains("2027-01-02T09:00:00Z"), late.out());
  }
}
