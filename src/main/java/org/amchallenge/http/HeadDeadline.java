package org.amchallenge.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amchallenge.ops.Metrics;

/**
 * Closes a connection whose request head does not arrive in time, counted from the connection's opening and from
 * the end of each answer on it (a kept-alive connection waiting for its next request). A client that trickles its
 * header lines, a byte now and then, would otherwise keep the connection for good, since each byte defers the idle
 * timeout. Nothing is written: without a whole head there is no request to answer, and the public API of Vert.x
 * gives no way to write one on a connection.
 */
final class HeadDeadline {
  private final Vertx vertx;
  private final long deadlineNanos;
  private final long sweepMillis;
  private final Metrics metrics;
  private final Map<HttpConnection, Waiting> connections = new ConcurrentHashMap<>();
  private long sweeper = -1;

  /** A connection's request while it is being answered; without one, since when the connection has waited for a head. */
  private static final class Waiting {
    HttpServerRequest request;
    long since = System.nanoTime();
  }

  HeadDeadline(Vertx vertx, int seconds, Metrics metrics) {
    this.vertx = vertx;
    this.deadlineNanos = seconds * 1_000_000_000L;
    // one look at every connection a second at most: a timer for each would be set again for every request
    this.sweepMillis = Math.max(100, Math.min(1_000, seconds * 250L));
    this.metrics = metrics;
  }

  void start() {
    sweeper = vertx.setPeriodic(sweepMillis, timer -> sweep());
  }

  void stop() {
    if (sweeper >= 0) vertx.cancelTimer(sweeper);
    sweeper = -1;
  }

  void opened(HttpConnection connection) {
    connections.put(connection, new Waiting());
    connection.closeHandler(closed -> connections.remove(connection));
  }

  /** A whole head has arrived: the connection waits for no head until this request is answered. */
  void arrived(HttpServerRequest request) {
    Waiting waiting = connections.get(request.connection());
    if (waiting != null) waiting.request = request;
  }

  private void sweep() {
    long now = System.nanoTime();
    List<HttpConnection> late = new ArrayList<>();
    connections.forEach((connection, waiting) -> {
      if (waiting.request != null) {
        if (!waiting.request.response().ended()) return;
        waiting.request = null;
        waiting.since = now;
      } else if (now - waiting.since >= deadlineNanos) {
        late.add(connection);
      }
    });
    for (HttpConnection connection : late) {
      connections.remove(connection);
      metrics.refused("head-timeout");
      connection.close();
    }
  }
}
