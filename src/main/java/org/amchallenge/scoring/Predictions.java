package org.amchallenge.scoring;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A submission's predicted values, one column per quantity, aligned row by row with the quantity's
 * reference rows. NaN marks a row the submission did not predict, or an uncertainty it did not give.
 */
public final class Predictions {
  private final Map<String, Column> columns = new LinkedHashMap<>();
  private final Map<String, Sampled> sampled = new LinkedHashMap<>();
  /** Figures worked out once per submission and reused by every resample of a bootstrap; see {@link #remember}. */
  private final Map<Object, Object> remembered = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * One quantity's predicted values and predicted standard uncertainties, and V&V 20's numerical and input
   * uncertainties ({@code numerical} and {@code input} null where the file gives neither).
   */
  public record Column(double[] values, double[] uncertainties, double[] numerical, double[] input) {
    public Column(double[] values, double[] uncertainties) {
      this(values, uncertainties, null, null);
    }

    public static Column empty(int rows) {
      return new Column(nans(rows), nans(rows));
    }

    /** A column of NaN: no row predicted. */
    public static double[] nans(int rows) {
      double[] column = new double[rows];
      Arrays.fill(column, Double.NaN);
      return column;
    }

    public int given() {
      int given = 0;
      for (double v : values) if (!Double.isNaN(v)) given++;
      return given;
    }
  }

  /**
   * A curve's or a distribution's predicted rows, per sample in the order given: the abscissae (null for a
   * distribution's draws) and the values, each array as long as the sample's rows.
   */
  public record Sampled(Map<String, double[]> x, Map<String, double[]> y) {
    public int samples() {
      return y.size();
    }
  }

  public void put(String quantity, Sampled rows) {
    sampled.put(quantity, rows);
  }

  /** The per-sample rows of a curve or a distribution; null where the file gave none. */
  public Sampled sampled(String quantity) {
    return sampled.get(quantity);
  }

  /**
   * A figure of these predictions worked out once under {@code key}, which names everything else it depends on (the
   * reference table, the rows): a bootstrap asks each sample's curve figures a thousand times.
   */
  @SuppressWarnings("unchecked")
  public <T> T remember(Object key, java.util.function.Supplier<T> figure) {
    return (T) remembered.computeIfAbsent(key, k -> figure.get());
  }

  public void put(String quantity, Column column) {
    columns.put(quantity, column);
  }

  public Column column(String quantity) {
    return columns.get(quantity);
  }

  public int given() {
    return columns.values().stream().mapToInt(Column::given).sum()
        + sampled.values().stream().mapToInt(rows -> rows.y().values().stream().mapToInt(v -> v.length).sum()).sum();
  }
}
