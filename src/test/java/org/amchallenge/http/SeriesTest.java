package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.ArrayList;
import java.util.List;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.challenge.SplitAssignment;
import org.amchallenge.problem.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC "Series": a series over three challenges, teams entering one, two and three of them; the series board's ranks,
 * means and ties computed by hand before and after each reveal (public ranks before, final ranks after).
 */
@ExtendWith(VertxExtension.class)
class SeriesTest {
  static final List<String> CHALLENGES = List.of("c-one", "c-two", "c-three");
  static final String REFERENCE = "sample_id,quantity,value\nS1,y,100\nS2,y,200\n";
  static final String SERIES = String.join("\n", "id: trio", "title: Trio series",
      "description: Three challenges on one material.", "challenges: [c-one, c-two, c-three]",
      "ranking: {method: mean_rank, min_challenges: 2}", "");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-02T12:00:00Z"));
  private LiveServer live;
  /** The one sample of the public part and the one of the private part (the split of a seed, the same in the three). */
  private String publicSample;
  private String privateSample;

  static String definition(String id) {
    return String.join("\n", "id: " + id, "title: Challenge " + id.substring(2), "opens: 2026-03-01T00:00:00Z",
        "closes: 2026-04-01T00:00:00Z", "reveal: manual",
        "rules: {max_submissions_per_day: 5, max_submissions_total: 10, max_team_size: 3, final_selections: 1}",
        "split: {public_fraction: 0.5, seed: 42, by: sample}", "quantities:", "  - {id: y, unit: um, weight: 1}", "");
  }

  /** The three challenges and the series written into {@code dir}, the configuration that serves them. */
  static ServerConfig write(Path dir, TestClock clock) throws Exception {
    Files.createDirectories(dir.resolve("challenges/series"));
    Files.createDirectories(dir.resolve("reference-data"));
    for (String id : CHALLENGES) {
      Files.writeString(dir.resolve("challenges/" + id + ".yaml"), definition(id));
      Files.writeString(dir.resolve("reference-data/" + id + ".csv"), REFERENCE);
    }
    Files.writeString(dir.resolve("challenges/series/trio.yaml"), SERIES);
    return new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"), null,
        TestServer.ORGANIZER, 1 << 20, clock);
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    // webhooks to a receiver on this machine, where they go only when the operator allows it
    live = LiveServer.of(vertx, write(dir, clock).withWebhooksAllowPrivate(true).withWatchMillis(250));
    Challenge challenge = ChallengeReader.read(definition("c-one").getBytes(StandardCharsets.UTF_8), true);
    ReferenceData data = ReferenceReader.read(challenge, REFERENCE.getBytes(StandardCharsets.UTF_8));
    boolean[] isPublic = SplitAssignment.publicRows(challenge, data).get("y");
    assertEquals(1, isPublic[0] ^ isPublic[1] ? 1 : 0, "one sample public, the other private");
    publicSample = isPublic[0] ? data.tables().get("y").sample(0) : data.tables().get("y").sample(1);
    privateSample = isPublic[0] ? data.tables().get("y").sample(1) : data.tables().get("y").sample(0);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  /** Predictions off by {@code publicError} on the public sample and {@code privateError} on the private one. */
  private String predictions(int publicError, int privateError) {
    return "sample_id,quantity,value\n" + publicSample + ",y," + (value(publicSample) + publicError) + "\n"
        + privateSample + ",y," + (value(privateSample) + privateError) + "\n";
  }

  private static int value(String sample) {
    return sample.equals("S1") ? 100 : 200;
  }

  private void enter(String challenge, String token, int publicError, int privateError) {
    HttpResponse<Buffer> answer = live.upload(challenge, token, "text/csv", Buffer.buffer(predictions(publicError, privateError)));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
  }

