package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.amchallenge.Fixtures;
import org.amchallenge.Main;
import org.amchallenge.ServerConfig;
import org.amchallenge.http.Accounts.Credential;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A store with rows of every kind, made through the API as people make them, for the tests that move a store
 * (migrate, backup, restore): accounts with passwords, a personal access token, teams with members, registrations and
 * roles, submissions as long CSV, JSON, XLSX and one file too large to stay in the database, a selection, a
 * disqualification, a reveal, a webhook, an input file, the audit log. Then the routes two servers must answer alike.
 */
final class StoreOpsData {
  static final String TRACKS = Fixtures.CHALLENGE;
  static final String OPEN = "ops-tracks";
  static final String REVEALED = "revealed-tracks";
  static final List<String> CHALLENGES = List.of(TRACKS, OPEN, REVEALED);
  static final String TERMS = "Results may be published only after the workshop.";
  /** Random whitespace in a JSON file: it compresses to over a megabyte, the size from which a file is kept beside the database. */
  private static final int PADDING = 2_500_000;

  /** Every submission's file as it was uploaded, by submission id, and the challenge it went to. */
  final Map<String, byte[]> uploaded = new LinkedHashMap<>();
  final Map<String, String> challengeOf = new LinkedHashMap<>();
  String poolersToken;
  String meltdownId;
  String meltdownToken;
  Credential captain;
  Credential captainPat;
  String bigSubmission;

  /** The challenges' files in {@code dir}: the fixture, and a copy to reveal (the third is published through the API). */
  static void writeChallenges(Path dir) throws Exception {
    Fixtures.copyTo(dir);
    String fixture = new String(Fixtures.resource("challenges/test-tracks.yaml"), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("challenges/" + REVEALED + ".yaml"), fixture.replace("id: " + TRACKS, "id: " + REVEALED));
    Files.write(dir.resolve("reference-data/" + REVEALED + ".csv"), Fixtures.resource("reference-data/test-tracks.csv"));
  }

  /** A node on the data folder {@code data} of {@code dir} ({@code db}: PostgreSQL's URL, or null for the embedded database). */
  static ServerConfig config(Path dir, String data, String db) {
    return new ServerConfig("127.0.0.1", 0, dir.resolve(data), dir.resolve("challenges"), dir.resolve("reference-data"), db,
        TestServer.ORGANIZER, 16 << 20, Clock.fixed(TestServer.NOW, ZoneOffset.UTC));
  }

