package org.amchallenge.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.competition.Boards;

/**
 * Server-Sent Events of a challenge's public board: a {@code leaderboard} event each time the board changes,
 * its id the board's version so that a reconnecting client (Last-Event-ID) is sent only what it missed, and a
 * comment line as a heartbeat so that proxies keep the stream open.
 */
final class LeaderboardEvents {
  /** Often enough that proxies keep an idle stream open; the system property {@code amc.sse.heartbeat.millis} changes it. */
  private static final long DEFAULT_HEARTBEAT_MILLIS = 15_000;

  private final ApiContext api;
  private final LeaderboardRoutes boards;
  private final Vertx vertx;
  private final Map<String, Set<HttpServerResponse>> streams = new ConcurrentHashMap<>();
  /** The board changes heard and the heartbeat timer while started; null and -1 otherwise. */
  private MessageConsumer<String> changes;
  private long heartbeats = -1;

  LeaderboardEvents(ApiContext api, LeaderboardRoutes boards, Vertx vertx) {
    this.api = api;
    this.boards = boards;
    this.vertx = vertx;
  }

  /** Pushes each board change to the streams of its challenge and sends the heartbeat. */
  Future<Void> start() {
    changes = vertx.eventBus().<String>localConsumer(Boards.CHANGED, message -> push(message.body()));
    heartbeats = vertx.setPeriodic(Long.getLong("amc.sse.heartbeat.millis", DEFAULT_HEARTBEAT_MILLIS), timer -> heartbeat());
    return changes.completion();
  }

  /** Stops pushing and beating; the streams themselves end with their connections. */
  Future<Void> stop() {
    if (heartbeats >= 0) vertx.cancelTimer(heartbeats);
    heartbeats = -1;
    MessageConsumer<String> listening = changes;
    changes = null;
    return listening == null ? Future.succeededFuture() : listening.unregister();
  }

  void subscribe(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Encoding", "identity")
        .putHeader("X-Accel-Buffering", "no");
    response.write("retry: 2000\n\n");
    Set<HttpServerResponse> listeners = streams.computeIfAbsent(published.id(), id -> ConcurrentHashMap.newKeySet());
    listeners.add(response);
    api.metrics().sseClients().incrementAndGet();
    response.closeHandler(closed -> {
      if (listeners.remove(response)) api.metrics().sseClients().decrementAndGet();
    });
    String lastSeen = ctx.request().getHeader("Last-Event-ID");
    if (lastSeen == null || !lastSeen.equals(Long.toString(api.boards().version(published.id())))) {
      send(published, Set.of(response));
    }
  }

  private void push(String challengeId) {
    Set<HttpServerResponse> listeners = streams.get(challengeId);
    if (listeners == null || listeners.isEmpty()) return;
    api.challenges().get(challengeId).filter(Published::hasReference).ifPresent(published -> send(published, Set.copyOf(listeners)));
  }

  private void send(Published published, Set<HttpServerResponse> to) {
    long version = api.boards().version(published.id());
    boards.publicBoard(published).onSuccess(board -> {
      String event = "id: " + version + "\nevent: leaderboard\ndata: " + board.encode() + "\n\n";
      to.forEach(response -> write(response, event));
    });
  }

  private void heartbeat() {
    streams.values().forEach(listeners -> listeners.forEach(response -> write(response, ": heartbeat\n\n")));
  }

  private static void write(HttpServerResponse response, String text) {
    if (!response.closed() && !response.ended()) response.write(text);
  }

  /** How many clients are listening, for operations. */
  int clients() {
    return streams.values().stream().mapToInt(Set::size).sum();
  }
}
