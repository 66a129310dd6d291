package org.amchallenge.leaderboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * How far a final ranking can be trusted, as SPEC's "Ranking analysis" defines it: from each ranked team's
 * per-sample losses, the ranks under four other ranking methods, the one-sided signed-rank tests between every
 * ordered pair with Holm's adjustment, and the bootstrap of the samples. Pure computation: no I/O.
 */
public final class RankingAnalysis {
  public static final double ALPHA = 0.05;
  /** Resamples ranked together per pass over a team's losses, so that the losses are read from memory once per block (weighted's eight sums). */
  private static final int BLOCK = 8;

  private RankingAnalysis() {}

  /**
   * What the analysis starts from. {@code losses[t][s]} is team t's figure on sample s (NaN: none), teams in the
   * official order; {@code official} their official ranks; for {@code higherIsBetter} (total points) the figures
   * are points, and higher is better throughout.
   */
  public record Input(List<String> teams, List<String> samples, double[][] losses, int[] official,
                      boolean higherIsBetter, long seed, int resamples) {}

  /** The figures of the analysis; {@link #toJson} lays them out as SPEC's JSON. */
  public record Result(Input input, Map<String, int[]> methods, double[][] pValues, List<int[]> superior,
                       int[][] rankCounts, int[] medians, int[][] intervals, double[] tau) {}

  public static Result analyse(Input in) {
    double[][] loss = in.higherIsBetter() ? negated(in.losses()) : in.losses();
    int teams = in.teams().size();
    double[][] p = holm(pairwise(loss));
    List<int[]> superior = new ArrayList<>();
    for (int a = 0; a < teams; a++) {
      for (int b = 0; b < teams; b++) if (a != b && p[a][b] < ALPHA) superior.add(new int[] {a, b});
    }
    Map<String, int[]> methods = new LinkedHashMap<>();
    methods.put("official", in.official().clone());
    int[] byMean = ranksOf(aggregate(loss, false));
    methods.put("aggregate_then_rank_mean", byMean);
    methods.put("aggregate_then_rank_median", ranksOf(aggregate(loss, true)));
    methods.put("rank_then_aggregate", ranksOf(meanRanks(loss)));
    methods.put("test_then_rank", ranksOf(wins(superior, teams)));
    Resampled resampled = bootstrap(loss, byMean, in.seed(), in.resamples());
    int[] medians = new int[teams];
    int[][] intervals = new int[teams][];
    for (int t = 0; t < teams; t++) {
      medians[t] = quantileRank(resampled.counts()[t], in.resamples(), 0.5);
      intervals[t] = new int[] {quantileRank(resampled.counts()[t], in.resamples(), 0.025), quantileRank(resampled.counts()[t], in.resamples(), 0.975)};
    }
    return new Result(in, methods, p, superior, resampled.counts(), medians, intervals, resampled.tau());
  }

  private static double[][] negated(double[][] values) {
    double[][] out = new double[values.length][];
    for (int t = 0; t < values.length; t++) {
      out[t] = new double[values[t].length];
      for (int s = 0; s < out[t].length; s++) out[t][s] = -values[t][s];
    }
    return out;
  }

  /** p[a][b]: that a's losses are smaller than b's; one ranking of the differences serves both directions. */
  static double[][] pairwise(double[][] loss) {
    int teams = loss.length;
    double[][] p = new double[teams][teams];
    IntStream.range(0, teams * teams).parallel().forEach(pair -> {
      int a = pair / teams;
      int b = pair % teams;
      if (a >= b) return;
      SignedRankTest.PValues both = SignedRankTest.test(loss[a], loss[b]);
      p[a][b] = both.less();
      p[b][a] = both.greater();
    });
    return p;
  }

