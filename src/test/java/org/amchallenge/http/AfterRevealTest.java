package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads after the reveal (SPEC "After the reveal"): with {@code after_reveal: benchmark} they land on a dated board of
 * their own and nowhere else, the final ranking and the public board byte for byte as they were; by default they are refused.
 */
@ExtendWith(VertxExtension.class)
class AfterRevealTest {
  private static final String ID = "bench-tracks";
  private static final String BASE = "/api/challenges/" + ID;
  private static final Instant OPEN = Instant.parse("2026-06-01T12:00:00Z");
  /** After the fixture's closing time; it reveals on close. */
  private static final Instant AFTER = Instant.parse("2027-01-02T09:00:00Z");

  @TempDir Path dir;
  private LiveServer live;
  private final TestClock clock = new TestClock(OPEN);

  @AfterEach
  void stop() {
    if (live != null) live.close();
  }

  private void start(Vertx vertx, String afterReveal) throws Exception {
    start(vertx, afterReveal, false);
  }

  private void start(Vertx vertx, String afterReveal, boolean ladder) throws Exception {
    String fixture = new String(Fixtures.resource("challenges/test-tracks.yaml"), StandardCharsets.UTF_8).replace("id: test-tracks", "id: " + ID)
        .replace("ranking:\n", ladder ? "ranking:\n  ladder: true\n" : "ranking:\n");
    String definition = fixture + "rules: {max_submissions_per_day: 2, max_submissions_total: 100, max_team_size: 5, final_selections: 2}\n"
        + (afterReveal == null ? "" : "after_reveal: " + afterReveal + "\n");
    // a webhook's receiver on this machine, where deliveries go only when the operator allows it
    live = LiveServer.of(vertx, dir, ID, definition, Accounts.reference(), clock, config -> config.withWebhooksAllowPrivate(true));
  }

  private HttpResponse<Buffer> upload(String token, String csv) {
    return live.upload(ID, token, "text/csv", Buffer.buffer(csv));
  }

  private byte[] bytes(String path, String accept) {
    var request = live.client.get(path);
    if (accept != null) request.putHeader("Accept", accept);
    HttpResponse<Buffer> answer = LiveServer.join(request.send());
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    return answer.body().getBytes();
  }

  /** The final ranking and the public board, JSON and CSV, as anyone reads them. */
  private List<byte[]> competitionBoards() {
    List<byte[]> boards = new ArrayList<>();
    boards.add(bytes(BASE + "/leaderboard", null));
    boards.add(bytes(BASE + "/leaderboard?board=private", null));
    boards.add(bytes(BASE + "/leaderboard?board=public", "text/csv"));
    boards.add(bytes(BASE + "/leaderboard?board=private", "text/csv"));
    boards.add(bytes(BASE + "/leaderboard?quantity=depth", null));
    return boards;
  }

  @Test
  @DisplayName("after the reveal an upload lands on the dated post-reveal board only: the final and public boards keep their bytes")
  void benchmark(Vertx vertx) throws Exception {
    start(vertx, "benchmark");
    String ada = live.register("Ada");
    String bob = live.register("Bob");
    assertEquals(201, upload(ada, Fixtures.predictions(2, 2)).statusCode());
    assertEquals(201, upload(bob, Fixtures.predictions(4, 4)).statusCode());
    assertEquals(201, LiveServer.join(live.client.post(BASE + "/baselines?name=Perfect").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(Fixtures.predictions(0, 0)))).statusCode());

