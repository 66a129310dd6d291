package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input gets a problem+json answer listing every problem; never a 500, and the server keeps working. */
@ExtendWith(VertxExtension.class)
class BadInputTest {
  private static final String BASE = "/api/challenges/" + Fixtures.CHALLENGE;
  private static final long LIMIT = 64 * 1024;
  /** Every measured value and uncertainty of the fixture, as they would appear in text. */
  private static final List<String> HELD_OUT = List.of("100", "50", "80", "120", "60", "90", "200", "150", "210", "170");

  @TempDir Path dir;
  private LiveServer live;
  private WebClient client;
  private String token;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.fixture(vertx, dir, LIMIT);
    client = live.client;
    token = live.register("MeltLab");
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private HttpResponse<Buffer> send(io.vertx.core.Future<HttpResponse<Buffer>> request) {
    return LiveServer.join(request);
  }

  private HttpResponse<Buffer> upload(String contentType, Buffer body) {
    return live.upload(Fixtures.CHALLENGE, token, contentType, body);
  }

  private static JsonObject problem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals(status, problem.getInteger("status"));
    assertTrue(problem.getString("type").startsWith("/problems/"));
    assertFalse(problem.getString("title").isBlank());
    return problem;
  }

  private static void assertNoHeldOutValue(JsonObject problem) {
    JsonArray problems = problem.getJsonArray("problems", new JsonArray());
    for (int i = 0; i < problems.size(); i++) {
      String detail = problems.getJsonObject(i).getString("detail");
      HELD_OUT.forEach(v -> assertFalse(detail.matches(".*\\b" + v + "(\\.0)?\\b.*"), detail));
    }
  }

  @Test
  @DisplayName("a CSV with many bad rows lists each problem with its line and column, and stores nothing")
  void everyProblemOfAFile() {
    String csv = "sample_id,quantity,value\nS1,depth,101\nS9,depth,1\nS2,height,1\nS3,depth,Infinity\nS1,depth,102\n";
    JsonObject problem = problem(upload("text/csv", Buffer.buffer(csv)), 422);
    JsonArray problems = problem.getJsonArray("problems");
    assertEquals(4, problems.size(), problems.encodePrettily());
    assertEquals(4, problem.getInteger("total_problems"));
    assertEquals(new JsonObject().put("line", 3).put("column", 1).put("field", "sample_id")
        .put("detail", "unknown sample 'S9' for depth"), problems.getJsonObject(0));
    assertEquals(4, problems.getJsonObject(1).getInteger("line"));
    assertEquals(5, problems.getJsonObject(2).getInteger("line"));
    assertEquals(6, problems.getJsonObject(3).getInteger("line"));
    assertNoHeldOutValue(problem);
    JsonObject own = send(client.get(BASE + "/submissions").bearerTokenAuthentication(token).send()).bodyAsJsonObject();
    assertEquals(0, own.getJsonArray("submissions").size(), "a rejected file is not stored");
  }

  @Test
  @DisplayName("only the first 100 problems are listed, with the total counted")
  void problemsCapped() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 0; i < 250; i++) csv.append("X").append(i).append(",depth,1\n");
    JsonObject problem = problem(upload("text/csv", Buffer.buffer(csv.toString())), 422);
    assertEquals(100, problem.getJsonArray("problems").size());
    assertTrue(problem.getInteger("total_problems") >= 100);
  }

  @Test
  @DisplayName("an empty body, malformed JSON, an unknown column and bad UTF-8 are each a clear problem")
  void malformedFiles() {
    assertTrue(problem(upload("text/csv", Buffer.buffer()), 422).getString("detail").contains("empty"));
    JsonObject json = problem(upload("application/json", Buffer.buffer("{\"predictions\": [{\"sample_id\": \"S1\",")), 422);
    assertEquals(1, json.getJsonArray("problems").getJsonObject(0).getInteger("line"));
    JsonObject column = problem(upload("text/csv", Buffer.buffer("sample_id,quantity,value,colour\nS1,depth,1,red\n")), 422);
    assertEquals(4, column.getJsonArray("problems").getJsonObject(0).getInteger("column"));
    Buffer badUtf8 = Buffer.buffer("sample_id,quantity,value\nS1,depth,1\n").appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
    problem(upload("text/csv", badUtf8), 422);
    problem(upload(LiveServer.XLSX, Buffer.buffer(new byte[] {'P', 'K', 3, 4, 0, 0})), 422);
  }

  @Test
  @DisplayName("a body over the limit is refused with 413 and the server keeps answering")
  void tooLarge() {
    Buffer big = Buffer.buffer("sample_id,quantity,value\n");
    while (big.length() <= LIMIT) big.appendString("S1,depth,100.000000000\n");
    problem(upload("text/csv", big), 413);
    assertEquals(201, upload("text/csv", Buffer.buffer(Fixtures.predictions(1, 1))).statusCode());
    assertEquals(200, send(client.get("/health").send()).statusCode());
  }

  @Test
  @DisplayName("no token is 401, a wrong token 401, the organizer token cannot submit, and unknown things are 404")
  void accessAndRoutes() {
    problem(send(client.post(BASE + "/submissions").sendBuffer(Buffer.buffer("x"))), 401);
    problem(send(client.post(BASE + "/submissions").bearerTokenAuthentication("amc_wrong").sendBuffer(Buffer.buffer("x"))), 401);
    problem(send(client.get(BASE + "/submissions").send()), 401);
    problem(send(client.post(BASE + "/submissions").bearerTokenAuthentication(TestServer.ORGANIZER)
        .sendBuffer(Buffer.buffer(Fixtures.predictions(0, 0)))), 403);
    problem(send(client.get("/api/challenges/no-such-one").send()), 404);
    problem(send(client.get("/api/challenges/no-such-one/leaderboard").send()), 404);
    problem(send(client.get(BASE + "/leaderboard?quantity=height").send()), 404);
    problem(send(client.get("/api/nothing").send()), 404);
    problem(send(client.delete("/api/challenges").send()), 405);
    problem(send(client.get(BASE + "/inputs/..%2F..%2Fpom.xml").send()), 404);
  }

  @Test
  @DisplayName("a team name taken, missing or not text is a problem; a body that is not JSON is 400")
  void teamRegistration() {
    problem(send(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", "MeltLab"))), 409);
    problem(send(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", ""))), 422);
    problem(send(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", 12).put("members", "x"))), 422);
    problem(send(client.post("/api/teams").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{nope"))), 400);
  }
}
