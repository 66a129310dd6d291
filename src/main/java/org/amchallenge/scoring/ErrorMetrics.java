package org.amchallenge.scoring;

import org.amchallenge.challenge.Metric;

import java.util.LinkedHashMap;
import java.util.Map;
import org.amchallenge.challenge.Quantity.BandUnit;
import org.amchallenge.challenge.Quantity.PointsRule;
import org.apache.commons.numbers.gamma.Erfc;

/**
 * The metrics of SPEC's Scores section over arrays of doubles: no I/O, no state, reused by the server and
 * by the offline scorer. Rows with weight 0, and rows outside the part being scored, are left out.
 */
public final class ErrorMetrics {
  private static final double Z95 = 1.96;
  private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  private ErrorMetrics() {}

  /**
   * The inputs of one quantity, already transformed (e.g. log10). {@code include} selects the part's rows
   * (null: all); {@code groups} numbers each row's (sample, point), for tensor norms (null: not a tensor).
   */
  public record Input(double[] predicted, double[] predictedUncertainty, double[] measured, double[] uncertainty,
                      double[] weight, boolean[] censored, boolean[] include, int[] groups, PointsRule points,
                      double[] numerical, double[] input) {
    /** Without V&V 20's numerical and input uncertainties. */
    public Input(double[] predicted, double[] predictedUncertainty, double[] measured, double[] uncertainty,
                 double[] weight, boolean[] censored, boolean[] include, int[] groups, PointsRule points) {
      this(predicted, predictedUncertainty, measured, uncertainty, weight, censored, include, groups, points, null, null);
    }
  }

  /** Every metric, in display order; null where a metric does not apply. Coverage is left to the caller. */
  public static Map<String, Double> compute(Input in) {
    Sums s = accumulate(in);
    Map<String, Double> metrics = new LinkedHashMap<>();
    int n = s.n;
    metrics.put(Metric.N.id(), (double) n);
    metrics.put(Metric.COVERAGE.id(), null);
    metrics.put(Metric.MAE.id(), n == 0 ? null : s.sumAbs / n);
    metrics.put(Metric.RMSE.id(), n == 0 ? null : Math.sqrt(s.sumSq / n));
    metrics.put(Metric.BIAS.id(), n == 0 ? null : s.sum / n);
    metrics.put(Metric.MAX_ABS_ERROR.id(), n == 0 ? null : s.maxAbs);
    metrics.put(Metric.MAPE.id(), s.nApe == 0 ? null : 100 * s.sumApe / s.nApe);
    metrics.put(Metric.MAPE_EXCLUDED.id(), (double) s.apeExcluded);
    metrics.put(Metric.R2.id(), rSquared(in, s));
    metrics.put(Metric.NMAE.id(), n == 0 || s.sumAbsMeasured == 0 ? null : (s.sumAbs / n) / (s.sumAbsMeasured / n));
    metrics.put(Metric.NRMSE.id(), n == 0 || s.maxMeasured == s.minMeasured ? null : Math.sqrt(s.sumSq / n) / (s.maxMeasured - s.minMeasured));
    metrics.put(Metric.WITHIN_UNCERTAINTY.id(), s.nKnownU == 0 ? null : (double) s.nWithin / s.nKnownU);
    metrics.put(Metric.CHI_RMS.id(), s.nChi == 0 ? null : Math.sqrt(s.sumChiSq / s.nChi));
    metrics.put(Metric.SAE.id(), n == 0 ? null : s.sumAbs);
    metrics.put(Metric.CRPS.id(), s.nProb == 0 ? null : s.sumCrps / s.nProb);
    metrics.put(Metric.NLL.id(), s.nProb == 0 ? null : s.sumNll / s.nProb);
    metrics.put(Metric.COVERAGE_95.id(), s.nProb == 0 ? null : (double) s.nCovered / s.nProb);
    putTensorNorms(in, metrics);
    metrics.put(Metric.POINTS.id(), in.points() == null ? null : s.points);
    metrics.put(Metric.POINTS_FRACTION.id(), in.points() == null || s.maxPoints == 0 ? null : s.points / s.maxPoints);
    putValidation(in, s, metrics);
    return metrics;
  }

