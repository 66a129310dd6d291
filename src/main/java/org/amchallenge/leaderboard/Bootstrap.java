package org.amchallenge.leaderboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.scoring.Scorer;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * How sure a ranking is: the scores of a submission over bootstrap resamples of the samples (drawn with
 * replacement, seeded, the same draws for every team so that two teams' resampled scores are paired), a 95 %
 * interval from them, and whether a team can be told apart from the leader at that level.
 */
public final class Bootstrap {
  public static final int DEFAULT_RESAMPLES = 1000;

  private Bootstrap() {}

  /** The draws of one board: for each resample, each quantity's rows and the draw each row belongs to. */
  public record Draws(List<Map<String, int[]>> rows, List<Map<String, int[]>> copies) {
    public int size() {
      return rows.size();
    }
  }

  /** Draws samples of the part (rows where {@code part} is true; all where null) with replacement. */
  public static Draws draws(ReferenceData reference, Map<String, boolean[]> part, long seed, int resamples) {
    TreeSet<String> sampleSet = new TreeSet<>();
    Map<String, Map<String, List<Integer>>> rowsOfSample = new HashMap<>();
    reference.tables().forEach((quantity, table) -> {
      boolean[] include = part == null ? null : part.get(quantity);
      for (int i = 0; i < table.size(); i++) {
        if (include != null && !include[i]) continue;
        sampleSet.add(table.sample(i));
        rowsOfSample.computeIfAbsent(table.sample(i), s -> new HashMap<>()).computeIfAbsent(quantity, q -> new ArrayList<>()).add(i);
      }
    });
    String[] samples = sampleSet.toArray(String[]::new);
    RandomGenerator random = new Well19937c(seed);
    List<Map<String, int[]>> rows = new ArrayList<>();
    List<Map<String, int[]>> copies = new ArrayList<>();
    for (int r = 0; r < resamples; r++) {
      Map<String, List<int[]>> drawn = new LinkedHashMap<>();
      reference.tables().keySet().forEach(q -> drawn.put(q, new ArrayList<>()));
      for (int k = 0; k < samples.length; k++) {
        int copy = k;
        rowsOfSample.get(samples[random.nextInt(samples.length)])
            .forEach((q, list) -> list.forEach(i -> drawn.get(q).add(new int[] {i, copy})));
      }
      Map<String, int[]> rowMap = new LinkedHashMap<>();
      Map<String, int[]> copyMap = new LinkedHashMap<>();
      drawn.forEach((q, list) -> {
        rowMap.put(q, list.stream().mapToInt(pair -> pair[0]).toArray());
        copyMap.put(q, list.stream().mapToInt(pair -> pair[1]).toArray());
      });
      rows.add(rowMap);
      copies.add(copyMap);
    }
    return new Draws(rows, copies);
  }

  /** A submission's score on each resample; NaN where undefined. */
  public static double[] scores(Challenge challenge, ReferenceData reference, Predictions predictions, Draws draws) {
    double[] scores = new double[draws.size()];
    for (int r = 0; r < scores.length; r++) {
      Double score = Scorer.scoreRows(challenge, reference, predictions, draws.rows().get(r), draws.copies().get(r));
      scores[r] = score == null ? Double.NaN : score;
    }
    return scores;
  }

  /** The 2.5th and 97.5th percentiles of the resampled scores; null where too few are defined. */
  public static double[] interval(double[] scores) {
    double[] defined = Arrays.stream(scores).filter(Double::isFinite).toArray();
    if (defined.length < 20) return null;
    Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
    return new double[] {percentile.evaluate(defined, 2.5), percentile.evaluate(defined, 97.5)};
  }

  /**
   * True where the paired differences to the leader's resampled scores have a 95 % interval that holds 0:
   * at that level, the data cannot tell this team from the leader.
   */
  public static boolean indistinguishable(double[] team, double[] leader) {
    double[] differences = new double[team.length];
    for (int r = 0; r < team.length; r++) differences[r] = team[r] - leader[r];
    double[] interval = interval(differences);
    return interval != null && interval[0] <= 0 && interval[1] >= 0;
  }

  /** The seed of a board's draws: the challenge's, so that the intervals are the same on every read and node. */
  public static long seed(Challenge challenge, boolean privateBoard) {
    return challenge.split().seed() * 31 + (privateBoard ? 1 : 0);
  }

  /** Rows of the whole reference, for sizing: a bootstrap over very large boards is left out. */
  public static long work(ReferenceData reference, int teams, int resamples) {
    return (long) reference.tables().values().stream().mapToInt(ReferenceTable::size).sum() * teams * resamples;
  }
}
