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
      Unit.UNIT_FREE, null, null),
  VV20_WITHIN("vv20_within", false, "share within the V&V 20 validation uncertainty",
      "share of rows with |p − m| ≤ 2 u_val, u_val = sqrt(u_num² + u_input² + u²), over rows with u_val > 0 (ASME V&V 20)",
      Unit.UNIT_FREE, null, null),
  VV20_RATIO("vv20_ratio", true, "error in V&V 20 validation uncertainties",
      "sqrt(mean ((p − m) / u_val)²) over rows with u_val > 0; 1 is as close as the uncertainties allow",
      Unit.UNIT_FREE, "validation uncertainty u_val", "vv20_ratio"),
  U_POOLING("u_pooling", true, "u-pooling area",
      "∫₀¹ |F_u(t) − t| dt, F_u the empirical CDF of u = Φ((m − p) / s) over rows with s > 0; 0 is perfectly calibrated, 0.5 the worst",
      Unit.UNIT_FREE, null, "u_pooling"),
  CURVE_AREA("curve_area", true, "area between the curves",
      "per sample, ∫ |p(x) − m(x)| dx over the curves' overlap / (its length × mean |m| of the measured points in it); mean over samples",
      Unit.UNIT_FREE, "overlap length × mean |measured| in it", "curve_area"),
  CURVE_OVERLAP("curve_overlap", false, "overlap of the curves",
      "per sample, the length of the abscissae both curves cover / the measured curve's abscissa range; mean over samples",
      Unit.UNIT_FREE, null, null),
  FRECHET("frechet", true, "discrete Fréchet distance",
      "per sample, the discrete Fréchet distance between the curves' points, x over the measured x range and y over the measured y range; mean over samples",
      Unit.UNIT_FREE, "measured x and y ranges", "frechet"),
  WASSERSTEIN("wasserstein", false, "1-Wasserstein distance",
      "per sample, the area between the empirical CDFs of the predicted draws and the observations (Ferson's area metric); mean over samples",
      Unit.QUANTITY, null, null),
  NWASSERSTEIN("nwasserstein", true, "normalised 1-Wasserstein distance",
      "per sample, wasserstein / mean |observation|; mean over samples", Unit.UNIT_FREE, "mean |observation| of the sample", "nwasserstein"),
  KS("ks", true, "Kolmogorov–Smirnov statistic",
      "per sample, sup |F_p − F_m| of the draws' and the observations' empirical CDFs; mean over samples", Unit.UNIT_FREE, null, "ks");

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

  /** Metrics of whole curves: a primary only for a quantity of kind curve. */
  public boolean forCurves() {
    return this == CURVE_AREA || this == CURVE_OVERLAP || this == FRECHET;
  }

  /** Metrics of distributions of observations: a primary only for {@code distribution: samples}. */
  public boolean forDistributions() {
    return this == WASSERSTEIN || this == NWASSERSTEIN || this == KS;
  }

  public boolean needsComponents() {
    return this == L2 || this == SUM_L2;
  }

  /** Higher is better only for points and r2; every other metric is an error. */
  public boolean higherIsBetter() {
    return this == POINTS || this == POINTS_FRACTION || this == R2 || this == WITHIN_UNCERTAINTY || this == COVERAGE_95
        || this == VV20_WITHIN || this == CURVE_OVERLAP;
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
