package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.amchallenge.Fixtures;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.store.PostgresStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes on loopback, clustered by Hazelcast over TCP, on one PostgreSQL database. */
class ClusterTest {
  private static final String ID = "cluster-tracks";
  private static final String BASE = "/api/challenges/" + ID;

  @TempDir Path dir;
  private String database;
  private final List<Server> nodes = new ArrayList<>();
  private final List<ServerConfig> configs = new ArrayList<>();
  private final List<WebClient> clients = new ArrayList<>();
  private Vertx vertx;

  @BeforeEach
  void start() throws Exception {
    database = PostgresStores.createDatabase();
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    Files.writeString(dir.resolve("challenges/" + ID + ".yaml"), CompetitionLifeTest.DEFINITION.replace("id: life-cycle", "id: " + ID)
        .replace("opens: 2026-03-01T00:00:00Z", "opens: 2020-01-01T00:00:00Z").replace("closes: 2026-04-01T00:00:00Z", "closes: 2099-01-01T00:00:00Z")
        .replace("max_submissions_per_day: 3, max_submissions_total: 5", "max_submissions_per_day: 500, max_submissions_total: 1000"));
    Files.write(dir.resolve("reference-data/" + ID + ".csv"), Fixtures.resource("reference-data/test-tracks.csv"));
    List<String> members = new ArrayList<>();
    // freePort kept for Hazelcast: TCP join needs every member's port before any node starts; HTTP takes port 0
    int[] hazelcastPorts = {TestServer.freePort(), TestServer.freePort(), TestServer.freePort(), TestServer.freePort()};
    for (int port : hazelcastPorts) members.add("127.0.0.1:" + port);
    for (int port : hazelcastPorts) {
      configs.add(new ServerConfig("127.0.0.1", 0, dir.resolve("data-" + port), dir.resolve("challenges"),
          dir.resolve("reference-data"), "postgresql://postgres@" + PostgresStores.SERVER + "/" + database, TestServer.ORGANIZER,
          1 << 20, Clock.systemUTC(), new ServerConfig.Cluster("127.0.0.1", port, members),
          // one team sends 40 uploads at once here: the per-team limit of uploads at once is lifted for it
          new org.amchallenge.ops.Limits(2_000_000, 1_000_000, 120, 0, 64)));
    }
    vertx = Vertx.vertx();
    for (int i = 0; i < 3; i++) startNode(i);
  }

