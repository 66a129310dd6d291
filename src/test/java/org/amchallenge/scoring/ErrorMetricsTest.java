package org.amchallenge.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.amchallenge.challenge.Quantity.Band;
import org.amchallenge.challenge.Quantity.BandUnit;
import org.amchallenge.challenge.Quantity.PointsRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every metric against values worked out by hand in the comments. */
class ErrorMetricsTest {
  private static final double EPS = 1e-9;
  private static final double NA = Double.NaN;

  private static ErrorMetrics.Input input(double[] p, double[] m, double[] u) {
    double[] w = new double[m.length];
    Arrays.fill(w, 1);
    double[] s = new double[m.length];
    Arrays.fill(s, NA);
    return new ErrorMetrics.Input(p, s, m, u, w, new boolean[m.length], null, null, null);
  }

  // m = 10, 20, 30, 40; p = 12, 18, 33, 40; e = 2, -2, 3, 0; u = 1, 2, 1, unknown
  private static final Map<String, Double> FOUR_ROWS = ErrorMetrics.compute(input(
      new double[] {12, 18, 33, 40}, new double[] {10, 20, 30, 40}, new double[] {1, 2, 1, NA}));

  @Test
  @DisplayName("mae, rmse, bias, max_abs_error and sae follow from the errors 2, -2, 3, 0")
  void basicErrors() {
    assertEquals(4, FOUR_ROWS.get("n"), EPS);
    assertEquals(7.0 / 4, FOUR_ROWS.get("mae"), EPS);            // (2+2+3+0)/4
    assertEquals(Math.sqrt(17.0 / 4), FOUR_ROWS.get("rmse"), EPS); // (4+4+9+0)/4
    assertEquals(0.75, FOUR_ROWS.get("bias"), EPS);                // (2-2+3+0)/4
    assertEquals(3, FOUR_ROWS.get("max_abs_error"), EPS);
    assertEquals(7, FOUR_ROWS.get("sae"), EPS);
  }

  @Test
  @DisplayName("mape, r2, nmae and nrmse use the measured values as their scale")
  void relativeErrors() {
    assertEquals(10.0, FOUR_ROWS.get("mape"), EPS);                  // 100 * (0.2 + 0.1 + 0.1 + 0) / 4
    assertEquals(1 - 17.0 / 500, FOUR_ROWS.get("r2"), EPS);          // SST = 225+25+25+225 about the mean 25
    assertEquals(1.75 / 25, FOUR_ROWS.get("nmae"), EPS);             // mae / mean |m|
    assertEquals(Math.sqrt(4.25) / 30, FOUR_ROWS.get("nrmse"), EPS); // rmse / (40 - 10)
  }

  @Test
  @DisplayName("within_uncertainty counts |e| <= 2u over rows with a known u; chi_rms uses rows with u > 0")
  void uncertaintyMetrics() {
    assertEquals(2.0 / 3, FOUR_ROWS.get("within_uncertainty"), EPS); // 2<=2 yes, 2<=4 yes, 3<=2 no
    assertEquals(Math.sqrt((4 + 1 + 9) / 3.0), FOUR_ROWS.get("chi_rms"), EPS);
  }

  @Test
  @DisplayName("metrics that do not apply are null: no u, no predicted sigma, one row for r2")
  void notApplicable() {
    Map<String, Double> one = ErrorMetrics.compute(input(new double[] {5}, new double[] {4}, new double[] {NA}));
    assertNull(one.get("r2"));
    assertNull(one.get("nrmse"));
    assertNull(one.get("within_uncertainty"));
    assertNull(one.get("chi_rms"));
    assertNull(one.get("crps"));
    assertNull(one.get("points"));
    assertEquals(1, one.get("mae"), EPS);
  }

  @Test
  @DisplayName("a measured zero is left out of mape and counted in mape_excluded")
  void mapeExcludesZero() {
    Map<String, Double> metrics = ErrorMetrics.compute(input(new double[] {1, 11}, new double[] {0, 10}, new double[] {NA, NA}));
    assertEquals(10.0, metrics.get("mape"), EPS); // only |11-10|/10
    assertEquals(1, metrics.get("mape_excluded"), EPS);
  }

  @Test
  @DisplayName("a missing prediction and a row of weight 0 are left out of every metric")
  void missingAndWeightZero() {
    double[] w = {1, 0, 1};
    ErrorMetrics.Input in = new ErrorMetrics.Input(new double[] {11, 99, NA}, new double[] {NA, NA, NA},
        new double[] {10, 20, 30}, new double[] {NA, NA, NA}, w, new boolean[3], null, null, null);
    Map<String, Double> metrics = ErrorMetrics.compute(in);
    assertEquals(1, metrics.get("n"), EPS);
    assertEquals(1, metrics.get("mae"), EPS);
  }