  /**
   * V&V 20's figures where the file gives u_num or u_input, and u-pooling where it gives predicted uncertainties: both
   * need each row's error again, so they are worked out in a pass of their own, only where they apply.
   */
  private static void putValidation(Input in, Sums s, Map<String, Double> metrics) {
    Double within = null;
    Double ratio = null;
    if (in.numerical() != null && s.n > 0) {
      int rows = in.measured().length;
      double[] errors = new double[rows];
      for (int i = 0; i < rows; i++) {
        errors[i] = scored(in, i) && !Double.isNaN(in.predicted()[i]) ? error(in.predicted()[i], in.measured()[i], in.censored()[i]) : Double.NaN;
      }
      double[] vv20 = ValidationMetrics.vv20(errors, in.numerical(), in.input(), in.uncertainty());
      within = vv20[2] == 0 ? null : vv20[0];
      ratio = vv20[2] == 0 ? null : vv20[1];
    }
    metrics.put(Metric.VV20_WITHIN.id(), within);
    metrics.put(Metric.VV20_RATIO.id(), ratio);
    Double pooling = null;
    if (s.nProb > 0) {
      double[] u = new double[s.nProb];
      int k = 0;
      for (int i = 0; i < in.measured().length && k < u.length; i++) {
        double sigma = in.predictedUncertainty()[i];
        if (scored(in, i) && !Double.isNaN(in.predicted()[i]) && sigma > 0) {
          u[k++] = ValidationMetrics.pit(error(in.predicted()[i], in.measured()[i], in.censored()[i]), sigma);
        }
      }
      pooling = ValidationMetrics.uPooling(u);
    }
    metrics.put(Metric.U_POOLING.id(), pooling);
  }

  /** The error of a row: p - m, or 0 where m is a lower bound (a run-out) that p reaches. */
  public static double error(double predicted, double measured, boolean censored) {
    return censored && predicted >= measured ? 0 : predicted - measured;
  }

  /** Mean absolute measured value over the rows scored, the scale that makes crps unit-free. */
  public static double meanAbsMeasured(Input in) {
    Sums s = accumulate(in);
    return s.n == 0 ? Double.NaN : s.sumAbsMeasured / s.n;
  }

  private static final class Sums {
    int n, nApe, apeExcluded, nKnownU, nWithin, nChi, nProb, nCovered;
    double sum, sumAbs, sumSq, maxAbs, sumApe, sumChiSq, sumCrps, sumNll, points, maxPoints, sumMeasured, sumAbsMeasured;
    double minMeasured = Double.POSITIVE_INFINITY;
    double maxMeasured = Double.NEGATIVE_INFINITY;
  }

  private static boolean scored(Input in, int i) {
    return (in.include() == null || in.include()[i]) && in.weight()[i] > 0;
  }

  private static Sums accumulate(Input in) {
    Sums s = new Sums();
    double[] p = in.predicted();
    double[] m = in.measured();
    double[] u = in.uncertainty();
    for (int i = 0; i < m.length; i++) {
      if (scored(in, i)) add(s, in, i, p, m, u);
    }
    return s;
  }

  /**
   * A row's share of the sums. A method of its own, not the loop's body, so that the JIT compiles it early (a
   * method after a few thousand calls, a loop's body only after far more turns) and a cold offline scorer does
   * not run its loop in the interpreter; each part stays under C2's 325-byte limit for inlining into the loop.
   */
  private static void add(Sums s, Input in, int i, double[] p, double[] m, double[] u) {
    if (in.points() != null) s.maxPoints += in.points().maxPoints() * in.weight()[i];
    if (Double.isNaN(p[i])) return;
    double e = error(p[i], m[i], in.censored()[i]);
    double abs = Math.abs(e);
    addError(s, e, abs, m[i]);
    if (!Double.isNaN(u[i])) addAgainstUncertainty(s, e, abs, u[i]);
    addProbabilistic(s, e, in.predictedUncertainty()[i]);
    if (in.points() != null) s.points += bandPoints(in.points(), abs, u[i]) * in.weight()[i];
  }

  private static void addError(Sums s, double e, double abs, double measured) {
    s.n++;
    s.sum += e;
    s.sumAbs += abs;
    s.sumSq += e * e;
    s.maxAbs = Math.max(s.maxAbs, abs);
    s.sumMeasured += measured;
    s.sumAbsMeasured += Math.abs(measured);
    s.minMeasured = Math.min(s.minMeasured, measured);
    s.maxMeasured = Math.max(s.maxMeasured, measured);
    if (measured != 0) {
      s.nApe++;
      s.sumApe += abs / Math.abs(measured);
    } else {
      s.apeExcluded++;
    }
  }

  private static void addAgainstUncertainty(Sums s, double e, double abs, double u) {
    s.nKnownU++;
    if (abs <= 2 * u) s.nWithin++;
    if (u > 0) {
      s.nChi++;
      s.sumChiSq += (e / u) * (e / u);
    }
  }