  private void startNode(int i) throws java.io.IOException {
    Server node;
    for (int attempt = 1; ; attempt++) {
      try {
        node = LiveServer.join(Server.start(configs.get(i)));
        break;
      } catch (RuntimeException e) {
        // a Hazelcast port found free can be taken before the node binds it: the nodes started before it connect out
        // to the members' ports, each from an ephemeral port of the same range (seen once in CI: Hazelcast's "Port
        // [35075] is already in use"); the node then gets a new Hazelcast port, and the nodes not started yet its new
        // address. The HTTP port is 0, the system's choice, and cannot be taken so.
        if (attempt == 3 || !portTaken(e)) throw e;
        moveClusterPort(i);
      }
    }
    nodes.add(node);
    clients.add(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port())));
  }

  private static boolean portTaken(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.BindException || String.valueOf(cause.getMessage()).contains("already in use")) return true;
    }
    return false;
  }

  private void moveClusterPort(int i) throws java.io.IOException {
    List<String> members = new ArrayList<>(configs.get(i).cluster().members());
    int hazelcast = TestServer.freePort();
    members.set(i, "127.0.0.1:" + hazelcast);
    for (int j = i; j < configs.size(); j++) {
      ServerConfig c = configs.get(j);
      configs.set(j, c.withCluster(new ServerConfig.Cluster(c.cluster().host(), j == i ? hazelcast : c.cluster().port(), List.copyOf(members))));
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (Server node : nodes) {
      if (node != null) LiveServer.join(node.close().otherwiseEmpty());
    }
    LiveServer.join(vertx.close());
    PostgresStores.dropDatabase(database);
  }

  private static <T> T join(Future<T> future) {
    return LiveServer.join(future);
  }

  private String register(int node, String name) {
    return join(clients.get(node).post("/api/teams").sendJsonObject(new JsonObject().put("name", name))).bodyAsJsonObject().getString("token");
  }

  private Future<HttpResponse<Buffer>> upload(int node, String token, double offset) {
    return clients.get(node).post(BASE + "/submissions").bearerTokenAuthentication(token).putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(Fixtures.predictions(offset, offset)));
  }

  private JsonArray board(int node) {
    return join(clients.get(node).get(BASE + "/leaderboard").send()).bodyAsJsonObject().getJsonArray("rows");
  }

  @Test
  @DisplayName("an upload on one node reaches the board and the live events of the others (the delay is printed)")
  void boardsAgree() throws Exception {
    LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    HttpClient http = vertx.createHttpClient();
    join(http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(nodes.get(2).port())
        .setURI(BASE + "/leaderboard/events")).compose(request -> request.send()))
        .handler(chunk -> events.add(chunk.toString()));

    String token = register(0, "MeltLab");
    assertEquals(201, join(upload(0, token, 3)).statusCode());
    long uploaded = System.nanoTime();
    boolean seen = false;
    while (!seen && System.nanoTime() - uploaded < 15_000_000_000L) {
      String chunk = events.poll(50, TimeUnit.MILLISECONDS);
      seen = chunk != null && chunk.contains("MeltLab");
    }
    assertTrue(seen, "node 3's event stream carried node 1's upload");
    System.out.printf("node 3 sent the event %.0f ms after node 1 answered 201%n", (System.nanoTime() - uploaded) / 1e6);
    assertEquals("MeltLab", board(1).getJsonObject(0).getString("team"));

    // the organizer reveals on node 2: node 1 knows at once
    assertEquals(200, join(clients.get(1).post(BASE + "/reveal?close_now=true").bearerTokenAuthentication(TestServer.ORGANIZER).send()).statusCode());
    long revealed = System.nanoTime();
    String status = "";
    while (!status.equals("revealed") && System.nanoTime() - revealed < 15_000_000_000L) {
      status = join(clients.get(0).get(BASE).send()).bodyAsJsonObject().getString("status");
    }
    assertEquals("revealed", status);
  }

  @Test
  @DisplayName("a series published on one node is served by the others, and its board there follows an upload made on a third")
  void seriesAcrossNodes() throws Exception {
    HttpResponse<Buffer> published = join(clients.get(0).post("/api/series").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "application/yaml").sendBuffer(Buffer.buffer("id: cluster-series\ntitle: Cluster series\nchallenges: [" + ID + "]\n")));
    assertEquals(201, published.statusCode(), published.bodyAsString());
    long end = System.currentTimeMillis() + 10_000;
    while (join(clients.get(1).get("/api/series/cluster-series").send()).statusCode() != 200) {
      assertTrue(System.currentTimeMillis() < end, "node 1 serves the series node 0 published");
      Thread.sleep(20);
    }
    assertEquals(201, join(upload(2, register(2, "Spread"), 1)).statusCode());
    while (join(clients.get(1).get("/api/series/cluster-series/leaderboard").send()).bodyAsJsonObject().getJsonArray("rows").isEmpty()) {
      assertTrue(System.currentTimeMillis() < end, "node 1's series board has the upload made on node 2");
      Thread.sleep(20);
    }
    JsonObject row = join(clients.get(1).get("/api/series/cluster-series/leaderboard").send()).bodyAsJsonObject().getJsonArray("rows").getJsonObject(0);
    assertEquals("Spread", row.getString("team"));
    assertEquals(1, row.getInteger("rank"));
  }

  @Test
  @DisplayName("limits hold across nodes; a node that dies with uploads in flight loses none it answered 201; a new node catches up")
  void nothingLostAcrossNodes() throws Exception {
    String token = register(0, "Racers");
    List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 40; i++) inFlight.add(upload(i % 3, token, i));
    join(nodes.get(1).close());   // node 2 goes away while uploads to it are in flight
    nodes.set(1, null);
    Set<String> answered = new HashSet<>();
    int failed = 0;
    for (Future<HttpResponse<Buffer>> f : inFlight) {
      HttpResponse<Buffer> response = join(f.otherwiseEmpty());
      if (response != null && response.statusCode() == 201) answered.add(response.bodyAsJsonObject().getString("id"));
      else failed++;
    }
    System.out.printf("40 uploads over 3 nodes, node 2 stopped under them: %d answered 201, %d not%n", answered.size(), failed);
    assertTrue(answered.size() >= 26, "the two live nodes answered theirs");

    Set<String> stored = new HashSet<>();
    JsonArray own = join(clients.get(0).get(BASE + "/submissions").bearerTokenAuthentication(token).send()).bodyAsJsonObject().getJsonArray("submissions");
    for (int i = 0; i < own.size(); i++) {
      stored.add(own.getJsonObject(i).getString("id"));
      assertTrue(own.getJsonObject(i).getValue("score") != null, "stored with its score");
    }
    assertTrue(stored.containsAll(answered), "every submission answered 201 is stored");

    // the joining node's Hazelcast port is chosen now: the one chosen at set-up, seconds ago, may have gone to a connection since
    ServerConfig late = configs.get(3);
    int clusterPort = TestServer.freePort();
    List<String> members = new ArrayList<>(late.cluster().members());
    members.add("127.0.0.1:" + clusterPort);
    configs.set(3, late.withCluster(new ServerConfig.Cluster("127.0.0.1", clusterPort, members)));
    startNode(3);
    assertEquals(own.size(), join(clients.get(3).get(BASE + "/submissions").bearerTokenAuthentication(token).send())
        .bodyAsJsonObject().getJsonArray("submissions").size(), "a node that joins reads everything from the database");
    assertEquals(board(0), board(3));
  }

  @Test
  @DisplayName("a team's daily limit holds when its uploads go to three nodes at once")
  void limitsAcrossNodes() throws Exception {
    String definition = Files.readString(dir.resolve("challenges/" + ID + ".yaml"), StandardCharsets.UTF_8)
        .replace("max_submissions_per_day: 500", "max_submissions_per_day: 4");
    assertEquals(200, join(clients.get(0).post("/api/challenges").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "application/yaml").sendBuffer(Buffer.buffer(definition))).statusCode());
    Thread.sleep(300);  // the other nodes read the new definition
    String token = register(1, "Burst");
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 12; i++) burst.add(upload(i % 3, token, i));
    int created = 0;
    int limited = 0;
    for (Future<HttpResponse<Buffer>> f : burst) {
      int status = join(f).statusCode();
      if (status == 201) created++;
      if (status == 429) limited++;
    }
    assertEquals(4, created);
    assertEquals(8, limited);
  }

  @Test
  @DisplayName("a reference change on one node under a burst of uploads to all three: every stored submission scored against the new one, on every board")
  void referenceChangeAcrossNodes() throws Exception {
    List<String> tokens = new ArrayList<>();
    for (int t = 0; t < 3; t++) tokens.add(register(t, "Burst" + t));
    String changed = new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8)
        .replace("S1,depth,,,100,", "S1,depth,,,104,");
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    Future<HttpResponse<Buffer>> put = null;
    for (int i = 0; i < 60; i++) {
      burst.add(upload(i % 3, tokens.get(i % 3), i % 7));
      if (i == 30) {
        put = clients.get(0).put(BASE + "/reference").bearerTokenAuthentication(TestServer.ORGANIZER)
            .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(changed));
      }
    }
    assertEquals(200, join(put).statusCode());
    Set<String> stored = new HashSet<>();
    int resend = 0;
    for (Future<HttpResponse<Buffer>> f : burst) {
      HttpResponse<Buffer> answer = join(f);
      if (answer.statusCode() == 201) stored.add(answer.bodyAsJsonObject().getString("id"));
      else if (answer.statusCode() == 409) resend++;  // scored against the old reference on another node: nothing stored
      else throw new AssertionError(answer.statusCode() + " " + answer.bodyAsString());
    }
    System.out.printf("60 uploads over 3 nodes with a reference change: %d stored, %d told to send again%n", stored.size(), resend);
    Set<String> references = new HashSet<>();
    for (String id : stored) {
      references.add(join(clients.get(2).get(BASE + "/submissions/" + id).bearerTokenAuthentication(TestServer.ORGANIZER).send())
          .bodyAsJsonObject().getString("reference_sha256"));
    }
    assertEquals(1, references.size(), "every stored submission scored against the reference in force: " + references);
    for (int node = 0; node < 3; node++) {
      int n = node;
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> join(clients.get(n)
          .get(BASE + "/leaderboard?board=private").bearerTokenAuthentication(TestServer.ORGANIZER).send()).bodyAsJsonObject()
          .getJsonArray("rows").stream().mapToInt(r -> ((JsonObject) r).getInteger("entries")).sum() == stored.size());
    }
  }
}
