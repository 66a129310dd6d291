package org.amchallenge.leaderboard;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The one-sided Wilcoxon signed-rank test of paired losses, both directions from one ranking of the differences.
 * Written here because Commons Math's {@code WilcoxonSignedRankTest} is two-sided only, ranks zero differences
 * instead of dropping them (Wilcoxon's zero method), and has no tie correction: SPEC asks for what scipy 1.10's
 * {@code wilcoxon(a, b, alternative="less", zero_method="wilcox", correction=True)} computes. The normal
 * distribution is Commons Math's.
 */
public final class SignedRankTest {
  /** At most this many differences, none of them zero: the exact distribution, as SPEC says. */
  static final int EXACT_LIMIT = 50;
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
  /** P(W+ <= k) for n = 0..50, index [n][k]; made once, since every pair of a small challenge uses them. */
  private static final double[][] EXACT_CDF = exactCdfs();

  private SignedRankTest() {}

  /** The two one-sided p-values of a pair: that a's values are smaller than b's, and that b's are smaller than a's (the pair reversed). */
  public record PValues(double less, double greater) {}

  /**
   * Tests a against b, paired by index; pairs where either is NaN are left out. Where no difference is
   * left (all zero), neither direction has evidence: both p-values are 1 (scipy answers NaN).
   */
  public static PValues test(double[] a, double[] b) {
    Scratch scratch = SCRATCH.get().fit(a.length);
    long[] keys = scratch.keys;
    int count = 0;
    boolean zero = false;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      if (Double.isNaN(d)) continue;
      if (d == 0) {
        zero = true;
        continue;
      }
      keys[count++] = key(d);
    }
    if (count == 0) return new PValues(1, 1);
    sort(keys, scratch.buffer, scratch.starts, count);
    return pValues(keys, count, count <= EXACT_LIMIT && !zero);
  }

  /** Each thread's arrays for the keys, so that the 20,000 pairs of 200 teams allocate nothing each. */
  private static final class Scratch {
    long[] keys = new long[0];
    long[] buffer = new long[0];
    final int[] starts = new int[(1 << BUCKET_BITS) + 2];

    Scratch fit(int n) {
      if (keys.length < n) {
        keys = new long[n];
        buffer = new long[n];
      }
      return this;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
  /** Buckets of the sort: some 16,000, more than the keys of a challenge's samples in most cases. */
  private static final int BUCKET_BITS = 14;

  /**
   * Sorts the first n keys (all non-negative): they are dealt into buckets by their leading bits above the smallest
   * key, then each bucket is sorted, by insertion where it holds a few keys. Written here because sorting the
   * differences of every pair of teams is most of the analysis's time, and dealing 10,000 keys once takes a few
   * passes over them where {@code Arrays.sort} takes some fourteen rounds of comparisons.
   */
  static void sort(long[] keys, long[] buffer, int[] starts, int n) {
    if (n < 256) {
      Arrays.sort(keys, 0, n);
      return;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      min = Math.min(min, keys[i]);
      max = Math.max(max, keys[i]);
    }
    if (min == max) return;
    int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(max - min) - BUCKET_BITS);
    int buckets = (int) ((max - min) >>> shift) + 1;
    Arrays.fill(starts, 0, buckets + 2, 0);
    for (int i = 0; i < n; i++) starts[(int) ((keys[i] - min) >>> shift) + 2]++;
    for (int b = 2; b < buckets + 2; b++) starts[b] += starts[b - 1];
    // starts[b + 1] is now where bucket b begins; dealing moves it to where bucket b ends, i.e. where b + 1 begins
    for (int i = 0; i < n; i++) buffer[starts[(int) ((keys[i] - min) >>> shift) + 1]++] = keys[i];
    for (int b = 0; b < buckets; b++) sortBucket(buffer, starts[b], starts[b + 1]);
    System.arraycopy(buffer, 0, keys, 0, n);
  }

  private static void sortBucket(long[] keys, int from, int to) {
    if (to - from > 16) {
      Arrays.sort(keys, from, to);
      return;
    }
    for (int i = from + 1; i < to; i++) {
      long key = keys[i];
      int j = i - 1;
      while (j >= from && keys[j] > key) {
        keys[j + 1] = keys[j];
        j--;
      }
      keys[j + 1] = key;
    }
  }

  /**
   * A difference as a sortable key: the bits of |d| (a non-negative double orders as its bits do) shifted up
   * one, its sign in the lowest bit. One primitive sort of these orders the differences by size, without boxing.
   */
  private static long key(double d) {
    return (Double.doubleToRawLongBits(Math.abs(d)) << 1) | (d > 0 ? 1 : 0);
  }

  private static PValues pValues(long[] sorted, int n, boolean exact) {
    double rPlus = 0;
    double ties = 0;
    int start = 0;
    while (start < n) {
      int end = start + 1;
      while (end < n && (sorted[end] >>> 1) == (sorted[start] >>> 1)) end++;
      double rank = (start + 1 + end) / 2.0;  // the average of ranks start+1 .. end
      for (int k = start; k < end; k++) if ((sorted[k] & 1) == 1) rPlus += rank;
      double t = end - start;
      ties += t * t * t - t;
      start = end;
    }
    return exact ? exact(rPlus, n) : approximate(rPlus, n, ties);
  }

  /**
   * scipy 1.10's exact branch, which SPEC names, for the pair both ways: a statistic made non-integral by ties is
   * truncated ({@code int(r_plus)}), and the reversed pair's statistic is what the first leaves of n(n+1)/2.
   */
  private static PValues exact(double rPlus, int n) {
    return new PValues(cdf(n, (int) Math.floor(rPlus)), cdf(n, (int) Math.floor(n * (n + 1) / 2.0 - rPlus)));
  }

  private static double cdf(int n, int k) {
    if (k < 0) return 0;
    double[] cdf = EXACT_CDF[n];
    return k >= cdf.length ? 1 : cdf[k];
  }

  /** The normal approximation with the tie correction of the variance and a continuity correction of 0.5. */
  private static PValues approximate(double rPlus, int n, double ties) {
    double mean = n * (n + 1) / 4.0;
    double se = Math.sqrt((n * (n + 1.0) * (2.0 * n + 1) - ties / 2) / 24);
    double z = (rPlus - mean) / se;
    return new PValues(NORMAL.cumulativeProbability(z + 0.5 / se), NORMAL.cumulativeProbability(-(z - 0.5 / se)));
  }

  /** The null distribution of W+ by counting the subsets of 1..n by their sum; counts below 2^53 stay exact in a double. */
  private static double[][] exactCdfs() {
    double[][] cdfs = new double[EXACT_LIMIT + 1][];
    double[] counts = {1};
    cdfs[0] = new double[] {1};
    for (int n = 1; n <= EXACT_LIMIT; n++) {
      double[] next = Arrays.copyOf(counts, counts.length + n);
      for (int k = n; k < next.length; k++) next[k] += counts[k - n];
      counts = next;
      double total = Math.pow(2, n);
      double[] cdf = new double[counts.length];
      double sum = 0;
      for (int k = 0; k < counts.length; k++) {
        sum += counts[k];
        cdf[k] = sum / total;
      }
      cdfs[n] = cdf;
    }
    return cdfs;
  }
}
