package org.amchallenge.leaderboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.scoring.Evaluation.Board;
import org.amchallenge.challenge.Metric;
import org.amchallenge.scoring.QuantityScores;
import org.amchallenge.scoring.Scores;
import org.amchallenge.domain.SubmissionRecord;

/**
 * Ranks teams on a board: each team's best submission, ties ranked equal and listed by the earlier submission. An
 * organizer's baseline among the submissions is listed where its score puts it, unranked: the teams' ranks are counted
 * as if it were not there.
 */
public final class Ranking {
  private Ranking() {}

  /** One row of a board. {@code quantities} holds each quantity's primary metric; a baseline's row has rank 0. */
  public record Row(int rank, String team, Double score, Map<String, Double> quantities, int entries,
                    Instant lastSubmission, String submission, Instant submittedAt, boolean baseline) {
    /** A team's row. */
    public Row(int rank, String team, Double score, Map<String, Double> quantities, int entries, Instant lastSubmission,
               String submission, Instant submittedAt) {
      this(rank, team, score, quantities, entries, lastSubmission, submission, submittedAt, false);
    }
  }

  /**
   * The overall board: each team's best ranked submission by the challenge's score. With the Ladder, the
   * public board shows each team's released score instead of its raw one.
   */
  public static List<Row> overall(Challenge challenge, List<SubmissionRecord> submissions, Board board) {
    boolean ladder = challenge.ranking().ladder() && board == Board.PUBLIC;
    Function<SubmissionRecord, Double> score = ladder ? SubmissionRecord::releasedScore : s -> s.evaluation().part(board).score();
    // under the Ladder nothing but the released score may order the board: a tie-break on the raw public rows would show
    // which of a team's equal releases did better, one row at a time
    Comparator<SubmissionRecord> order = ladder ? byScoreThenTime(challenge, score) : better(challenge, board, score);
    return rank(challenge, submissions, board, s -> s.evaluation().part(board).ranked() && score.apply(s) != null, order, score);
  }

  private static Comparator<SubmissionRecord> byScoreThenTime(Challenge challenge, Function<SubmissionRecord, Double> score) {
    boolean higherIsBetter = challenge.ranking().higherIsBetter();
    return Comparator.comparing((SubmissionRecord s) -> higherIsBetter ? -score.apply(s) : score.apply(s))
        .thenComparing(SubmissionRecord::submittedAt);
  }

  /**
   * The final ranking on the private part: for each team, the best private score among the submissions it
   * selected, or, where it selected none, its best public submission (the Kaggle convention).
   */
  public static List<Row> finalBoard(Challenge challenge, List<SubmissionRecord> submissions) {
    Set<String> selecting = new HashSet<>();
    submissions.stream().filter(SubmissionRecord::selected).forEach(s -> selecting.add(s.teamId()));
    Map<String, SubmissionRecord> bestPublic = new HashMap<>();
    Comparator<SubmissionRecord> betterPublic = better(challenge, Board.PUBLIC, s -> s.evaluation().publicPart().score());
    for (SubmissionRecord s : submissions) {
      if (!selecting.contains(s.teamId()) && s.evaluation().publicPart().ranked()) {
        bestPublic.merge(s.teamId(), s, (a, b) -> betterPublic.compare(b, a) < 0 ? b : a);
      }
    }
    Predicate<SubmissionRecord> candidate = s -> s.evaluation().privatePart().ranked()
        && (selecting.contains(s.teamId()) ? s.selected() : bestPublic.get(s.teamId()) == s);
    Function<SubmissionRecord, Double> score = s -> s.evaluation().privatePart().score();
    return rank(challenge, submissions, Board.PRIVATE, candidate, better(challenge, Board.PRIVATE, score), score);
  }

  private static Comparator<SubmissionRecord> better(Challenge challenge, Board board, Function<SubmissionRecord, Double> score) {
    boolean higherIsBetter = challenge.ranking().higherIsBetter();
    return Comparator.comparing((SubmissionRecord s) -> higherIsBetter ? -score.apply(s) : score.apply(s))
        .thenComparing(tieBreaks(challenge, board))
        .thenComparing(SubmissionRecord::submittedAt);
  }

