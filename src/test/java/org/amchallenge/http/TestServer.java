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

/** A real server on a port the system chooses (port 0), over the fixture challenge, with its embedded database in a folder. */
final class TestServer {
  static final String ORGANIZER = "organizer-secret-token";
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private TestServer() {}

  static ServerConfig config(Path dir, long maxBody) throws IOException {
    Fixtures.copyTo(dir);
    return new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"),
        dir.resolve("reference-data"), null, ORGANIZER, maxBody, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Starts a node; with port 0 in the configuration, {@link Server#port()} is the port it got. */
  static Server start(ServerConfig config) {
    return TestServers.await(Server.start(config));
  }

  static void stop(Server server) {
    TestServers.await(server.close());
  }

  /**
   * A port free a moment ago, released before the caller binds it, so another process may take it first: only for
   * the ports that must be known before anything binds them (a cluster's Hazelcast members, an address nobody serves).
   */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
