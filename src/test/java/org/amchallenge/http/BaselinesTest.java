package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.amchallenge.Fixtures;
import org.amchallenge.http.Accounts.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselines (SPEC "Baselines") on a real server: shown on every board where their score puts them, never ranked, never
 * counted, their public figures only before the reveal, and added or removed by the challenge's organizers alone.
 * The fixture's six tracks are predicted with the same error on every row, so that the order of the boards follows from
 * the errors alone: a smaller error everywhere is a smaller loss on every part and every quantity, whatever the metric.
 */
@ExtendWith(VertxExtension.class)
class BaselinesTest {
  private static final String ID = Fixtures.CHALLENGE;
  private static final String BASE = "/api/challenges/" + ID;

  @TempDir Path dir;
  private LiveServer live;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.fixture(vertx, dir, 1 << 20);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private HttpResponse<Buffer> addBaseline(String token, String name, String csv) {
    var request = live.client.post(BASE + "/baselines?name=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))
        .putHeader("Content-Type", "text/csv");
    if (token != null) request.bearerTokenAuthentication(token);
    return LiveServer.join(request.sendBuffer(Buffer.buffer(csv)));
  }

  private String upload(String token, String csv) {
    HttpResponse<Buffer> answer = live.upload(ID, token, "text/csv", Buffer.buffer(csv));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
    return answer.bodyAsJsonObject().getString("id");
  }

  /** Each row as "name:rank" (rank "-" where null), in the board's order. */
  private static List<String> order(JsonObject board) {
    List<String> rows = new ArrayList<>();
    for (Object row : board.getJsonArray("rows")) {
      JsonObject r = (JsonObject) row;
      rows.add(r.getString("team") + ":" + (r.getValue("rank") == null ? "-" : r.getValue("rank")));
    }
    return rows;
  }

  private JsonObject row(JsonObject board, String team) {
    return board.getJsonArray("rows").stream().map(JsonObject.class::cast).filter(r -> r.getString("team").equals(team)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a baseline that would be first is listed first and unranked, the teams keep their ranks (ties too), and it is in no count")
  void unrankedAndUncounted() {
    String ada = live.register("Ada");
    String bob = live.register("Bob");
    String cyd = live.register("Cyd");
    upload(ada, Fixtures.predictions(1, 1));
    upload(bob, Fixtures.predictions(5, 5));
    upload(cyd, Fixtures.predictions(1, 1));

    HttpResponse<Buffer> perfect = addBaseline(TestServer.ORGANIZER, "Perfect", Fixtures.predictions(0, 0));
    assertEquals(201, perfect.statusCode(), perfect.bodyAsString());
    JsonObject added = perfect.bodyAsJsonObject();
    assertTrue(added.getBoolean("baseline"));
    assertEquals("Perfect", added.getString("name"));
    assertEquals(0.0, added.getDouble("score"), "no error: no loss");
    assertEquals(201, addBaseline(TestServer.ORGANIZER, "Middle", Fixtures.predictions(3, 3)).statusCode());

    // by hand: errors 0 (Perfect), 1 (Ada, Cyd: a tie, Ada first by time), 3 (Middle), 5 (Bob); ranks count the teams only
    List<String> expected = List.of("Perfect:-", "Ada:1", "Cyd:1", "Middle:-", "Bob:3");
    JsonObject publicBoard = live.get(BASE + "/leaderboard", null).bodyAsJsonObject();
    assertEquals(expected, order(publicBoard));
    assertEquals(expected, order(live.get(BASE + "/leaderboard?board=private", TestServer.ORGANIZER).bodyAsJsonObject()));
    assertEquals(expected, order(live.get(BASE + "/leaderboard?quantity=depth", null).bodyAsJsonObject()));
    assertEquals(expected, order(live.get(BASE + "/leaderboard?quantity=width", null).bodyAsJsonObject()));
    assertEquals(true, row(publicBoard, "Perfect").getBoolean("baseline"));
    assertNull(row(publicBoard, "Perfect").getValue("entries"), "a baseline has no entries to count");
    assertFalse(row(publicBoard, "Ada").containsKey("baseline"), "a team's row is no baseline");
    assertEquals(1, row(publicBoard, "Ada").getInteger("entries"));

    String csv = LiveServer.join(live.client.get(BASE + "/leaderboard").putHeader("Accept", "text/csv").send()).bodyAsString();
    List<String> lines = csv.lines().toList();
    assertTrue(lines.get(0).endsWith(",baseline"), lines.get(0));
    assertTrue(lines.get(1).startsWith(",Perfect,0,"), lines.get(1));
    assertTrue(lines.get(1).endsWith(",true"), lines.get(1));
    assertTrue(lines.get(2).startsWith("1,Ada,"), lines.get(2));
    assertTrue(lines.get(5).startsWith("3,Bob,"), lines.get(5));

    // counts: three teams took part, each with one upload of its quota
    assertEquals(3, live.get(BASE, null).bodyAsJsonObject().getInteger("teams"));
    JsonObject own = live.get(BASE + "/submissions", ada).bodyAsJsonObject();
    assertEquals(1, own.getJsonObject("quota").getJsonObject("total").getInteger("used"));
    assertEquals(1, own.getJsonArray("submissions").size());

    // removed: gone from every board, the teams' ranks as before
    JsonArray listed = live.get(BASE + "/baselines", null).bodyAsJsonObject().getJsonArray("baselines");
    assertEquals(List.of("Perfect", "Middle"), listed.stream().map(b -> ((JsonObject) b).getString("name")).toList());
    HttpResponse<Buffer> removed = LiveServer.join(live.client.delete(BASE + "/baselines/" + added.getString("id"))
        .bearerTokenAuthentication(TestServer.ORGANIZER).send());
    assertEquals(204, removed.statusCode(), removed.bodyAsString());
    assertEquals(List.of("Ada:1", "Cyd:1", "Middle:-", "Bob:3"), order(live.get(BASE + "/leaderboard", null).bodyAsJsonObject()));
    assertEquals(404, LiveServer.join(live.client.delete(BASE + "/baselines/" + added.getString("id"))
        .bearerTokenAuthentication(TestServer.ORGANIZER).send()).statusCode());
    assertEquals(409, addBaseline(TestServer.ORGANIZER, "Middle", Fixtures.predictions(2, 2)).statusCode(), "one baseline per name");
  }

  @Test
  @DisplayName("before the reveal the public sees a baseline's public-part figures only, exactly as the owner of the same file sees its own")
  void publicPartOnly() {
    // errors that differ from track to track, so that the public and private parts score differently
    StringBuilder uneven = new StringBuilder("sample_id,quantity,value\n");
    double[] depth = {100, 50, 80, 120, 60, 90};
    double[] width = {200, 100, 150, 210, 120, 170};
    for (int i = 0; i < 6; i++) uneven.append("S").append(i + 1).append(",depth,").append(depth[i] + 7 * i * i).append('\n');
    for (int i = 0; i < 6; i++) uneven.append("S").append(i + 1).append(",width,").append(width[i] - 3 * i).append('\n');
    String eve = live.register("Eve");
    JsonObject own = live.upload(ID, eve, "text/csv", Buffer.buffer(uneven.toString())).bodyAsJsonObject();
    JsonObject added = addBaseline(TestServer.ORGANIZER, "Uneven", uneven.toString()).bodyAsJsonObject();
    Object privateScore = added.getJsonObject("private").getValue("score");
    assertFalse(privateScore.equals(added.getValue("score")), "the parts differ, or this test could not tell them apart");

    JsonObject board = live.get(BASE + "/leaderboard", null).bodyAsJsonObject();
    assertEquals(own.getValue("score"), row(board, "Uneven").getValue("score"), "the public board shows the public part's score");
    assertEquals(row(board, "Eve").getValue("quantities"), row(board, "Uneven").getValue("quantities"));
    JsonObject listed = live.get(BASE + "/baselines", null).bodyAsJsonObject().getJsonArray("baselines").getJsonObject(0);
    assertEquals(own.getValue("score"), listed.getValue("score"));
    assertEquals(own.getJsonObject("quantities"), listed.getJsonObject("quantities"), "the owner's view of the same file, no more");
    assertFalse(listed.containsKey("private") || listed.containsKey("all"));
    String seen = board.encode() + listed.encode()
        + LiveServer.join(live.client.get(BASE + "/leaderboard").putHeader("Accept", "text/csv").send()).bodyAsString();
    assertFalse(seen.contains(privateScore.toString()), "the private score is nowhere before the reveal");
    assertEquals(403, live.get(BASE + "/leaderboard?board=private", eve).statusCode());
  }

  @Test
  @DisplayName("a new reference rescores the baselines too: a perfect one is off by the change")
  void rescoredWithTheReference() {
    JsonObject added = addBaseline(TestServer.ORGANIZER, "Perfect", Fixtures.predictions(0, 0)).bodyAsJsonObject();
    assertEquals(0.0, added.getJsonObject("all").getJsonObject("quantities").getJsonObject("depth").getDouble("mae"));
    // S1's depth measured 106 where it was 100: by hand, the baseline's depth errors are 6 once and 0 five times
    String corrected = Accounts.reference().replace("S1,depth,,,100,5,,", "S1,depth,,,106,5,,");
    HttpResponse<Buffer> replaced = LiveServer.join(live.client.put(BASE + "/reference").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(corrected)));
    assertEquals(200, replaced.statusCode(), replaced.bodyAsString());
    JsonObject rescored = live.get(BASE + "/baselines", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("baselines").getJsonObject(0);
    assertEquals(1.0, rescored.getJsonObject("all").getJsonObject("quantities").getJsonObject("depth").getDouble("mae"));
    assertEquals(6.0, rescored.getJsonObject("all").getJsonObject("quantities").getJsonObject("depth").getDouble("max_abs_error"));
    assertEquals(replaced.bodyAsJsonObject().getString("reference_sha256"), rescored.getString("reference_sha256"));
  }

  @Test
  @DisplayName("the in625-single-track example ships its constant baseline, loaded at start once, scored as pandas scores it by hand")
  void shippedWithTheExample(Vertx vertx) throws Exception {
    live.close();
    Path examples = dir.resolve("examples");
    String id = "in625-single-track";
    Files.createDirectories(examples.resolve("challenges/" + id + "/baselines"));
    Files.createDirectories(examples.resolve("reference-data"));
    Files.copy(Path.of("challenges", id + ".yaml"), examples.resolve("challenges/" + id + ".yaml"));
    Files.copy(Path.of("reference-data", id + ".csv"), examples.resolve("reference-data/" + id + ".csv"));
    for (String file : List.of("constant.csv", "constant.md")) {
      Files.copy(Path.of("challenges", id, "baselines", file), examples.resolve("challenges/" + id + "/baselines/" + file));
    }
    live = LiveServer.examples(vertx, examples, java.time.Instant.parse("2026-10-01T12:00:00Z"));
    live.restart();  // a second start adds nothing: the baseline of that name is there
    JsonArray baselines = live.get("/api/challenges/" + id + "/baselines", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("baselines");
    assertEquals(1, baselines.size(), baselines.encode());
    JsonObject constant = baselines.getJsonObject(0);
    assertEquals("Constant: the calibration track", constant.getString("name"));
    assertTrue(constant.getString("description").startsWith("Every track is predicted as the one calibration track"));
    // src/test/resources/expected/in625_constant_baseline.py and its output, on all rows, at the challenge's 4 significant digits
    JsonObject all = constant.getJsonObject("all");
    assertEquals(0.2495, all.getDouble("score"));
    assertEquals(0.3497, all.getJsonObject("quantities").getJsonObject("melt_pool_depth").getDouble("nmae"));
    assertEquals(0.1493, all.getJsonObject("quantities").getJsonObject("melt_pool_width").getDouble("nmae"));
    assertEquals("Constant: the calibration track:-", order(live.get("/api/challenges/" + id + "/leaderboard", null).bodyAsJsonObject()).get(0));
  }

  @Test
  @DisplayName("a team, a stranger and another challenge's organizer are refused before the body is read; an organizer adds from a form too")
  void organizersOnly() {
    String team = live.register("Tea");
    // a body over the server's limit: refused for who sends it, never for its size
    String large = "x".repeat(2 << 20);
    assertEquals(401, addBaseline(null, "Mine", large).statusCode());
    HttpResponse<Buffer> byTeam = addBaseline(team, "Mine", large);
    assertEquals(403, byTeam.statusCode(), byTeam.bodyAsString());
    assertEquals("application/problem+json", byTeam.getHeader("Content-Type"));

    Credential admin = Credential.token(TestServer.ORGANIZER);
    Credential quinn = Accounts.signUp(live.client, "quinn@example.org", "Quinn Elsewhere");
    assertEquals(201, Accounts.sendText(live.client, HttpMethod.POST, "/api/challenges", admin, "application/yaml",
        Accounts.definition("other-tracks", 3, null)).statusCode());
    assertEquals(200, Accounts.send(live.client, HttpMethod.PUT, "/api/challenges/other-tracks/roles/quinn@example.org", admin,
        new JsonObject().put("role", "organizer")).statusCode());
    HttpResponse<Buffer> byOther = LiveServer.join(Accounts.request(live.client, HttpMethod.POST, BASE + "/baselines?name=Mine", quinn)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(large)));
    assertEquals(403, byOther.statusCode(), byOther.bodyAsString());
    assertEquals(0, live.get(BASE + "/baselines", null).bodyAsJsonObject().getJsonArray("baselines").size());

    // the console's form: a file, a name and a description
    io.vertx.ext.web.multipart.MultipartForm form = io.vertx.ext.web.multipart.MultipartForm.create()
        .attribute("description", "The mean of the *public* calibration tracks.")
        .textFileUpload("file", "mean.csv", Buffer.buffer(Fixtures.predictions(2, 2)), "text/csv");
    HttpResponse<Buffer> byForm = LiveServer.join(live.client.post(BASE + "/baselines?name=Mean")
        .bearerTokenAuthentication(TestServer.ORGANIZER).sendMultipartForm(form));
    assertEquals(201, byForm.statusCode(), byForm.bodyAsString());
    assertEquals("The mean of the *public* calibration tracks.", byForm.bodyAsJsonObject().getString("description"));
    assertEquals("mean.csv", byForm.bodyAsJsonObject().getString("file_name"));
    HttpResponse<Buffer> unnamed = LiveServer.join(live.client.post(BASE + "/baselines").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(Fixtures.predictions(2, 2))));
    assertEquals(400, unnamed.statusCode());
    HttpResponse<Buffer> broken = addBaseline(TestServer.ORGANIZER, "Broken", "sample_id,quantity,value\nS1,depth,oops\n");
    assertEquals(422, broken.statusCode(), broken.bodyAsString());
    assertTrue(broken.bodyAsString().contains("line"), broken.bodyAsString());
  }
}
