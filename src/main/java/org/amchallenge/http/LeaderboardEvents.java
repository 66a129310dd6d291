package org.amchallenge.http;

import io.vertx.core.Vertx;
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
  /** Every 15 s by default; the system property {@code amc.sse.heartbeat.millis}, read at start, changes it. */
  private static final long DEFAULT_HEARTBEAT_MILLIS = 15_000;

  private final ApiContext api;
  private final LeaderboardRoutes boards;
  private final Map<String, Set<HttpServerResponse>> streams = new ConcurrentHashMap<>();

  LeaderboardEvents(ApiContext api, LeaderboardRoutes boards, Vertx vertx) {
    this.api = api;
    this.boards = boards;
    vertx.eventBus().<String>localConsumer(Boards.CHANGED, message -> push(message.body()));
    vertx.setPeriodic(Long.getLong("amc.sse.heartbeat.millis", DEFAULT_HEARTBEAT_MILLIS), timer -> heartbeat());
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
