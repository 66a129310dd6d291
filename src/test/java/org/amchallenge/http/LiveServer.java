package org.amchallenge.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;

/** A real server on the port the system gave it (port 0 asked) with a client for it, as the HTTP tests use them. */
final class LiveServer implements AutoCloseable {
  static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  /** The configuration the server runs on, with the port it got in place of 0: a restart binds that port again. */
  final ServerConfig config;
  /** The port the server listens on. */
  final int port;
  final WebClient client;
  private Server server;

  private LiveServer(Vertx vertx, ServerConfig config) {
    this.server = TestServer.start(config);
    this.port = server.port();
    this.config = config.withPort(port);
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /** A server on any configuration. */
  static LiveServer of(Vertx vertx, ServerConfig config) {
    return new LiveServer(vertx, config);
  }

  /** The small fixture challenge, at {@link TestServer#NOW}. */
  static LiveServer fixture(Vertx vertx, Path dir, long maxBody) throws Exception {
    return new LiveServer(vertx, TestServer.config(dir, maxBody));
  }

  /** One challenge written by the test (definition and reference CSV), on the given clock. */
  static LiveServer of(Vertx vertx, Path dir, String id, String definition, String reference, Clock clock) throws Exception {
    return of(vertx, dir, id, definition, reference, clock, config -> config);
  }

  /** The same, with options of the test's own set on its configuration. */
  static LiveServer of(Vertx vertx, Path dir, String id, String definition, String reference, Clock clock,
                       java.util.function.UnaryOperator<ServerConfig> options) throws Exception {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    Files.writeString(dir.resolve("challenges/" + id + ".yaml"), definition);
    Files.writeString(dir.resolve("reference-data/" + id + ".csv"), reference);
    return new LiveServer(vertx, options.apply(new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"),
        dir.resolve("reference-data"), null, TestServer.ORGANIZER, 1 << 20, clock)));
  }

  /** Example challenges of the repository, copied into {@code dir}, at the given time. */
  static LiveServer examples(Vertx vertx, Path dir, Instant now, String... ids) throws Exception {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    for (String id : ids) {
      Files.copy(Path.of("challenges", id + ".yaml"), dir.resolve("challenges/" + id + ".yaml"));
      Files.copy(Path.of("reference-data", id + ".csv"), dir.resolve("reference-data/" + id + ".csv"));
    }
    return new LiveServer(vertx, new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"),
        dir.resolve("reference-data"), null, TestServer.ORGANIZER, 16 << 20, Clock.fixed(now, ZoneOffset.UTC)));
  }

  java.util.Set<String> routes() {
    return server.routes();
  }

  /** The future's result, waited for on the test's thread, at most {@link TestServers#TIMEOUT}. */
  static <T> T join(Future<T> future) {
    return TestServers.await(future);
  }

  /** Registers a team and returns its token. */
  String register(String name) {
    return join(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", name))).bodyAsJsonObject().getString("token");
  }

  /** Registers a team with its members and returns its token. */
  String register(String name, String... members) {
    JsonObject team = new JsonObject().put("name", name).put("members", new io.vertx.core.json.JsonArray(java.util.List.of(members)));
    return join(client.post("/api/teams").sendJsonObject(team)).bodyAsJsonObject().getString("token");
  }

  HttpResponse<Buffer> get(String path, String token) {
    var request = client.get(path);
    if (token != null) request.bearerTokenAuthentication(token);
    return join(request.send());
  }

  HttpResponse<Buffer> upload(String challenge, String token, String contentType, Buffer body) {
    return join(client.post("/api/challenges/" + challenge + "/submissions").bearerTokenAuthentication(token)
        .putHeader("Content-Type", contentType).sendBuffer(body));
  }

  /** A submission as the organizer reads it: every part, every row. */
  JsonObject asOrganizer(String challenge, String submission) {
    return join(client.get("/api/challenges/" + challenge + "/submissions/" + submission)
        .bearerTokenAuthentication(TestServer.ORGANIZER).send()).bodyAsJsonObject();
  }

  /** Stops and starts again on the same data and port (the client knows no other), as after a crash or a deploy. */
  void restart() {
    TestServer.stop(server);
    server = TestServer.start(config);
  }

  @Override
  public void close() {
    TestServer.stop(server);
  }
}
