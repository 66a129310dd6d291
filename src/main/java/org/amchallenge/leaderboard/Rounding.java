package org.amchallenge.leaderboard;

import java.math.BigDecimal;
import java.math.MathContext;

/** Rounding to significant digits, as every figure the server returns before reveal is rounded. */
public final class Rounding {
  private Rounding() {}

  /** Rounds to significant digits; precision 0 (or less) keeps full precision. */
  public static double round(double value, int precision) {
    if (precision <= 0 || !Double.isFinite(value) || value == 0) return value;
    return new BigDecimal(value).round(new MathContext(precision)).doubleValue();
  }
}
