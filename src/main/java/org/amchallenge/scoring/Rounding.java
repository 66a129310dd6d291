package org.amchallenge.scoring;

import java.math.BigDecimal;
import java.math.MathContext;

/** Rounding to significant digits, as every figure the server returns before reveal is rounded. */
public final class Rounding {
  private Rounding() {}

  /** The powers of ten a double holds exactly. */
  private static final double[] POWERS = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
      1e20, 1e21, 1e22};

  /**
   * Rounds to significant digits, half away from zero, on the exact binary value (what {@code BigDecimal} gives);
   * precision 0 (or less) keeps full precision.
   */
  public static double round(double value, int precision) {
    if (precision <= 0 || !Double.isFinite(value) || value == 0) return value;
    double fast = precision <= 15 ? inDoubles(Math.abs(value), precision) : Double.NaN;
    if (!Double.isNaN(fast)) return Math.copySign(fast, value);
    return new BigDecimal(value).round(new MathContext(precision)).doubleValue();
  }

  /**
   * The same rounding in double arithmetic, or NaN where it cannot decide it exactly: written by hand because
   * every metric of every answer is rounded, {@code BigDecimal} builds each double's exact expansion to do it,
   * and no library rounds a double to significant digits without it.
   * The scaled value is within half an ulp of exact (one rounding by an exact power of ten), so only a value
   * within an ulp of a tie, or one whose digit count the logarithm misjudged, is left to {@code BigDecimal};
   * the result is the integer divided (or multiplied) by an exact power of ten, one correctly rounded step,
   * as {@code BigDecimal.doubleValue} gives it.
   */
  private static double inDoubles(double magnitude, int precision) {
    int scale = precision - 1 - (int) Math.floor(Math.log10(magnitude));
    if (scale < -22 || scale > 22) return Double.NaN;
    double scaled = scale >= 0 ? magnitude * POWERS[scale] : magnitude / POWERS[-scale];
    if (scaled < POWERS[precision - 1] || scaled >= POWERS[precision]) return Double.NaN;
    double whole = Math.floor(scaled);
    double fraction = scaled - whole;
    if (Math.abs(fraction - 0.5) <= Math.ulp(scaled)) return Double.NaN;
    double digits = fraction > 0.5 ? whole + 1 : whole;
    return scale >= 0 ? digits / POWERS[scale] : digits * POWERS[-scale];
  }
}
