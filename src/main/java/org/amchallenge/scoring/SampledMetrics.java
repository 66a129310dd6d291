package org.amchallenge.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Metric;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;

/**
 * The figures of quantities compared per sample, curves and distributions of observations: each sample's predicted
 * rows against its measured rows in the part being scored (weight 0 left out), then the mean over the samples.
 */
final class SampledMetrics {
  private SampledMetrics() {}

  /** The three figures of a sample: curve_area, curve_overlap, frechet for a curve; wasserstein, nwasserstein, ks for a distribution. */
  static final int FIGURES = 3;

  /** Each sample's figures (NaN where undefined), for the samples both measured in the part and predicted. */
  static Map<String, double[]> perSample(ReferenceTable table, Predictions.Sampled rows, boolean[] include) {
    Map<String, double[]> figures = new LinkedHashMap<>();
    if (rows == null) return figures;
    table.rowsBySample().forEach((sample, sampleRows) -> {
      if (!rows.y().containsKey(sample)) return;
      int[] scored = scoredRows(table, sampleRows, include);
      if (scored.length > 0) figures.put(sample, one(table, rows, sample, scored));
    });
    return figures;
  }

  /** The rows of a sample that count: in the part, of weight above 0. */
  static int[] scoredRows(ReferenceTable table, int[] sampleRows, boolean[] include) {
    int n = 0;
    int[] scored = new int[sampleRows.length];
    for (int row : sampleRows) {
      if ((include == null || include[row]) && table.weights()[row] > 0) scored[n++] = row;
    }
    return java.util.Arrays.copyOf(scored, n);
  }

  /** One sample's figures on the measured rows {@code scored}. */
  static double[] one(ReferenceTable table, Predictions.Sampled rows, String sample, int[] scored) {
    Quantity quantity = table.quantity();
    boolean log = quantity.transform() == Quantity.Transform.LOG10;
    double[] measured = new double[scored.length];
    for (int k = 0; k < scored.length; k++) measured[k] = transformed(table.values()[scored[k]], log);
    double[] predicted = rows.y().get(sample).clone();
    for (int k = 0; k < predicted.length; k++) predicted[k] = transformed(predicted[k], log);
    if (quantity.isCurve()) {
      double[] at = new double[scored.length];
      for (int k = 0; k < scored.length; k++) at[k] = table.abscissae()[scored[k]];
      CurveMetrics.Comparison c = CurveMetrics.compare(CurveMetrics.Curve.sorted(at, measured),
          CurveMetrics.Curve.sorted(rows.x().get(sample), predicted));
      return new double[] {orNaN(c.area()), orNaN(c.overlap()), orNaN(c.frechet())};
    }
    double distance = ValidationMetrics.wasserstein(predicted, measured);
    double meanAbs = 0;
    for (double m : measured) meanAbs += Math.abs(m) / measured.length;
    return new double[] {distance, meanAbs > 0 ? distance / meanAbs : Double.NaN, ValidationMetrics.ks(predicted, measured)};
  }

  private static double transformed(double value, boolean log) {
    return !log ? value : value > 0 ? Math.log10(value) : Double.NaN;
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }

  /** The keys of a quantity's sampled figures, in {@link #one}'s order. */
  static List<Metric> keys(Quantity quantity) {
    return quantity.isCurve() ? List.of(Metric.CURVE_AREA, Metric.CURVE_OVERLAP, Metric.FRECHET)
        : List.of(Metric.WASSERSTEIN, Metric.NWASSERSTEIN, Metric.KS);
  }

  /** Puts each figure's mean over the samples where it is defined, weighted by {@code draws} (null: once each). */
  static void put(Map<String, Double> metrics, Quantity quantity, Map<String, double[]> perSample, Map<String, Integer> draws) {
    List<Metric> keys = keys(quantity);
    for (int f = 0; f < FIGURES; f++) {
      double sum = 0;
      double count = 0;
      for (Map.Entry<String, double[]> sample : perSample.entrySet()) {
        double value = sample.getValue()[f];
        if (Double.isNaN(value)) continue;
        int times = draws == null ? 1 : draws.getOrDefault(sample.getKey(), 0);
        sum += times * value;
        count += times;
      }
      metrics.put(keys.get(f).id(), count == 0 ? null : sum / count);
    }
  }

