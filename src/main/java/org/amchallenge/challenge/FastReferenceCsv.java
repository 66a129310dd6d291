package org.amchallenge.challenge;

import org.amchallenge.tabular.CsvBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amchallenge.tabular.Numbers;

/**
 * The fast path for large reference files: columns filled straight from the bytes. It takes only a file
 * with nothing to report; at anything unusual (a quote, an unknown quantity, a bad number, a row the
 * definition does not allow, a duplicate) it gives up and the general reader reads the file again and
 * reports every problem. Written by hand for the same reason as the submissions' fast path: a CSV library
 * makes a String of every cell, and a million-row reference is what a server at -Xmx256m must load.
 */
final class FastReferenceCsv {
  private static final List<String> COLUMNS = ReferenceReader.COLUMNS;
  private static final String EMPTY = "";

  private FastReferenceCsv() {}

  /** One quantity's columns as they fill. */
  private static final class Columns {
    final Quantity quantity;
    final byte[] name;
    int size;
    final RowIndex.Keys keys = new RowIndex.Keys(16);
    String[] points = new String[16];
    String[] components = new String[16];
    double[] values = new double[16];
    double[] uncertainties = new double[16];
    double[] weights = new double[16];
    boolean[] censored = new boolean[16];

    Columns(Quantity quantity) {
      this.quantity = quantity;
      this.name = quantity.id().getBytes(StandardCharsets.UTF_8);
    }

    void grow() {
      int capacity = points.length * 2;
      points = Arrays.copyOf(points, capacity);
      components = Arrays.copyOf(components, capacity);
      values = Arrays.copyOf(values, capacity);
      uncertainties = Arrays.copyOf(uncertainties, capacity);
      weights = Arrays.copyOf(weights, capacity);
      censored = Arrays.copyOf(censored, capacity);
    }

    ReferenceTable table() {
      return new ReferenceTable(quantity, new RowIndex(keys), Arrays.copyOf(points, size), Arrays.copyOf(components, size),
          Arrays.copyOf(values, size), Arrays.copyOf(uncertainties, size), Arrays.copyOf(weights, size), Arrays.copyOf(censored, size));
    }
  }

  /** The tables of a valid file, or null where the general reader must read it. */
  static Map<String, ReferenceTable> read(Challenge challenge, byte[] csv) {
    int at = CsvBytes.startsWithBom(csv) ? 3 : 0;
    int end = CsvBytes.lineEnd(csv, at);
    int[] fieldOf = header(new String(csv, at, end - at, StandardCharsets.UTF_8));
    if (fieldOf == null) return null;
    List<Columns> quantities = new ArrayList<>();
    challenge.quantities().forEach(q -> quantities.add(new Columns(q)));
    int[] starts = new int[fieldOf.length];
    int[] ends = new int[fieldOf.length];
    int[] from = new int[COLUMNS.size()];
    int[] to = new int[COLUMNS.size()];
    // fields the header lacks stay empty (0, 0) for the whole file
    for (at = CsvBytes.skipBlankLines(csv, CsvBytes.next(csv, end)); at < csv.length; ) {
      int newline = CsvBytes.splitLine(csv, at, starts, ends);
      if (newline < 0) return null;
      at = CsvBytes.skipBlankLines(csv, newline + 1);
      for (int f = 0; f < fieldOf.length; f++) {
        from[fieldOf[f]] = starts[f];
        to[fieldOf[f]] = ends[f];
      }
      if (!accept(csv, from, to, quantities)) return null;
    }
    Map<String, ReferenceTable> tables = new LinkedHashMap<>();
    for (Columns c : quantities) {
      if (c.size == 0) return null;
      ReferenceTable table = c.table();
      if (table.rowIndex().duplicates() > 0) return null;
      tables.put(c.quantity.id(), table);
    }
    return tables;
  }

  private static boolean accept(byte[] csv, int[] from, int[] to, List<Columns> quantities) {
    Columns target = null;
    for (Columns c : quantities) {
      if (c.name.length == to[1] - from[1] && CsvBytes.same(c.name, 0, csv, from[1], c.name.length)) target = c;
    }
    if (target == null || to[0] == from[0]) return false;
    Quantity q = target.quantity;
    String point = to[2] == from[2] ? EMPTY : Numbers.canonicalLabel(new String(csv, from[2], to[2] - from[2], StandardCharsets.UTF_8));
    String component = to[3] == from[3] ? EMPTY : new String(csv, from[3], to[3] - from[3], StandardCharsets.UTF_8);
    if (q.kind().hasPoints() == point.isEmpty()) return false;
    if (q.kind().hasComponents() ? !q.components().contains(component) : !component.isEmpty()) return false;
    double value = CsvBytes.number(csv, from[4], to[4]);
    double uncertainty = to[5] == from[5] ? Double.NaN : CsvBytes.number(csv, from[5], to[5]);
    double weight = to[6] == from[6] ? 1.0 : CsvBytes.number(csv, from[6], to[6]);
    boolean censored = to[7] > from[7];
    if (Double.isNaN(value) || (to[5] > from[5] && !(uncertainty >= 0)) || !(weight >= 0)) return false;
    if (censored && !new String(csv, from[7], to[7] - from[7], StandardCharsets.US_ASCII).equalsIgnoreCase("lower")) return false;
    if (q.transform() == Quantity.Transform.LOG10 && !(value > 0)) return false;
    if (q.points() != null && q.points().bandUnit() == Quantity.BandUnit.SIGMA && weight > 0 && !(uncertainty > 0)) return false;
    if (target.size == target.points.length) target.grow();
    int i = target.size++;
    target.keys.row(csv, from[0], to[0], point, component);
    target.points[i] = point;
    target.components[i] = component;
    target.values[i] = value;
    target.uncertainties[i] = uncertainty;
    target.weights[i] = weight;
    target.censored[i] = censored;
    return true;
  }

  private static int[] header(String line) {
    String[] names = line.split(",", -1);
    int[] fieldOf = new int[names.length];
    boolean[] given = new boolean[COLUMNS.size()];
    for (int i = 0; i < names.length; i++) {
      int field = COLUMNS.indexOf(names[i].strip().toLowerCase());
      if (field < 0 || given[field]) return null;
      given[field] = true;
      fieldOf[i] = field;
    }
    return given[0] && given[1] && given[4] ? fieldOf : null;
  }

}