  /** Fills the store of the server with a row of every kind. */
  static StoreOpsData fill(LiveServer live) throws Exception {
    StoreOpsData data = new StoreOpsData();
    var client = live.client;
    Credential admin = Credential.token(TestServer.ORGANIZER);
    data.captain = Accounts.signUp(client, "cap@example.org", "Cap Captain");
    Credential member = Accounts.signUp(client, "mem@example.org", "Mem Member");
    Accounts.signUp(client, "rev@example.org", "Rev Reviewer");
    data.captainPat = Accounts.token(client, data.captain, "scripts", "read", "submit");

    // a challenge published through the API, with registration, and the accounts registered in it
    ok(Accounts.sendText(client, HttpMethod.POST, "/api/challenges", admin, "application/yaml",
        Accounts.definition(OPEN, 3, Accounts.registration(TERMS, "auto"))), 201);
    ok(Accounts.sendText(client, HttpMethod.PUT, "/api/challenges/" + OPEN + "/reference", admin, "text/csv", Accounts.reference()), 200);
    JsonObject team = Accounts.team(client, data.captain, "Meltdown");
    data.meltdownId = team.getString("id");
    data.meltdownToken = team.getString("token");
    ok(Accounts.join(client, data.captain, data.meltdownId, member), 200);
    for (Credential who : List.of(data.captain, member)) ok(Accounts.register(client, OPEN, who, TERMS + "\n"), 201);
    ok(Accounts.send(client, HttpMethod.PUT, "/api/challenges/" + TRACKS + "/roles/rev@example.org", admin, new JsonObject().put("role", "reviewer")), 200);
    ok(Accounts.sendText(client, HttpMethod.PUT, "/api/challenges/" + TRACKS + "/inputs/powers.csv", admin, "text/csv", "sample_id,power_w\nS1,200\n"), 201);
    ok(Accounts.send(client, HttpMethod.POST, "/api/challenges/" + TRACKS + "/webhooks", admin, new JsonObject()
        .put("url", "https://93.184.215.14/amchallenge").put("secret", "a secret of sixteen or more").put("events", new JsonArray().add("revealed"))), 201);

    // submissions of every kind: a team of its own (long CSV), an account's team (JSON, XLSX, and a CSV with its PAT)
    data.poolersToken = live.register("Poolers", "Ada", "Grace");
    String csv = Fixtures.predictions(1.5, -2);
    String poolers = data.upload(live, TRACKS, data.poolersToken, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
    data.upload(live, TRACKS, data.meltdownToken, "application/json", json(2, 1).getBytes(StandardCharsets.UTF_8));
    String workbook = data.upload(live, TRACKS, data.meltdownToken, LiveServer.XLSX, xlsx(-1, 4));
    data.upload(live, OPEN, data.captainPat.token(), "text/csv", Fixtures.predictions(0.5, 0.5).getBytes(StandardCharsets.UTF_8));
    ok(Accounts.post(client, "/api/challenges/" + TRACKS + "/submissions/" + poolers + "/select", Credential.token(data.poolersToken), null), 200);
    ok(Accounts.post(client, "/api/challenges/" + TRACKS + "/disqualifications", admin,
        new JsonObject().put("submission", workbook).put("reason", "the workbook was made after the deadline")), 201);

    // a file too large to stay in the database row, then the reveal of its challenge
    data.bigSubmission = data.upload(live, REVEALED, data.poolersToken, "application/json", padded(json(0.5, -0.5)));
    ok(Accounts.post(client, "/api/challenges/" + REVEALED + "/reveal?close_now=true", admin, null), 200);
    return data;
  }

  private String upload(LiveServer live, String challenge, String token, String type, byte[] body) {
    HttpResponse<Buffer> answer = live.upload(challenge, token, type, Buffer.buffer(body));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
    String id = answer.bodyAsJsonObject().getString("id");
    uploaded.put(id, body);
    challengeOf.put(id, challenge);
    return id;
  }

  private static void ok(HttpResponse<Buffer> answer, int status) {
    assertEquals(status, answer.statusCode(), answer.bodyAsString());
  }

  /** The fixture's rows as JSON predictions, off by the given amounts. */
  private static String json(double dDepth, double dWidth) {
    JsonArray predictions = new JsonArray();
    Fixtures.predictions(dDepth, dWidth).lines().skip(1).forEach(line -> {
      String[] cells = line.split(",");
      predictions.add(new JsonObject().put("sample_id", cells[0]).put("quantity", cells[1]).put("value", Double.parseDouble(cells[2])));
    });
    return new JsonObject().put("description", "a JSON upload").put("predictions", predictions).encode();
  }

  /** The fixture's rows as a workbook in the long form. */
  private static byte[] xlsx(double dDepth, double dWidth) throws Exception {
    try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = workbook.createSheet("predictions");
      List<String> lines = Fixtures.predictions(dDepth, dWidth).lines().toList();
      for (int r = 0; r < lines.size(); r++) {
        String[] cells = lines.get(r).split(",");
        Row row = sheet.createRow(r);
        row.createCell(0).setCellValue(cells[0]);
        row.createCell(1).setCellValue(cells[1]);
        if (r == 0) row.createCell(2).setCellValue(cells[2]);
        else row.createCell(2).setCellValue(Double.parseDouble(cells[2]));
      }
      workbook.write(out);
      return out.toByteArray();
    }
  }

  /** The JSON with random whitespace after its opening brace, which a JSON reader skips and LZ4 cannot squeeze much. */
  private static byte[] padded(String json) {
    Random random = new Random(12);
    byte[] whitespace = {' ', '\t', '\n', '\r'};
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[text.length + PADDING];
    out[0] = text[0];
    for (int i = 1; i <= PADDING; i++) out[i] = whitespace[random.nextInt(whitespace.length)];
    System.arraycopy(text, 1, out, PADDING + 1, text.length - 1);
    return out;
  }

