package org.amchallenge.competition;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.amchallenge.challenge.ChallengeRegistry;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.challenge.Series;
import org.amchallenge.challenge.SeriesFiles;
import org.amchallenge.challenge.SeriesReader;
import org.amchallenge.challenge.SeriesRegistry;
import org.amchallenge.domain.AuditEntry;
import org.amchallenge.domain.StoredSeries;
import org.amchallenge.leaderboard.Ranking;
import org.amchallenge.leaderboard.SeriesRanking;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The series: published from {@code challenges/series/} at start and while the server runs, or through the API (kept
 * over the file then), each checked against the challenges served; and each series' board, computed from its challenges'
 * boards: a team's final rank where a challenge is revealed, its public rank before, so that nothing held out shows.
 * Each time a board of one of its challenges changes, or a challenge's state, its series board is said to have changed.
 */
public final class SeriesService {
  private static final Logger LOG = LoggerFactory.getLogger(SeriesService.class);
  /** Where every node is told that a series was published ({series, node}). */
  static final String PUBLISHED = "amc.series.published";
  /** Where this node's listeners (live events, webhooks) are told that a series board may have changed: the series id. */
  public static final String CHANGED = "amc.series.changed.local";

  private final Vertx vertx;
  private final Store store;
  private final ChallengeRegistry challenges;
  private final SeriesRegistry registry;
  private final Boards boards;
  private final CompetitionService competition;
  private final Clock clock;
  private final String node;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  /** The state of each series' challenges as last seen, which a reveal at the closing time changes without an event. */
  private final Map<String, String> states = new java.util.concurrent.ConcurrentHashMap<>();
  private long tick = -1;

  public SeriesService(Vertx vertx, Store store, ChallengeRegistry challenges, SeriesRegistry registry, Boards boards,
                       CompetitionService competition, Clock clock, String node) {
    this.vertx = vertx;
    this.store = store;
    this.challenges = challenges;
    this.registry = registry;
    this.boards = boards;
    this.competition = competition;
    this.clock = clock;
    this.node = node;
  }

  public SeriesRegistry registry() {
    return registry;
  }

  /**
   * Publishes the folder's series that are new or changed (failing, every problem listed, where one is invalid: as a
   * challenge, a series is checked before the server serves it), serves every stored series, and hears changes.
   */
  public Future<Void> start(List<SeriesFiles.Source> sources) {
    return vertx.executeBlocking(() -> checked(sources), false)
        .compose(valid -> listen().compose(done -> publishFiles(valid)))
        .compose(done -> reloadAll());
  }

