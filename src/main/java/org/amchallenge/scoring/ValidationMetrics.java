package org.amchallenge.scoring;

import java.util.Arrays;
import org.apache.commons.numbers.gamma.Erfc;

/**
 * The validation metrics of SPEC's "Curves, distributions and validation metrics" that compare scatter rather than
 * values: two empirical distributions (1-Wasserstein, Kolmogorov–Smirnov), the calibration of probabilistic
 * predictions (u-pooling) and ASME V&V 20's validation uncertainty. Commons Math's KS test interpolates ties and
 * answers p-values, and it has no Wasserstein distance, so both statistics are computed here on the merged sorted
 * samples, as scipy does.
 */
public final class ValidationMetrics {
  private static final double SQRT2 = Math.sqrt(2);

  private ValidationMetrics() {}

  /** The area between the two empirical CDFs; NaN where either sample is empty. */
  public static double wasserstein(double[] predicted, double[] observed) {
    if (predicted.length == 0 || observed.length == 0 || hasNaN(predicted) || hasNaN(observed)) return Double.NaN;
    double[] p = sortedCopy(predicted);
    double[] m = sortedCopy(observed);
    double area = 0;
    int i = 0;
    int j = 0;
    double at = Math.min(p[0], m[0]);
    while (i < p.length || j < m.length) {
      double next = Math.min(i < p.length ? p[i] : Double.POSITIVE_INFINITY, j < m.length ? m[j] : Double.POSITIVE_INFINITY);
      area += Math.abs((double) i / p.length - (double) j / m.length) * (next - at);
      while (i < p.length && p[i] == next) i++;
      while (j < m.length && m[j] == next) j++;
      at = next;
    }
    return area;
  }

  /** sup |F_p − F_m| over every value of either sample, ties taken together; NaN where either is empty. */
  public static double ks(double[] predicted, double[] observed) {
    if (predicted.length == 0 || observed.length == 0 || hasNaN(predicted) || hasNaN(observed)) return Double.NaN;
    double[] p = sortedCopy(predicted);
    double[] m = sortedCopy(observed);
    double sup = 0;
    int i = 0;
    int j = 0;
    while (i < p.length || j < m.length) {
      double next = Math.min(i < p.length ? p[i] : Double.POSITIVE_INFINITY, j < m.length ? m[j] : Double.POSITIVE_INFINITY);
      while (i < p.length && p[i] == next) i++;
      while (j < m.length && m[j] == next) j++;
      sup = Math.max(sup, Math.abs((double) i / p.length - (double) j / m.length));
    }
    return sup;
  }

  /**
   * ∫₀¹ |F_u(t) − t| dt for probability-integral-transform values u in [0, 1], F_u their empirical CDF: exact, piece by
   * piece between the sorted values, where F_u is constant. NaN where there is none.
   */
  public static double uPooling(double[] u) {
    if (u.length == 0) return Double.NaN;
    double[] sorted = sortedCopy(u);
    int n = sorted.length;
    double area = 0;
    double a = 0;
    for (int k = 0; k <= n; k++) {
      double b = k < n ? sorted[k] : 1;
      area += distanceToLine((double) k / n, a, b);
      a = b;
    }
    return area;
  }

  /** The probability integral transform of a measurement under N(p, s²): Φ((m − p) / s) = Φ(−e / s), e = p − m. */
  public static double pit(double error, double sigma) {
    return 0.5 * Erfc.value(error / (sigma * SQRT2));
  }

  /** ∫ₐᵇ |c − t| dt. */
  static double distanceToLine(double c, double a, double b) {
    if (b <= a) return 0;
    if (c <= a) return ((b - c) * (b - c) - (a - c) * (a - c)) / 2;
    if (c >= b) return ((c - a) * (c - a) - (c - b) * (c - b)) / 2;
    return ((c - a) * (c - a) + (b - c) * (b - c)) / 2;
  }

  /**
   * ASME V&V 20 over rows: E = p − m against u_val = sqrt(u_num² + u_input² + u²), a missing uncertainty counting 0,
   * rows with u_val = 0 left out. Answers {vv20_within, vv20_ratio, rows}, NaN where no row counts.
   */
  public static double[] vv20(double[] errors, double[] numerical, double[] input, double[] measurement) {
    int n = 0;
    int within = 0;
    double sumSq = 0;
    for (int i = 0; i < errors.length; i++) {
      double e = errors[i];
      if (Double.isNaN(e)) continue;
      double uVal = Math.sqrt(square(numerical[i]) + square(input[i]) + square(measurement[i]));
      if (!(uVal > 0)) continue;
      n++;
      if (Math.abs(e) <= 2 * uVal) within++;
      sumSq += (e / uVal) * (e / uVal);
    }
    return n == 0 ? new double[] {Double.NaN, Double.NaN, 0} : new double[] {(double) within / n, Math.sqrt(sumSq / n), n};
  }

  private static double square(double u) {
    return Double.isNaN(u) ? 0 : u * u;
  }

  /** A NaN has no place in an order: the merge of two sorted samples would never pass it. */
  private static boolean hasNaN(double[] values) {
    for (double v : values) if (Double.isNaN(v)) return true;
    return false;
  }

  private static double[] sortedCopy(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
