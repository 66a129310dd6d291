package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks against a small receiving server on loopback (allowed by the server's option): signed deliveries on a new leader, on close and on
 * reveal; retried after failures; an upload never waits for a receiver; no held-out value in any payload.
 */
@ExtendWith(VertxExtension.class)
class WebhookTest {
  private static final String SECRET = "a-secret-of-the-organizers-0001";
  /** The fixture's measured values: none may appear in a payload. */
  private static final Set<Double> MEASURED = Set.of(100.0, 50.0, 80.0, 120.0, 60.0, 90.0, 200.0, 150.0, 210.0, 170.0);
  private static final long WAIT_MILLIS = 30_000;

  @TempDir Path dir;
  private LiveServer live;
  private HttpServer receiver;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger flakyFailuresLeft = new AtomicInteger(2);

  /** A request the receiver got: where, its headers, its body. */
  private record Received(String path, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }

    String event() {
      return headers.get("X-Amchallenge-Event");
    }
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    System.setProperty("amc.webhook.backoff.millis", "100");
    System.setProperty("amc.webhook.tick.millis", "100");
    receiver = LiveServer.join(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(new Received(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body));
      switch (request.path()) {
        case "/flaky" -> request.response().setStatusCode(flakyFailuresLeft.getAndDecrement() > 0 ? 503 : 200).end();
        case "/hang" -> held.add(request);  // answered by the test, later
        default -> request.response().setStatusCode(200).end();
      }
    })).listen(0, "127.0.0.1"));
    // the challenge closes (and reveals itself) a few seconds from now, on the real clock
    String definition = new String(Fixtures.resource("challenges/test-tracks.yaml"), StandardCharsets.UTF_8)
        .replace("closes: 2027-01-01T00:00:00Z", "closes: " + Instant.now().plus(10, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS));
    live = LiveServer.of(vertx, dir, Fixtures.CHALLENGE, definition,
        new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8), Clock.systemUTC(),
        // the receiver is on this machine, where webhooks go only when the operator allows it
        config -> config.withWebhooksAllowPrivate(true));
  }

  @AfterEach
  void stop() {
    held.forEach(request -> request.response().end());
    live.close();
    LiveServer.join(receiver.close());
    System.clearProperty("amc.webhook.backoff.millis");
    System.clearProperty("amc.webhook.tick.millis");
  }

  private String hook(String path) {
    return "http://127.0.0.1:" + receiver.actualPort() + path;
  }

  private io.vertx.ext.web.client.HttpResponse<Buffer> addWebhook(String token, JsonObject body) {
    return LiveServer.join(live.client.post("/api/challenges/" + Fixtures.CHALLENGE + "/webhooks").bearerTokenAuthentication(token)
        .sendJsonObject(body));
  }

  private void waitFor(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long end = System.currentTimeMillis() + WAIT_MILLIS;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > end) throw new AssertionError("waited " + WAIT_MILLIS + " ms for " + what + "; received " + describe());
      Thread.sleep(20);
    }
  }

  private String describe() {
    return received.stream().map(r -> r.path() + " " + r.event() + " " + r.body()).toList().toString();
  }

  private List<Received> at(String path, Predicate<Received> which) {
    return received.stream().filter(r -> r.path().equals(path)).filter(which).toList();
  }

  private static String hmac(String secret, Buffer body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
  }

  /** Every number anywhere in a payload. */
  private static List<Double> numbers(Object json) {
    List<Double> found = new ArrayList<>();
    if (json instanceof JsonObject object) object.forEach(e -> found.addAll(numbers(e.getValue())));
    else if (json instanceof JsonArray array) array.forEach(v -> found.addAll(numbers(v)));
    else if (json instanceof Number n) found.add(n.doubleValue());
    return found;
  }

  @Test
  @DisplayName("an organizer's webhooks get signed POSTs on each new leader, on close and on reveal, retried after failures, once each, never holding up an upload, never with a held-out value")
  void deliveries() throws Exception {
    // what an organizer may configure, and who may
    var invalid = addWebhook(TestServer.ORGANIZER, new JsonObject().put("url", "ftp://x").put("secret", "short").put("events", new JsonArray().add("nope")));
    assertEquals(422, invalid.statusCode());
    assertEquals(3, invalid.bodyAsJsonObject().getJsonArray("problems").size(), invalid.bodyAsString());
    String team = live.register("MeltLab");
    assertEquals(403, addWebhook(team, new JsonObject().put("url", hook("/ok")).put("secret", SECRET)).statusCode());
    var flaky = addWebhook(TestServer.ORGANIZER, new JsonObject().put("url", hook("/flaky")).put("secret", SECRET));
    assertEquals(201, flaky.statusCode(), flaky.bodyAsString());
    assertFalse(flaky.bodyAsString().contains(SECRET), "the secret is not sent back");
    assertEquals(201, addWebhook(TestServer.ORGANIZER, new JsonObject().put("url", hook("/hang")).put("secret", SECRET)
        .put("events", new JsonArray().add("leader"))).statusCode());

    // MeltLab leads: the first delivery fails twice (503), then arrives; the same delivery, signed, each time
    assertEquals(201, live.upload(Fixtures.CHALLENGE, team, "text/csv", Buffer.buffer(Fixtures.predictions(5, 5))).statusCode());
    waitFor("three attempts of the first leader event", () -> at("/flaky", r -> "leader".equals(r.event())).size() == 3);
    List<Received> attempts = at("/flaky", r -> "leader".equals(r.event()));
    for (Received attempt : attempts) {
      assertEquals(hmac(SECRET, attempt.body()), attempt.headers().get("X-Amchallenge-Signature-256"));
      assertEquals(attempts.get(0).headers().get("X-Amchallenge-Delivery"), attempt.headers().get("X-Amchallenge-Delivery"));
      assertEquals(attempts.get(0).body(), attempt.body());
    }
    JsonObject first = attempts.get(0).json();
    assertEquals("MeltLab", first.getJsonObject("leader").getString("team"));
    JsonObject board = live.get("/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard", null).bodyAsJsonObject();
    assertEquals(board.getJsonArray("rows").getJsonObject(0).getDouble("score"), first.getJsonObject("leader").getDouble("score"),
        "the leader's public score, as the public board shows it");

    // the /hang receiver holds its request; an upload is answered all the same
    waitFor("the held leader delivery", () -> held.size() == 1);
    String poolers = live.register("Poolers");
    var better = live.upload(Fixtures.CHALLENGE, poolers, "text/csv", Buffer.buffer(Fixtures.predictions(1, 1)));
    assertEquals(201, better.statusCode());
    assertFalse(held.get(0).response().ended(), "the upload was answered while a receiver still held its delivery");
    String privateScore = live.asOrganizer(Fixtures.CHALLENGE, better.bodyAsJsonObject().getString("id")).getJsonObject("private").getValue("score").toString();

    waitFor("the second leader event", () -> at("/flaky", r -> "leader".equals(r.event()) && r.body().toString().contains("Poolers")).size() == 1);
    JsonObject second = at("/flaky", r -> r.body().toString().contains("Poolers")).get(0).json();
    assertEquals("MeltLab", second.getString("previous_leader"));
    assertFalse(second.encode().contains(privateScore));

    // the close and the reveal (reveal: on_close), each once
    waitFor("closed and revealed", () -> !at("/flaky", r -> "closed".equals(r.event())).isEmpty()
        && !at("/flaky", r -> "revealed".equals(r.event())).isEmpty());
    JsonObject revealed = at("/flaky", r -> "revealed".equals(r.event())).get(0).json();
    assertEquals("Poolers", revealed.getJsonArray("final_ranking").getJsonObject(0).getString("team"));
    assertEquals(2, at("/hang", r -> true).stream().map(r -> r.headers().get("X-Amchallenge-Delivery")).distinct().count(),
        "the leader-only hook had both leader events and nothing else");
    assertTrue(at("/hang", r -> !"leader".equals(r.event())).isEmpty());

    // no payload holds a measured value
    for (Received each : received) {
      for (double number : numbers(each.json())) assertFalse(MEASURED.contains(number), number + " in " + each.body());
      assertEquals(hmac(SECRET, each.body()), each.headers().get("X-Amchallenge-Signature-256"));
    }

    // the organizer sees each delivery's outcome, and never the secret
    JsonObject listed = live.get("/api/challenges/" + Fixtures.CHALLENGE + "/webhooks", TestServer.ORGANIZER).bodyAsJsonObject();
    assertFalse(listed.encode().contains(SECRET));
    assertEquals(2, listed.getJsonArray("webhooks").size(), "listed before the late one was added");
    JsonArray deliveries = listed.getJsonArray("webhooks").getJsonObject(0).getJsonArray("deliveries");
    JsonObject firstDelivery = deliveries.stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("delivery").equals(attempts.get(0).headers().get("X-Amchallenge-Delivery"))).findFirst().orElseThrow();
    assertEquals("delivered", firstDelivery.getString("outcome"));
    assertEquals(Set.of("delivery", "event", "at", "outcome"), firstDelivery.fieldNames(), "delivered or failed, and nothing more");
    // a webhook added after the close is not sent the close or the reveal (claimed already, and older than it)
    assertEquals(201, addWebhook(TestServer.ORGANIZER, new JsonObject().put("url", hook("/late")).put("secret", SECRET)).statusCode());

    // a restart sends nothing again: each event was claimed once in the store
    int before = received.size();
    live.restart();
    Thread.sleep(1500);
    assertEquals(before, received.size(), "nothing sent twice after a restart: " + describe());
    assertTrue(at("/late", r -> true).isEmpty());

    String hookId = flaky.bodyAsJsonObject().getString("id");
    assertEquals(204, LiveServer.join(live.client.delete("/api/challenges/" + Fixtures.CHALLENGE + "/webhooks/" + hookId)
        .bearerTokenAuthentication(TestServer.ORGANIZER).send()).statusCode());
    assertEquals(404, LiveServer.join(live.client.delete("/api/challenges/" + Fixtures.CHALLENGE + "/webhooks/" + hookId)
        .bearerTokenAuthentication(TestServer.ORGANIZER).send()).statusCode());
  }
}
