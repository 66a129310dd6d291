package org.amchallenge.competition;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.amchallenge.challenge.ChallengeCatalog;
import org.amchallenge.challenge.ChallengeFolders;
import org.amchallenge.problem.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what changes in the challenge folders while the server runs, within seconds: a new or changed
 * definition or reference file goes the way the files go at start ({@link CompetitionService#publishFromFolders}),
 * and each file seen is logged once: published, unchanged or refused with each of its problems. It looks every
 * few seconds ({@code --watch-seconds}), comparing sizes and modification times, then SHA-256, rather than waiting for
 * java.nio's WatchService, which on network and container-mounted folders hears no change.
 */
public final class FolderWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

  private final Vertx vertx;
  private final ChallengeFolders folders;
  private final CompetitionService competition;
  private final SeriesService series;
  /** The SHA-256 of each challenge's files as last read: the same bytes again are not read twice. */
  private final Map<String, String> readSha256 = new ConcurrentHashMap<>();
  private volatile long timer = -1;
  /** The last look, which a stop waits for. */
  private volatile Future<Void> looking;
  /** Whether a look is under way. */
  private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();

  private final long periodMillis;

  /** Looks every {@code periodMillis} ms; 0: never (the folders are read at start only). */
  public FolderWatcher(Vertx vertx, ChallengeFolders folders, CompetitionService competition, SeriesService series, long periodMillis) {
    this.periodMillis = periodMillis;
    this.series = series;
    this.vertx = vertx;
    this.folders = folders;
    this.competition = competition;
  }

  /** Looks at the folders from now on; {@code loaded}: the challenges the server started with. */
  public Future<Void> start(List<ChallengeCatalog.Source> loaded) {
    loaded.forEach(source -> readSha256.put(source.entry().id(), source.sha256()));
    if (periodMillis <= 0) {
      LOG.info("not watching the challenge folders (--watch-seconds 0): files added or changed there are published at the next start");
      return Future.succeededFuture();
    }
    timer = vertx.setPeriodic(periodMillis, id -> look());
    LOG.info("watching the challenge folders every {} s: new and changed challenges are published while the server runs", periodMillis / 1000.0);
    return Future.succeededFuture();
  }

  /** Looks no more, once the look under way (if any) ended, or after 10 s: a store that does not answer holds no stop. */
  public Future<Void> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    timer = -1;
    Future<Void> last = looking;
    return last == null || last.isComplete() ? Future.succeededFuture() : last.timeout(10, java.util.concurrent.TimeUnit.SECONDS).otherwiseEmpty();
  }

  /** One look; none starts while another is under way (a large reference may take longer than the period). */
  private void look() {
    if (timer < 0 || !busy.compareAndSet(false, true)) return;
    Future<Void> look = vertx.executeBlocking(folders::changes, false)
        .compose(this::publish)
        .recover(failure -> {
          LOG.warn("the challenge folders could not be looked at", failure);
          return Future.succeededFuture();
        });
    looking = look;
    // set apart from the assignment above: a look may have ended before it was assigned
    look.onComplete(done -> busy.set(false));
  }

  /** Each changed challenge in turn, each of its files logged with what became of it. */
  private Future<Void> publish(List<ChallengeFolders.Change> changes) {
    Map<String, List<ChallengeFolders.Change>> byChallenge = changes.stream().filter(c -> c.role() != ChallengeFolders.Role.SERIES)
        .collect(Collectors.groupingBy(ChallengeFolders.Change::challengeId, LinkedHashMap::new, Collectors.toList()));
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, List<ChallengeFolders.Change>> challenge : byChallenge.entrySet()) {
      chain = chain.compose(done -> publish(challenge.getKey(), challenge.getValue()));
    }
    // after the challenges: a series may name a challenge published in this very look
    for (ChallengeFolders.Change change : changes) {
      if (change.role() == ChallengeFolders.Role.SERIES) chain = chain.compose(done -> publishSeries(change));
    }
    return chain;
  }

  /** A series file new, changed or gone, logged with what became of it; a removed file leaves its series as published. */
  private Future<Void> publishSeries(ChallengeFolders.Change change) {
    if (change.removed()) {
      LOG.info("{}: removed; series {} stays as published (a series is not withdrawn by removing its file)", change.file(), change.challengeId());
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> folders.readSeries(change.challengeId()), false)
        .compose(read -> read.isEmpty() ? Future.succeededFuture("gone before it was read") : series.publishFromFolders(read.get()))
        .map(outcome -> {
          LOG.info("{}: {}", change.file(), outcome);
          return (Void) null;
        })
        .recover(failure -> {
          if (failure instanceof org.amchallenge.problem.InvalidInputException invalid) {
            LOG.warn("{}: refused: {}", change.file(), invalid.problems().stream().map(Problem::describe).collect(Collectors.joining("; ")));
          } else {
            LOG.warn("{}: not published now ({}); read again at the next look", change.file(), failure.getMessage());
            folders.forget(change);
          }
          return Future.succeededFuture();
        });
  }

  private Future<Void> publish(String challengeId, List<ChallengeFolders.Change> changes) {
    List<ChallengeFolders.Change> files = new ArrayList<>();
    for (ChallengeFolders.Change change : changes) {
      if (change.role() != ChallengeFolders.Role.INPUT) files.add(change);
      else if (change.removed()) LOG.info("{}: removed; no longer offered as an input file of {}", change.file(), challengeId);
      else LOG.info("{}: served as an input file of {}", change.file(), challengeId);
    }
    if (files.isEmpty()) return Future.succeededFuture();
    return vertx.executeBlocking(() -> folders.read(challengeId, readSha256.get(challengeId)), false).compose(reading -> {
      if (reading.noDefinition()) {
        files.forEach(f -> LOG.info("{}: {}; no challenge file {} in the challenges folder, nothing published", f.file(),
            f.removed() ? "removed" : "seen", challengeId + ".yaml"));
        return Future.succeededFuture();
      }
      if (reading.unchanged()) {
        files.forEach(f -> LOG.info("{}: unchanged (the same bytes as published)", f.file()));
        return Future.succeededFuture();
      }
      if (!reading.valid()) {
        String problems = reading.problems().stream().map(Problem::describe).collect(Collectors.joining("; "));
        files.forEach(f -> LOG.warn("{}: refused: {}", f.file(), problems));
        return Future.succeededFuture();
      }
      return competition.publishFromFolders(reading.source()).map(outcome -> {
        if (outcome.refused()) {
          files.forEach(f -> LOG.warn("{}: refused: {}", f.file(), outcome.detail()));
        } else {
          readSha256.put(challengeId, reading.source().sha256());
          files.forEach(f -> LOG.info("{}: {} ({})", f.file(), outcome.action(), outcome.detail()));
        }
        return (Void) null;
      }).recover(failure -> {
        // not the files' fault (the store, another change at the same time): they are read again at the next look
        files.forEach(f -> {
          LOG.warn("{}: not published now ({}); read again at the next look", f.file(), failure.getMessage());
          folders.forget(f);
        });
        return Future.succeededFuture();
      });
    });
  }
}
