package org.amchallenge.challenge;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The metrics of SPEC's Scores section, in the order they are shown. */
public enum Metric {
  N("n", false), COVERAGE("coverage", false), MAE("mae", false), RMSE("rmse", false), BIAS("bias", false),
  MAX_ABS_ERROR("max_abs_error", false), MAPE("mape", true), MAPE_EXCLUDED("mape_excluded", false), R2("r2", true),
  NMAE("nmae", true), NRMSE("nrmse", true), WITHIN_UNCERTAINTY("within_uncertainty", false),
  CHI_RMS("chi_rms", true), SAE("sae", false), CRPS("crps", true), NLL("nll", false),
  COVERAGE_95("coverage_95", false), L2("l2", true), SUM_L2("sum_l2", true), POINTS("points", true),
  POINTS_FRACTION("points_fraction", false);

  private final String id;
  private final boolean canBePrimary;

  Metric(String id, boolean canBePrimary) {
    this.id = id;
    this.canBePrimary = canBePrimary;
  }

  public String id() {
    return id;
  }

  /** Whether it can be made unit-free and so enter the overall score. */
  public boolean canBePrimary() {
    return canBePrimary;
  }

  public boolean needsComponents() {
    return this == L2 || this == SUM_L2;
  }

  /** Higher is better only for points and r2; every other metric is an error. */
  public boolean higherIsBetter() {
    return this == POINTS || this == POINTS_FRACTION || this == R2 || this == WITHIN_UNCERTAINTY || this == COVERAGE_95;
  }

  public static Optional<Metric> of(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
  }

  public static List<String> primaryNames() {
    return Arrays.stream(values()).filter(Metric::canBePrimary).map(Metric::id).toList();
  }
}
