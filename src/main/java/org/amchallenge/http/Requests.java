package org.amchallenge.http;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.amchallenge.problem.ApiException;
import org.amchallenge.domain.Team;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request goes through: a request id (the caller's {@code X-Request-Id} where it is a plain token,
 * else a new one) sent back and put in every log line and problem; one access-log line and the answer's
 * metrics when it ends; the per-token rate limit; and the limit on one team's uploads at once. The log holds
 * method, path, status and time: never a header, a token, a query or a body.
 */
final class Requests {
  static final String REQUEST_ID = "request-id";
  static final String PROBLEM_TYPE = "problem-type";
  private static final String BODY_READ = "body-read";
  /** How long a refused caller's connection stays open, unread, after its answer. */
  private static final long LINGER_MILLIS = 2_000;
  private static final CharSequence X_REQUEST_ID = io.vertx.core.http.HttpHeaders.createOptimized("X-Request-Id");
  private static final Logger ACCESS = LoggerFactory.getLogger("org.amchallenge.access");
  private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /** Request ids: this process's random prefix and a counter (unique across nodes, cheaper than a random UUID each). */
  private static final String NODE = UUID.randomUUID().toString().substring(0, 8) + "-";
  private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

  private final ApiContext api;

  Requests(ApiContext api) {
    this.api = api;
  }

  void begin(RoutingContext ctx) {
    long start = System.nanoTime();
    String id = id(ctx.request());
    ctx.put(REQUEST_ID, id);
    boolean upload = ctx.request().method() == HttpMethod.POST && ctx.request().path().endsWith("/submissions");
    if (upload) api.metrics().uploadsInFlight().incrementAndGet();
    ctx.addEndHandler(ended -> {
      int status = ctx.response().getStatusCode();
      if (upload) {
        api.metrics().uploadsInFlight().decrementAndGet();
        if (status == 201) api.metrics().accepted();
        else api.metrics().rejected(ctx.get(PROBLEM_TYPE, status == 413 ? "too-large" : "status-" + status));
      }
      api.metrics().bodyRead(ctx.request().bytesRead());
      ended(ctx.request(), status, start, id);
    });
    ctx.next();
  }

  /**
   * For every request: a body waits, paused and unread, while the caller's right to send it is decided, and a route
   * that takes none never reads it. A caller refused before its body was read is answered and, shortly after, its connection closed, the
   * body never resumed: a refusal costs the headers only.
   */
  void holdBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded() && hasBody(request)) {
      request.pause();
      ctx.addHeadersEndHandler(ready -> {
        if (ctx.get(BODY_READ) == null) ctx.response().putHeader("Connection", "close");
      });
      ctx.addEndHandler(ended -> {
        if (ctx.get(BODY_READ) == null && !request.isEnded()) closeLater(ctx);
      });
    }
    ctx.next();
  }

  /** Whether the request says a body follows: a length other than 0, or a transfer encoding (HTTP/1.1, section 6.3). */
  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null || (length != null && !length.strip().matches("0+"));
  }

  /** The answer about to be sent ends the connection: the body is not read further, and the connection is closed after it. */
  static void closeAfterAnswer(RoutingContext ctx) {
    ctx.request().pause();
    // added as the head is written: set earlier, Vert.x closes the connection at once and skips the end handlers
    ctx.addHeadersEndHandler(ready -> ctx.response().putHeader("Connection", "close"));
    ctx.addEndHandler(ended -> closeLater(ctx));
  }

  /**
   * Closes the connection a moment after the answer, not at once: a client still sending would otherwise be reset
   * before it has read its answer; meanwhile the body stays paused, so the client waits and nothing more is read.
   */
  private static void closeLater(RoutingContext ctx) {
    ctx.vertx().setTimer(LINGER_MILLIS, t -> ctx.request().connection().close());
  }

  /** The caller was let through: its body is read from here on. */
  static void bodyRead(RoutingContext ctx) {
    ctx.put(BODY_READ, true);
  }

  /** The same for a request answered without the router (the public board's fast path). */
  void begin(HttpServerRequest request) {
    long start = System.nanoTime();
    String id = id(request);
    request.response().endHandler(ended -> ended(request, request.response().getStatusCode(), start, id));
  }

  /** The caller's request id where it is a plain token, else a new one; sent back. */
  private static String id(HttpServerRequest request) {
    String given = request.getHeader(X_REQUEST_ID);
    String id = given != null && CALLER_ID.matcher(given).matches() ? given : NODE + Long.toString(COUNTER.incrementAndGet(), 36);
    request.response().putHeader(X_REQUEST_ID, id);
    return id;
  }

  /** The answer's metrics and its access-log line. */
  private void ended(HttpServerRequest request, int status, long start, String id) {
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    api.metrics().answered(request.method().name(), status, took);
    // every change and every refusal at INFO; successful reads (boards polled by the thousand) at DEBUG
    boolean quiet = status < 400 && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD);
    if (quiet ? ACCESS.isDebugEnabled() : ACCESS.isInfoEnabled()) {
      Object[] fields = {kv("method", request.method().name()), kv("path", request.path()), kv("status", status),
          kv("ms", took.toNanos() / 1_000_000.0), kv("request_id", id)};
      if (quiet) ACCESS.debug("{} {} {} {} {}", fields);
      else ACCESS.info("{} {} {} {} {}", fields);
    }
  }

  /** Requests per token per minute on this node; over the limit, 429 with Retry-After to the next window. */
  void rateLimit(RoutingContext ctx) {
    int limit = api.limits().requestsPerMinute();
    String token = ApiVerticle.bearer(ctx);
    if (limit <= 0 || token == null) {
      ctx.next();
      return;
    }
    long retry = api.limiter().request(Tokens.hash(token), limit, System.currentTimeMillis());
    if (retry > 0) {
      ctx.fail(new ApiException(429, "rate-limited", "this token has made " + limit + " requests in a minute, as many as this server "
          + "takes; try again in " + retry + " s", Map.of("Retry-After", Long.toString(retry))));
      return;
    }
    ctx.next();
  }

  /** A team's uploads at once on this node; one more is 429 until one of them is answered. */
  void oneOfTeamUploads(RoutingContext ctx) {
    Team team = ApiVerticle.caller(ctx).team();
    if (team == null) {
      ctx.next();
      return;
    }
    int limit = api.limits().uploadsPerTeam();
    if (!api.limiter().startUpload(team.id(), limit)) {
      ctx.fail(new ApiException(429, "too-many-uploads", "team '" + team.name() + "' has " + limit
          + " uploads in progress, as many as this server takes at once; send the next when one is answered", Map.of("Retry-After", "1")));
      return;
    }
    ctx.addEndHandler(ended -> api.limiter().endUpload(team.id()));
    ctx.next();
  }
}