  /**
   * Waits until nothing holds the embedded database of the data folder open: a stopped node's pool closes it a moment
   * after the node's close completes, and H2 holds the file's lock until it has written its last page.
   */
  static void awaitClosed(Path data) {
    Path file = data.resolve("db").resolve("amchallenge.mv.db");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(20)).until(() -> {
      try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
          java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock lock = channel.tryLock()) {
        return lock != null;
      } catch (java.nio.channels.OverlappingFileLockException heldHere) {
        return false;
      }
    });
  }

  /** The submission files kept beside the embedded database in the data folder. */
  static List<Path> shelved(Path data) throws Exception {
    Path files = data.resolve("db").resolve("files");
    if (!Files.isDirectory(files)) return List.of();
    try (var listed = Files.list(files)) {
      return listed.toList();
    }
  }

  /**
   * Asserts that two servers answer the same routes alike, byte for byte: the challenges, every board (JSON, CSV, final),
   * every submission and its file (the file also as it was uploaded), the audit log, disqualifications, webhooks,
   * participants and roles, a team's own submissions, the account's own view; and that the account signs in on both.
   */
  void assertSameAnswers(LiveServer expected, LiveServer actual) {
    Credential admin = Credential.token(TestServer.ORGANIZER);
    Credential anyone = Credential.ANYONE;
    List<String> differences = new ArrayList<>();
    List<Object[]> routes = new ArrayList<>();
    routes.add(new Object[] {"/api/challenges", anyone, null});
    routes.add(new Object[] {"/api/me/challenges", admin, null});
    routes.add(new Object[] {"/api/me", captainPat, null});
    routes.add(new Object[] {"/api/teams/" + meltdownId, captainPat, null});
    for (String challenge : CHALLENGES) {
      String base = "/api/challenges/" + challenge;
      routes.add(new Object[] {base, anyone, null});
      routes.add(new Object[] {base, admin, null});
      routes.add(new Object[] {base + "/leaderboard", anyone, null});
      routes.add(new Object[] {base + "/leaderboard", anyone, "text/csv"});
      routes.add(new Object[] {base + "/leaderboard?board=private", admin, null});
      routes.add(new Object[] {base + "/leaderboard?board=private", admin, "text/csv"});
      routes.add(new Object[] {base + "/leaderboard?quantity=depth", anyone, null});
      routes.add(new Object[] {base + "/history", anyone, null});
      routes.add(new Object[] {base + "/submissions", admin, null});
      routes.add(new Object[] {base + "/submissions", Credential.token(poolersToken), null});
      routes.add(new Object[] {base + "/audit", admin, null});
      routes.add(new Object[] {base + "/disqualifications", admin, null});
      routes.add(new Object[] {base + "/webhooks", admin, null});
      routes.add(new Object[] {base + "/participants", admin, null});
      routes.add(new Object[] {base + "/roles", admin, null});
    }
    routes.add(new Object[] {"/api/challenges/" + TRACKS + "/inputs/powers.csv", anyone, null});
    for (String id : uploaded.keySet()) {
      routes.add(new Object[] {"/api/challenges/" + challengeOf.get(id) + "/submissions/" + id, admin, null});
      routes.add(new Object[] {"/api/challenges/" + challengeOf.get(id) + "/submissions/" + id + "/file", admin, null});
    }
    for (Object[] route : routes) {
      String path = (String) route[0];
      HttpResponse<Buffer> want = get(expected, path, (Credential) route[1], (String) route[2]);
      HttpResponse<Buffer> got = get(actual, path, (Credential) route[1], (String) route[2]);
      String what = "GET " + path + (route[2] == null ? "" : " (" + route[2] + ")");
      if (want.statusCode() != 200) differences.add(what + ": " + want.statusCode() + " on the first server " + want.bodyAsString());
      else if (want.statusCode() != got.statusCode() || !want.body().equals(got.body())) {
        differences.add(what + ": " + got.statusCode() + " " + excerpt(got) + "\n  instead of " + excerpt(want));
      }
    }
    assertTrue(differences.isEmpty(), differences.size() + " of " + routes.size() + " answers differ:\n" + String.join("\n", differences));
    for (Map.Entry<String, byte[]> file : uploaded.entrySet()) {
      HttpResponse<Buffer> served = get(actual, "/api/challenges/" + challengeOf.get(file.getKey()) + "/submissions/" + file.getKey() + "/file",
          Credential.token(TestServer.ORGANIZER), null);
      assertArrayEquals(file.getValue(), served.body().getBytes(), "the file of " + file.getKey() + " as it was uploaded");
    }
    for (LiveServer server : List.of(expected, actual)) {
      Credential signedIn = Accounts.signIn(server.client, "cap@example.org", Accounts.PASSWORD);
      assertEquals("Cap Captain", signedIn.account().getString("name"));
    }
  }

  private static String excerpt(HttpResponse<Buffer> answer) {
    String body = answer.bodyAsString();
    return body == null ? "" : body.substring(0, Math.min(300, body.length()));
  }

  private static HttpResponse<Buffer> get(LiveServer server, String path, Credential who, String accept) {
    var request = Accounts.request(server.client, HttpMethod.GET, path, who);
    if (accept != null) request.putHeader("Accept", accept);
    return LiveServer.join(request.send());
  }

  /** What a command printed and how it ended. */
  record Run(int exit, String out, String err) {}

  /** The command line run in this JVM, as a person runs it, its output captured. */
  static synchronized Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
