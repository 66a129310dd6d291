package org.amchallenge;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

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
    Clock clock,
    Cluster cluster,
    Limits limits) {

  public static final long DEFAULT_MAX_BODY = 64L * 1024 * 1024;

  /** A node on its own, as most deployments (and tests) run. */
  public ServerConfig(String host, int port, Path dataDir, Path challengesDir, Path referenceDir, String db,
                      String organizerToken, long maxBodyBytes, Clock clock) {
    this(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, null, Limits.DEFAULTS);
  }

  public ServerConfig(String host, int port, Path dataDir, Path challengesDir, Path referenceDir, String db,
                      String organizerToken, long maxBodyBytes, Clock clock, Cluster cluster) {
    this(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, Limits.DEFAULTS);
  }

  /**
   * What one caller may ask of a node: rows per uploaded file, cells per uploaded workbook, seconds for an
   * upload's body to arrive, requests per token per minute (0: no limit), and uploads of one team at once.
   */
  public record Limits(long maxRows, long maxCells, int uploadSeconds, int requestsPerMinute, int uploadsPerTeam) {
    public static final Limits DEFAULTS = new Limits(2_000_000, 1_000_000, 120, 600, 4);
  }

  public ServerConfig withLimits(Limits newLimits) {
    return new ServerConfig(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, newLimits);
  }

  /**
   * Joining other nodes through the clustered event bus: this node's address and Hazelcast port, and the
   * members to find by TCP ({@code host:port}); no multicast.
   */
  public record Cluster(String host, int port, List<String> members) {}

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, limits);
  }

  public ServerConfig withCluster(Cluster newCluster) {
    return new ServerConfig(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, newCluster, limits);
  }
}
