package org.amchallenge.scoring;

import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * The parameter-free Ladder of Blum and Hardt (2015), "The Ladder: A Reliable Leaderboard for Machine
 * Learning Competitions": a team's public score moves only when a new submission beats the team's best by
 * more than the standard error of the paired per-row loss difference, and what is released is rounded, so
 * that probing the public board with many submissions tells little about the held-out rows.
 */
public final class Ladder {
  private Ladder() {}

  /**
   * The public score to release for a new submission. {@code released} is the team's released score so
   * far (null for its first ranked submission); {@code newShares} and {@code bestShares} are the per-row
   * shares of the new and of the best submission's scores (they add up to the scores).
   */
  public static double release(double newScore, double[] newShares, Double released, double[] bestShares,
                               boolean higherIsBetter, int precision) {
    if (released == null) return Rounding.round(newScore, precision);
    double threshold = standardError(newShares, bestShares);
    boolean better = higherIsBetter ? newScore > released + threshold : newScore < released - threshold;
    return better ? Rounding.round(newScore, precision) : released;
  }

  /** The standard error of the difference of two sums of paired row shares: sqrt(n) times the sd of the differences. */
  public static double standardError(double[] newShares, double[] bestShares) {
    int n = newShares.length;
    if (n < 2) return 0;
    double[] differences = new double[n];
    for (int i = 0; i < n; i++) differences[i] = newShares[i] - bestShares[i];
    return Math.sqrt(n) * new StandardDeviation(true).evaluate(differences);
  }
}