  /** Each row as "team rank mean ranked c-one c-two c-three", "-" where null. */
  private List<String> rows() {
    HttpResponse<Buffer> answer = live.get("/api/series/trio/leaderboard", null);
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    List<String> rows = new ArrayList<>();
    for (Object o : answer.bodyAsJsonObject().getJsonArray("rows")) {
      JsonObject row = (JsonObject) o;
      StringBuilder line = new StringBuilder(row.getString("team") + " " + dash(row.getValue("rank")) + " " + dash(row.getValue("mean_rank"))
          + " " + row.getInteger("challenges_ranked"));
      for (String id : CHALLENGES) line.append(' ').append(dash(row.getJsonObject("ranks").getValue(id)));
      rows.add(line.toString());
    }
    return rows;
  }

  private static String dash(Object value) {
    if (value == null) return "-";
    if (value instanceof Double d && d == Math.rint(d)) return Long.toString(d.longValue());
    return value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4f", d) : value.toString();
  }

  private List<String> boardsUsed() {
    List<String> boards = new ArrayList<>();
    live.get("/api/series/trio/leaderboard", null).bodyAsJsonObject().getJsonArray("challenges")
        .forEach(c -> boards.add(((JsonObject) c).getString("id") + "=" + ((JsonObject) c).getString("board")));
    return boards;
  }

  private void reveal(String challenge) {
    HttpResponse<Buffer> revealed = LiveServer.join(live.client.post("/api/challenges/" + challenge + "/reveal")
        .bearerTokenAuthentication(TestServer.ORGANIZER).send());
    assertEquals(200, revealed.statusCode(), revealed.bodyAsString());
  }

  /**
   * Ada enters the three challenges, Ben c-one and c-two, Dee c-two and c-three, Cy c-one only. Errors (public, private):
   * c-one: Ada (1, 3), Ben (2, 1), Cy (3, 2), so public ranks Ada 1, Ben 2, Cy 3 and final Ben 1, Cy 2, Ada 3;
   * c-two: Ada (2, 1), Ben (1, 1), Dee (2, 3), so public Ben 1, Ada 2, Dee 2 and final Ada 1, Ben 1, Dee 3;
   * c-three: Ada (2, 1), Dee (1, 5), so public Dee 1, Ada 2 and final Ada 1, Dee 2.
   */
  private void compete() {
    String ada = live.register("Ada");
    String ben = live.register("Ben");
    String cy = live.register("Cy");
    String dee = live.register("Dee");
    enter("c-one", ada, 1, 3);
    enter("c-one", ben, 2, 1);
    enter("c-one", cy, 3, 2);
    enter("c-two", ada, 2, 1);
    enter("c-two", ben, 1, 1);
    enter("c-two", dee, 2, 3);
    enter("c-three", ada, 2, 1);
    enter("c-three", dee, 1, 5);
  }

  @Test
  @DisplayName("teams in one, two and three challenges: mean of public ranks before the reveals, final ranks as each is revealed, ties equal, one challenge unranked")
  void ranksBeforeAndAfterReveals() {
    compete();
    // all public: Ben (2+1)/2 = 1.5 and Dee (2+1)/2 = 1.5 tie at 1, Ada (1+2+2)/3 = 1.6667 is 3rd, Cy in one challenge only
    assertEquals(List.of("Ben 1 1.5000 2 2 1 -", "Dee 1 1.5000 2 - 2 1", "Ada 3 1.6667 3 1 2 2", "Cy - 3 1 3 - -"), rows());
    assertEquals(List.of("c-one=public", "c-two=public", "c-three=public"), boardsUsed());

    clock.set(Instant.parse("2026-04-02T00:00:00Z"));
    // closed, not revealed: still the public ranks
    assertEquals(List.of("Ben 1 1.5000 2 2 1 -", "Dee 1 1.5000 2 - 2 1", "Ada 3 1.6667 3 1 2 2", "Cy - 3 1 3 - -"), rows());
    reveal("c-one");
    // c-one final: Ben (1+1)/2 = 1, Dee 1.5, Ada (3+2+2)/3 = 2.3333, Cy (2) unranked
    assertEquals(List.of("Ben 1 1 2 1 1 -", "Dee 2 1.5000 2 - 2 1", "Ada 3 2.3333 3 3 2 2", "Cy - 2 1 2 - -"), rows());
    assertEquals(List.of("c-one=final", "c-two=public", "c-three=public"), boardsUsed());
    reveal("c-two");
    reveal("c-three");
    // all final: Ben (1+1)/2 = 1, Ada (3+1+1)/3 = 1.6667, Dee (3+2)/2 = 2.5, Cy (2) unranked
    assertEquals(List.of("Ben 1 1 2 1 1 -", "Ada 2 1.6667 3 3 1 1", "Dee 3 2.5000 2 - 3 2", "Cy - 2 1 2 - -"), rows());

    HttpResponse<Buffer> csv = LiveServer.join(live.client.get("/api/series/trio/leaderboard").putHeader("Accept", "text/csv").send());
    assertEquals(200, csv.statusCode());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"), csv.getHeader("Content-Type"));
    assertEquals(String.join("\n", "rank,team,c-one,c-two,c-three,challenges_ranked,mean_rank", "1,Ben,1,1,,2,1",
        "2,Ada,3,1,1,3,1.6666666666666667", "3,Dee,,3,2,2,2.5", ",Cy,2,,,1,2", ""), csv.bodyAsString());
  }

