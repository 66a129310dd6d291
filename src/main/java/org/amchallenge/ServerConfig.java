package org.amchallenge;

import java.nio.file.Path;
import java.time.Clock;

/** Everything a server node is started with. */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    Path challengesDir,
    Path referenceDir,
    String db,
    String organizerToken,
    long maxBodyBytes,
    Clock clock) {

  public static final long DEFAULT_MAX_BODY = 64L * 1024 * 1024;

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock);
  }
}
