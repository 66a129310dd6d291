package org.amchallenge.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.amchallenge.Fixtures;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;

/** A real server on a free port, over the fixture challenge, with its embedded database in a folder. */
final class TestServer {
  static final String ORGANIZER = "organizer-secret-token";
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private TestServer() {}

  static ServerConfig config(Path dir, long maxBody) throws IOException {
    Fixtures.copyTo(dir);
    return new ServerConfig("127.0.0.1", freePort(), dir.resolve("data"), dir.resolve("challenges"),
        dir.resolve("reference-data"), null, ORGANIZER, maxBody, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static Server start(ServerConfig config) {
    return Server.start(config).toCompletionStage().toCompletableFuture().join();
  }

  static void stop(Server server) {
    server.close().toCompletionStage().toCompletableFuture().join();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
