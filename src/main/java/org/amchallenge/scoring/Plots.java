package org.amchallenge.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;

/**
 * What a submission's plots draw, per quantity: each sample's predicted curve or draws, with the measured curve or
 * observations beside them, and the PIT values of u-pooling. The measured side and the PIT values come from the
 * measurements, so they are made only when asked for (the organizers', and everyone's after the reveal).
 */
public final class Plots {
  /** A sample's points sent at most: a curve of 10,000 points or 100,000 draws reads the same on a page at this many. */
  public static final int MOST_POINTS = 1000;

  private Plots() {}

  /**
   * A sample's points, sorted: a curve's (x, y) by x, or a distribution's values ({@code x} null) ascending, evenly
   * thinned to at most {@link #MOST_POINTS}; {@code n} is how many there were before thinning.
   */
  public record Points(double[] x, double[] y, int n) {}

  /** One sample's plot: its predicted points, and its measured points (null where they are not shown). */
  public record Sample(String sample, Points predicted, Points measured) {}

  /**
   * A quantity's plots: one per sample given (curves and distributions of observations), and the PIT values sorted and
   * thinned as draws are, so that no row can be told from its place (null where none).
   */
  public record QuantityPlots(Quantity quantity, List<Sample> samples, Points pit) {}

  /**
   * The plots of each quantity the predictions give, in the reference's order; with {@code measured} false, nothing
   * from the reference but its sample names and order (public: the template's), so the predicted side only.
   */
  public static Map<String, QuantityPlots> of(ReferenceData reference, Predictions predictions, boolean measured) {
    Map<String, QuantityPlots> plots = new LinkedHashMap<>();
    for (ReferenceTable table : reference.tables().values()) {
      Quantity quantity = table.quantity();
      List<Sample> samples = quantity.bySample() ? samples(table, predictions.sampled(quantity.id()), measured) : List.of();
      double[] pit = measured ? pit(table, predictions) : null;
      if (!samples.isEmpty() || pit != null) {
        plots.put(quantity.id(), new QuantityPlots(quantity, samples, pit == null ? null : values(pit)));
      }
    }
    return plots;
  }

  private static List<Sample> samples(ReferenceTable table, Predictions.Sampled rows, boolean measured) {
    List<Sample> samples = new ArrayList<>();
    if (rows == null) return samples;
    boolean curve = table.quantity().isCurve();
    table.rowsBySample().forEach((sample, sampleRows) -> {
      double[] y = rows.y().get(sample);
      if (y == null) return;
      Points predicted = curve ? curve(rows.x().get(sample), y) : values(y);
      Points observed = null;
      if (measured) {
        double[] my = new double[sampleRows.length];
        double[] mx = new double[sampleRows.length];
        for (int k = 0; k < sampleRows.length; k++) {
          my[k] = table.values()[sampleRows[k]];
          mx[k] = table.abscissae()[sampleRows[k]];
        }
        observed = curve ? curve(mx, my) : values(my);
      }
      samples.add(new Sample(sample, predicted, observed));
    });
    return samples;
  }

  /** A polyline's points sorted by x (ties in their given order), thinned keeping the first and the last. */
  static Points curve(double[] x, double[] y) {
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
    int[] kept = thinned(order.length);
    double[] sx = new double[kept.length];
    double[] sy = new double[kept.length];
    for (int k = 0; k < kept.length; k++) {
      sx[k] = x[order[kept[k]]];
      sy[k] = y[order[kept[k]]];
    }
    return new Points(sx, sy, x.length);
  }

  /** Values sorted ascending, thinned to evenly spaced order statistics, so that their empirical CDF keeps its shape. */
  static Points values(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int[] kept = thinned(sorted.length);
    double[] shown = new double[kept.length];
    for (int k = 0; k < kept.length; k++) shown[k] = sorted[kept[k]];
    return new Points(null, shown, values.length);
  }

  /** Indices 0 .. n - 1, or {@link #MOST_POINTS} of them evenly spread from the first to the last. */
  static int[] thinned(int n) {
    int count = Math.min(n, MOST_POINTS);
    int[] kept = new int[count];
    for (int k = 0; k < count; k++) kept[k] = count == n ? k : (int) Math.round((double) k * (n - 1) / (count - 1));
    return kept;
  }

  /**
   * u = Φ((m − p) / s) of each row u-pooling scores (weight above 0, predicted, s > 0), over every part, in the rows'
   * order; null where the predictions give no such row.
   */
  static double[] pit(ReferenceTable table, Predictions predictions) {
    if (table.quantity().bySample()) return null;
    ErrorMetrics.Input in = Scorer.transformed(table, Scorer.column(predictions, table), null);
    double[] u = new double[in.measured().length];
    int n = 0;
    for (int i = 0; i < u.length; i++) {
      double sigma = in.predictedUncertainty()[i];
      if (in.weight()[i] > 0 && !Double.isNaN(in.predicted()[i]) && sigma > 0) {
        u[n++] = ValidationMetrics.pit(ErrorMetrics.error(in.predicted()[i], in.measured()[i], in.censored()[i]), sigma);
      }
    }
    return n == 0 ? null : Arrays.copyOf(u, n);
  }
}