  @Test
  @DisplayName("a disqualified team's rank is none on its challenge board and in the series")
  void disqualifiedTeamsDoNotCount() {
    compete();
    HttpResponse<Buffer> out = LiveServer.join(live.client.post("/api/challenges/c-two/disqualifications")
        .bearerTokenAuthentication(TestServer.ORGANIZER).sendJsonObject(new JsonObject().put("team", "Dee").put("reason", "test")));
    assertEquals(201, out.statusCode(), out.bodyAsString());
    // c-two public without Dee: Ben 1, Ada 2; Dee has c-three only (1) and is unranked, listed before Cy (3) by its mean
    assertEquals(List.of("Ben 1 1.5000 2 2 1 -", "Ada 2 1.6667 3 1 2 2", "Dee - 1 1 - - 1", "Cy - 3 1 3 - -"), rows());
  }

  @Test
  @DisplayName("the series list, one series with its challenges' state and leaders, and 404 for a series that is not there")
  void listAndShow() {
    compete();
    JsonArray all = live.get("/api/series", null).bodyAsJsonObject().getJsonArray("series");
    assertEquals(1, all.size());
    assertEquals(new JsonObject().put("id", "trio").put("title", "Trio series").put("description", "Three challenges on one material.")
        .put("challenges", new JsonArray(CHALLENGES)).put("ranking", new JsonObject().put("method", "mean_rank").put("min_challenges", 2)),
        all.getJsonObject(0));
    clock.set(Instant.parse("2026-04-02T00:00:00Z"));
    reveal("c-one");
    JsonObject series = live.get("/api/series/trio", null).bodyAsJsonObject();
    List<String> shown = new ArrayList<>();
    series.getJsonArray("challenges").forEach(c -> {
      JsonObject one = (JsonObject) c;
      shown.add(one.getString("id") + " " + one.getString("status") + " " + one.getString("board") + " " + one.getJsonArray("leaders").encode()
          + " " + one.getInteger("teams_ranked"));
    });
    assertEquals(List.of("c-one revealed final [\"Ben\"] 3", "c-two closed public [\"Ben\"] 3", "c-three closed public [\"Dee\"] 2"), shown);
    assertEquals(404, live.get("/api/series/nothing", null).statusCode());
    assertEquals(404, live.get("/api/series/nothing/leaderboard", null).statusCode());
    HttpResponse<Buffer> page = LiveServer.join(live.client.get("/series/trio").putHeader("Accept", "text/html").send());
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("series.js"));
    assertEquals(404, LiveServer.join(live.client.get("/series/nothing").putHeader("Accept", "text/html").send()).statusCode());
  }

  private HttpResponse<Buffer> publish(String token, String yaml) {
    var request = live.client.post("/api/series").putHeader("Content-Type", "application/yaml");
    if (token != null) request.bearerTokenAuthentication(token);
    return LiveServer.join(request.sendBuffer(Buffer.buffer(yaml)));
  }

  @Test
  @DisplayName("an admin publishes a series through the API (201, then 200), kept over the file; a team may not; an invalid one is 422 naming each line")
  void publishThroughTheApi() {
    String team = live.register("Ada");
    String pair = "id: pair\ntitle: Pair\nchallenges: [c-one, c-two]\n";
    assertEquals(401, publish(null, pair).statusCode());
    assertEquals(403, publish(team, pair).statusCode());
    HttpResponse<Buffer> created = publish(TestServer.ORGANIZER, pair);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals("/api/series/pair", created.getHeader("Location"));
    assertEquals(200, publish(TestServer.ORGANIZER, pair.replace("title: Pair", "title: Pair of two")).statusCode());
    assertEquals("Pair of two", live.get("/api/series/pair", null).bodyAsJsonObject().getString("title"));
    assertEquals(2, live.get("/api/series", null).bodyAsJsonObject().getJsonArray("series").size());

    HttpResponse<Buffer> invalid = publish(TestServer.ORGANIZER, "title: Broken\nchallenges: [c-one, c-nine]\nranking: {method: best_of}\n");
    assertEquals(422, invalid.statusCode(), invalid.bodyAsString());
    List<String> problems = new ArrayList<>();
    invalid.bodyAsJsonObject().getJsonArray("problems").forEach(p -> problems.add(((JsonObject) p).getInteger("line") + " "
        + ((JsonObject) p).getString("field")));
    assertEquals(List.of("1 id", "2 challenges", "3 ranking.method"), problems);
    assertEquals(404, live.get("/api/series/broken", null).statusCode());
    // recorded in the audit log of each challenge it groups
    JsonArray audit = live.get("/api/challenges/c-two/audit", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("actions");
    assertTrue(audit.stream().anyMatch(a -> ((JsonObject) a).getString("detail").contains("series pair published through the API")), audit.encode());
    // a restart serves what the store has
    live.restart();
    assertEquals("Pair of two", live.get("/api/series/pair", null).bodyAsJsonObject().getString("title"));
  }

  @Test
  @DisplayName("an organizer of one challenge may publish a series of their own, but not take over another's series by publishing under its id")
  void noTakeOver() {
    assertEquals(201, publish(TestServer.ORGANIZER, "id: pair\ntitle: Pair\nchallenges: [c-one, c-two]\n").statusCode());
    Accounts.Credential oli = Accounts.signUp(live.client, "oli@example.org", "Oli");
    assertEquals(200, Accounts.send(live.client, io.vertx.core.http.HttpMethod.PUT, "/api/challenges/c-one/roles/oli@example.org",
        Accounts.Credential.token(TestServer.ORGANIZER), new JsonObject().put("role", "organizer")).statusCode());
    String token = Accounts.token(live.client, oli, "series", "organize").token();
    HttpResponse<Buffer> own = publish(token, "id: mine\ntitle: Mine\nchallenges: [c-one]\n");
    assertEquals(201, own.statusCode(), own.bodyAsString());
    HttpResponse<Buffer> takeOver = publish(token, "id: pair\ntitle: Taken\nchallenges: [c-one]\n");
    assertEquals(403, takeOver.statusCode(), takeOver.bodyAsString());
    assertTrue(takeOver.bodyAsString().contains("c-two"), takeOver.bodyAsString());
    JsonObject pair = live.get("/api/series/pair", null).bodyAsJsonObject();
    assertEquals("Pair", pair.getString("title"), "the series stands as its organizers published it");
  }

  @Test
  @DisplayName("a webhook that asked for 'series' is told the series' leaders as its board changes; the results bundle holds the series board and names it")
  void webhooksAndBundle(Vertx vertx) throws Exception {
    List<JsonObject> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.vertx.core.http.HttpServer receiver = LiveServer.join(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if ("series".equals(request.getHeader("X-Amchallenge-Event"))) received.add(body.toJsonObject());
      request.response().end();
    })).listen(0, "127.0.0.1"));
    try {
      HttpResponse<Buffer> added = LiveServer.join(live.client.post("/api/challenges/c-three/webhooks").bearerTokenAuthentication(TestServer.ORGANIZER)
          .sendJsonObject(new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hook")
              .put("secret", "a-secret-of-the-organizers-0001").put("events", new JsonArray().add("series"))));
      assertEquals(201, added.statusCode(), added.bodyAsString());
      compete();
      // the board after the last upload: Ben 1 (1.5), Dee 1 (1.5), Ada 3 (5/3)
      String expected = "[{\"rank\":1,\"team\":\"Ben\",\"mean_rank\":1.5,\"challenges_ranked\":2},"
          + "{\"rank\":1,\"team\":\"Dee\",\"mean_rank\":1.5,\"challenges_ranked\":2},"
          + "{\"rank\":3,\"team\":\"Ada\",\"mean_rank\":1.6666666666666667,\"challenges_ranked\":3}]";
      long end = System.currentTimeMillis() + 20_000;
      while (received.stream().noneMatch(body -> body.getJsonObject("series").getJsonArray("leaders").encode().equals(expected))) {
        assertTrue(System.currentTimeMillis() < end, "no delivery with the leaders " + expected + ": " + received);
        Thread.sleep(20);
      }
      JsonObject last = received.stream().filter(body -> body.getJsonObject("series").getJsonArray("leaders").encode().equals(expected))
          .findFirst().orElseThrow();
      assertEquals("series", last.getString("event"));
      assertEquals("c-three", last.getString("challenge"));
      assertEquals("trio", last.getJsonObject("series").getString("id"));
      assertEquals("/series/trio", last.getJsonObject("series").getString("page"));
    } finally {
      LiveServer.join(receiver.close());
    }

    HttpResponse<Buffer> bundle = live.get("/api/challenges/c-one/export", TestServer.ORGANIZER);
    assertEquals(200, bundle.statusCode());
    java.util.Map<String, String> files = new java.util.HashMap<>();
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bundle.body().getBytes()))) {
      for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        files.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    String board = LiveServer.join(live.client.get("/api/series/trio/leaderboard").putHeader("Accept", "text/csv").send()).bodyAsString();
    assertEquals(board, files.get("series/trio-leaderboard.csv"), files.keySet().toString());
    assertEquals(new JsonArray().add("trio"), new JsonObject(files.get("manifest.json")).getJsonArray("series"));
    assertTrue(files.get("README.md").contains("series/trio-leaderboard.csv"), files.get("README.md"));
  }

  private JsonArray seriesIds() {
    JsonArray ids = new JsonArray();
    live.get("/api/series", null).bodyAsJsonObject().getJsonArray("series").forEach(s -> ids.add(((JsonObject) s).getString("id")));
    return ids;
  }

  private void waitUntil(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long end = System.currentTimeMillis() + 20_000;
    while (!done.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < end, "waited 20 s for " + what);
      Thread.sleep(50);
    }
  }

  @Test
  @DisplayName("the folder watcher publishes a series file added or changed while the server runs, and refuses an invalid one, which changes nothing")
  void folderWatcher() throws Exception {
    Path folder = dir.resolve("challenges/series");
    Files.writeString(folder.resolve("pair.yaml"), "id: pair\ntitle: Pair\nchallenges: [c-one, c-two]\n");
    waitUntil("the new series", () -> seriesIds().equals(new JsonArray().add("pair").add("trio")));
    Files.writeString(folder.resolve("pair.yaml"), "id: pair\ntitle: Pair, retitled\nchallenges: [c-one, c-two]\n");
    waitUntil("the changed series", () -> "Pair, retitled".equals(live.get("/api/series/pair", null).bodyAsJsonObject().getString("title")));
    // an invalid change (an unknown challenge) is refused: the series stays as published, and so does a new invalid file
    Files.writeString(folder.resolve("pair.yaml"), "id: pair\ntitle: Pair, broken\nchallenges: [c-one, c-nine]\n");
    Files.writeString(folder.resolve("worse.yaml"), "id: worse\nchallenges: []\n");
    // read after them (a look takes its files by name): once it is served, they were refused
    Files.writeString(folder.resolve("zz-late.yaml"), "id: zz-late\ntitle: Late\nchallenges: [c-three]\n");
    waitUntil("the valid file written after them", () -> seriesIds().contains("zz-late"));
    assertEquals("Pair, retitled", live.get("/api/series/pair", null).bodyAsJsonObject().getString("title"));
    assertEquals(new JsonArray().add("pair").add("trio").add("zz-late"), seriesIds());
  }

  /** What a command printed and how it ended. */
  private record Run(int exit, String out, String err) {}

  /** The command line as a user runs it, against this server. */
  private Run run(String token, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "org.amchallenge.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AMC_") || name.equals("XDG_CONFIG_HOME"));
    builder.environment().put("XDG_CONFIG_HOME", dir.resolve("no-config").toString());
    builder.environment().put("AMC_SERVER", "http://127.0.0.1:" + live.port);
    if (token != null) builder.environment().put("AMC_TOKEN", token);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the command ended");
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  @DisplayName("the command line publishes a series file, lists the series, prints a board as a table and as the server's CSV")
  void commandLine() throws Exception {
    compete();
    Path pair = Files.writeString(dir.resolve("pair.yaml"), "id: pair\ntitle: Pair\nchallenges: [c-one, c-three]\n"
        + "ranking: {method: mean_rank, min_challenges: 2}\n");
    Run published = run(TestServer.ORGANIZER, "publish", pair.toString());
    assertEquals(0, published.exit(), published.err());
    assertEquals("created series pair \"Pair\" over 2 challenges: c-one, c-three; ranked by mean_rank, in at least 2\n", published.out());
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "id: bad\ntitle: Bad\nchallenges: [c-one, c-nine]\n");
    Run refused = run(TestServer.ORGANIZER, "publish", bad.toString());
    assertEquals(1, refused.exit(), refused.out());
    assertTrue(refused.err().contains(bad + ":3:21: challenges: no challenge 'c-nine'"), refused.err());

    Run list = run(null, "series");
    assertEquals(0, list.exit(), list.err());
    assertTrue(list.out().contains("pair") && list.out().contains("trio") && list.out().contains("c-one, c-two, c-three"), list.out());
    // pair: Ada c-one 1, c-three 2 -> 1.5; Dee c-three 1 only, Ben and Cy c-one only: unranked
    Run table = run(null, "series", "pair");
    assertEquals(0, table.exit(), table.err());
    List<String> lines = table.out().lines().toList();
    assertTrue(lines.get(1).matches("rank\\s+team\\s+c-one \\(public\\)\\s+c-three \\(public\\)\\s+challenges ranked\\s+mean rank"), lines.get(1));
    assertTrue(lines.get(3).strip().matches("1\\s+Ada\\s+1\\s+2\\s+2\\s+1.5"), table.out());
    assertTrue(lines.get(4).strip().matches("-\\s+Dee\\s+1\\s+1\\s+1"), table.out());
    Run csv = run(null, "series", "trio", "--csv");
    assertEquals(0, csv.exit(), csv.err());
    assertEquals(LiveServer.join(live.client.get("/api/series/trio/leaderboard").putHeader("Accept", "text/csv").send()).bodyAsString(), csv.out());
    assertEquals(4, run(null, "series", "nothing").exit());
  }

  @Test
  @DisplayName("a server refuses to start on a series naming an unknown challenge, listing the file, line and column")
  void invalidSeriesFileRefusesTheStart() throws Exception {
    Path other = dir.resolve("other");
    ServerConfig config = write(other, clock);
    Files.writeString(other.resolve("challenges/series/bad.yaml"), "id: bad\ntitle: Bad\nchallenges: [c-one, c-zero]\nranking: {min_challenges: 0}\n");
    Throwable failure = assertThrows(RuntimeException.class, () -> TestServers.await(Server.start(config))).getCause();
    InvalidInputException invalid = (InvalidInputException) failure;
    List<String> problems = invalid.problems().stream().map(p -> p.file() + ":" + p.line() + ":" + p.column() + " " + p.field()).toList();
    assertEquals(List.of("series/bad.yaml:3:21 challenges", "series/bad.yaml:4:11 ranking.min_challenges"), problems);
  }
}
