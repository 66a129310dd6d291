package org.amchallenge.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.Fixtures;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.ops.Limiter;
import org.amchallenge.ops.Limits;
import org.amchallenge.ops.MetricsAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stranger's ways of wearing a node down, each tried as the adversary would, against a real server: a flood of
 * random tokens, event streams by the dozen, header lines trickled a byte at a time, teams registered by the
 * hundred, and reading the operator's metrics. The limits are lowered here so that each runs in seconds.
 */
class AbuseTest {
  private static final String BOARD = "/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard";
  private static final String EVENTS = BOARD + "/events";
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final List<Server> servers = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    for (Socket socket : sockets) socket.close();
    servers.forEach(TestServer::stop);
    LiveServer.join(vertx.close());
  }

  private Server start(ServerConfig config) {
    Server server = TestServer.start(config);
    servers.add(server);
    return server;
  }

  private ServerConfig config(Limits limits) throws Exception {
    return TestServer.config(dir, 1 << 20).withLimits(limits);
  }

  private WebClient client(int port, int connections) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  private static HttpResponse<Buffer> get(WebClient client, String path, String token) {
    var request = client.get(path);
    if (token != null) request.bearerTokenAuthentication(token);
    return LiveServer.join(request.send());
  }

  private static String register(WebClient client, String name) {
    HttpResponse<Buffer> registered = LiveServer.join(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", name)));
    assertEquals(201, registered.statusCode(), registered.bodyAsString());
    return registered.bodyAsJsonObject().getString("token");
  }

  private static String metrics(WebClient client) {
    HttpResponse<Buffer> scrape = get(client, "/metrics", TestServer.ORGANIZER);
    assertEquals(200, scrape.statusCode(), scrape.bodyAsString());
    return scrape.bodyAsString();
  }

  private static double figure(String metrics, String name) {
    return figure(metrics, name, "[^}]*");
  }

  /** A figure of /metrics whose labels match {@code labels} (a pattern), where it has any. */
  private static double figure(String metrics, String name, String labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{" + labels + "\\})? (\\S+)$").matcher(metrics);
    assertTrue(m.find(), name + " in /metrics");
    return Double.parseDouble(m.group(1));
  }

  /** Sends {@code n} requests, {@code concurrency} at a time; the count of each status (-1: no answer). */
  private static Map<Integer, Integer> flood(int n, int concurrency, IntFunction<Future<HttpResponse<Buffer>>> request) {
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> loops = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) loops.add(loop(n, next, statuses, request));
    LiveServer.join(Future.all(loops));
    return statuses;
  }

  private static Future<Void> loop(int n, AtomicInteger next, Map<Integer, Integer> statuses, IntFunction<Future<HttpResponse<Buffer>>> request) {
    int i = next.getAndIncrement();
    if (i >= n) return Future.succeededFuture();
    return request.apply(i).transform(answer -> {
      statuses.merge(answer.succeeded() ? answer.result().statusCode() : -1, 1, Integer::sum);
      return loop(n, next, statuses, request);
    });
  }

  @Test
  @DisplayName("a flood of random bearer tokens counts against its address: 429 past the address's limit, no count of its own "
      + "per token; /health and a known team's reads are served meanwhile")
  void randomTokenFlood() throws Exception {
    // the team's own limit lifted, to time its reads; the address's lowered, so that the flood passes it soon
    Server server = start(config(new Limits(2_000_000, 1_000_000, 120, 1_000_000, 4, 200, 30, 2000, 32, 20, false)));
    WebClient client = client(server.port(), 8);
    String team = register(client, "Steady");
    assertEquals(200, get(client, "/api/challenges/" + Fixtures.CHALLENGE + "/submissions", team).statusCode());

    int floodSize = 4000;
    java.util.Random random = new java.util.Random(22);
    WebClient stranger = client(server.port(), 32);
    AtomicBoolean flooding = new AtomicBoolean(true);
    // /health and the team's reads from clients of their own, on threads of their own, apart from the flood's event loops
    java.net.http.HttpClient own = java.net.http.HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + server.port());
    List<Double> healthMillis = Collections.synchronizedList(new ArrayList<>());
    Thread health = new Thread(() -> {
      while (flooding.get()) {
        long start = System.nanoTime();
        if (status(own, java.net.http.HttpRequest.newBuilder(base.resolve("/health")).build()) == 200) {
          healthMillis.add((System.nanoTime() - start) / 1e6);
        }
      }
    });
    AtomicLong teamReads = new AtomicLong();
    Thread reads = new Thread(() -> {
      while (flooding.get()) {
        if (status(own, java.net.http.HttpRequest.newBuilder(base.resolve(BOARD)).header("Authorization", "Bearer " + team).build()) == 200) {
          teamReads.incrementAndGet();
        }
      }
    });
    long start = System.nanoTime();
    health.start();
    reads.start();
    Map<Integer, Integer> statuses = flood(floodSize, 32, i -> {
      byte[] token = new byte[16];
      random.nextBytes(token);
      return stranger.get(BOARD).bearerTokenAuthentication("amt_" + HexFormat.of().formatHex(token)).send();
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    flooding.set(false);
    health.join();
    reads.join();
    List<Double> sorted = healthMillis.stream().sorted().toList();
    System.out.printf("random-token flood: %d requests in %.2f s (%.0f requests/s) %s; /health during it: %d answers, median %.1f ms, "
            + "max %.1f ms; the known team's board reads meanwhile: %.0f /s%n", floodSize, seconds, floodSize / seconds, statuses,
        sorted.size(), sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2), sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1),
        teamReads.get() / seconds);

    assertEquals(floodSize, statuses.getOrDefault(401, 0) + statuses.getOrDefault(429, 0), "every random token refused: " + statuses);
    assertTrue(statuses.getOrDefault(429, 0) >= floodSize - 200, "past the address's 200 requests a minute, 429: " + statuses);
    HttpResponse<Buffer> refused = get(stranger, BOARD, "amt_not-a-team");
    assertEquals(429, refused.statusCode());
    assertEquals("/problems/rate-limited", refused.bodyAsJsonObject().getString("type"));
    assertTrue(Long.parseLong(refused.getHeader("Retry-After")) >= 1, "Retry-After " + refused.getHeader("Retry-After"));
    assertEquals(429, get(stranger, "/api/challenges", null).statusCode(), "an anonymous request from that address too");

    assertEquals(200, get(client, "/health", null).statusCode());
    assertTrue(teamReads.get() > 0, "the team's reads were served during the flood");
    assertEquals(200, get(client, "/api/challenges/" + Fixtures.CHALLENGE + "/submissions", team).statusCode(), "the team counts as itself");
    double keys = figure(metrics(client), "amc_limiter_keys");
    assertTrue(keys <= 4, "callers counted: the address, the team and the organizer, not a token each: " + keys);
  }

  private static int status(java.net.http.HttpClient client, java.net.http.HttpRequest request) {
    try {
      return client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Test
  @DisplayName("the limiter keeps at most its bound of callers, however many come")
  void limiterBounded() {
    Limiter limiter = new Limiter(1_000);
    for (int i = 0; i < 50_000; i++) limiter.request("address:10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 10, 1_000);
    assertTrue(limiter.keys() <= 1_000, "callers kept: " + limiter.keys());
  }

  /** An event stream's answer: open where 200, else its problem, read whole. */
  private record Stream(HttpClientResponse response, JsonObject problem) {
    int status() {
      return response.statusCode();
    }
  }

  /** Opens the board's event stream as a client behind the proxy at {@code forwardedFor}. */
  private static Stream stream(HttpClient http, int port, String forwardedFor) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(EVENTS);
    if (forwardedFor != null) options.putHeader("X-Forwarded-For", forwardedFor);
    return LiveServer.join(http.request(options).compose(request -> request.send()).compose(response -> response.statusCode() == 200
        ? Future.succeededFuture(new Stream(response, null))
        : response.body().map(body -> new Stream(response, new JsonObject(body)))));
  }

  @Test
  @DisplayName("event streams past the limit per client address, then past the node's, are 429; one closed makes room; the gauge counts them")
  void eventStreams() throws Exception {
    Server server = start(config(Limits.DEFAULTS.withStreams(6, 2).withBehindProxy(true)));
    HttpClient http = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(20));
    int port = server.port();
    Stream first = stream(http, port, "10.0.0.1");
    assertEquals(200, first.status());
    assertEquals(200, stream(http, port, "10.0.0.1").status());
    // the client may write X-Forwarded-For itself; the proxy appends the address it saw, and that one counts
    Stream third = stream(http, port, "10.0.0.7, 10.0.0.1");
    assertEquals(429, third.status());
    assertNotNull(third.response().getHeader("Retry-After"));
    assertEquals("/problems/too-many-streams", third.problem().getString("type"));
    assertTrue(third.problem().getString("detail").contains("address"), third.problem().encode());
    // an IPv6 client counts by its /64, written with a port or not
    assertEquals(200, stream(http, port, "2001:db8::1").status());
    assertEquals(200, stream(http, port, "2001:db8::2").status());
    assertEquals(429, stream(http, port, "[2001:db8::3]:443").status());
    assertEquals(200, stream(http, port, "10.0.0.2").status());
    assertEquals(200, stream(http, port, "10.0.0.2").status());
    Stream full = stream(http, port, "10.0.0.3");
    assertEquals(429, full.status());
    assertEquals("/problems/too-many-streams", full.problem().getString("type"));
    assertTrue(full.problem().getString("detail").contains("this server has 6"), full.problem().encode());

    WebClient client = client(port, 2);
    assertEquals(6.0, figure(metrics(client), "amc_sse_clients"));
    LiveServer.join(first.response().request().connection().close());
    await().atMost(Duration.ofSeconds(10)).until(() -> figure(metrics(client), "amc_sse_clients") == 5.0);
    assertEquals(200, stream(http, port, "10.0.0.3").status(), "a closed stream makes room for another");
  }

  /** Whether the server has closed the socket's connection: its end read, or the connection reset. */
  private static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(50);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      while (true) {
        if (in.read(buffer) < 0) return true;
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  @DisplayName("a client that trickles its header lines, a byte a second, is cut off at the head's deadline; one that sends nothing too; "
      + "an event stream outlives it")
  void trickledHeaders() throws Exception {
    int deadline = 2;
    Server server = start(config(Limits.DEFAULTS.withHeaderSeconds(deadline)));
    Socket trickle = new Socket("127.0.0.1", server.port());
    sockets.add(trickle);
    OutputStream out = trickle.getOutputStream();
    out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    AtomicBoolean cut = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      byte[] header = "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; !cut.get(); i = (i + 1) % header.length) {
          out.write(header[i]);
          out.flush();
          Thread.sleep(1_000);
        }
      } catch (IOException | InterruptedException e) {
        cut.set(true);
      }
    });
    writer.setDaemon(true);
    writer.start();
    Socket silent = new Socket("127.0.0.1", server.port());
    sockets.add(silent);
    Socket stream = new Socket("127.0.0.1", server.port());
    sockets.add(stream);
    stream.getOutputStream().write(("GET " + EVENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    stream.getOutputStream().flush();

    // the deadline, a sweep of the connections, and slack for a loaded machine
    await().atMost(Duration.ofSeconds(deadline + 8)).pollInterval(Duration.ofMillis(200)).until(() -> closedByServer(trickle));
    cut.set(true);
    await().atMost(Duration.ofSeconds(deadline + 8)).pollInterval(Duration.ofMillis(200)).until(() -> closedByServer(silent));
    // an event stream, its head long arrived, stays open past the deadline
    await().during(Duration.ofSeconds(deadline)).atMost(Duration.ofSeconds(deadline + 2)).until(() -> !closedByServer(stream));
    WebClient client = client(server.port(), 1);
    assertTrue(figure(metrics(client), "amc_refusals_total", "reason=\"head-timeout\"") >= 2, "counted in /metrics");
    assertEquals(200, get(client, "/health", null).statusCode(), "a whole head in time is answered");
  }

  @Test
  @DisplayName("a team's body trickled a byte at a time is cut off at the head's deadline with 408 and its connection closed")
  void trickledTeamBody() throws Exception {
    Server server = start(config(Limits.DEFAULTS.withHeaderSeconds(2)));
    try (Socket trickle = new Socket("127.0.0.1", server.port())) {
      trickle.setSoTimeout(15_000);
      OutputStream out = trickle.getOutputStream();
      out.write(("POST /api/teams HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      AtomicBoolean cut = new AtomicBoolean();
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < 60 && !cut.get(); i++) {
            out.write(' ');
            out.flush();
            Thread.sleep(500);
          }
        } catch (IOException | InterruptedException e) {
          cut.set(true);
        }
      });
      writer.setDaemon(true);
      writer.start();
      InputStream in = trickle.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[4096];
      for (int n; (n = in.read(buffer)) > 0; ) answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      cut.set(true);
      assertTrue(answer.toString().startsWith("HTTP/1.1 408"), answer.toString());
      assertTrue(answer.toString().contains("too-slow"), answer.toString());
    }
  }

  @Test
  @DisplayName("team registrations past the limit per client address are 429 with Retry-After, X-Forwarded-For ignored unless behind a proxy")
  void registrationFlood() throws Exception {
    Server server = start(config(Limits.DEFAULTS.withStrangers(1200, 3)));
    WebClient client = client(server.port(), 4);
    for (int i = 0; i < 3; i++) register(client, "Team " + i);
    HttpResponse<Buffer> refused = LiveServer.join(client.post("/api/teams").putHeader("X-Forwarded-For", "10.9.9.9")
        .sendJsonObject(new JsonObject().put("name", "Team 3")));
    assertEquals(429, refused.statusCode(), refused.bodyAsString());
    assertEquals("/problems/too-many-registrations", refused.bodyAsJsonObject().getString("type"));
    long retry = Long.parseLong(refused.getHeader("Retry-After"));
    assertTrue(retry >= 1 && retry <= 3600, "Retry-After " + retry);
    Map<Integer, Integer> statuses = flood(50, 8, i -> client.post("/api/teams").sendJsonObject(new JsonObject().put("name", "Sybil " + i)));
    assertEquals(Map.of(429, 50), statuses, "no more teams from this address within the hour");
  }

  @Test
  @DisplayName("/metrics is the operator's: refused without the token, served with it; on a port of its own, not on the API's")
  void metricsKeptToTheOperator() throws Exception {
    Server plain = start(config(Limits.DEFAULTS));
    WebClient api = client(plain.port(), 2);
    HttpResponse<Buffer> anonymous = get(api, "/metrics", null);
    assertEquals(401, anonymous.statusCode());
    assertEquals("/problems/unauthorized", anonymous.bodyAsJsonObject().getString("type"));
    String team = register(api, "Curious");
    assertEquals(401, get(api, "/metrics", team).statusCode(), "a team's token does not read it");
    assertTrue(get(api, "/metrics", TestServer.ORGANIZER).bodyAsString().contains("amc_sse_clients"));
    TestServer.stop(plain);
    servers.remove(plain);

    Server own = start(config(Limits.DEFAULTS).withMetricsAccess(new MetricsAccess("scrape-token", 0, "127.0.0.1")));
    assertTrue(own.metricsPort() > 0 && own.metricsPort() != own.port());
    WebClient apiPort = client(own.port(), 2);
    assertEquals(404, get(apiPort, "/metrics", "scrape-token").statusCode(), "not on the API's port");
    WebClient metricsPort = client(own.metricsPort(), 2);
    assertEquals(401, get(metricsPort, "/metrics", null).statusCode());
    HttpResponse<Buffer> scraped = get(metricsPort, "/metrics", "scrape-token");
    assertEquals(200, scraped.statusCode());
    assertTrue(scraped.getHeader("Content-Type").startsWith("text/plain"));
    assertTrue(scraped.bodyAsString().contains("amc_limiter_keys"));
    assertEquals(404, get(metricsPort, "/api/challenges", "scrape-token").statusCode(), "the metrics' port serves nothing else");
  }
}
