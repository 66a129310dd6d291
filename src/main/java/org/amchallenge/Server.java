package org.amchallenge;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.util.List;
import org.amchallenge.challenge.ChallengeCatalog;
import org.amchallenge.challenge.ChallengeRegistry;
import org.amchallenge.competition.CompetitionService;
import org.amchallenge.http.ApiContext;
import org.amchallenge.http.ApiVerticle;
import org.amchallenge.http.MetricsEndpoint;
import org.amchallenge.competition.BoardIntervals;
import org.amchallenge.domain.Tokens;
import org.amchallenge.competition.Boards;
import org.amchallenge.store.Store;
import org.amchallenge.store.Stores;
import org.amchallenge.competition.SubmissionService;
import org.amchallenge.webhook.Webhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a server node: challenges checked, store opened and migrated, the HTTP API deployed. */
public final class Server {
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);
  private static final String ORGANIZER_TOKEN_HASH = "organizer_token_sha256";

  /** How long a stopping node waits for the requests in flight (uploads included) to be answered. */
  private static final long DRAIN_SECONDS = 30;

  private final Vertx vertx;
  private final int port;
  private final List<io.vertx.core.http.HttpServer> servers;
  private final java.util.Set<String> routes;
  private final Services services;
  /** The metrics' own server, where the operator gave them a port; null otherwise. */
  private final io.vertx.core.http.HttpServer metricsServer;

  private Server(Vertx vertx, int port, List<io.vertx.core.http.HttpServer> servers, java.util.Set<String> routes, Services services,
                 io.vertx.core.http.HttpServer metricsServer) {
    this.vertx = vertx;
    this.port = port;
    this.servers = servers;
    this.routes = routes;
    this.services = services;
    this.metricsServer = metricsServer;
  }

  /**
   * The services that listen on the event bus or keep timers, started in this order (the boards before the
   * competition that fills them, the webhooks that watch both last) and stopped in the reverse order.
   */
  private record Services(Boards boards, CompetitionService competition, org.amchallenge.competition.SeriesService series,
                          org.amchallenge.competition.FolderWatcher folders, Webhooks webhooks, org.amchallenge.people.PeopleService people) {
    Future<Void> start(List<ChallengeCatalog.Source> sources, List<org.amchallenge.challenge.SeriesFiles.Source> seriesSources,
                       java.nio.file.Path challengesDir) {
      return boards.start().compose(done -> competition.start(sources))
          .compose(done -> challengesDir == null ? Future.<Void>succeededFuture() : competition.loadBaselines(challengesDir, sources))
          .compose(done -> series.start(seriesSources))
          .compose(done -> folders.start(sources)).compose(done -> webhooks.start()).compose(done -> people.start());
    }

    /** Stops each, the last started first, whether or not another fails to; fails where one did. */
    Future<Void> stop() {
      return Future.join(people.stop(), webhooks.stop(), folders.stop(), series.stop(), competition.stop(), boards.stop()).mapEmpty();
    }
  }

  /** Every route served, as "METHOD /path/:param", for the OpenAPI document's conformance test. */
  public java.util.Set<String> routes() {
    return java.util.Set.copyOf(routes);
  }

  /** The port this node listens on: the configured one, or the one the system chose where 0 was asked. */
  public int port() {
    return port;
  }

  /** The port the metrics are served on where they have one of their own; -1 where they are on {@link #port()}. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Starts on a Vert.x of its own, clustered where configured; fails, with every problem listed, on an invalid challenge. */
  public static Future<Server> start(ServerConfig config) {
    return vertx(config).compose(vertx -> {
      // a promise of no context: its failure is delivered after Vert.x (and its event loops) closed
      io.vertx.core.Promise<Server> result = io.vertx.core.Promise.promise();
      start(vertx, config).onComplete(started -> {
        if (started.succeeded()) result.complete(started.result());
        else vertx.close().onComplete(closed -> result.fail(started.cause()));
      });
      return result.future();
    });
  }

  private static Future<Vertx> vertx(ServerConfig config) {
    if (config.cluster() == null) return Future.succeededFuture(Vertx.vertx());
    ServerConfig.Cluster cluster = config.cluster();
    com.hazelcast.config.Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName("amchallenge");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.local.localAddress", cluster.host());
    var network = hazelcast.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(false);
    network.getJoin().getMulticastConfig().setEnabled(false);
    network.getJoin().getAutoDetectionConfig().setEnabled(false);
    network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(cluster.host()).setPort(0));
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered();
  }

  static Future<Server> start(Vertx vertx, ServerConfig config) {
    org.amchallenge.challenge.ChallengeFolders folders = new org.amchallenge.challenge.ChallengeFolders(config.challengesDir(), config.referenceDir());
    return vertx.executeBlocking(() -> new Loaded(folders.load(), folders.loadSeries()))
        .compose(loaded -> openStore(vertx, config).compose(store -> organizerTokenHash(store, config)
            .compose(hash -> org.amchallenge.people.OidcSignIn.discover(vertx, config.people())
                .compose(oidc -> deploy(vertx, config, folders, loaded, store, hash, oidc)))
            .recover(failure -> store.close().transform(closed -> Future.failedFuture(failure)))));
  }

  /** What the folders hold at start: the challenges, and the series files (checked once the challenges are served). */
  private record Loaded(List<ChallengeCatalog.Source> challenges, List<org.amchallenge.challenge.SeriesFiles.Source> series) {}

  private static Future<Store> openStore(Vertx vertx, ServerConfig config) {
    return Stores.open(vertx, config.db(), config.dataDir().resolve("db"));
  }

  /** The configured token, or the one made at first start (printed once, only its hash kept). */
  private static Future<String> organizerTokenHash(Store store, ServerConfig config) {
    if (config.organizerToken() != null && !config.organizerToken().isBlank()) {
      return Future.succeededFuture(Tokens.hash(config.organizerToken().strip()));
    }
    return store.setting(ORGANIZER_TOKEN_HASH).compose(stored -> {
      if (stored.isPresent()) return Future.succeededFuture(stored.get());
      String token = Tokens.newToken("amo_");
      String hash = Tokens.hash(token);
      return store.putSetting(ORGANIZER_TOKEN_HASH, hash).map(done -> {
        System.out.println("Admin token, also called the organizer token (shown once; keep it, or set AMC_ORGANIZER_TOKEN): " + token);
        return hash;
      });
    });
  }

  private static Future<Server> deploy(Vertx vertx, ServerConfig config, org.amchallenge.challenge.ChallengeFolders folders,
                                      Loaded loaded, Store store, String hash,
                                      org.amchallenge.people.OidcSignIn oidc) {
    org.amchallenge.ops.Metrics metrics = new org.amchallenge.ops.Metrics();
    org.amchallenge.ops.Limiter limiter = new org.amchallenge.ops.Limiter();
    metrics.watch(limiter);
    String node = java.util.UUID.randomUUID().toString();
    ChallengeRegistry registry = new ChallengeRegistry();
    Boards boards = new Boards(store, vertx.eventBus(), node);
    SubmissionService submissions = new SubmissionService(vertx, store, boards, registry, config.clock(), config.limits().maxRows(),
        config.limits().maxCells(), metrics::scored);
    CompetitionService competition = new CompetitionService(vertx, store, registry, submissions, boards, config.clock(), node);
    org.amchallenge.competition.SeriesService series = new org.amchallenge.competition.SeriesService(vertx, store, registry,
        new org.amchallenge.challenge.SeriesRegistry(), boards, competition, config.clock(), node);
    Webhooks webhooks = new Webhooks(vertx, store, registry, boards, series, config.clock(), config.webhooksAllowPrivate());
    org.amchallenge.people.Passwords passwords = new org.amchallenge.people.Passwords(vertx);
    org.amchallenge.people.MailLinks mailLinks = config.people().mail() == null ? org.amchallenge.people.MailLinks.off()
        : org.amchallenge.people.MailLinks.create(vertx, config.people(), store.people(), passwords, config.clock());
    org.amchallenge.people.PeopleService people = new org.amchallenge.people.PeopleService(vertx, store, registry, config.people(),
        passwords, new org.amchallenge.people.SignInThrottle(), mailLinks, config.clock());
    ApiContext api = new ApiContext(registry, store, submissions, competition, boards,
        new BoardIntervals(vertx, store, submissions), hash, config.clock(), config.maxBodyBytes(),
        config.dataDir().resolve("uploads"), config.challengesDir(), config.limits(), metrics, limiter,
        new java.util.concurrent.CopyOnWriteArrayList<>(), webhooks, java.util.concurrent.ConcurrentHashMap.newKeySet(), config.metricsAccess(), people,
        mailLinks, oidc, series, new org.amchallenge.competition.RankingAnalyses(vertx, store, submissions, boards));
    Services services = new Services(boards, competition, series,
        new org.amchallenge.competition.FolderWatcher(vertx, folders, competition, series, config.watchMillis()), webhooks, people);
    return services.start(loaded.challenges(), loaded.series(), config.challengesDir())
        .compose(started -> vertx.executeBlocking(() -> emptyUploadsDir(api.uploadsDir())))
        .compose(dir -> MetricsEndpoint.listen(vertx, api))
        .compose(metricsServer -> vertx.deployVerticle(() -> new ApiVerticle(api, config.host(), config.port()),
                new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors())))
            .map(id -> metricsServer)
            .recover(failure -> metricsServer == null ? Future.failedFuture(failure)
                : metricsServer.close().transform(closed -> Future.failedFuture(failure))))
        .map(metricsServer -> {
          // with port 0 the system chose a port, which every instance shares: this is the one to report
          int port = api.servers().get(0).actualPort();
          LOG.info("amchallenge serving {} challenges on http://{}:{}/", registry.size(), config.host(), port);
          if (metricsServer != null) LOG.info("metrics on http://{}:{}/metrics", config.metricsAccess().host(), metricsServer.actualPort());
          logMail(config);
          return new Server(vertx, port, api.servers(), api.routes(), services, metricsServer);
        })
        // a node that did not start leaves nothing listening on a Vert.x its caller may keep
        .recover(failure -> services.stop().transform(stopped -> Future.failedFuture(failure)));
  }

  /** Whether links go out by mail: without an SMTP server, the operator is told at start what does not work. */
  private static void logMail(ServerConfig config) {
    org.amchallenge.people.MailConfig mail = config.people() == null ? null : config.people().mail();
    if (mail == null) {
      LOG.info("no SMTP server configured (--smtp-host): emails are not verified and passwords cannot be reset by link");
    } else {
      LOG.info("mail through {}:{} from {}{}; links in mails point to {}", mail.host(), mail.port(), mail.from(),
          mail.startTls() ? " (STARTTLS required)" : "", config.people().publicUrl());
    }
  }

  /** The folder of forms' files being uploaded, made empty: a file left there by a node that stopped is of no upload. */
  private static java.nio.file.Path emptyUploadsDir(java.nio.file.Path dir) throws java.io.IOException {
    Files.createDirectories(dir);
    // a backup cut short leaves a folder of its own here: the deepest paths first
    try (var files = Files.walk(dir)) {
      for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        if (!file.equals(dir)) Files.deleteIfExists(file);
      }
    }
    return dir;
  }

  /** Stops the services, then Vert.x, which closes the store's pool; every answered submission is already on disk. */
  public Future<Void> close() {
    return stopServices().transform(stopped -> vertx.close());
  }

  /**
   * Stops gracefully: takes no new connection, lets the requests in flight (an upload being scored or stored)
   * finish and be answered, for up to {@link #DRAIN_SECONDS}, then closes.
   */
  public Future<Void> drainAndClose() {
    List<Future<Void>> draining = servers.stream().map(s -> s.shutdown(DRAIN_SECONDS, java.util.concurrent.TimeUnit.SECONDS)).toList();
    return Future.join(draining).transform(drained -> stopServices()).transform(stopped -> vertx.close());
  }

  /** The services stopped; a failure to is logged, not kept from closing. */
  private Future<Void> stopServices() {
    return services.stop().onFailure(failure -> LOG.warn("a service did not stop cleanly before closing", failure));
  }
}
