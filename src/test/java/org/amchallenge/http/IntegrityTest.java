package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of a competition held against a competitor who wants to win, each finding of issue 22 in the adversary's
 * steps: a real server on the embedded store, a real client.
 */
@ExtendWith(VertxExtension.class)
class IntegrityTest {
  private static final String ID = "integrity";
  private static final String BASE = "/api/challenges/" + ID;
  private static final String DEFINITION = CompetitionLifeTest.DEFINITION.replace("id: life-cycle", "id: " + ID)
      .replace("rules: {max_submissions_per_day: 3, max_submissions_total: 5, max_team_size: 2, final_selections: 1}",
          "rules: {max_submissions_per_day: 100, max_submissions_total: 100, max_team_size: 3, final_selections: 1}");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-10T00:00:00Z"));
  private LiveServer live;
  private String reference;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    reference = new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8);
    live = LiveServer.of(vertx, dir, ID, DEFINITION, reference, clock);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  @Test
  @DisplayName("a quantity given in part is refused, its missing rows listed, and uses no quota")
  void partOfAQuantity() {
    String token = live.register("Probers", "p1");
    // five of depth's six rows, width whole: one upload per left-out row would tell which rows the board scores
    String partial = Fixtures.predictions(0, 0).replace("S3,depth,80.0\n", "");
    HttpResponse<Buffer> refused = live.upload(ID, token, "text/csv", Buffer.buffer(partial));
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    JsonArray problems = refused.bodyAsJsonObject().getJsonArray("problems");
    assertEquals(1, problems.size(), problems.encode());
    assertEquals("depth", problems.getJsonObject(0).getString("field"));
    assertTrue(problems.getJsonObject(0).getString("detail").contains("sample 'S3'"), problems.encode());

    JsonObject own = live.get(BASE + "/submissions", token).bodyAsJsonObject();
    assertEquals(0, own.getJsonObject("quota").getJsonObject("total").getInteger("used"), "a refused file uses no quota");
    assertEquals(0, own.getJsonArray("submissions").size());

    // a quantity left out entirely is fine: it ranks on the other quantity's board only
    String widthOnly = "sample_id,quantity,value\n" + String.join("\n", Fixtures.predictions(0, 0).lines()
        .filter(line -> line.contains(",width,")).toList()) + "\n";
    HttpResponse<Buffer> accepted = live.upload(ID, token, "text/csv", Buffer.buffer(widthOnly));
    assertEquals(201, accepted.statusCode(), accepted.bodyAsString());
    assertFalse(accepted.bodyAsJsonObject().getBoolean("ranked"));
  }

  @Test
  @DisplayName("a body held open across the reveal is refused when it arrives, and nothing of it is stored")
  void revealRace() throws Exception {
    String token = live.register("Racers", "r1");
    String truth = Fixtures.predictions(0, 0);
    byte[] body = truth.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", live.port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + BASE + "/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: text/csv\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 20);
      out.flush();
      // the server has the headers and admitted the team; now the organizer reveals, and the racer reads the reference
      HttpResponse<Buffer> revealed = LiveServer.join(live.client.post(BASE + "/reveal?close_now=true")
          .bearerTokenAuthentication(TestServer.ORGANIZER).send());
      assertEquals(200, revealed.statusCode(), revealed.bodyAsString());
      assertEquals(200, live.get(BASE + "/reference", null).statusCode());
      out.write(body, 20, body.length - 20);
      out.flush();
      String answer = read(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
      assertTrue(answer.contains("revealed"), answer);
    }
    assertTrue(live.get(BASE + "/leaderboard?board=private", null).bodyAsJsonObject().getJsonArray("rows").isEmpty(),
        "nothing of the late file is on the final board");
    assertEquals(0, live.get(BASE + "/submissions", token).bodyAsJsonObject().getJsonArray("submissions").size());
  }

  @Test
  @DisplayName("a reveal before closes is refused naming the closing time; close_now closes and reveals, both audited")
  void revealBeforeClose() {
    HttpResponse<Buffer> early = LiveServer.join(live.client.post(BASE + "/reveal").bearerTokenAuthentication(TestServer.ORGANIZER).send());
    assertEquals(409, early.statusCode(), early.bodyAsString());
    assertTrue(early.bodyAsJsonObject().getString("detail").contains("2026-04-01T00:00:00Z"), early.bodyAsString());
    assertEquals("open", live.get(BASE, null).bodyAsJsonObject().getString("status"));

    HttpResponse<Buffer> now = LiveServer.join(live.client.post(BASE + "/reveal?close_now=true").bearerTokenAuthentication(TestServer.ORGANIZER).send());
    assertEquals(200, now.statusCode(), now.bodyAsString());
    assertEquals("revealed", live.get(BASE, null).bodyAsJsonObject().getString("status"));
    List<String> actions = live.get(BASE + "/audit", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("actions").stream()
        .map(e -> ((JsonObject) e).getString("action")).toList();
    assertTrue(actions.indexOf("closed") >= 0 && actions.indexOf("closed") < actions.indexOf("revealed"), actions.toString());
  }

  @Test
  @DisplayName("a burst of uploads with a reference change in the middle: every stored submission on the board, scored against the new reference")
  void referenceChangeUnderABurst() {
    List<String> tokens = new ArrayList<>();
    for (int t = 0; t < 6; t++) tokens.add(live.register("Burst" + t, "b" + t));
    String changed = reference.replace("S1,depth,,,100,", "S1,depth,,,104,").replace("S4,width,,,210,", "S4,width,,,207,");
    assertNotEquals(reference, changed, "the reference fixture has the rows this test changes");
    List<Future<HttpResponse<Buffer>>> uploads = new ArrayList<>();
    Future<HttpResponse<Buffer>> put = null;
    for (int i = 0; i < 120; i++) {
      String token = tokens.get(i % tokens.size());
      uploads.add(live.client.post(BASE + "/submissions").bearerTokenAuthentication(token).putHeader("Content-Type", "text/csv")
          .sendBuffer(Buffer.buffer(Fixtures.predictions(i % 7, i % 5))));
      if (i == 60) {
        put = live.client.put(BASE + "/reference").bearerTokenAuthentication(TestServer.ORGANIZER).putHeader("Content-Type", "text/csv")
            .sendBuffer(Buffer.buffer(changed));
      }
    }
    assertEquals(200, LiveServer.join(put).statusCode());
    Set<String> stored = new HashSet<>();
    for (Future<HttpResponse<Buffer>> upload : uploads) {
      HttpResponse<Buffer> answer = LiveServer.join(upload);
      assertEquals(201, answer.statusCode(), answer.bodyAsString());
      stored.add(answer.bodyAsJsonObject().getString("id"));
    }

    JsonObject board = live.get(BASE + "/leaderboard?board=private", TestServer.ORGANIZER).bodyAsJsonObject();
    int entries = board.getJsonArray("rows").stream().mapToInt(r -> ((JsonObject) r).getInteger("entries")).sum();
    assertEquals(stored.size(), entries, "every stored submission is on the board");
    Set<String> references = new HashSet<>();
    for (String id : stored) references.add(live.asOrganizer(ID, id).getString("reference_sha256"));
    assertEquals(1, references.size(), "every submission scored against the reference in force: " + references);

    // the board rebuilt from the store after a restart is the same board
    JsonObject publicBoard = live.get(BASE + "/leaderboard", TestServer.ORGANIZER).bodyAsJsonObject();
    live.restart();
    assertEquals(byRankAndTeam(board), byRankAndTeam(live.get(BASE + "/leaderboard?board=private", TestServer.ORGANIZER).bodyAsJsonObject()));
    assertEquals(byRankAndTeam(publicBoard), byRankAndTeam(live.get(BASE + "/leaderboard", TestServer.ORGANIZER).bodyAsJsonObject()));
  }

  /** A board's rows in rank order, teams of one rank (level scores, uploaded in one millisecond) by name. */
  private static List<Object> byRankAndTeam(JsonObject board) {
    return board.getJsonArray("rows").stream().map(JsonObject.class::cast)
        .sorted(java.util.Comparator.comparing((JsonObject r) -> r.getInteger("rank")).thenComparing(r -> r.getString("team")))
        .map(Object.class::cast).toList();
  }

  @Test
  @DisplayName("two teams sharing a member, uploading at the same instant: one is stored, the other refused naming no one")
  void oneTeamPerMember() {
    String first = live.register("Alpha", "Dana Shared", "a2");
    String second = live.register("Beta", "DANA SHARED", "b2");
    List<Future<HttpResponse<Buffer>>> both = List.of(
        live.client.post(BASE + "/submissions").bearerTokenAuthentication(first).putHeader("Content-Type", "text/csv")
            .sendBuffer(Buffer.buffer(Fixtures.predictions(1, 1))),
        live.client.post(BASE + "/submissions").bearerTokenAuthentication(second).putHeader("Content-Type", "text/csv")
            .sendBuffer(Buffer.buffer(Fixtures.predictions(2, 2))));
    List<Integer> statuses = new ArrayList<>();
    for (Future<HttpResponse<Buffer>> upload : both) {
      HttpResponse<Buffer> answer = LiveServer.join(upload);
      statuses.add(answer.statusCode());
      if (answer.statusCode() == 403) {
        assertFalse(answer.bodyAsString().toLowerCase().contains("dana"), "the refusal names no one: " + answer.bodyAsString());
        assertTrue(answer.bodyAsString().contains("one team per challenge"), answer.bodyAsString());
      }
    }
    assertEquals(List.of(201, 403), statuses.stream().sorted().toList());
    assertEquals(1, live.get(BASE + "/leaderboard", null).bodyAsJsonObject().getJsonArray("rows").size());
  }

  @Test
  @DisplayName("a value whose errors would overflow is refused with its line; the board's CSV and the bundle keep working")
  void valuesBeyondScoring() {
    String token = live.register("Overflow", "o1");
    String huge = Fixtures.predictions(0, 0).replace("S2,depth,50.0", "S2,depth,-1e308");
    HttpResponse<Buffer> refused = live.upload(ID, token, "text/csv", Buffer.buffer(huge));
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    JsonObject problem = refused.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
    assertEquals(3, problem.getInteger("line"));
    assertEquals("value", problem.getString("field"));
    String tiny = "sample_id,quantity,value,uncertainty\n" + String.join("\n", Fixtures.predictions(0, 0).lines().skip(1)
        .map(line -> line + ",1e-320").toList()) + "\n";
    HttpResponse<Buffer> tooSure = live.upload(ID, token, "text/csv", Buffer.buffer(tiny));
    assertEquals(422, tooSure.statusCode(), tooSure.bodyAsString());
    assertEquals("uncertainty", tooSure.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0).getString("field"));

    assertEquals(201, live.upload(ID, token, "text/csv", Buffer.buffer(Fixtures.predictions(1e100, 1e100))).statusCode(),
        "a value far off but within range is scored");
    HttpResponse<Buffer> csv = LiveServer.join(live.client.get(BASE + "/leaderboard").putHeader("Accept", "text/csv").send());
    assertEquals(200, csv.statusCode());
    assertEquals(200, live.get(BASE + "/export", TestServer.ORGANIZER).statusCode());
  }

  /** An HTTP answer read from a socket until its body is whole (by its Content-Length) or the server closes. */
  private static String read(InputStream in) throws Exception {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    while (true) {
      int header = text.indexOf("\r\n\r\n");
      if (header >= 0) {
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        if (length.find() && text.length() >= header + 4 + Integer.parseInt(length.group(1))) return text.toString();
      }
      int n = in.read(buffer);
      if (n < 0) return text.toString();
      text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
  }
}
