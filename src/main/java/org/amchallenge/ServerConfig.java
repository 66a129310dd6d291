package org.amchallenge;

import org.amchallenge.ops.Limits;
import org.amchallenge.ops.MetricsAccess;

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
    Limits limits,
    MetricsAccess metricsAccess,
    boolean webhooksAllowPrivate,
    org.amchallenge.people.PeopleConfig people,
    long watchMillis) {

  /** How often the challenge folders are looked at for new and changed files while the server runs; 0: never. */
  public static final long DEFAULT_WATCH_MILLIS = 2000;

  public static final long DEFAULT_MAX_BODY = 64L * 1024 * 1024;

  /** A node on its own, as most deployments (and tests) run. */
  public ServerConfig(String host, int port, Path dataDir, Path challengesDir, Path referenceDir, String db,
                      String organizerToken, long maxBodyBytes, Clock clock) {
    this(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, null, Limits.DEFAULTS, MetricsAccess.DEFAULT, false, org.amchallenge.people.PeopleConfig.DEFAULT, DEFAULT_WATCH_MILLIS);
  }

  public ServerConfig(String host, int port, Path dataDir, Path challengesDir, Path referenceDir, String db,
                      String organizerToken, long maxBodyBytes, Clock clock, Cluster cluster) {
    this(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, Limits.DEFAULTS, MetricsAccess.DEFAULT, false, org.amchallenge.people.PeopleConfig.DEFAULT, DEFAULT_WATCH_MILLIS);
  }

  /** With the metrics kept to the bearer of the organizer's token, on the API's port. */
  public ServerConfig(String host, int port, Path dataDir, Path challengesDir, Path referenceDir, String db,
                      String organizerToken, long maxBodyBytes, Clock clock, Cluster cluster, Limits limits) {
    this(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, limits, MetricsAccess.DEFAULT, false, org.amchallenge.people.PeopleConfig.DEFAULT, DEFAULT_WATCH_MILLIS);
  }

  public ServerConfig withLimits(Limits newLimits) {
    return new ServerConfig(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, newLimits, metricsAccess, webhooksAllowPrivate, people, watchMillis);
  }

  /**
   * Joining other nodes through the clustered event bus: this node's address and Hazelcast port, and the
   * members to find by TCP ({@code host:port}); no multicast.
   */
  public record Cluster(String host, int port, List<String> members) {}

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, limits, metricsAccess, webhooksAllowPrivate, people, watchMillis);
  }

  public ServerConfig withCluster(Cluster newCluster) {
    return new ServerConfig(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, newCluster, limits, metricsAccess, webhooksAllowPrivate, people, watchMillis);
  }

  public ServerConfig withMetricsAccess(MetricsAccess newMetricsAccess) {
    return new ServerConfig(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, limits,
        newMetricsAccess, webhooksAllowPrivate, people, watchMillis);
  }

  /** Whether webhooks may be delivered to loopback, link-local, private and other addresses that are not public. */
  public ServerConfig withWebhooksAllowPrivate(boolean allow) {
    return new ServerConfig(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, limits,
        metricsAccess, allow, people, watchMillis);
  }

  /** How people sign in: admins, mail, OpenID Connect providers. */
  public ServerConfig withPeople(org.amchallenge.people.PeopleConfig newPeople) {
    return new ServerConfig(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, limits,
        metricsAccess, webhooksAllowPrivate, newPeople, watchMillis);
  }

  /** How often the challenge folders are looked at while the server runs, in ms; 0: only at start. */
  public ServerConfig withWatchMillis(long millis) {
    return new ServerConfig(host, port, dataDir, challengesDir, referenceDir, db, organizerToken, maxBodyBytes, clock, cluster, limits,
        metricsAccess, webhooksAllowPrivate, people, millis);
  }
}
