package org.amchallenge.challenge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The measured rows of one quantity, as columns: held out, never served before the reveal. */
public final class ReferenceTable {
  private final Quantity quantity;
  private final String[] points;
  private final String[] components;
  private final double[] values;
  private final double[] uncertainties;
  private final double[] weights;
  private final boolean[] censored;
  private final RowIndex index;
  private volatile int[] groups;
  private volatile double[] unknown;
  private volatile Map<String, int[]> bySample;
  private volatile double[] abscissae;

  ReferenceTable(Quantity quantity, List<ReferenceRow> rows) {
    this(quantity, rows.stream().map(ReferenceRow::sample).toArray(String[]::new),
        rows.stream().map(ReferenceRow::point).toArray(String[]::new),
        rows.stream().map(ReferenceRow::component).toArray(String[]::new),
        rows.stream().mapToDouble(ReferenceRow::value).toArray(),
        rows.stream().mapToDouble(ReferenceRow::uncertainty).toArray(),
        rows.stream().mapToDouble(ReferenceRow::weight).toArray(),
        censoredOf(rows));
  }

  ReferenceTable(Quantity quantity, String[] samples, String[] points, String[] components, double[] values,
                 double[] uncertainties, double[] weights, boolean[] censored) {
    this(quantity, new RowIndex(samples, points, components), points, components, values, uncertainties, weights, censored);
  }

  /** A table from its columns and its keys, as the fast reader makes it. */
  ReferenceTable(Quantity quantity, RowIndex index, String[] points, String[] components, double[] values,
                 double[] uncertainties, double[] weights, boolean[] censored) {
    this.quantity = quantity;
    // most quantities have neither points nor components: a column of "" would only give the collector
    // references to walk at every full collection
    this.points = points == null || allEmpty(points) ? null : points;
    this.components = components == null || allEmpty(components) ? null : components;
    this.values = values;
    this.uncertainties = uncertainties;
    this.weights = weights;
    this.censored = censored;
    this.index = index;
  }

  private static boolean allEmpty(String[] column) {
    for (String cell : column) if (!cell.isEmpty()) return false;
    return true;
  }

  private static boolean[] censoredOf(List<ReferenceRow> rows) {
    boolean[] censored = new boolean[rows.size()];
    for (int i = 0; i < censored.length; i++) censored[i] = rows.get(i).censored();
    return censored;
  }

  /** One measured row. Uncertainty is NaN where unknown. */
  public record ReferenceRow(String sample, String point, String component, double value, double uncertainty,
                             double weight, boolean censored) {}

  public static String key(String sample, String point, String component) {
    return sample + '\u0000' + point + '\u0000' + component;
  }

  /** The row of a (sample, point, component), or -1 where the challenge has none. */
  public int indexOf(String sample, String point, String component) {
    return indexOf(sample, point, component, -1);
  }

  /** The same, trying row {@code hint} first: a file in the reference's order finds each row without a hash. */
  public int indexOf(String sample, String point, String component, int hint) {
    String text = key(sample, point, component);
    byte[] key = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    boolean ascii = key.length == text.length();
    int sampleEnd = ascii ? sample.length() : sample.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    int pointEnd = sampleEnd + 1 + (ascii ? point.length() : point.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    return index.find(key, 0, sampleEnd, sampleEnd + 1, pointEnd, pointEnd + 1, key.length, hint);
  }

  /** The index from a file's key bytes to rows. */
  public RowIndex rowIndex() {
    return index;
  }

  /** Whether any row has this sample; a scan, for the messages of rejected files only. */
  public boolean hasSample(String sample) {
    for (int i = 0; i < values.length; i++) if (sample(i).equals(sample)) return true;
    return false;
  }

  /** Whether any row has this sample and point; a scan, for the messages of rejected files only. */
  public boolean hasPoint(String sample, String point) {
    for (int i = 0; i < values.length; i++) if (point(i).equals(point) && sample(i).equals(sample)) return true;
    return false;
  }

  public Quantity quantity() {
    return quantity;
  }

  public int size() {
    return values.length;
  }

  public String sample(int row) {
    return index.sample(row);
  }

  public String point(int row) {
    return points == null ? "" : points[row];
  }

  public String component(int row) {
    return components == null ? "" : components[row];
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

  /** For each row, the number of its (sample, point): the rows of one tensor share it. Made at first use. */
  public int[] groups() {
    int[] known = groups;
    if (known == null) {
      Map<String, Integer> groupOfPoint = new HashMap<>();
      known = new int[values.length];
      for (int i = 0; i < known.length; i++) known[i] = groupOfPoint.computeIfAbsent(key(sample(i), point(i), ""), k -> groupOfPoint.size());
      groups = known;
    }
    return known;
  }

  /** Each sample's rows in the table's order, the samples in the order of their first row. Made at first use. */
  public Map<String, int[]> rowsBySample() {
    Map<String, int[]> known = bySample;
    if (known == null) {
      Map<String, List<Integer>> lists = new java.util.LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) lists.computeIfAbsent(sample(i), s -> new java.util.ArrayList<>()).add(i);
      Map<String, int[]> rows = new java.util.LinkedHashMap<>();
      lists.forEach((sample, list) -> rows.put(sample, list.stream().mapToInt(Integer::intValue).toArray()));
      known = java.util.Collections.unmodifiableMap(rows);
      bySample = known;
    }
    return known;
  }

  /** A curve's abscissa of each row, from its point label (NaN for other quantities). Made at first use. */
  public double[] abscissae() {
    double[] known = abscissae;
    if (known == null) {
      known = new double[values.length];
      for (int i = 0; i < known.length; i++) known[i] = Abscissa.of(quantity, point(i));
      abscissae = known;
    }
    return known;
  }

  /**
   * An all-NaN column of this table's length, made once and shared, never to be written: the uncertainties of
   * predictions that give none, so that no upload makes one of its own.
   */
  public double[] unknownColumn() {
    double[] known = unknown;
    if (known == null) {
      known = new double[values.length];
      java.util.Arrays.fill(known, Double.NaN);
      unknown = known;
    }
    return known;
  }

  public boolean[] censored() {
    return censored;
  }
}
