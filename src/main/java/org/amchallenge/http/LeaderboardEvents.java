package org.amchallenge.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.competition.Boards;
import org.amchallenge.competition.SubmissionService;
import org.amchallenge.ops.Limiter;
import org.amchallenge.ops.Limits;
import org.amchallenge.problem.ApiException;

/**
 * Server-Sent Events of a challenge's public board: a {@code leaderboard} event each time the board changes (and a
 * {@code post_reveal} event with the post-reveal board, where the challenge keeps one and is revealed),
 * its id the board's version so that a reconnecting client (Last-Event-ID) is sent only what it missed, and a
 * comment line as a heartbeat so that proxies keep the stream open. Streams are limited per node and per client
 * address.
 */
final class LeaderboardEvents {
  /** Often enough that proxies keep an idle stream open; the system property {@code amc.sse.heartbeat.millis} changes it. */
  private static final long DEFAULT_HEARTBEAT_MILLIS = 15_000;

  private final ApiContext api;
  private final LeaderboardRoutes boards;
  private final Vertx vertx;
  /** Where a Retry-After helps at all: a stream is held for minutes, not seconds. */
  private static final String RETRY_SECONDS = "30";

  private final Map<String, Set<HttpServerResponse>> streams = new ConcurrentHashMap<>();
  /** The streams of each series' page, by series id. */
  private final Map<String, Set<HttpServerResponse>> seriesStreams = new ConcurrentHashMap<>();
  /** The board changes heard and the heartbeat timer while started; null and -1 otherwise. */
  private MessageConsumer<String> changes;
  private MessageConsumer<String> seriesChanges;
  private long heartbeats = -1;

  LeaderboardEvents(ApiContext api, LeaderboardRoutes boards, Vertx vertx) {
    this.api = api;
    this.boards = boards;
    this.vertx = vertx;
  }

  /** Pushes each board change to the streams of its challenge and sends the heartbeat. */
  Future<Void> start() {
    changes = vertx.eventBus().<String>localConsumer(Boards.CHANGED, message -> push(message.body()));
    seriesChanges = vertx.eventBus().<String>localConsumer(org.amchallenge.competition.SeriesService.CHANGED, message -> pushSeries(message.body()));
    heartbeats = vertx.setPeriodic(Long.getLong("amc.sse.heartbeat.millis", DEFAULT_HEARTBEAT_MILLIS), timer -> heartbeat());
    return Future.all(changes.completion(), seriesChanges.completion()).mapEmpty();
  }

  /** Stops pushing and beating; the streams themselves end with their connections. */
  Future<Void> stop() {
    if (heartbeats >= 0) vertx.cancelTimer(heartbeats);
    heartbeats = -1;
    MessageConsumer<String> listening = changes;
    MessageConsumer<String> listeningToSeries = seriesChanges;
    changes = null;
    seriesChanges = null;
    return Future.join(listening == null ? Future.succeededFuture() : listening.unregister(),
        listeningToSeries == null ? Future.succeededFuture() : listeningToSeries.unregister()).mapEmpty();
  }

  /** A challenge page's stream: its public board at once (unless the client has it, by Last-Event-ID) and at each change. */
  void subscribe(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    HttpServerResponse response = open(ctx, streams.computeIfAbsent(published.id(), id -> ConcurrentHashMap.newKeySet()));
    if (response == null) return;
    String lastSeen = ctx.request().getHeader("Last-Event-ID");
    if (lastSeen == null || !lastSeen.equals(Long.toString(api.boards().version(published.id())))) {
      send(published, Set.of(response));
    }
  }

  /** A series page's stream: a {@code series} event (the series with its challenges, and its board) at once and at each change. */
  void subscribeSeries(RoutingContext ctx) {
    org.amchallenge.challenge.Series series = SeriesRoutes.series(ctx);
    HttpServerResponse response = open(ctx, seriesStreams.computeIfAbsent(series.id(), id -> ConcurrentHashMap.newKeySet()));
    if (response != null) sendSeries(series, Set.of(response));
  }

  private void pushSeries(String seriesId) {
    Set<HttpServerResponse> listeners = seriesStreams.get(seriesId);
    if (listeners == null || listeners.isEmpty()) return;
    api.series().registry().get(seriesId).ifPresent(series -> sendSeries(series, Set.copyOf(listeners)));
  }

  private void sendSeries(org.amchallenge.challenge.Series series, Set<HttpServerResponse> to) {
    api.series().board(series).onSuccess(board -> {
      String data = new io.vertx.core.json.JsonObject().put("series", SeriesRoutes.detail(board)).put("leaderboard", SeriesRoutes.json(board)).encode();
      String event = "event: series\ndata: " + data + "\n\n";
      to.forEach(response -> write(response, event));
    });
  }

  /**
   * Opens a stream where this node and the client's address have room for one more (429 otherwise, before anything
   * is written): each stream holds a connection, and its heartbeat keeps the idle timeout from ever closing it. The
   * stream is kept among {@code listeners}; null where none opened (the request failed, or the client is gone).
   */
  private HttpServerResponse open(RoutingContext ctx, Set<HttpServerResponse> listeners) {
    Limits limits = api.limits();
    String address = Requests.clientAddress(ctx.request(), limits.behindProxy());
    Limiter.Stream opened = api.limiter().openStream(address, limits.streams(), limits.streamsPerAddress());
    if (opened != Limiter.Stream.OPENED) {
      api.metrics().refused("too-many-streams");
      ctx.fail(new ApiException(429, "too-many-streams", opened == Limiter.Stream.NODE_FULL
          ? "this server has " + limits.streams() + " event streams open, as many as it takes; try again later, or read the board"
          : "this address has " + limits.streamsPerAddress() + " event streams open, as many as the server takes from one address; "
              + "close one first", Map.of("Retry-After", RETRY_SECONDS)));
      return null;
    }
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Encoding", "identity")
        .putHeader("X-Accel-Buffering", "no");
    listeners.add(response);
    api.metrics().sseClients().incrementAndGet();
    AtomicBoolean ended = new AtomicBoolean();
    Handler<Void> end = closed -> {
      if (!ended.compareAndSet(false, true)) return;
      if (listeners.remove(response)) api.metrics().sseClients().decrementAndGet();
      api.limiter().closeStream(address);
    };
    response.closeHandler(end);
    // a client gone before its handler was set is never told: its stream ends here
    if (response.closed()) {
      end.handle(null);
      return null;
    }
    response.write("retry: 2000\n\n");
    return response;
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
    // a challenge that keeps a post-reveal board sends it beside the public one, which no upload after the reveal changes
    if (SubmissionService.benchmarkAfterReveal(published, api.clock().instant())) {
      boards.postRevealBoard(published).onSuccess(board -> {
        String event = "id: " + version + "\nevent: post_reveal\ndata: " + board.encode() + "\n\n";
        to.forEach(response -> write(response, event));
      });
    }
  }

  private void heartbeat() {
    streams.values().forEach(listeners -> listeners.forEach(response -> write(response, ": heartbeat\n\n")));
    seriesStreams.values().forEach(listeners -> listeners.forEach(response -> write(response, ": heartbeat\n\n")));
  }

  private static void write(HttpServerResponse response, String text) {
    if (!response.closed() && !response.ended()) response.write(text);
  }

  /** How many clients are listening, for operations. */
  int clients() {
    return streams.values().stream().mapToInt(Set::size).sum() + seriesStreams.values().stream().mapToInt(Set::size).sum();
  }
}
