package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.amchallenge.Fixtures;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole round trip as a client makes it: register, upload, read scores and boards, restart. */
@ExtendWith(VertxExtension.class)
class ApiRoundTripTest {
  private static final String BASE = "/api/challenges/" + Fixtures.CHALLENGE;

  @TempDir Path dir;
  private ServerConfig config;
  private Server server;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    ServerConfig asked = TestServer.config(dir, 1024 * 1024);
    server = TestServer.start(asked);
    // the port the system gave the server (port 0 asked), kept for the restart: the client knows no other
    config = asked.withPort(server.port());
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
  }

  @AfterEach
  void stop() {
    if (server != null) TestServer.stop(server);
  }

  private HttpResponse<Buffer> send(io.vertx.core.Future<HttpResponse<Buffer>> request) {
    return TestServers.await(request);
  }

  private String register(String name) {
    HttpResponse<Buffer> response = send(client.post("/api/teams")
        .sendJsonObject(new JsonObject().put("name", name).put("members", new JsonArray().add(name + " Ada").add(name + " Ben"))));
    assertEquals(201, response.statusCode(), response.bodyAsString());
    String token = response.bodyAsJsonObject().getString("token");
    assertTrue(token.length() >= 43, "at least 256 bits in base64url");
    return token;
  }

  private HttpResponse<Buffer> upload(String token, String contentType, String body) {
    return send(client.post(BASE + "/submissions").bearerTokenAuthentication(token)
        .putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)));
  }

  private static double publicMeanAbsDepth(JsonObject challengeScores) {
    return challengeScores.getJsonObject("quantities").getJsonObject("depth").getDouble("mae");
  }

  @Test
  @DisplayName("a team registers, uploads a CSV, gets public scores at once, and tops the board")
  void roundTrip() {
    String token = register("MeltLab");
    HttpResponse<Buffer> created = upload(token, "text/csv", Fixtures.predictions(10, -5));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject answer = created.bodyAsJsonObject();
    assertEquals("public", answer.getString("board"));
    assertTrue(answer.getBoolean("ranked"));
    // every depth error is +10 and every width error -5, on whichever rows are public:
    assertEquals(10.0, publicMeanAbsDepth(answer), 1e-9);
    assertEquals(6, answer.getJsonObject("quantities").getJsonObject("depth").getInteger("n"),
        "n counts the rows given over the whole challenge, never the public part's three");
    assertFalse(answer.getJsonObject("quantities").getJsonObject("depth").containsKey("max_abs_error"), "one row's error");
    assertFalse(answer.getJsonObject("quantities").getJsonObject("depth").containsKey("sae"), "sae / mae counts the public rows");
    assertEquals(-5.0, answer.getJsonObject("quantities").getJsonObject("width").getDouble("bias"), 1e-9);
    assertEquals(1.0, answer.getJsonObject("quantities").getJsonObject("width").getDouble("coverage"), 1e-9);
    assertNull(answer.getJsonObject("private"), "no private figures for a competitor before reveal");
    assertEquals("1", answer.getString("scorer_version"));
    assertEquals(64, answer.getString("reference_sha256").length());
    java.util.UUID id = java.util.UUID.fromString(answer.getString("id"));
    assertEquals(7, id.version(), "a time-ordered id (RFC 9562 version 7)");
    assertEquals(java.time.Instant.parse(answer.getString("submitted_at")).toEpochMilli(), id.getMostSignificantBits() >>> 16, 1000,
        "its first 48 bits are the millisecond it came");

    JsonObject board = send(client.get(BASE + "/leaderboard").send()).bodyAsJsonObject();
    JsonArray rows = board.getJsonArray("rows");
    assertEquals(1, rows.size());
    assertEquals("MeltLab", rows.getJsonObject(0).getString("team"));
    assertEquals(1, rows.getJsonObject(0).getInteger("rank"));
    assertEquals(answer.getDouble("score"), rows.getJsonObject(0).getDouble("score"));
    assertEquals(answer.getString("id"), rows.getJsonObject(0).getString("submission"));
  }

  @Test
  @DisplayName("the board keeps each team's best ranked submission and ranks teams by score, lower first")
  void boardRanksBestSubmissions() {
    String meltLab = register("MeltLab");
    String poolers = register("Poolers");
    assertEquals(201, upload(meltLab, "text/csv", Fixtures.predictions(20, 20)).statusCode());
    assertEquals(201, upload(poolers, "text/csv", Fixtures.predictions(5, 5)).statusCode());
    assertEquals(201, upload(meltLab, "text/csv", Fixtures.predictions(1, 1)).statusCode());
    assertEquals(201, upload(meltLab, "text/csv", Fixtures.predictions(30, 30)).statusCode());
    // depth whole and exact, width left out: on the depth board, not on the overall one
    String depthOnly = "sample_id,quantity,value\nS1,depth,100\nS2,depth,50\nS3,depth,80\nS4,depth,120\nS5,depth,60\nS6,depth,90\n";
    assertEquals(201, upload(poolers, "text/csv", depthOnly).statusCode());

    JsonArray rows = send(client.get(BASE + "/leaderboard").send()).bodyAsJsonObject().getJsonArray("rows");
    assertEquals(2, rows.size());
    assertEquals("MeltLab", rows.getJsonObject(0).getString("team"));
    assertEquals(3, rows.getJsonObject(0).getInteger("entries"));
    assertEquals("Poolers", rows.getJsonObject(1).getString("team"));
    assertEquals(2, rows.getJsonObject(1).getInteger("rank"));
    JsonArray interval = rows.getJsonObject(0).getJsonArray("score_interval");
    assertTrue(interval.getDouble(0) <= rows.getJsonObject(0).getDouble("score") && rows.getJsonObject(0).getDouble("score") <= interval.getDouble(1));
    assertTrue(rows.getJsonObject(0).getBoolean("indistinguishable_from_leader"), "the leader is level with itself");

    JsonArray depthBoard = send(client.get(BASE + "/leaderboard?quantity=depth").send()).bodyAsJsonObject().getJsonArray("rows");
    assertEquals("Poolers", depthBoard.getJsonObject(0).getString("team"), "the exact depths win the depth board");

    HttpResponse<Buffer> csv = send(client.get(BASE + "/leaderboard").putHeader("Accept", "text/csv").send());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
    String[] lines = csv.bodyAsString().strip().split("\n");
    assertEquals("rank,team,score,score_low,score_high,indistinguishable_from_leader,depth,width,entries,last_submission,submission", lines[0].strip());
    assertTrue(lines[1].startsWith("1,MeltLab,"), lines[1]);
    assertEquals(3, lines.length);
  }

  @Test
  @DisplayName("JSON and multipart uploads score the same as the CSV")
  void jsonAndMultipart() {
    String token = register("MeltLab");
    JsonArray predictions = new JsonArray();
    String[] lines = Fixtures.predictions(10, -5).split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",");
      predictions.add(new JsonObject().put("sample_id", cells[0]).put("quantity", cells[1]).put("value", Double.parseDouble(cells[2])));
    }
    HttpResponse<Buffer> json = upload(token, "application/json", new JsonObject().put("predictions", predictions).encode());
    assertEquals(201, json.statusCode(), json.bodyAsString());

    io.vertx.ext.web.multipart.MultipartForm form = io.vertx.ext.web.multipart.MultipartForm.create()
        .attribute("description", "Rosenthal solution with a fitted absorptivity")
        .textFileUpload("file", "tracks.csv", Buffer.buffer(Fixtures.predictions(10, -5)), "text/csv");
    HttpResponse<Buffer> multipart = send(client.post(BASE + "/submissions").bearerTokenAuthentication(token).sendMultipartForm(form));
    assertEquals(201, multipart.statusCode(), multipart.bodyAsString());
    assertEquals("tracks.csv", multipart.bodyAsJsonObject().getString("file_name"));
    assertEquals(json.bodyAsJsonObject().getDouble("score"), multipart.bodyAsJsonObject().getDouble("score"));

    JsonObject own = send(client.get(BASE + "/submissions").bearerTokenAuthentication(token).send()).bodyAsJsonObject();
    assertEquals(2, own.getJsonArray("submissions").size());
  }

  @Test
  @DisplayName("the owner reads no per-row figure before the reveal; the organizer reads every part and row")
  void residualsByCaller() {
    String token = register("MeltLab");
    String id = upload(token, "text/csv", Fixtures.predictions(10, -5)).bodyAsJsonObject().getString("id");
    JsonObject mine = send(client.get(BASE + "/submissions/" + id).bearerTokenAuthentication(token).send()).bodyAsJsonObject();
    assertNull(mine.getJsonArray("residuals"), "a residual beside its prediction gives the measured value");
    assertEquals(10.0, mine.getJsonObject("quantities").getJsonObject("depth").getDouble("mae"), 1e-9);

    JsonObject organizer = send(client.get(BASE + "/submissions/" + id).bearerTokenAuthentication(TestServer.ORGANIZER).send()).bodyAsJsonObject();
    JsonArray residuals = organizer.getJsonArray("residuals");
    assertEquals(12, residuals.size());
    Set<String> samples = new HashSet<>();
    for (int i = 0; i < residuals.size(); i++) {
      JsonObject row = residuals.getJsonObject(i);
      samples.add(row.getString("sample_id"));
      assertEquals(row.getString("quantity").equals("depth") ? 10.0 : -5.0, row.getDouble("residual"), 1e-9);
    }
    assertEquals(6, samples.size());
    assertNotNull(organizer.getJsonObject("private"));
    assertEquals(10.0, organizer.getJsonObject("all").getJsonObject("quantities").getJsonObject("depth").getDouble("mae"), 1e-9);

    String other = register("Poolers");
    assertEquals(404, send(client.get(BASE + "/submissions/" + id).bearerTokenAuthentication(other).send()).statusCode());
    assertEquals(404, send(client.get(BASE + "/submissions/" + id).send()).statusCode());
    assertEquals(403, send(client.get(BASE + "/leaderboard?board=private").send()).statusCode());
    assertEquals(200, send(client.get(BASE + "/leaderboard?board=private").bearerTokenAuthentication(TestServer.ORGANIZER).send()).statusCode());
  }

  @Test
  @DisplayName("a restart keeps teams, submissions, scores, the board and the split")
  void restartKeepsEverything() {
    String token = register("MeltLab");
    JsonObject before = upload(token, "text/csv", Fixtures.predictions(10, -5)).bodyAsJsonObject();
    JsonObject boardBefore = send(client.get(BASE + "/leaderboard").send()).bodyAsJsonObject();
    JsonObject organizerBefore = send(client.get(BASE + "/submissions/" + before.getString("id")).bearerTokenAuthentication(TestServer.ORGANIZER).send()).bodyAsJsonObject();

    TestServer.stop(server);
    server = null;
    server = TestServer.start(config);

    JsonObject after = send(client.get(BASE + "/submissions/" + before.getString("id")).bearerTokenAuthentication(token).send()).bodyAsJsonObject();
    assertEquals(before.getDouble("score"), after.getDouble("score"));
    assertEquals(before.getString("submitted_at"), after.getString("submitted_at"));
    assertEquals(before.getJsonObject("quantities"), after.getJsonObject("quantities"));
    JsonObject organizerAfter = send(client.get(BASE + "/submissions/" + before.getString("id")).bearerTokenAuthentication(TestServer.ORGANIZER).send()).bodyAsJsonObject();
    assertEquals(organizerBefore.getJsonObject("private"), organizerAfter.getJsonObject("private"), "the same rows are private after a restart");
    assertEquals(organizerBefore.getJsonArray("residuals"), organizerAfter.getJsonArray("residuals"));
    assertEquals(boardBefore.getJsonArray("rows"), send(client.get(BASE + "/leaderboard").send()).bodyAsJsonObject().getJsonArray("rows"));
    assertEquals(201, upload(token, "text/csv", Fixtures.predictions(1, 1)).statusCode(), "the team's token still works");
  }

  @Test
  @DisplayName("health, the challenge list and a challenge's definition answer without any reference value")
  void publicReads() {
    JsonObject health = send(client.get("/health").send()).bodyAsJsonObject();
    assertEquals("up", health.getString("status"));
    JsonArray list = send(client.get("/api/challenges").send()).bodyAsJsonObject().getJsonArray("challenges");
    assertEquals(1, list.size());
    assertEquals("open", list.getJsonObject(0).getString("status"));
    HttpResponse<Buffer> definition = send(client.get(BASE).send());
    assertEquals(200, definition.statusCode());
    assertEquals("nrmse", definition.bodyAsJsonObject().getJsonArray("quantities").getJsonObject(1).getString("primary"));
    assertFalse(definition.bodyAsString().contains("seed"), "the split's seed would tell which rows are private");
    for (String measured : new String[] {"200", "210", "170", "120"}) {
      assertFalse(definition.bodyAsString().contains(":" + measured), definition.bodyAsString());
    }
  }
}