  /**
   * Holm's step-down adjustment over every ordered pair, written here since Commons Math has none: the i-th
   * smallest p-value of m is multiplied by m - i + 1, kept at least the one before it and at most 1.
   */
  static double[][] holm(double[][] p) {
    int teams = p.length;
    int m = teams * (teams - 1);
    Integer[] order = new Integer[m];
    double[] raw = new double[m];
    int k = 0;
    for (int a = 0; a < teams; a++) {
      for (int b = 0; b < teams; b++) {
        if (a == b) continue;
        raw[k] = Double.isNaN(p[a][b]) ? 1 : p[a][b];
        order[k] = k;
        k++;
      }
    }
    Arrays.sort(order, (x, y) -> Double.compare(raw[x], raw[y]));
    double[] adjusted = new double[m];
    double running = 0;
    for (int i = 0; i < m; i++) {
      running = Math.max(running, Math.min(1, (m - i) * raw[order[i]]));
      adjusted[order[i]] = running;
    }
    double[][] out = new double[teams][teams];
    k = 0;
    for (int a = 0; a < teams; a++) {
      for (int b = 0; b < teams; b++) if (a != b) out[a][b] = adjusted[k++];
    }
    return out;
  }

  /** Each team's mean (or median) loss over the samples where it has one. */
  static double[] aggregate(double[][] loss, boolean median) {
    double[] out = new double[loss.length];
    for (int t = 0; t < loss.length; t++) {
      double[] defined = Arrays.stream(loss[t]).filter(v -> !Double.isNaN(v)).toArray();
      if (defined.length == 0) out[t] = Double.NaN;
      else if (!median) out[t] = Arrays.stream(defined).sum() / defined.length;
      else {
        Arrays.sort(defined);
        int mid = defined.length / 2;
        out[t] = defined.length % 2 == 1 ? defined[mid] : (defined[mid - 1] + defined[mid]) / 2;
      }
    }
    return out;
  }

  /** rank_then_aggregate: the teams ranked on each sample (ties averaged, a missing loss last), then each team's mean rank. */
  static double[] meanRanks(double[][] loss) {
    int teams = loss.length;
    int samples = teams == 0 ? 0 : loss[0].length;
    double[] sum = new double[teams];
    double[] column = new double[teams];
    double[] sorted = new double[teams];
    for (int s = 0; s < samples; s++) {
      // + 0.0 makes a -0.0 (a negated 0 points) equal to 0.0 for the sort as it is for the comparisons
      for (int t = 0; t < teams; t++) column[t] = Double.isNaN(loss[t][s]) ? Double.POSITIVE_INFINITY : loss[t][s] + 0.0;
      System.arraycopy(column, 0, sorted, 0, teams);
      Arrays.sort(sorted);
      // a team's average rank: halfway between the first and the last place its loss holds in the sorted column
      for (int t = 0; t < teams; t++) sum[t] += (firstAbove(sorted, column[t]) + firstAtOrAbove(sorted, column[t]) + 1) / 2.0;
    }
    for (int t = 0; t < teams; t++) sum[t] = samples == 0 ? Double.NaN : sum[t] / samples;
    return sum;
  }