    clock.set(AFTER);
    JsonObject challenge = live.get(BASE, null).bodyAsJsonObject();
    assertEquals("revealed", challenge.getString("status"));
    assertEquals("benchmark", challenge.getString("after_reveal"));
    assertEquals("2027-01-01T00:00:00Z", challenge.getString("revealed_at"), "revealed on close, at its closing time");
    List<byte[]> before = competitionBoards();
    // the boards are final, baselines with them
    assertEquals(409, LiveServer.join(live.client.post(BASE + "/baselines?name=Late").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(Fixtures.predictions(0, 0)))).statusCode());
    String perfect = live.get(BASE + "/baselines", null).bodyAsJsonObject().getJsonArray("baselines").getJsonObject(0).getString("id");
    assertEquals(409, LiveServer.join(live.client.delete(BASE + "/baselines/" + perfect).bearerTokenAuthentication(TestServer.ORGANIZER).send())
        .statusCode());
    byte[] bundleBefore = bytes(BASE + "/export", null);

    // the board's live events: the post-reveal board beside the public one
    io.vertx.core.http.HttpClient http = vertx.createHttpClient();
    java.util.concurrent.LinkedBlockingQueue<String> chunks = new java.util.concurrent.LinkedBlockingQueue<>();
    io.vertx.core.http.HttpClientResponse stream = LiveServer.join(http.request(io.vertx.core.http.HttpMethod.GET, live.port, "127.0.0.1",
        BASE + "/leaderboard/events").compose(request -> request.send()));
    stream.handler(chunk -> chunks.add(chunk.toString()));

    // Bob improves after the reveal, and Cyd, who never competed, comes first there
    String cyd = live.register("Cyd");
    HttpResponse<Buffer> late = upload(bob, Fixtures.predictions(1, 1));
    assertEquals(201, late.statusCode(), late.bodyAsString());
    assertEquals("post_reveal", late.bodyAsJsonObject().getString("board"));
    clock.set(AFTER.plusSeconds(60));
    assertEquals(201, upload(cyd, Fixtures.predictions(0.5, 0.5)).statusCode());

    StringBuilder events = new StringBuilder();
    long until = System.currentTimeMillis() + 10_000;
    while (!events.toString().contains("\"team\":\"Cyd\"") && System.currentTimeMillis() < until) {
      String chunk = chunks.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (chunk != null) events.append(chunk);
    }
    LiveServer.join(http.close());
    String lastPostReveal = events.substring(events.lastIndexOf("event: post_reveal"));
    assertTrue(lastPostReveal.contains("\"board\":\"post_reveal\"") && lastPostReveal.contains("\"team\":\"Cyd\""), events.toString());
    assertTrue(events.toString().contains("event: leaderboard"), "the public board's events go on beside it");

    List<byte[]> after = competitionBoards();
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), "board " + i + " is final: " + new String(after.get(i), StandardCharsets.UTF_8));
    }
    assertEquals(2, live.get(BASE, null).bodyAsJsonObject().getInteger("teams"), "the competition had two teams");

    // by hand: errors 0 (Perfect, a baseline), 0.5 (Cyd), 1 (Bob); Ada sent nothing after the reveal
    JsonObject board = live.get(BASE + "/leaderboard?board=post_reveal", null).bodyAsJsonObject();
    assertEquals("post_reveal", board.getString("board"));
    List<String> rows = new ArrayList<>();
    board.getJsonArray("rows").forEach(r -> rows.add(((JsonObject) r).getString("team") + ":" + ((JsonObject) r).getValue("rank")));
    assertEquals(List.of("Perfect:null", "Cyd:1", "Bob:2"), rows);
    JsonObject bobRow = board.getJsonArray("rows").getJsonObject(2);
    assertEquals("2027-01-02T09:00:00Z", bobRow.getString("submitted_at"));
    assertEquals(1, bobRow.getInteger("entries"), "only the uploads after the reveal count there");
    assertEquals(0.0, board.getJsonArray("rows").getJsonObject(0).getDouble("score"));

    String csv = new String(bytes(BASE + "/leaderboard?board=post_reveal", "text/csv"), StandardCharsets.UTF_8);
    List<String> lines = csv.lines().toList();
    assertTrue(lines.get(0).endsWith(",baseline,submitted_at"), lines.get(0));
    assertTrue(lines.get(2).startsWith("1,Cyd,") && lines.get(2).endsWith(",false,2027-01-02T09:01:00Z"), lines.get(2));

    // the same daily limit: Bob's second upload of the day passes, the third does not
    assertEquals(201, upload(bob, Fixtures.predictions(1, 1)).statusCode());
    assertEquals(429, upload(bob, Fixtures.predictions(1, 1)).statusCode());

    // the bundle: its final files as before, the post-reveal board beside them, dated
    byte[] bundleAfter = bytes(BASE + "/export", null);
    for (String file : List.of("leaderboard-final.csv", "leaderboard-public.csv", "submissions.csv")) {
      assertArrayEquals(entry(bundleBefore, file), entry(bundleAfter, file), file);
    }
    String postReveal = new String(entry(bundleAfter, "leaderboard-post-reveal.csv"), StandardCharsets.UTF_8);
    assertTrue(postReveal.contains(",Cyd,") && postReveal.contains("2027-01-02T09:01:00Z"), postReveal);
    assertTrue(new String(entry(bundleAfter, "README.md"), StandardCharsets.UTF_8).contains("post-reveal benchmark board as of 2027-01-02T09:01:00Z"));
  }

  @Test
  @DisplayName("under the Ladder, an upload after the reveal is answered with its score on all rows, as computed by hand, not a released one")
  void ladderAfterReveal(Vertx vertx) throws Exception {
    start(vertx, "benchmark", true);
    String ada = live.register("Ada");
    assertEquals(201, upload(ada, Fixtures.predictions(2, 2)).statusCode());
    clock.set(AFTER);
    JsonObject late = upload(ada, Fixtures.predictions(1, 1)).bodyAsJsonObject();
    assertEquals("post_reveal", late.getString("board"));
    // by hand, on all six tracks: depth nmae 1 / (500 / 6), width nrmse 1 / (210 - 100), weighted 1 and 3
    double expected = (1 / (500.0 / 6) + 3 * (1 / 110.0)) / 4;
    assertEquals(expected, late.getDouble("score"), 1e-12);
    assertEquals(expected, live.get(BASE + "/leaderboard?board=post_reveal", null).bodyAsJsonObject().getJsonArray("rows")
        .getJsonObject(0).getDouble("score"), 1e-12);
  }

  @Test
  @DisplayName("by default an upload after the reveal is refused with 403, saying why, and there is no post-reveal board")
  void closedByDefault(Vertx vertx) throws Exception {
    start(vertx, null);
    String ada = live.register("Ada");
    assertEquals(201, upload(ada, Fixtures.predictions(2, 2)).statusCode());
    clock.set(AFTER);
    assertEquals("closed", live.get(BASE, null).bodyAsJsonObject().getString("after_reveal"));
    HttpResponse<Buffer> refused = upload(ada, Fixtures.predictions(1, 1));
    assertEquals(403, refused.statusCode());
    assertEquals("application/problem+json", refused.getHeader("Content-Type"));
    assertTrue(refused.bodyAsJsonObject().getString("detail").contains("after_reveal"), refused.bodyAsString());
    assertEquals(404, live.get(BASE + "/leaderboard?board=post_reveal", null).statusCode());
    assertEquals(1, live.get(BASE + "/submissions", ada).bodyAsJsonObject().getJsonArray("submissions").size(), "nothing was stored");
  }

  @Test
  @DisplayName("a webhook that asked for post_reveal_leader is told each new leader of the post-reveal board, with its date, and nothing else")
  void postRevealLeaderWebhook(Vertx vertx) throws Exception {
    start(vertx, "benchmark");
    List<JsonObject> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.vertx.core.http.HttpServer receiver = LiveServer.join(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(body.toJsonObject().put("header_event", request.getHeader("X-Amchallenge-Event")));
      request.response().end();
    })).listen(0, "127.0.0.1"));
    try {
      String ada = live.register("Ada");
      assertEquals(201, upload(ada, Fixtures.predictions(2, 2)).statusCode());
      clock.set(AFTER);
      HttpResponse<Buffer> hook = LiveServer.join(live.client.post(BASE + "/webhooks").bearerTokenAuthentication(TestServer.ORGANIZER)
          .sendJsonObject(new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hook")
              .put("secret", "a-secret-of-the-organizers-0001").put("events", new io.vertx.core.json.JsonArray().add("post_reveal_leader"))));
      assertEquals(201, hook.statusCode(), hook.bodyAsString());

      String bob = live.register("Bob");
      assertEquals(201, upload(bob, Fixtures.predictions(1, 1)).statusCode());
      waitFor(() -> received.size() == 1);
      clock.set(AFTER.plusSeconds(60));
      assertEquals(201, upload(live.register("Cyd"), Fixtures.predictions(0.5, 0.5)).statusCode());
      waitFor(() -> received.size() == 2);
      // by hand: Ada's 3 after the reveal leads nothing, Cyd's 0.5 still leads
      assertEquals(201, upload(ada, Fixtures.predictions(3, 3)).statusCode());
      Thread.sleep(1_000);

      assertEquals(2, received.size(), received.toString());
      JsonObject first = received.get(0);
      assertEquals("post_reveal_leader", first.getString("event"));
      assertEquals("post_reveal_leader", first.getString("header_event"));
      assertEquals("post_reveal", first.getString("board"));
      assertEquals("Bob", first.getJsonObject("leader").getString("team"));
      assertEquals("2027-01-02T09:00:00Z", first.getJsonObject("leader").getString("submitted_at"));
      JsonObject second = received.get(1);
      assertEquals("Cyd", second.getJsonObject("leader").getString("team"));
      assertEquals("Bob", second.getString("previous_leader"));
    } finally {
      LiveServer.join(receiver.close());
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
    long end = System.currentTimeMillis() + 20_000;
    while (!done.getAsBoolean() && System.currentTimeMillis() < end) Thread.sleep(20);
    assertTrue(done.getAsBoolean(), "waited 20 s");
  }

  private static byte[] entry(byte[] zip, String name) throws Exception {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().endsWith(name)) return in.readAllBytes();
      }
    }
    throw new AssertionError("no " + name + " in the bundle");
  }
}