  /** One quantity's board: every team's best submission that gave the quantity, by its unit-free loss. */
  public static List<Row> ofQuantity(Challenge challenge, Quantity quantity, List<SubmissionRecord> submissions, Board board) {
    Comparator<SubmissionRecord> better = Comparator
        .comparing((SubmissionRecord s) -> quantityScores(s, board, quantity).loss())
        .thenComparing(SubmissionRecord::submittedAt);
    return rank(challenge, submissions, board, s -> quantityScores(s, board, quantity).loss() != null, better,
        s -> quantityScores(s, board, quantity).primary());
  }

  private static QuantityScores quantityScores(SubmissionRecord submission, Board board, Quantity quantity) {
    return submission.evaluation().part(board).quantities().get(quantity.id());
  }

  /** The challenge's tie-breaks in order: lower first, higher first for points-like metrics; a missing value last. */
  private static Comparator<SubmissionRecord> tieBreaks(Challenge challenge, Board board) {
    Comparator<SubmissionRecord> order = (a, b) -> 0;
    List<Challenge.TieBreak> tieBreaks = challenge.ranking().tieBreak();
    for (int k = 0; k < tieBreaks.size(); k++) {
      int index = k;
      boolean higherIsBetter = Metric.of(tieBreaks.get(k).metric()).map(Metric::higherIsBetter).orElse(false);
      order = order.thenComparingDouble(s -> tieBreakValue(s.evaluation().part(board), index, higherIsBetter));
    }
    return order;
  }

  private static double tieBreakValue(Scores scores, int index, boolean higherIsBetter) {
    Double value = index < scores.tieBreaks().size() ? scores.tieBreaks().get(index) : null;
    if (value == null) return Double.POSITIVE_INFINITY;
    return higherIsBetter ? -value : value;
  }

  private static List<Row> rank(Challenge challenge, List<SubmissionRecord> submissions, Board board,
                                Predicate<SubmissionRecord> eligible,
                                Comparator<SubmissionRecord> better,
                                Function<SubmissionRecord, Double> shownScore) {
    Map<String, SubmissionRecord> best = new LinkedHashMap<>();
    Map<String, Integer> entries = new HashMap<>();
    Map<String, Instant> last = new HashMap<>();
    for (SubmissionRecord s : submissions) {
      entries.merge(s.teamId(), 1, Integer::sum);
      last.merge(s.teamId(), s.submittedAt(), (a, b) -> a.isAfter(b) ? a : b);
      if (!eligible.test(s)) continue;
      best.merge(s.teamId(), s, (a, b) -> better.compare(b, a) < 0 ? b : a);
    }
    List<SubmissionRecord> ordered = new ArrayList<>(best.values());
    ordered.sort(better);
    List<Row> rows = new ArrayList<>();
    SubmissionRecord previousTeam = null;
    int teams = 0;
    int previousRank = 0;
    for (SubmissionRecord s : ordered) {
      if (s.baseline()) {
        rows.add(new Row(0, s.teamName(), shownScore.apply(s), primaries(challenge, s, board), 1, s.submittedAt(), s.id(),
            s.submittedAt(), true));
        continue;
      }
      teams++;
      int rank = previousTeam != null && sameRank(previousTeam, s, better) ? previousRank : teams;
      rows.add(new Row(rank, s.teamName(), shownScore.apply(s), primaries(challenge, s, board), entries.get(s.teamId()),
          last.get(s.teamId()), s.id(), s.submittedAt()));
      previousTeam = s;
      previousRank = rank;
    }
    return rows;
  }

  /** Equal on everything but the submission time: a tie, ranked equal. */
  private static boolean sameRank(SubmissionRecord earlier, SubmissionRecord later, Comparator<SubmissionRecord> better) {
    SubmissionRecord sameTime = new SubmissionRecord(later.id(), later.challengeId(), later.teamId(), later.teamName(),
        earlier.submittedAt(), later.fileName(), later.format(), later.description(), later.rows(), later.evaluation(),
        later.referenceSha256(), later.scorerVersion(), later.releasedScore(), later.selected());
    return better.compare(earlier, sameTime) == 0;
  }

  private static Map<String, Double> primaries(Challenge challenge, SubmissionRecord s, Board board) {
    Map<String, Double> primaries = new LinkedHashMap<>();
    for (Quantity quantity : challenge.quantities()) {
      primaries.put(quantity.id(), s.evaluation().part(board).quantities().get(quantity.id()).primary());
    }
    return primaries;
  }
}