  /** How many sorted values are below {@code value}. */
  private static int firstAtOrAbove(double[] sorted, double value) {
    int low = 0, high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < value) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** How many sorted values are at most {@code value}. */
  private static int firstAbove(double[] sorted, double value) {
    int low = 0, high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] <= value) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** test_then_rank: minus the number of teams each is significantly better than, so that lower ranks first. */
  private static double[] wins(List<int[]> superior, int teams) {
    double[] wins = new double[teams];
    for (int[] pair : superior) wins[pair[0]]--;
    return wins;
  }

  /** 1-based ranks, lower value first, ties sharing the best rank (1, 2, 2, 4); NaN last. */
  static int[] ranksOf(double[] values) {
    int n = values.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (x, y) -> Double.compare(orderable(values[x]), orderable(values[y])));
    int[] ranks = new int[n];
    for (int i = 0; i < n; i++) {
      boolean tie = i > 0 && orderable(values[order[i]]) == orderable(values[order[i - 1]]);
      ranks[order[i]] = tie ? ranks[order[i - 1]] : i + 1;
    }
    return ranks;
  }

  private static double orderable(double value) {
    return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
  }

  private record Resampled(int[][] counts, double[] tau) {}

  /**
   * Resamples the samples with replacement and ranks the teams by their mean loss over the drawn samples (the
   * official score recomputed on them from the per-sample losses). Resample r draws from its own generator,
   * seeded by the seed and r, so that the draws do not depend on how the work is split between threads.
   */
  static Resampled bootstrap(double[][] loss, int[] fullRanks, long seed, int resamples) {
    int teams = loss.length;
    int[][] ranks = new int[resamples][];
    double[][] filled = new double[teams][];
    double[][] defined = new double[teams][];
    for (int t = 0; t < teams; t++) {
      filled[t] = loss[t].clone();
      defined[t] = missing(filled[t]);
    }
    IntStream.range(0, (resamples + BLOCK - 1) / BLOCK).parallel().forEach(block -> {
      int from = block * BLOCK;
      int to = Math.min(resamples, from + BLOCK);
      double[][] means = blockMeans(filled, defined, draws(seed, from, to, teams == 0 ? 0 : loss[0].length), to - from);
      for (int r = from; r < to; r++) ranks[r] = ranksOf(means[r - from]);
    });
    int[][] counts = new int[teams][teams + 1];
    double[] tau = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      for (int t = 0; t < teams; t++) counts[t][ranks[r][t]]++;
      tau[r] = teams < 2 ? Double.NaN : tau(fullRanks, ranks[r]);
    }
    return new Resampled(counts, tau);
  }

  /** Kendall's tau-b between two rankings (Commons Math's, which corrects for ties); NaN where one ranking is all ties. */
  static double tau(int[] x, int[] y) {
    return new KendallsCorrelation().correlation(Arrays.stream(x).asDoubleStream().toArray(), Arrays.stream(y).asDoubleStream().toArray());
  }

  /** Sets a team's missing losses to 0 and answers where they were (null: none missing, the common case). */
  private static double[] missing(double[] losses) {
    double[] defined = null;
    for (int s = 0; s < losses.length; s++) {
      if (!Double.isNaN(losses[s])) continue;
      if (defined == null) {
        defined = new double[losses.length];
        Arrays.fill(defined, 1);
      }
      defined[s] = 0;
      losses[s] = 0;
    }
    return defined;
  }

  /**
   * How often each sample is drawn in resamples from..to-1, as {@code counts[sample * BLOCK + r]}: the bootstrap as
   * counts, so that a team's mean over a resample is one pass over its losses, shared by the block's resamples. A
   * count is a char (0 to 65,535): no sample is drawn that often in a resample of fewer draws.
   */
  private static char[] draws(long seed, int from, int to, int samples) {
    char[] counts = new char[samples * BLOCK];
    for (int r = from; r < to; r++) {
      RandomGenerator random = new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), r});
      for (int k = 0; k < samples; k++) counts[random.nextInt(samples) * BLOCK + (r - from)]++;
    }
    return counts;
  }

  /** means[r][t]: team t's mean loss over the block's resample r, each team's losses read once for the whole block. */
  private static double[][] blockMeans(double[][] loss, double[][] defined, char[] counts, int block) {
    int teams = loss.length;
    double[][] means = new double[block][teams];
    double[] sums = new double[BLOCK];
    double[] weights = new double[BLOCK];
    for (int t = 0; t < teams; t++) {
      weighted(loss[t], counts, sums);
      if (defined[t] != null) weighted(defined[t], counts, weights);
      for (int r = 0; r < block; r++) {
        double n = defined[t] == null ? loss[t].length : weights[r];
        means[r][t] = n == 0 ? Double.NaN : sums[r] / n;
      }
    }
    return means;
  }

  /** sums[r] = the sum over samples of counts[sample * BLOCK + r] * values[sample]. */
  private static void weighted(double[] values, char[] counts, double[] sums) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (int s = 0, at = 0; s < values.length; s++, at += BLOCK) {
      double v = values[s];
      s0 += counts[at] * v;
      s1 += counts[at + 1] * v;
      s2 += counts[at + 2] * v;
      s3 += counts[at + 3] * v;
      s4 += counts[at + 4] * v;
      s5 += counts[at + 5] * v;
      s6 += counts[at + 6] * v;
      s7 += counts[at + 7] * v;
    }
    sums[0] = s0;
    sums[1] = s1;
    sums[2] = s2;
    sums[3] = s3;
    sums[4] = s4;
    sums[5] = s5;
    sums[6] = s6;
    sums[7] = s7;
  }

  /** The smallest rank whose cumulative frequency reaches q (the inverse of the empirical distribution): always a rank. */
  private static int quantileRank(int[] counts, int resamples, double q) {
    if (resamples == 0) return 0;
    long cumulative = 0;
    for (int rank = 1; rank < counts.length; rank++) {
      cumulative += counts[rank];
      if (cumulative >= q * resamples - 1e-9) return rank;
    }
    return counts.length - 1;
  }
}
