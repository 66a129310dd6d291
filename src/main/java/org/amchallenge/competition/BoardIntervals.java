package org.amchallenge.competition;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.leaderboard.Bootstrap;
import org.amchallenge.leaderboard.Ranking;
import org.amchallenge.scoring.Evaluation.Board;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.store.Store;

/**
 * The bootstrap of each board row's score, computed once per submission and board and kept: the resampled
 * scores depend only on the stored file, the reference and the seed, none of which change under it.
 */
public final class BoardIntervals {
  /** Above this many row evaluations a board is shown without intervals rather than keep a reader waiting. */
  private static final long MAX_WORK = 300_000_000L;

  private final Vertx vertx;
  private final Store store;
  private final SubmissionService submissions;
  private final Map<String, Cache> byChallenge = new ConcurrentHashMap<>();

  /** What is known of one version of a challenge; a new version (reference, definition) starts afresh. */
  private record Cache(ChallengeEntry entry, Map<Board, Bootstrap.Draws> draws, Map<String, double[]> scores) {}

  private Cache cache(ChallengeEntry entry) {
    return byChallenge.compute(entry.id(), (id, known) -> known != null && known.entry() == entry ? known
        : new Cache(entry, new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
  }

  public BoardIntervals(Vertx vertx, Store store, SubmissionService submissions) {
    this.vertx = vertx;
    this.store = store;
    this.submissions = submissions;
  }

  /** A row's interval and whether it is indistinguishable from the leader. */
  public record Interval(double low, double high, boolean indistinguishableFromLeader) {}

  /** Intervals by submission id for the rows of an overall board; empty where the board has none. */
  public Future<Map<String, Interval>> of(ChallengeEntry entry, Board board, List<Ranking.Row> rows) {
    int resamples = entry.challenge().ranking().bootstrap();
    if (rows.isEmpty() || resamples == 0 || Bootstrap.work(entry.reference(), rows.size(), resamples) > MAX_WORK) {
      return Future.succeededFuture(Map.of());
    }
    return vertx.executeBlocking(() -> drawsOf(entry, board), false)
        .compose(d -> Future.all(rows.stream().map(row -> scoresOf(entry, board, row.submission(), d)).toList()))
        .map(all -> {
          Map<String, Interval> intervals = new HashMap<>();
          double[] leader = all.resultAt(0);
          for (int i = 0; i < rows.size(); i++) {
            double[] resampled = all.resultAt(i);
            double[] interval = Bootstrap.interval(resampled);
            if (interval != null) {
              intervals.put(rows.get(i).submission(), new Interval(interval[0], interval[1], i == 0 || Bootstrap.indistinguishable(resampled, leader)));
            }
          }
          return intervals;
        });
  }

  private Bootstrap.Draws drawsOf(ChallengeEntry entry, Board board) {
    return cache(entry).draws().computeIfAbsent(board, key -> Bootstrap.draws(entry.reference(),
        board == Board.PUBLIC ? entry.publicRows() : entry.privateRows(),
        Bootstrap.seed(entry.challenge(), board == Board.PRIVATE), entry.challenge().ranking().bootstrap()));
  }

  private Future<double[]> scoresOf(ChallengeEntry entry, Board board, String submissionId, Bootstrap.Draws d) {
    String key = submissionId + '/' + board;
    Map<String, double[]> scores = cache(entry).scores();
    double[] known = scores.get(key);
    if (known != null) return Future.succeededFuture(known);
    return store.submission(entry.id(), submissionId)
        .compose(record -> store.submissionFile(submissionId).compose(file -> vertx.executeBlocking(() -> {
          Predictions predictions = submissions.reread(entry, record.orElseThrow(), file.orElseThrow()).predictions();
          double[] resampled = Bootstrap.scores(entry.challenge(), entry.reference(), predictions, d);
          scores.put(key, resampled);
          return resampled;
        }, false)));
  }
}