  @Test
  @DisplayName("a run-out (censor lower) has no error where the prediction reaches it")
  void censoredRows() {
    boolean[] censored = {true, true};
    double[] ones = {1, 1};
    ErrorMetrics.Input in = new ErrorMetrics.Input(new double[] {150, 80}, new double[] {NA, NA},
        new double[] {100, 100}, new double[] {NA, NA}, ones, censored, null, null, null);
    Map<String, Double> metrics = ErrorMetrics.compute(in);
    assertEquals(10, metrics.get("mae"), EPS);   // errors 0 and -20
    assertEquals(-10, metrics.get("bias"), EPS);
  }

  @Test
  @DisplayName("Gaussian crps, nll and coverage_95 match the closed forms at z = 0 and z = 1")
  void probabilisticMetrics() {
    double[] w = {1, 1};
    ErrorMetrics.Input in = new ErrorMetrics.Input(new double[] {5, 5}, new double[] {1, 1},
        new double[] {5, 6}, new double[] {NA, NA}, w, new boolean[2], null, null, null);
    Map<String, Double> metrics = ErrorMetrics.compute(in);
    // CRPS(N(0,1), 0) = 2 phi(0) - 1/sqrt(pi) = 0.2336949772; CRPS(N(0,1), 1) = 0.6826894921 + 0.4839414490 - 0.5641895835
    assertEquals((0.2336949772 + 0.6024413576) / 2, metrics.get("crps"), 1e-8);
    // NLL = 0.5 ln(2 pi) + e^2/2 for sigma 1: 0.9189385332 and 1.4189385332
    assertEquals((0.9189385332 + 1.4189385332) / 2, metrics.get("nll"), 1e-8);
    assertEquals(1.0, metrics.get("coverage_95"), EPS); // |1| <= 1.96
  }

  @Test
  @DisplayName("points take the tightest band in sigma, weighted, and a missing prediction scores 0")
  void sigmaBands() {
    PointsRule rule = new PointsRule(BandUnit.SIGMA, List.of(new Band(0.5, 9), new Band(1.0, 3), new Band(1.5, 1)));
    double[] m = {100, 100, 100, 100, 100};
    double[] u = {2, 2, 2, 2, 2};
    double[] p = {100.8, 98.5, 102.9, 103.5, NA}; // |e| = 0.8 (<=1: 9), 1.5 (<=2: 3), 2.9 (<=3: 1), 3.5 (none), missing
    double[] w = {1, 2, 1, 1, 1};
    ErrorMetrics.Input in = new ErrorMetrics.Input(p, new double[] {NA, NA, NA, NA, NA}, m, u, w, new boolean[5], null, null, rule);
    Map<String, Double> metrics = ErrorMetrics.compute(in);
    assertEquals(9 + 2 * 3 + 1 + 0 + 0, metrics.get("points"), EPS);
    assertEquals(16.0 / (9 * 6), metrics.get("points_fraction"), EPS); // most possible: 9 points times weights 1+2+1+1+1
  }

  @Test
  @DisplayName("l2 is the mean Euclidean norm of each point's component errors; sum_l2 their sum")
  void tensorNorms() {
    int[] groups = {0, 0, 1, 1};
    double[] ones = {1, 1, 1, 1};
    double[] p = {3, 4, 1, 0};
    double[] m = {0, 0, 0, 0};
    ErrorMetrics.Input in = new ErrorMetrics.Input(p, new double[] {NA, NA, NA, NA}, m, new double[] {NA, NA, NA, NA},
        ones, new boolean[4], null, groups, null);
    Map<String, Double> metrics = ErrorMetrics.compute(in);
    assertEquals((5 + 1) / 2.0, metrics.get("l2"), EPS); // norms 5 and 1
    assertEquals(6, metrics.get("sum_l2"), EPS);
  }

  @Test
  @DisplayName("a part mask scores only its rows")
  void partMask() {
    boolean[] part = {true, false, true, false};
    double[] ones = {1, 1, 1, 1};
    ErrorMetrics.Input in = new ErrorMetrics.Input(new double[] {12, 18, 33, 40}, new double[] {NA, NA, NA, NA},
        new double[] {10, 20, 30, 40}, new double[] {NA, NA, NA, NA}, ones, new boolean[4], part, null, null);
    Map<String, Double> metrics = ErrorMetrics.compute(in);
    assertEquals(2, metrics.get("n"), EPS);
    assertEquals(2.5, metrics.get("mae"), EPS); // errors 2 and 3
  }
}