  private static void addProbabilistic(Sums s, double e, double sigma) {
    if (!(sigma > 0)) return;
    double z = -e / sigma;
    double pdf = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    // Commons Numbers' erfc (Boost's rational approximations): Commons Math's erf goes through the regularized gamma
    // function's continued fraction, most of the time of scoring a file whose rows give uncertainties
    double cdf = 0.5 * Erfc.value(-z / Math.sqrt(2));
    s.nProb++;
    s.sumCrps += sigma * (z * (2 * cdf - 1) + 2 * pdf - INV_SQRT_PI);
    s.sumNll += 0.5 * Math.log(2 * Math.PI * sigma * sigma) + (e * e) / (2 * sigma * sigma);
    if (Math.abs(e) <= Z95 * sigma) s.nCovered++;
  }

  /**
   * Writes each row's share of the primary metric's unit-free value into {@code shares} from {@code offset},
   * times {@code scale}: exact where the metric is a mean of row terms (nmae, mape, crps, points, 1 - r2),
   * the first-order share where it is a root of one (nrmse, chi_rms), a point's norm for l2.
   */
  static void rowShares(Input in, Metric primary, double[] shares, int offset, double scale, boolean pointsAsLoss) {
    Map<String, Double> metrics = compute(in);
    Sums s = accumulate(in);
    if (s.n == 0) return;
    double meanAbs = s.sumAbsMeasured / s.n;
    double range = s.maxMeasured - s.minMeasured;
    double rmse = Math.sqrt(s.sumSq / s.n);
    Double r2 = metrics.get(Metric.R2.id());
    double total = r2 == null ? Double.NaN : s.sumSq / (1 - r2);
    double[] norms = primary.needsComponents() ? groupNorms(in, true) : null;
    double meanNorm = primary.needsComponents() ? meanMeasuredNorm(in) : Double.NaN;
    int groups = norms == null ? 0 : (int) java.util.Arrays.stream(norms).filter(v -> !Double.isNaN(v)).count();
    boolean[] counted = norms == null ? null : new boolean[norms.length];
    int validated = primary == Metric.VV20_RATIO && in.numerical() != null ? countWithValidationUncertainty(in) : 0;
    for (int i = 0; i < in.measured().length; i++) {
      if (!scored(in, i) || (Double.isNaN(in.predicted()[i]) && primary != Metric.POINTS)) continue;
      double e = Double.isNaN(in.predicted()[i]) ? Double.NaN : error(in.predicted()[i], in.measured()[i], in.censored()[i]);
      double share = switch (primary) {
        case NMAE -> Math.abs(e) / (s.n * meanAbs);
        case MAPE -> in.measured()[i] == 0 ? 0 : Math.abs(e / in.measured()[i]) / s.nApe;
        case NRMSE -> rmse == 0 || range == 0 ? 0 : e * e / (s.n * rmse * range);
        case CHI_RMS -> chiShare(in.uncertainty()[i], e, metrics.get(Metric.CHI_RMS.id()), s.nChi);
        case R2 -> Double.isFinite(total) && total > 0 ? e * e / total : 0;
        case CRPS -> crpsShare(e, in.predictedUncertainty()[i], s.nProb, meanAbs);
        case L2, SUM_L2 -> groupShare(norms, counted, in.groups()[i], groups, meanNorm);
        case POINTS -> pointsShare(in, i, e, s.maxPoints, pointsAsLoss);
        case VV20_RATIO -> vv20Share(in, i, e, metrics.get(Metric.VV20_RATIO.id()), validated);
        case U_POOLING -> metrics.get(Metric.U_POOLING.id()) == null || !(in.predictedUncertainty()[i] > 0) ? 0
            : metrics.get(Metric.U_POOLING.id()) / s.nProb;
        default -> 0;
      };
      shares[offset + i] = scale * share;
    }
  }

  /** A row's first-order share of vv20_ratio, as for chi_rms, over the rows with a validation uncertainty. */
  private static double vv20Share(Input in, int i, double e, Double ratio, int validated) {
    if (ratio == null || ratio == 0 || in.numerical() == null) return 0;
    double uVal = Math.sqrt(squareOrZero(in.numerical()[i]) + squareOrZero(in.input()[i]) + squareOrZero(in.uncertainty()[i]));
    if (!(uVal > 0)) return 0;
    double n = (e * e) / (uVal * uVal);
    return n / (validated * ratio);
  }

  private static double squareOrZero(double u) {
    return Double.isNaN(u) ? 0 : u * u;
  }