  /** The folder's series by id, each read against the challenges served; throws listing every problem of every file. */
  private Map<String, SeriesFiles.Source> checked(List<SeriesFiles.Source> sources) {
    List<Problem> problems = new ArrayList<>();
    Map<String, SeriesFiles.Source> valid = new LinkedHashMap<>();
    for (SeriesFiles.Source source : sources) {
      try {
        Series series = source.read(this::served);
        if (valid.putIfAbsent(series.id(), source) != null) {
          problems.add(new Problem(source.file(), 1, 1, "id", "series id '" + series.id() + "' is used by another file"));
        }
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) throw new InvalidInputException("Invalid series", problems, problems.size());
    return valid;
  }

  /** Stores the series whose file is new or changed; one published through the API is kept over its file. */
  private Future<Void> publishFiles(Map<String, SeriesFiles.Source> valid) {
    return store.series().compose(stored -> {
      Map<String, StoredSeries> byId = new HashMap<>();
      stored.forEach(s -> byId.put(s.id(), s));
      Future<?> chain = Future.succeededFuture();
      for (SeriesFiles.Source source : valid.values()) {
        StoredSeries existing = byId.get(source.stem());
        if (existing != null && existing.sourceSha256() == null) {
          LOG.warn("series {}: a definition published through the API is kept over the file {}", existing.id(), source.file());
        } else if (existing == null || !source.sha256().equals(existing.sourceSha256())) {
          chain = chain.compose(done -> save(source, existing == null ? "published" : "updated", null));
        }
      }
      return chain.mapEmpty();
    });
  }

  private Future<Void> listen() {
    MessageConsumer<JsonObject> published = vertx.eventBus().<JsonObject>consumer(PUBLISHED, message -> {
      if (!node.equals(message.body().getString("node"))) reloadAll().onFailure(f -> LOG.warn("the series could not be read again", f));
    });
    MessageConsumer<String> boardChanges = vertx.eventBus().<String>localConsumer(Boards.CHANGED, message -> challengeChanged(message.body()));
    MessageConsumer<JsonObject> challengeChanges = vertx.eventBus().<JsonObject>consumer(CompetitionService.CHALLENGE_CHANGED,
        message -> challengeChanged(message.body().getString("challenge")));
    consumers.addAll(List.of(published, boardChanges, challengeChanges));
    tick = vertx.setPeriodic(Long.getLong("amc.series.tick.millis", 1_000), timer -> watchStates());
    return Future.all(published.completion(), boardChanges.completion(), challengeChanges.completion()).mapEmpty();
  }

  public Future<Void> stop() {
    if (tick >= 0) vertx.cancelTimer(tick);
    tick = -1;
    List<Future<Void>> unregistered = consumers.stream().map(MessageConsumer::unregister).toList();
    consumers.clear();
    return Future.join(unregistered).mapEmpty();
  }

  /** A challenge's board or state changed: the boards of its series may have. */
  private void challengeChanged(String challengeId) {
    if (challengeId == null) return;
    registry.containing(challengeId).forEach(series -> vertx.eventBus().publish(CHANGED, series.id()));
  }

  /** A challenge revealed at its closing time changes its series' boards with no event: seen here, once a second. */
  private void watchStates() {
    Instant now = clock.instant();
    for (Series series : registry.all()) {
      String state = String.join(",", series.challenges().stream().map(id -> challenges.get(id)
          .map(p -> p.hasReference() ? p.statusAt(now).id() : "draft").orElse("none")).toList());
      String before = states.put(series.id(), state);
      if (before != null && !before.equals(state)) vertx.eventBus().publish(CHANGED, series.id());
    }
  }

  /** Whether a challenge is served here: what a series may name. */
  private boolean served(String challengeId) {
    return challenges.get(challengeId).isPresent();
  }

  /** Reads every stored series again; one that no longer reads (a challenge it names is gone) is logged and not served. */
  private Future<Void> reloadAll() {
    return store.series().compose(stored -> vertx.executeBlocking(() -> {
      for (StoredSeries s : stored) {
        try {
          Series series = SeriesReader.read(s.definition().getBytes(StandardCharsets.UTF_8), s.definitionIsYaml(), this::served);
          registry.put(series);
        } catch (InvalidInputException e) {
          LOG.warn("series {} is not served: {}", s.id(), e.describe());
        }
      }
      return null;
    }, false)).mapEmpty();
  }

  /** Stores a series read from its file (its checks passed), with an audit entry in each of its challenges, and serves it. */
  private Future<Series> save(SeriesFiles.Source source, String action, String actor) {
    return vertx.executeBlocking(() -> source.read(this::served), false).compose(series -> {
      StoredSeries stored = new StoredSeries(series.id(), new String(source.definition(), StandardCharsets.UTF_8), source.yaml(),
          source.sha256(), now());
      return saved(series, stored, action + " from " + source.file(), actor);
    });
  }

  private Future<Series> saved(Series series, StoredSeries stored, String detail, String actor) {
    List<AuditEntry> audit = series.challenges().stream()
        .map(id -> competition.audit(id, "series", "series " + series.id() + " " + detail, actor)).toList();
    return store.saveSeries(stored, audit).map(done -> {
      registry.put(series);
      vertx.eventBus().publish(PUBLISHED, new JsonObject().put("series", series.id()).put("node", node));
      vertx.eventBus().publish(CHANGED, series.id());
      return series;
    });
  }

  /**
   * A series file new or changed while the server runs: published unless one of the API is kept over it; its problems
   * are the caller's to log. Returns what became of it, for the log.
   */
  public Future<String> publishFromFolders(SeriesFiles.Source source) {
    return store.series().compose(stored -> {
      StoredSeries existing = stored.stream().filter(s -> s.id().equals(source.stem())).findFirst().orElse(null);
      if (existing != null && existing.sourceSha256() == null) {
        return Future.succeededFuture("refused: series " + source.stem() + " was published through the API, which is kept over the file");
      }
      if (existing != null && source.sha256().equals(existing.sourceSha256())) return Future.succeededFuture("unchanged (the same bytes as published)");
      return save(source, existing == null ? "published" : "updated", null)
          .map(series -> (existing == null ? "published: new series " : "published: series updated ") + series.id());
    });
  }

  /** A series as published, and whether it is new (else it was updated). */
  public record Publication(Series series, boolean created) {}

  /**
   * Publishes a series through the API, kept over a file of the same id from now on. {@code allowed} decides, from the
   * series read, whether the caller may publish it (fails where not).
   */
  public Future<Publication> publish(byte[] definition, boolean yaml, String actor, Function<Series, Future<Void>> allowed) {
    // replacing a series takes the right to its challenges as they stand too: else one challenge's organizer could
    // take over another's series by naming only their own challenge under its id
    return vertx.executeBlocking(() -> SeriesReader.read(definition, yaml, this::served), false)
        .compose(series -> allowed.apply(series)
            .compose(ok -> registry.get(series.id()).map(allowed).orElse(Future.succeededFuture()))
            .map(series))
        .compose(series -> {
          boolean created = registry.get(series.id()).isEmpty();
          StoredSeries stored = new StoredSeries(series.id(), new String(definition, StandardCharsets.UTF_8), yaml, null, now());
          return saved(series, stored, created ? "published through the API" : "updated through the API", actor)
              .map(saved -> new Publication(saved, created));
        });
  }

  /**
   * Where a team's rank in one challenge of a series comes from: the challenge, its state, the board read, its ranks, its
   * leaders, and how many ranked submissions it has (what tells one state of its board from another, on every node).
   */
  public record Part(String challengeId, Published published, String state, String board, Map<String, Integer> ranks,
                     List<Ranking.Row> leaders, int submissions) {}

  /** A series' board as it stands: each challenge's part and the rows. */
  public record Board(Series series, List<Part> parts, List<SeriesRanking.Row> rows) {}

  /** The series board: each challenge's final ranking once revealed, its public board before. */
  public Future<Board> board(Series series) {
    Instant now = clock.instant();
    List<Future<Part>> parts = series.challenges().stream().map(id -> part(id, now)).toList();
    return Future.all(parts).map(done -> {
      List<Part> read = parts.stream().map(Future::result).toList();
      Map<String, Map<String, Integer>> ranks = new LinkedHashMap<>();
      read.forEach(p -> ranks.put(p.challengeId(), p.ranks()));
      return new Board(series, read, SeriesRanking.rank(series.challenges(), ranks, series.ranking().minChallenges()));
    });
  }

  private Future<Part> part(String challengeId, Instant now) {
    Published published = challenges.get(challengeId).orElse(null);
    // a draft (no reference yet) is not shown to the public: no state, no ranks
    if (published == null || !published.hasReference()) return Future.succeededFuture(new Part(challengeId, null, null, null, Map.of(), List.of(), 0));
    boolean revealed = published.revealedAt(now);
    return boards.submissions(challengeId).map(submissions -> {
      List<Ranking.Row> rows = revealed ? Ranking.finalBoard(published.challenge(), submissions)
          : Ranking.overall(published.challenge(), submissions, Evaluation.Board.PUBLIC);
      Map<String, Integer> ranks = new HashMap<>();
      rows.forEach(row -> ranks.putIfAbsent(row.team(), row.rank()));
      List<Ranking.Row> leaders = rows.stream().filter(row -> row.rank() == 1).toList();
      return new Part(challengeId, published, published.statusAt(now).id(), revealed ? "final" : "public", ranks, leaders, submissions.size());
    });
  }

  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }
}
