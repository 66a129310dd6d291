package org.amchallenge.challenge;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The measured rows of one quantity, as columns: held out, never served before the reveal. */
public final class ReferenceTable {
  private final Quantity quantity;
  private final String[] samples;
  private final String[] points;
  private final String[] components;
  private final double[] values;
  private final double[] uncertainties;
  private final double[] weights;
  private final boolean[] censored;
  private final Map<String, Integer> index = new HashMap<>();
  private final Set<String> sampleIds = new HashSet<>();
  private final Set<String> samplePoints = new HashSet<>();
  private final int[] groups;
  private volatile RowIndex rowIndex;

  ReferenceTable(Quantity quantity, List<ReferenceRow> rows) {
    this.quantity = quantity;
    int n = rows.size();
    samples = new String[n];
    points = new String[n];
    components = new String[n];
    values = new double[n];
    uncertainties = new double[n];
    weights = new double[n];
    censored = new boolean[n];
    groups = new int[n];
    Map<String, Integer> groupOfPoint = new HashMap<>();
    for (int i = 0; i < n; i++) {
      ReferenceRow row = rows.get(i);
      samples[i] = row.sample();
      points[i] = row.point();
      components[i] = row.component();
      values[i] = row.value();
      uncertainties[i] = row.uncertainty();
      weights[i] = row.weight();
      censored[i] = row.censored();
      index.put(key(row.sample(), row.point(), row.component()), i);
      sampleIds.add(row.sample());
      samplePoints.add(key(row.sample(), row.point(), ""));
      groups[i] = groupOfPoint.computeIfAbsent(key(row.sample(), row.point(), ""), k -> groupOfPoint.size());
    }
  }

  /** One measured row. Uncertainty is NaN where unknown. */
  public record ReferenceRow(String sample, String point, String component, double value, double uncertainty,
                             double weight, boolean censored) {}

  public static String key(String sample, String point, String component) {
    return sample + '\u0000' + point + '\u0000' + component;
  }

  /** The row of a (sample, point, component), or -1 where the challenge has none. */
  public int indexOf(String sample, String point, String component) {
    Integer row = index.get(key(sample, point, component));
    return row == null ? -1 : row;
  }

  /** The index from a file's key bytes to rows, made at its first use. */
  public RowIndex rowIndex() {
    RowIndex index = rowIndex;
    if (index == null) {
      synchronized (this) {
        if (rowIndex == null) rowIndex = new RowIndex(this);
        index = rowIndex;
      }
    }
    return index;
  }

  public boolean hasSample(String sample) {
    return sampleIds.contains(sample);
  }

  public boolean hasPoint(String sample, String point) {
    return samplePoints.contains(key(sample, point, ""));
  }

  public Quantity quantity() {
    return quantity;
  }

  public int size() {
    return values.length;
  }

  public String sample(int row) {
    return samples[row];
  }

  public String point(int row) {
    return points[row];
  }

  public String component(int row) {
    return components[row];
  }

  public double[] values() {
    return values;
  }

  public double[] uncertainties() {
    return uncertainties;
  }

  public double[] weights() {
    return weights;
  }

  /** For each row, the number of its (sample, point): the rows of one tensor share it. */
  public int[] groups() {
    return groups;
  }

  public boolean[] censored() {
    return censored;
  }
}
