package org.amchallenge.challenge;

import java.util.Set;

/**
 * How much of a submission's scores a caller may read, as SPEC's "What a competitor may learn, and when" rules: before
 * the reveal nothing a competitor or the public reads may let them compute a measured value or tell which rows are public.
 */
public enum Disclosure {
  /** Every part, every metric and the per-row residuals: the challenge's organizers, and everyone after the reveal. */
  ALL,
  /** The public part's per-quantity metrics without per-row figures, {@code n} and {@code coverage} over the whole challenge. */
  METRICS,
  /** The overall score only (the released one under the Ladder): {@code ranking.ladder: true} or {@code feedback: score}. */
  SCORE;

  /**
   * Figures of one row ({@code max_abs_error}), or a count of the public part's rows once divided by a metric shown
   * beside them (a sum beside its mean, points beside their fraction, rows left out of mape): never shown before the reveal.
   */
  private static final Set<String> PER_ROW_OR_COUNTING = Set.of(Metric.MAX_ABS_ERROR.id(), Metric.MAPE_EXCLUDED.id(),
      Metric.SAE.id(), Metric.POINTS_FRACTION.id());

  public static Disclosure of(Challenge challenge, boolean revealed, boolean organizer) {
    if (revealed || organizer) return ALL;
    return challenge.ranking().ladder() || challenge.feedback() == Challenge.Feedback.SCORE ? SCORE : METRICS;
  }

  /** Whether per-quantity metrics (and per-quantity boards) are shown. */
  public boolean perQuantity() {
    return this != SCORE;
  }

  /** Whether per-row figures (residuals, measured values) are shown. */
  public boolean perRow() {
    return this == ALL;
  }

  /** Whether a metric of a quantity whose primary metric is {@code primary} is shown. */
  public boolean shows(String metric, String primary) {
    if (this == ALL) return true;
    if (this == SCORE) return false;
    if (PER_ROW_OR_COUNTING.contains(metric)) return false;
    // l2 is a mean and sum_l2 its sum: one of the two, the primary where it is one of them
    if (metric.equals(Metric.SUM_L2.id())) return primary.equals(Metric.SUM_L2.id());
    if (metric.equals(Metric.L2.id())) return !primary.equals(Metric.SUM_L2.id());
    return true;
  }
}
