package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The board's Server-Sent Events: an event at once, one per change, resumption by Last-Event-ID, a heartbeat. */
@ExtendWith(VertxExtension.class)
class LeaderboardEventsTest {
  /** How long to wait for an event: a bound for a loaded CI machine, not a time the test asserts. */
  private static final long WAIT = 15_000;
  @TempDir Path dir;
  private LiveServer live;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    System.setProperty("amc.sse.heartbeat.millis", "300");
    live = LiveServer.fixture(vertx, dir, 1 << 20);
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    System.clearProperty("amc.sse.heartbeat.millis");
    live.close();
  }

  /** Opens the stream; every chunk received goes to the queue. */
  private LinkedBlockingQueue<String> listen(String lastEventId) {
    LinkedBlockingQueue<String> chunks = new LinkedBlockingQueue<>();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(live.config.port())
        .setURI("/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard/events");
    if (lastEventId != null) options.putHeader("Last-Event-ID", lastEventId);
    HttpClientResponse response = LiveServer.join(http.request(options).compose(request -> request.send()));
    assertEquals("text/event-stream; charset=utf-8", response.getHeader("Content-Type"));
    response.handler(buffer -> chunks.add(buffer.toString()));
    return chunks;
  }

  /** Reads until a whole event with a data line has come; null on time out. */
  private static String nextEvent(LinkedBlockingQueue<String> chunks, long millis) throws InterruptedException {
    StringBuilder text = new StringBuilder();
    long end = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < end) {
      String chunk = chunks.poll(Math.max(1, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      if (chunk == null) break;
      text.append(chunk);
      int at = text.indexOf("event: leaderboard");
      if (at >= 0 && text.indexOf("\n\n", at) > 0) return text.substring(text.lastIndexOf("id: ", at), text.indexOf("\n\n", at));
    }
    return null;
  }

  private static JsonObject data(String event) {
    return new JsonObject(event.substring(event.indexOf("data: ") + 6).trim());
  }

  private static String id(String event) {
    return event.substring(4, event.indexOf('\n'));
  }

  @Test
  @DisplayName("a subscriber gets the board at once, then a new event after each upload (the delay is printed, not asserted)")
  void eventsFollowUploads() throws Exception {
    LinkedBlockingQueue<String> chunks = listen(null);
    String first = nextEvent(chunks, WAIT);
    assertEquals(0, data(first).getJsonArray("rows").size());

    String token = live.register("MeltLab");
    long uploaded = System.nanoTime();
    assertEquals(201, live.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(Fixtures.predictions(2, 2))).statusCode());
    String second = nextEvent(chunks, WAIT);
    assertTrue(second != null, "an event after the upload");
    System.out.printf("event %.0f ms after the upload was sent%n", (System.nanoTime() - uploaded) / 1e6);
    assertEquals("MeltLab", data(second).getJsonArray("rows").getJsonObject(0).getString("team"));
    assertTrue(Long.parseLong(id(second)) > Long.parseLong(id(first)));
  }

  @Test
  @DisplayName("a client resuming with the current Last-Event-ID is sent no repeat, only heartbeats until the next change")
  void resumeAndHeartbeat() throws Exception {
    String current = id(nextEvent(listen(null), WAIT));
    LinkedBlockingQueue<String> resumed = listen(current);
    StringBuilder seen = new StringBuilder();
    long end = System.currentTimeMillis() + 900;
    while (System.currentTimeMillis() < end) {
      String chunk = resumed.poll(50, TimeUnit.MILLISECONDS);
      if (chunk != null) seen.append(chunk);
    }
    assertTrue(seen.toString().contains(": heartbeat"), seen.toString());
    assertFalse(seen.toString().contains("event: leaderboard"), "nothing missed, nothing repeated");

    assertEquals(201, live.upload(Fixtures.CHALLENGE, live.register("Poolers"), "text/csv", Buffer.buffer(Fixtures.predictions(1, 1))).statusCode());
    assertTrue(nextEvent(resumed, WAIT) != null);
  }
}
