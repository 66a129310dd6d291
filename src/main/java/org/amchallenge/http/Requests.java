package org.amchallenge.http;

import org.amchallenge.domain.Tokens;
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
import org.amchallenge.ops.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request goes through: a request id (the caller's {@code X-Request-Id} where it is a plain token,
 * else a new one) sent back and put in every log line and problem; one access-log line and the answer's
 * metrics when it ends; the rate limits per caller and per client address, the limit on team registrations per
 * address, and the limit on one team's uploads at once. The log holds method, path, status and time: never a
 * header, a token, a query or a body.
 */
final class Requests {
  static final String REQUEST_ID = "request-id";
  static final String PROBLEM_TYPE = "problem-type";
  private static final String BODY_READ = "body-read";
  /** The problem types of the limits a stranger can run into by the thousand. */
  private static final java.util.Set<String> STRANGERS_LIMITS = java.util.Set.of("rate-limited", "too-many-streams", "too-many-registrations");
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
      ended(ctx.request(), status, start, id, status == 429 && STRANGERS_LIMITS.contains(ctx.<String>get(PROBLEM_TYPE)));
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
    request.response().endHandler(ended -> ended(request, request.response().getStatusCode(), start, id, false));
  }

  /** The caller's request id where it is a plain token, else a new one; sent back. */
  private static String id(HttpServerRequest request) {
    String given = request.getHeader(X_REQUEST_ID);
    String id = given != null && CALLER_ID.matcher(given).matches() ? given : NODE + Long.toString(COUNTER.incrementAndGet(), 36);
    request.response().putHeader(X_REQUEST_ID, id);
    return id;
  }

  /** The answer's metrics and its access-log line. */
  private void ended(HttpServerRequest request, int status, long start, String id, boolean flood) {
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    api.metrics().answered(request.method().name(), status, took);
    // every change and every refusal at INFO; successful reads (boards polled by the thousand) and the refusals of a
    // flood (a stranger's requests, counted in /metrics, whose lines would otherwise be the stranger's to write) at DEBUG
    boolean quiet = flood || status < 400 && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD);
    if (quiet ? ACCESS.isDebugEnabled() : ACCESS.isInfoEnabled()) {
      Object[] fields = {kv("method", request.method().name()), kv("path", request.path()), kv("status", status),
          kv("ms", took.toNanos() / 1_000_000.0), kv("request_id", id)};
      if (quiet) ACCESS.debug("{} {} {} {} {}", fields);
      else ACCESS.info("{} {} {} {} {}", fields);
    }
  }

  /**
   * Requests per minute on this node, counted for whom they come from: the organizer, or a team once its token has
   * been seen to be the team's; before that, the client's address (anonymous requests, and tokens that match no
   * team: a random token counts against its address and makes no count of its own). Decided before the token is
   * looked up and before the body is read; over the limit, 429 with Retry-After to the next window.
   */
  void rateLimit(RoutingContext ctx) {
    Limits limits = api.limits();
    String token = ApiVerticle.bearer(ctx);
    String hash = token == null ? null : Tokens.hash(token);
    if (hash != null && Tokens.sameHash(hash, api.organizerTokenHash())) {
      if (withinRate(ctx, "organizer", limits.requestsPerMinute(), "the organizer's token has")) ctx.next();
      return;
    }
    String team = hash == null ? null : api.limiter().teamOf(hash);
    if (team != null) {
      if (withinRate(ctx, "team:" + team, limits.requestsPerMinute(), "this team's token has")) ctx.next();
      return;
    }
    if (!withinRate(ctx, "address:" + clientAddress(ctx.request(), limits.behindProxy()), limits.addressRequestsPerMinute(),
        "this address (anonymous, or with a token not yet known to be a team's) has")) {
      return;
    }
    if (hash == null) {
      ctx.next();
      return;
    }
    // the token is looked up once it passed its address's limit: a team's, its requests count as the team's from here on
    api.store().teamByTokenHash(hash).onComplete(found -> {
      if (found.failed() || found.result().isEmpty()) {
        ctx.next();  // the routes that need a caller answer 401 or 503 themselves
        return;
      }
      String id = found.result().get().id();
      api.limiter().knowTeam(hash, id);
      if (withinRate(ctx, "team:" + id, limits.requestsPerMinute(), "this team's token has")) ctx.next();
    });
  }

  /** Counts the request for this caller; false, the request failed with 429, where it is past {@code perMinute} (0: no limit). */
  private boolean withinRate(RoutingContext ctx, String caller, int perMinute, String who) {
    if (perMinute <= 0) return true;
    long retry = api.limiter().request(caller, perMinute, System.currentTimeMillis());
    if (retry == 0) return true;
    api.metrics().refused("rate-limited");
    ctx.fail(new ApiException(429, "rate-limited", who + " made " + perMinute + " requests in a minute, as many as this server "
        + "takes; try again in " + retry + " s", Map.of("Retry-After", Long.toString(retry))));
    return false;
  }

  /**
   * Team registrations per client address per hour on this node, counted as they are asked for, before the body is
   * read: a stranger cannot make teams by the thousand, each with its own quota.
   */
  void limitRegistrations(RoutingContext ctx) {
    int limit = api.limits().registrationsPerHour();
    long retry = limit <= 0 ? 0 : api.limiter().registration(clientAddress(ctx.request(), api.limits().behindProxy()), limit,
        System.currentTimeMillis());
    if (retry > 0) {
      api.metrics().refused("too-many-registrations");
      ctx.fail(new ApiException(429, "too-many-registrations", "this address asked for " + limit + " team registrations within "
          + "the hour, as many as this server takes from one address; try again in " + retry + " s",
          Map.of("Retry-After", Long.toString(retry))));
      return;
    }
    ctx.next();
  }

  /**
   * The client's address, as the limits count it: the peer's; behind a proxy ({@code behindProxy}), the last address of
   * X-Forwarded-For, the one the proxy appended (the earlier ones are the client's to write). An IPv6 address counts by
   * its /64, the block one client is given whole.
   */
  static String clientAddress(HttpServerRequest request, boolean behindProxy) {
    if (behindProxy) {
      java.util.List<String> forwarded = request.headers().getAll("X-Forwarded-For");
      if (!forwarded.isEmpty()) {
        String last = forwarded.get(forwarded.size() - 1);
        String address = block(withoutPort(last.substring(last.lastIndexOf(',') + 1).strip()));
        if (address != null) return address;
      }
    }
    io.vertx.core.net.SocketAddress peer = request.remoteAddress();
    String host = peer == null ? null : peer.hostAddress();
    if (host == null) return "unknown";
    String address = block(host);
    return address == null ? host : address;
  }

  /** An address without the port some proxies append ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}). */
  private static String withoutPort(String address) {
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      return end < 0 ? address : address.substring(1, end);
    }
    int colon = address.indexOf(':');
    return colon >= 0 && colon == address.lastIndexOf(':') ? address.substring(0, colon) : address;
  }

  /** An IPv4 address as it is (also written as IPv6), an IPv6 address as its /64 block; null for a text that is no address. */
  private static String block(String address) {
    byte[] bytes = io.netty.util.NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) return null;
    if (bytes.length == 4) return address;
    if (ipv4Mapped(bytes)) return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < 8; i += 2) prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
    return prefix.append(":/64").toString();
  }

  /** Whether the 16 bytes are an IPv4 address mapped into IPv6 ({@code ::ffff:a.b.c.d}), whose /64 every such client shares. */
  private static boolean ipv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) if (bytes[i] != 0) return false;
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
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