  /**
   * Samples given over samples expected. A curve counts where its abscissae overlap the measured ones over a positive
   * length: the measured abscissae are the template's point labels, public, so this tells nothing held out.
   */
  static Double coverage(ReferenceTable table, Predictions.Sampled rows) {
    Map<String, int[]> samples = table.rowsBySample();
    if (samples.isEmpty()) return null;
    int given = 0;
    for (Map.Entry<String, int[]> sample : samples.entrySet()) {
      if (rows != null && rows.y().containsKey(sample.getKey()) && (!table.quantity().isCurve() || overlaps(table, rows, sample.getKey(), sample.getValue()))) {
        given++;
      }
    }
    return (double) given / samples.size();
  }

  /**
   * curve_overlap as every part shows it: each given sample's predicted range against all its measured abscissae (the
   * template's), averaged over the samples given. Worked out on a part's points and samples, it would tell which
   * points and samples are in the public part.
   */
  static Double overlap(ReferenceTable table, Predictions.Sampled rows) {
    if (rows == null) return null;
    double sum = 0;
    int n = 0;
    for (Map.Entry<String, int[]> sample : table.rowsBySample().entrySet()) {
      double[] given = rows.x() == null ? null : rows.x().get(sample.getKey());
      if (given == null || given.length == 0) continue;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int row : sample.getValue()) {
        lo = Math.min(lo, table.abscissae()[row]);
        hi = Math.max(hi, table.abscissae()[row]);
      }
      if (!(hi > lo)) continue;
      double pLo = Double.POSITIVE_INFINITY;
      double pHi = Double.NEGATIVE_INFINITY;
      for (double x : given) {
        pLo = Math.min(pLo, x);
        pHi = Math.max(pHi, x);
      }
      sum += Math.max(0, Math.min(hi, pHi) - Math.max(lo, pLo)) / (hi - lo);
      n++;
    }
    return n == 0 ? null : sum / n;
  }

  private static boolean overlaps(ReferenceTable table, Predictions.Sampled rows, String sample, int[] sampleRows) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int row : sampleRows) {
      lo = Math.min(lo, table.abscissae()[row]);
      hi = Math.max(hi, table.abscissae()[row]);
    }
    double pLo = Double.POSITIVE_INFINITY;
    double pHi = Double.NEGATIVE_INFINITY;
    for (double x : rows.x().get(sample)) {
      pLo = Math.min(pLo, x);
      pHi = Math.max(pHi, x);
    }
    return Math.min(hi, pHi) - Math.max(lo, pLo) > 0 || (lo == hi && pLo <= lo && lo <= pHi);
  }

  /**
   * A curve's predicted values at the measured abscissae, by linear interpolation along each sample's predicted curve
   * (NaN outside its range; in log10 where the quantity is scored so), so that every point-wise metric applies to curves too.
   */
  static Predictions.Column interpolated(ReferenceTable table, Predictions.Sampled rows) {
    double[] values = Predictions.Column.nans(table.size());
    // a curve scored on log10 is one polyline in log10, for the point-wise figures as for curve_area
    boolean log = table.quantity().transform() == Quantity.Transform.LOG10;
    if (rows != null) {
      table.rowsBySample().forEach((sample, sampleRows) -> {
        if (!rows.y().containsKey(sample)) return;
        double[] y = rows.y().get(sample);
        if (log) {
          y = y.clone();
          for (int k = 0; k < y.length; k++) y[k] = transformed(y[k], true);
        }
        CurveMetrics.Curve curve = CurveMetrics.Curve.sorted(rows.x().get(sample), y);
        for (int row : sampleRows) {
          double value = curve.valueAt(table.abscissae()[row]);
          values[row] = log ? Math.pow(10, value) : value;
        }
      });
    }
    return new Predictions.Column(values, table.unknownColumn());
  }

  /** Why a sample's curve figures are null, for the team: a curve that misses the measured abscissae. Public facts only. */
  static List<String> notes(Challenge challenge, ReferenceData reference, Predictions predictions) {
    List<String> notes = new ArrayList<>();
    for (Quantity quantity : challenge.quantities()) {
      if (!quantity.isCurve()) continue;
      ReferenceTable table = reference.table(quantity.id());
      Predictions.Sampled rows = predictions.sampled(quantity.id());
      if (rows == null) continue;
      table.rowsBySample().forEach((sample, sampleRows) -> {
        if (rows.y().containsKey(sample) && !overlaps(table, rows, sample, sampleRows)) {
          notes.add(quantity.id() + ", sample '" + sample + "': the predicted curve does not overlap the measured "
              + quantity.curveAxis() + " range, so its curve_area and frechet are null and it does not count in coverage");
        }
      });
    }
    return notes;
  }
}
