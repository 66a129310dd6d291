package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The organizer console's routes attacked as a competitor, a stranger and an organizer would: what each must not learn or do. */
@ExtendWith(VertxExtension.class)
class ConsoleAttacksTest {
  private static final String ID = OrganizerConsoleApiTest.ID;
  private static final String BASE = "/api/challenges/" + ID;
  private static final String ORG = TestServer.ORGANIZER;

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-02T12:00:00Z"));
  private LiveServer live;

  private void start(Vertx vertx, String definition) throws Exception {
    String reference = new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8);
    live = LiveServer.of(vertx, dir, ID, definition, reference, clock);
  }

  @AfterEach
  void stop() {
    if (live != null) live.close();
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String token, String type, String body) {
    HttpRequest<Buffer> request = live.client.request(method, path);
    if (token != null) request.bearerTokenAuthentication(token);
    if (type != null) request.putHeader("Content-Type", type);
    return LiveServer.join(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  private String upload(String token, double dDepth, double dWidth) {
    HttpResponse<Buffer> answer = live.upload(ID, token, "text/csv", Buffer.buffer(Fixtures.predictions(dDepth, dWidth)));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
    return answer.bodyAsJsonObject().getString("id");
  }

  private void disqualify(JsonObject body) {
    HttpResponse<Buffer> done = send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json", body.encode());
    assertEquals(201, done.statusCode(), done.bodyAsString());
  }

  @Test
  @DisplayName("before the reveal, no way of asking for the public board (a query, ?board=public, CSV) names a disqualification or its reason")
  void publicBoardHidesDisqualificationsBeforeReveal(Vertx vertx) throws Exception {
    start(vertx, OrganizerConsoleApiTest.DEFINITION);
    String alloys = live.register("Alloys", "Al");
    String beams = live.register("Beams", "Bea");
    String cheat = upload(alloys, 1, 1);
    upload(beams, 2, 2);
    disqualify(new JsonObject().put("submission", cheat).put("reason", "used the measured depths"));
    // the organizers' list is refused to a competitor: the boards must not tell it either
    assertEquals(403, live.get(BASE + "/disqualifications", beams).statusCode());
    for (String path : new String[] {BASE + "/leaderboard", BASE + "/leaderboard?board=public", BASE + "/leaderboard?x=1"}) {
      for (String token : new String[] {null, beams}) {
        HttpResponse<Buffer> board = live.get(path, token);
        assertEquals(200, board.statusCode(), path);
        assertFalse(board.bodyAsString().contains("measured depths"), path + " " + board.bodyAsString());
        assertFalse(board.bodyAsString().contains(cheat), path + " names the disqualified submission: " + board.bodyAsString());
        JsonArray rows = board.bodyAsJsonObject().getJsonArray("rows");
        assertEquals(1, rows.size(), path + " " + rows.encode());
        assertEquals("Beams", rows.getJsonObject(0).getString("team"));
      }
    }
    String csv = LiveServer.join(live.client.get(BASE + "/leaderboard").putHeader("Accept", "text/csv").send()).bodyAsString();
    assertFalse(csv.contains("measured depths") || csv.contains(cheat), csv);
    // after the reveal, the public board lists it last, with its reason
    assertEquals(200, send(HttpMethod.POST, BASE + "/reveal?close_now=true", ORG, null, null).statusCode());
    JsonArray revealed = live.get(BASE + "/leaderboard?board=public", null).bodyAsJsonObject().getJsonArray("rows");
    assertEquals(2, revealed.size(), revealed.encode());
    assertEquals("used the measured depths", revealed.getJsonObject(1).getJsonObject("disqualified").getString("reason"));
  }

  @Test
  @DisplayName("closing rewrites the top-level closes only: a quoted description whose wrapped line starts with 'closes:' stays as written")
  void closeChangesTheTopLevelKeyOnly(Vertx vertx) throws Exception {
    String description = "description: \"Melt pool depths of single tracks; the paper that\ncloses: 2030-01-01T00:00:00Z is the reference\"\n";
    start(vertx, OrganizerConsoleApiTest.DEFINITION.replace("title: Console tracks\n", "title: Console tracks\n" + description));
    String before = live.get(BASE, null).bodyAsJsonObject().getString("description");
    assertTrue(before.contains("closes: 2030-01-01T00:00:00Z is the reference"), before);
    String alloys = live.register("Alloys", "Al");
    HttpResponse<Buffer> closed = send(HttpMethod.POST, BASE + "/close", ORG, null, null);
    assertEquals(200, closed.statusCode(), closed.bodyAsString());
    assertEquals("closed", closed.bodyAsJsonObject().getString("status"), closed.bodyAsString());
    JsonObject shown = live.get(BASE, null).bodyAsJsonObject();
    assertEquals("2026-03-02T12:00:00Z", shown.getString("closes"));
    assertEquals(before, shown.getString("description"));
    assertEquals(403, live.upload(ID, alloys, "text/csv", Buffer.buffer(Fixtures.predictions(1, 1))).statusCode());
  }

  @Test
  @DisplayName("a symbolic link in a challenge's input folder (here to its reference data) is neither listed nor served")
  void symbolicLinkInTheInputFolderIsNotServed(Vertx vertx) throws Exception {
    Path inputs = java.nio.file.Files.createDirectories(dir.resolve("challenges").resolve(ID));
    java.nio.file.Files.writeString(inputs.resolve("tracks.csv"), "track,power_W\nT1,195\n");
    java.nio.file.Files.createSymbolicLink(inputs.resolve("powder.csv"), Path.of("..", "..", "reference-data", ID + ".csv"));
    java.nio.file.Files.createSymbolicLink(inputs.resolve("all"), dir.resolve("reference-data"));
    start(vertx, OrganizerConsoleApiTest.DEFINITION);
    assertTrue(java.nio.file.Files.readString(inputs.resolve("powder.csv")).startsWith("sample_id"), "the link leads to the reference");
    assertEquals(new JsonArray().add("tracks.csv"), live.get(BASE, null).bodyAsJsonObject().getJsonArray("inputs"));
    assertEquals("track,power_W\nT1,195\n", live.get(BASE + "/inputs/tracks.csv", null).bodyAsString());
    HttpResponse<Buffer> linked = live.get(BASE + "/inputs/powder.csv", null);
    assertEquals(404, linked.statusCode(), linked.bodyAsString());
    assertFalse(linked.bodyAsString().contains("sample_id"), linked.bodyAsString());
    assertEquals(404, live.get(BASE + "/inputs/all", null).statusCode());
  }

  @Test
  @DisplayName("odd input names (NUL, '..', a slash, unicode, 129 characters) and ill-typed disqualification bodies are refused as the caller's mistakes, nothing stored")
  void oddNamesAndBodies(Vertx vertx) throws Exception {
    start(vertx, OrganizerConsoleApiTest.DEFINITION);
    String[] names = {"%00", "a%00.csv", "..", "..%2F..%2Freference-data%2F" + ID + ".csv", "d%C3%A9p%C3%B4t.csv", "x".repeat(129),
        "%2e%2e", ".hidden", "a%20b.csv"};
    for (String name : names) {
      HttpResponse<Buffer> put = send(HttpMethod.PUT, BASE + "/inputs/" + name, ORG, "text/csv", "x,y\n");
      // 400 for the name; '..' the router resolves first, to the challenge itself, which takes no PUT (405)
      assertTrue(put.statusCode() == 400 || put.statusCode() == 404 || put.statusCode() == 405, name + ": " + put.statusCode() + " " + put.bodyAsString());
      int removed = send(HttpMethod.DELETE, BASE + "/inputs/" + name, ORG, null, null).statusCode();
      assertTrue(removed == 400 || removed == 404 || removed == 405, name + ": " + removed);
    }
    assertEquals(new JsonArray(), live.get(BASE, null).bodyAsJsonObject().getJsonArray("inputs"));
    // the answer of a good one names its SHA-256, as the contract says: computed here from the bytes sent
    HttpResponse<Buffer> made = send(HttpMethod.PUT, BASE + "/inputs/" + "p".repeat(128), ORG, "text/csv", "track,power_W\nT1,195\n");
    assertEquals(201, made.statusCode(), made.bodyAsString());
    assertEquals(Accounts.sha256("track,power_W\nT1,195\n"), made.bodyAsJsonObject().getString("sha256"), made.bodyAsString());
    assertEquals(21, made.bodyAsJsonObject().getInteger("size"));

    String alloys = live.register("Alloys", "Al");
    String sid = upload(alloys, 1, 1);
    String json = "application/json";
    assertEquals(400, send(HttpMethod.POST, BASE + "/disqualifications", ORG, json, "{\"submission\": \"" + sid + "\", \"reason\": 5}").statusCode());
    assertEquals(400, send(HttpMethod.POST, BASE + "/disqualifications", ORG, json, "{\"submission\": \"" + sid + "\", \"reason\": [\"x\"]}").statusCode());
    assertEquals(400, send(HttpMethod.POST, BASE + "/disqualifications", ORG, json, "{\"submission\": [\"" + sid + "\"], \"reason\": \"x\"}").statusCode());
    assertEquals(400, send(HttpMethod.POST, BASE + "/disqualifications", ORG, json, "[]").statusCode());
    assertEquals(400, send(HttpMethod.POST, BASE + "/disqualifications", ORG, json, "{\"submission\": \"" + sid + "\"").statusCode());
    assertEquals(415, send(HttpMethod.POST, BASE + "/disqualifications", ORG, "text/plain", "submission=" + sid).statusCode());
    assertEquals(400, send(HttpMethod.POST, BASE + "/disqualifications", ORG, json,
        new JsonObject().put("submission", sid).put("team", "Alloys").put("reason", "both").encode()).statusCode());
    assertEquals(400, send(HttpMethod.POST, BASE + "/disqualifications", ORG, json,
        new JsonObject().put("submission", sid).put("reason", "x".repeat(501)).encode()).statusCode());
    assertEquals(404, send(HttpMethod.DELETE, BASE + "/disqualifications/%00", ORG, null, null).statusCode());
    assertEquals(0, live.get(BASE + "/disqualifications", ORG).bodyAsJsonObject().getJsonArray("disqualifications").size());
    assertEquals(0, live.get(BASE + "/audit", ORG).bodyAsJsonObject().getJsonArray("actions").stream()
        .filter(a -> ((JsonObject) a).getString("action").equals("disqualified")).count());
  }

  @Test
  @DisplayName("an organizer cannot disqualify, through one challenge, a submission or a team of another; a JSON-published challenge closes with its JSON intact")
  void otherChallengesAndJsonClose(Vertx vertx) throws Exception {
    start(vertx, OrganizerConsoleApiTest.DEFINITION);
    String other = "console-other";
    JsonObject definition = new JsonObject(new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(OrganizerConsoleApiTest.DEFINITION).toString()).put("id", other).put("title", "Other tracks");
    HttpResponse<Buffer> published = send(HttpMethod.POST, "/api/challenges", ORG, "application/json", definition.encode());
    assertEquals(201, published.statusCode(), published.bodyAsString());
    String reference = new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8);
    assertEquals(200, send(HttpMethod.PUT, "/api/challenges/" + other + "/reference", ORG, "text/csv", reference).statusCode());
    String outsiders = live.register("Outsiders", "Olu");
    HttpResponse<Buffer> there = live.upload(other, outsiders, "text/csv", Buffer.buffer(Fixtures.predictions(1, 1)));
    assertEquals(201, there.statusCode(), there.bodyAsString());
    String theirs = there.bodyAsJsonObject().getString("id");

    assertEquals(404, send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json",
        new JsonObject().put("submission", theirs).put("reason", "not ours").encode()).statusCode());
    assertEquals(404, send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json",
        new JsonObject().put("team", "Outsiders").put("reason", "not ours").encode()).statusCode());
    assertEquals(404, live.get(BASE + "/submissions/" + theirs + "/file", ORG).statusCode());

    HttpResponse<Buffer> closed = send(HttpMethod.POST, "/api/challenges/" + other + "/close", ORG, null, null);
    assertEquals(200, closed.statusCode(), closed.bodyAsString());
    JsonObject shown = live.get("/api/challenges/" + other, null).bodyAsJsonObject();
    assertEquals("closed", shown.getString("status"));
    assertEquals("2026-03-02T12:00:00Z", shown.getString("closes"));
    assertEquals("Other tracks", shown.getString("title"));
    assertEquals(403, live.upload(other, outsiders, "text/csv", Buffer.buffer(Fixtures.predictions(2, 2))).statusCode());
    assertEquals("open", live.get(BASE, null).bodyAsJsonObject().getString("status"), "the other challenge stays open");
  }

  @Test
  @DisplayName("a creator's dry run of another's challenge id (or of one it only reviews) is refused before any of its rows is read")
  void dryRunOfAnothersChallenge(Vertx vertx) throws Exception {
    start(vertx, OrganizerConsoleApiTest.DEFINITION);
    Accounts.Credential admin = Accounts.Credential.token(ORG);
    Accounts.Credential creator = Accounts.signUp(live.client, "cleo@example.org", "Cleo");
    assertEquals(200, Accounts.send(live.client, HttpMethod.PUT, "/api/accounts/cleo@example.org/creator", admin, null).statusCode());
    String dryRun = "/api/challenges?dry_run=true";
    // its own new challenge: previewed, a header line for a template (no reference yet)
    String own = OrganizerConsoleApiTest.DEFINITION.replace("id: " + ID, "id: cleos-tracks");
    HttpResponse<Buffer> mine = Accounts.sendText(live.client, HttpMethod.POST, dryRun, creator, "application/yaml", own);
    assertEquals(200, mine.statusCode(), mine.bodyAsString());
    assertEquals("sample_id,quantity,point,component,value,uncertainty,unit", mine.bodyAsJsonObject().getString("template_csv").strip());
    // the folder's challenge, the admins': refused, and nothing of its reference rows (its samples S1..S6) told
    HttpResponse<Buffer> theirs = Accounts.sendText(live.client, HttpMethod.POST, dryRun, creator, "application/yaml", OrganizerConsoleApiTest.DEFINITION);
    assertEquals(403, theirs.statusCode(), theirs.bodyAsString());
    assertFalse(theirs.bodyAsString().contains("S1"), theirs.bodyAsString());
    // a reviewer of it reads, and changes (or previews a change of) nothing
    assertEquals(200, Accounts.send(live.client, HttpMethod.PUT, BASE + "/roles/cleo@example.org", admin,
        new JsonObject().put("role", "reviewer")).statusCode());
    HttpResponse<Buffer> reviewing = Accounts.sendText(live.client, HttpMethod.POST, dryRun, creator, "application/yaml", OrganizerConsoleApiTest.DEFINITION);
    assertEquals(403, reviewing.statusCode(), reviewing.bodyAsString());
    assertFalse(reviewing.bodyAsString().contains("S1"), reviewing.bodyAsString());
    // its organizer previews it with every expected row
    assertEquals(200, Accounts.send(live.client, HttpMethod.PUT, BASE + "/roles/cleo@example.org", admin,
        new JsonObject().put("role", "organizer")).statusCode());
    HttpResponse<Buffer> organizing = Accounts.sendText(live.client, HttpMethod.POST, dryRun, creator, "application/yaml", OrganizerConsoleApiTest.DEFINITION);
    assertEquals(200, organizing.statusCode(), organizing.bodyAsString());
    assertTrue(organizing.bodyAsJsonObject().getString("template_csv").contains("S1,depth"), organizing.bodyAsString());
  }

  @Test
  @DisplayName("a competitor's file name and an organizer's reason reach no one's terminal with control characters: the name is kept with them replaced, the reason refused")
  void noControlCharactersForTheCommandLine(Vertx vertx) throws Exception {
    start(vertx, OrganizerConsoleApiTest.DEFINITION);
    String alloys = live.register("Alloys", "Al");
    // the organizer's `amchallenge submissions` prints each file name: ESC [2J clears the screen, ESC ] 0 ; sets the title
    String fileName = "model\u001b[2J\u001b]0;owned\u0007\u202e.csv";
    String boundary = "attack-boundary";
    Buffer form = Buffer.buffer("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: text/csv\r\n\r\n" + Fixtures.predictions(1, 1) + "\r\n--" + boundary + "--\r\n", "UTF-8");
    HttpResponse<Buffer> sent = live.upload(ID, alloys, "multipart/form-data; boundary=" + boundary, form);
    assertEquals(201, sent.statusCode(), sent.bodyAsString());
    String sid = sent.bodyAsJsonObject().getString("id");
    for (String listed : new String[] {live.get(BASE + "/submissions", ORG).bodyAsJsonObject().getJsonArray("submissions").getJsonObject(0)
        .getString("file_name"), live.get(BASE + "/submissions", alloys).bodyAsJsonObject().getJsonArray("submissions").getJsonObject(0)
        .getString("file_name")}) {
      assertTrue(listed.startsWith("model") && listed.endsWith(".csv"), listed);
      assertTrue(listed.codePoints().noneMatch(c -> Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT),
          "control characters in " + listed.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList());
    }
    // everyone's `amchallenge leaderboard --private` prints the reasons once revealed
    for (String reason : new String[] {"copied\u001b[2J", "copied\nfrom Beams", "\u202ecopied"}) {
      HttpResponse<Buffer> refused = send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json",
          new JsonObject().put("submission", sid).put("reason", reason).encode());
      assertEquals(400, refused.statusCode(), refused.bodyAsString());
    }
    assertEquals(0, live.get(BASE + "/disqualifications", ORG).bodyAsJsonObject().getJsonArray("disqualifications").size());
  }
}
