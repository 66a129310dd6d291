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

  /** One quantity's predicted values and predicted standard uncertainties. */
  public record Column(double[] values, double[] uncertainties) {
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

  public void put(String quantity, Column column) {
    columns.put(quantity, column);
  }

  public Column column(String quantity) {
    return columns.get(quantity);
  }

  public int given() {
    return columns.values().stream().mapToInt(Column::given).sum();
  }
}
