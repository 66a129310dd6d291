package org.amchallenge.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.amchallenge.Fixtures;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.store.PostgresStores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leaderboard reads per second from one node and from two clustered nodes on PostgreSQL, printed side by
 * side: 64 connections on loopback for a fixed time. A benchmark: it prints and asserts no time.
 */
@Tag("benchmark")
class LeaderboardReadBenchmark {
  private static final int CONNECTIONS = 64;
  private static final long SECONDS = 10;

  @TempDir Path dir;

  @Test
  @DisplayName("leaderboard reads per second: one node, then two")
  void readsPerSecond() throws Exception {
    Fixtures.copyTo(dir);
    Files.writeString(dir.resolve("challenges/test-tracks.yaml"), Files.readString(dir.resolve("challenges/test-tracks.yaml"))
        .replace("opens: 2026-01-01T00:00:00Z", "opens: 2020-01-01T00:00:00Z").replace("closes: 2027-01-01T00:00:00Z", "closes: 2099-01-01T00:00:00Z"));
    String database = PostgresStores.createDatabase();
    String db = "postgresql://postgres@" + PostgresStores.SERVER + "/" + database;
    Vertx client = Vertx.vertx();
    try {
      // free() for the Hazelcast ports only: TCP join needs them before any node starts; HTTP takes port 0
      List<String> members = List.of("127.0.0.1:" + free(), "127.0.0.1:" + free());
      List<ServerConfig> configs = new ArrayList<>();
      for (String member : members) {
        configs.add(new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"),
            db, "bench", 1 << 20, Clock.systemUTC(), new ServerConfig.Cluster("127.0.0.1", Integer.parseInt(member.split(":")[1]), members)));
      }
      Server first = join(Server.start(configs.get(0)));
      seed(client, first.port());
      double one = measure(client, List.of(first.port()));
      Server second = join(Server.start(configs.get(1)));
      double two = measure(client, List.of(first.port(), second.port()));
      System.out.printf("leaderboard reads/s (%d connections, %d s, 10 teams, loopback, 2 cores shared by client and nodes):%n"
          + "  one node : %,.0f%n  two nodes: %,.0f  (%.2fx)%n", CONNECTIONS, SECONDS, one, two, two / one);
      join(second.close());
      join(first.close());
    } finally {
      join(client.close());
      PostgresStores.dropDatabase(database);
    }
  }

  private static void seed(Vertx vertx, int port) {
    var web = io.vertx.ext.web.client.WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    for (int t = 0; t < 10; t++) {
      String token = join(web.post("/api/teams").sendJsonObject(new JsonObject().put("name", "team-" + t))).bodyAsJsonObject().getString("token");
      join(web.post("/api/challenges/test-tracks/submissions").bearerTokenAuthentication(token).putHeader("Content-Type", "text/csv")
          .sendBuffer(Buffer.buffer(Fixtures.predictions(t + 1, -t - 1))));
    }
  }

  /** Requests answered 200 per second, over every given port in turn, CONNECTIONS at a time. */
  private static double measure(Vertx vertx, List<Integer> ports) {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONNECTIONS));
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + SECONDS * 1_000_000_000L;
    List<Future<Void>> loops = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      Promise<Void> finished = Promise.promise();
      loop(http, ports.get(c % ports.size()), end, done, finished);
      loops.add(finished.future());
    }
    long start = System.nanoTime();
    join(Future.all(loops));
    double seconds = (System.nanoTime() - start) / 1e9;
    join(http.close());
    return done.get() / seconds;
  }

  private static void loop(HttpClient http, int port, long end, AtomicLong done, Promise<Void> finished) {
    if (System.nanoTime() > end) {
      finished.complete();
      return;
    }
    http.request(HttpMethod.GET, port, "127.0.0.1", "/api/challenges/test-tracks/leaderboard")
        .compose(request -> request.send().compose(response -> response.body().map(body -> response.statusCode())))
        .onComplete(result -> {
          if (result.succeeded() && result.result() == 200) done.incrementAndGet();
          loop(http, port, end, done, finished);
        });
  }

  private static int free() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
