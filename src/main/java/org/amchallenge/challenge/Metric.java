package org.amchallenge.challenge;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The metrics of SPEC's Scores section, in the order they are shown, each with the words that define it: the server
 * serves them with a challenge so that its page, the docs and the command line say the same thing.
 */
public enum Metric {
  N("n", false, "rows given", "the number of rows given, over the whole challenge (not over one part)", Unit.UNIT_FREE, null, null),
  COVERAGE("coverage", false, "coverage", "rows predicted / rows expected, over all the quantity's rows whatever the part",
      Unit.UNIT_FREE, null, null),
  MAE("mae", false, "mean absolute error", "mean |p − m|", Unit.QUANTITY, null, null),
  RMSE("rmse", false, "root-mean-square error", "sqrt(mean (p − m)²)", Unit.QUANTITY, null, null),
  BIAS("bias", false, "bias", "mean (p − m); positive where the model predicts too high", Unit.QUANTITY, null, null),
  MAX_ABS_ERROR("max_abs_error", false, "largest absolute error", "max |p − m|", Unit.QUANTITY, null, null),
  MAPE("mape", true, "mean absolute percentage error", "100 · mean |p − m| / |m|, over the rows where m ≠ 0",
      Unit.PERCENT, "|measured| of each row", "mape / 100"),
  MAPE_EXCLUDED("mape_excluded", false, "rows left out of mape", "the number of rows with m = 0", Unit.UNIT_FREE, null, null),
  R2("r2", true, "coefficient of determination", "1 − Σ (p − m)² / Σ (m − mean m)²; 1 is perfect",
      Unit.UNIT_FREE, "spread of measured about their mean, Σ (m − mean m)²", "1 − r2"),
  NMAE("nmae", true, "normalised mean absolute error", "mean |p − m| / mean |m|", Unit.UNIT_FREE, "mean |measured|", "nmae"),
  NRMSE("nrmse", true, "normalised root-mean-square error", "sqrt(mean (p − m)²) / (max m − min m)",
      Unit.UNIT_FREE, "range of measured (max − min)", "nrmse"),
  WITHIN_UNCERTAINTY("within_uncertainty", false, "share within uncertainty",
      "share of rows with |p − m| ≤ 2u, u the measurement's standard uncertainty", Unit.UNIT_FREE, null, null),
  CHI_RMS("chi_rms", true, "RMS error in measurement uncertainties",
      "sqrt(mean ((p − m) / u)²) over the rows with u > 0; 1 is as close as the measurement allows",
      Unit.UNIT_FREE, "measurement uncertainty", "chi_rms"),
  SAE("sae", false, "sum of absolute errors", "Σ |p − m|", Unit.QUANTITY, null, null),
  CRPS("crps", true, "continuous ranked probability score",
      "mean CRPS of the Gaussian N(p, s²) against m, over the rows with a predicted uncertainty s > 0",
      Unit.QUANTITY, "mean |measured|", "crps / mean |measured|"),
  NLL("nll", false, "negative log-likelihood",
      "mean of ln(2π s²) / 2 + (p − m)² / (2 s²) over the rows with s > 0 (in nats; shifts with the quantity's unit)",
      Unit.UNIT_FREE, null, null),
  COVERAGE_95("coverage_95", false, "95 % interval coverage", "share of rows with m inside p ± 1.96 s", Unit.UNIT_FREE, null, null),
  L2("l2", true, "L2 error norm", "mean over (sample, point) of the Euclidean norm of the component errors",
      Unit.QUANTITY, "mean norm of measured tensors", "l2 / mean norm of measured tensors"),
  SUM_L2("sum_l2", true, "summed L2 error norm", "sum over (sample, point) of the Euclidean norm of the component errors",
      Unit.QUANTITY, "mean norm of measured tensors", "l2 / mean norm of measured tensors"),
  POINTS("points", true, "tolerance-band points", "Σ weight · points of the tightest band holding |p − m|",
      Unit.UNIT_FREE, null, "1 − points_fraction"),
  POINTS_FRACTION("points_fraction", false, "share of the points possible", "points / the most points possible",
      Unit.UNIT_FREE, null, null);

  /** What a metric's value is counted in. */
  public enum Unit {
    QUANTITY("quantity"), PERCENT("percent"), UNIT_FREE("unit-free");

    private final String id;

    Unit(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  private final String id;
  private final boolean canBePrimary;
  private final String title;
  private final String definition;
  private final Unit unit;
  private final String normaliser;
  private final String loss;

  Metric(String id, boolean canBePrimary, String title, String definition, Unit unit, String normaliser, String loss) {
    this.id = id;
    this.canBePrimary = canBePrimary;
    this.title = title;
    this.definition = definition;
    this.unit = unit;
    this.normaliser = normaliser;
    this.loss = loss;
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

  /** Which way is better: "lower", "higher", "zero" for the bias, and null for the counts, where neither is. */
  public String better() {
    if (this == BIAS) return "zero";
    if (this == N || this == MAPE_EXCLUDED) return null;
    return higherIsBetter() || this == COVERAGE ? "higher" : "lower";
  }

  /** Its name in words, e.g. "normalised mean absolute error". */
  public String title() {
    return title;
  }

  /** Its formula in words: p predicted, m measured, u the measurement's uncertainty, s the predicted one. */
  public String definition() {
    return definition;
  }

  public Unit unit() {
    return unit;
  }

  /** What a normalised metric is divided by; null where nothing is. */
  public String normaliser() {
    return normaliser;
  }

  /** How a primary metric enters the overall score, made unit-free with lower better (SPEC "Scores"); null for the others. */
  public String loss() {
    return loss;
  }

  public static Optional<Metric> of(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
  }

  public static List<String> primaryNames() {
    return Arrays.stream(values()).filter(Metric::canBePrimary).map(Metric::id).toList();
  }
}