  private static int countWithValidationUncertainty(Input in) {
    int n = 0;
    for (int i = 0; i < in.measured().length; i++) {
      if (!scored(in, i) || Double.isNaN(in.predicted()[i])) continue;
      double uVal = squareOrZero(in.numerical()[i]) + squareOrZero(in.input()[i]) + squareOrZero(in.uncertainty()[i]);
      if (uVal > 0) n++;
    }
    return n;
  }

  private static double chiShare(double u, double e, Double chiRms, int n) {
    return u > 0 && chiRms != null && chiRms > 0 ? (e / u) * (e / u) / (n * chiRms) : 0;
  }

  private static double crpsShare(double e, double sigma, int n, double meanAbs) {
    if (!(sigma > 0) || n == 0) return 0;
    Sums one = new Sums();
    addProbabilistic(one, e, sigma);
    return one.sumCrps / (n * meanAbs);
  }

  /** A tensor point's norm counts once, on its first row. */
  private static double groupShare(double[] norms, boolean[] counted, int group, int groups, double meanNorm) {
    if (counted[group] || Double.isNaN(norms[group])) return 0;
    counted[group] = true;
    return norms[group] / (groups * meanNorm);
  }

  /**
   * For bands: the points a row earned (a missing prediction earns 0), as total_points counts them; or, where
   * points enter a weighted mean of losses, the row's share of 1 - points_fraction.
   */
  private static double pointsShare(Input in, int i, double e, double maxPoints, boolean asLoss) {
    double earned = Double.isNaN(e) ? 0 : bandPoints(in.points(), Math.abs(e), in.uncertainty()[i]) * in.weight()[i];
    if (!asLoss) return earned;
    return maxPoints > 0 ? (in.points().maxPoints() * in.weight()[i] - earned) / maxPoints : 0;
  }

  /** Points of the tightest band that holds the error; bands are sorted from the tightest. */
  static double bandPoints(PointsRule rule, double absError, double uncertainty) {
    double scale = rule.bandUnit() == BandUnit.SIGMA ? uncertainty : 1;
    if (!(scale > 0)) return 0;
    for (var band : rule.bands()) {
      if (absError <= band.within() * scale) return band.points();
    }
    return 0;
  }

  private static Double rSquared(Input in, Sums s) {
    if (s.n < 2) return null;
    double mean = s.sumMeasured / s.n;
    double total = 0;
    for (int i = 0; i < in.measured().length; i++) {
      if (scored(in, i) && !Double.isNaN(in.predicted()[i])) {
        double d = in.measured()[i] - mean;
        total += d * d;
      }
    }
    return total == 0 ? null : 1 - s.sumSq / total;
  }

  private static void putTensorNorms(Input in, Map<String, Double> metrics) {
    if (in.groups() == null) {
      metrics.put(Metric.L2.id(), null);
      metrics.put(Metric.SUM_L2.id(), null);
      return;
    }
    double[] norms = groupNorms(in, true);
    double sum = sumOfDefined(norms);
    double mean = meanOfDefined(norms);
    metrics.put(Metric.L2.id(), Double.isNaN(mean) ? null : mean);
    metrics.put(Metric.SUM_L2.id(), Double.isNaN(mean) ? null : sum);
  }

  /** Mean Euclidean norm of the measured tensors over the points scored, the scale that makes l2 unit-free. */
  public static double meanMeasuredNorm(Input in) {
    return meanOfDefined(groupNorms(in, false));
  }

  private static double sumOfDefined(double[] values) {
    double sum = 0;
    for (double v : values) if (!Double.isNaN(v)) sum += v;
    return sum;
  }

  /** The mean of the values that are not NaN; NaN where there is none. */
  private static double meanOfDefined(double[] values) {
    int defined = 0;
    for (double v : values) if (!Double.isNaN(v)) defined++;
    return defined == 0 ? Double.NaN : sumOfDefined(values) / defined;
  }

  /** Per (sample, point): the norm of the errors (or of the measured values); NaN where nothing was predicted. */
  private static double[] groupNorms(Input in, boolean errors) {
    int count = 0;
    for (int g : in.groups()) count = Math.max(count, g + 1);
    double[] squares = new double[count];
    java.util.Arrays.fill(squares, Double.NaN);
    for (int i = 0; i < in.measured().length; i++) {
      if (!scored(in, i) || Double.isNaN(in.predicted()[i])) continue;
      double x = errors ? error(in.predicted()[i], in.measured()[i], in.censored()[i]) : in.measured()[i];
      int g = in.groups()[i];
      squares[g] = (Double.isNaN(squares[g]) ? 0 : squares[g]) + x * x;
    }
    for (int g = 0; g < count; g++) squares[g] = Math.sqrt(squares[g]);
    return squares;
  }
}
