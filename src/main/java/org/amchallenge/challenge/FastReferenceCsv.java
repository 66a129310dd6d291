package org.amchallenge.challenge;

import org.amchallenge.tabular.CsvBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** At most this many quantities in one file on the fast path; more goes to the general reader, which names the unknown ones. */
  private static final int MOST_QUANTITIES = 256;

  /** One quantity's columns as they fill, with what the definition will be asked of them once it is known. */
  private static final class Columns {
    final byte[] name;
    final String id;
    int size;
    final RowIndex.Keys keys;
    /** Null until a row gives one: most quantities have neither points nor components. */
    String[] pointColumn;
    String[] componentColumn;
    double[] values;
    double[] uncertainties;
    double[] weights;
    boolean[] censored;
    boolean pointGiven;
    boolean pointMissing;
    boolean componentMissing;
    final Set<String> componentsGiven = new HashSet<>();
    /**
     * Each point and component label read so far, as written, with the one String kept for it: a profile's points and
     * a tensor's components repeat from sample to sample, so each is made canonical once and the table holds one
     * String per label, not one per row.
     */
    final Labels points = new Labels(true);
    final Labels components = new Labels(false);
    boolean notPositive;
    boolean weightedWithoutUncertainty;

    Columns(byte[] csv, int from, int to, int rows) {
      this.name = Arrays.copyOfRange(csv, from, to);
      this.id = new String(name, StandardCharsets.UTF_8);
      keys = new RowIndex.Keys(rows);
      values = new double[rows];
      uncertainties = new double[rows];
      weights = new double[rows];
      censored = new boolean[rows];
    }

    void grow() {
      int capacity = values.length * 2;
      if (pointColumn != null) pointColumn = Arrays.copyOf(pointColumn, capacity);
      if (componentColumn != null) componentColumn = Arrays.copyOf(componentColumn, capacity);
      values = Arrays.copyOf(values, capacity);
      uncertainties = Arrays.copyOf(uncertainties, capacity);
      weights = Arrays.copyOf(weights, capacity);
      censored = Arrays.copyOf(censored, capacity);
    }

    /** Whether the definition's quantity allows every row read. */
    boolean allowedBy(Quantity q) {
      if (q.kind().hasPoints() ? pointMissing : pointGiven) return false;
      if (q.kind().hasComponents() ? componentMissing || !q.components().containsAll(componentsGiven) : !componentsGiven.isEmpty()) return false;
      if (q.transform() == Quantity.Transform.LOG10 && notPositive) return false;
      return !(q.points() != null && q.points().bandUnit() == Quantity.BandUnit.SIGMA && weightedWithoutUncertainty);
    }

    ReferenceTable table(Quantity quantity) {
      return new ReferenceTable(quantity, new RowIndex(keys), trim(pointColumn), trim(componentColumn), trim(values), trim(uncertainties),
          trim(weights), trim(censored));
    }

    private String[] trim(String[] column) {
      return column == null || column.length == size ? column : Arrays.copyOf(column, size);
    }

    private double[] trim(double[] column) {
      return column.length == size ? column : Arrays.copyOf(column, size);
    }

    private boolean[] trim(boolean[] column) {
      return column.length == size ? column : Arrays.copyOf(column, size);
    }
  }

  /**
   * A file read as far as it can be without its definition: each quantity's rows as they stand. The definition
   * is asked afterwards ({@link #tables}), so that the offline scorer reads the file on one core while the
   * definition parses on the other.
   */
  static final class Scan {
    private final List<Columns> quantities;

    private Scan(List<Columns> quantities) {
      this.quantities = quantities;
    }
  }

  /** The first pass, which needs no definition; null at anything the general reader must see. */
  static Scan scan(byte[] csv) {
    int at = CsvBytes.startsWithBom(csv) ? 3 : 0;
    int end = CsvBytes.lineEnd(csv, at);
    int[] fieldOf = header(new String(csv, at, end - at, StandardCharsets.UTF_8));
    if (fieldOf == null) return null;
    // the first quantity's columns sized for every line after the header at once (no row is shorter than
    // "a,b,1\n"): most files have one quantity and no blank line, and its columns are then exactly full, never
    // grown nor cut to size by a copy
    int body = CsvBytes.next(csv, end);
    long rows = CsvBytes.count(csv, body, csv.length, (byte) '\n') + (csv.length > body && csv[csv.length - 1] != '\n' ? 1 : 0);
    int lines = (int) Math.max(1, Math.min(rows, csv.length / 6 + 1));
    List<Columns> quantities = new ArrayList<>();
    int[] starts = new int[fieldOf.length];
    int[] ends = new int[fieldOf.length];
    int[] from = new int[COLUMNS.size()];
    int[] to = new int[COLUMNS.size()];
    Map<String, Integer> shares = shares(csv, CsvBytes.skipBlankLines(csv, body), fieldOf, starts, ends);
    Columns previous = null;
    // fields the header lacks stay empty (0, 0) for the whole file
    for (at = CsvBytes.skipBlankLines(csv, CsvBytes.next(csv, end)); at < csv.length; ) {
      int newline = CsvBytes.splitLine(csv, at, starts, ends);
      if (newline < 0) return null;
      at = CsvBytes.skipBlankLines(csv, newline + 1);
      for (int f = 0; f < fieldOf.length; f++) {
        from[fieldOf[f]] = starts[f];
        to[fieldOf[f]] = ends[f];
      }
      Columns target = previous != null && named(previous, csv, from[1], to[1]) ? previous : find(quantities, csv, from[1], to[1]);
      if (target == null) {
        if (quantities.size() == MOST_QUANTITIES || to[1] == from[1]) return null;
        target = new Columns(csv, from[1], to[1], capacity(shares, csv, from[1], to[1], lines, quantities.isEmpty()));
        quantities.add(target);
      }
      if (!accept(csv, from, to, target)) return null;
      previous = target;
    }
    return new Scan(quantities);
  }

  /** Lines read ahead to see how the rows share out among the quantities. */
  private static final int SHARE_LINES = 4096;

  /**
   * How many of the first lines name each quantity (every line, in a short file), so that each quantity's columns are
   * made near their final size at once: grown by doubling, six quantities' columns cost a fifth of the whole read in copies.
   */
  private static Map<String, Integer> shares(byte[] csv, int at, int[] fieldOf, int[] starts, int[] ends) {
    int field = 0;
    while (fieldOf[field] != 1) field++;
    Map<String, Integer> shares = new java.util.HashMap<>();
    int lines = 0;
    while (at < csv.length && lines < SHARE_LINES) {
      int newline = CsvBytes.splitLine(csv, at, starts, ends);
      if (newline < 0) break;
      at = CsvBytes.skipBlankLines(csv, newline + 1);
      shares.merge(new String(csv, starts[field], ends[field] - starts[field], StandardCharsets.ISO_8859_1), 1, Integer::sum);
      lines++;
    }
    // a file read whole holds the exact counts; past it, each count stands for its share of every line
    shares.put(EMPTY, at >= csv.length ? 0 : lines);
    return shares;
  }

  /** Room for a quantity's rows: its count or share of the lines, or, for one not among the first lines, all of them (the first) or a few. */
  private static int capacity(Map<String, Integer> shares, byte[] csv, int from, int to, int lines, boolean first) {
    Integer seen = shares.get(new String(csv, from, to - from, StandardCharsets.ISO_8859_1));
    if (seen == null) return first ? lines : 16;
    int sampled = shares.get(EMPTY);
    if (sampled == 0) return Math.max(1, seen);
    return (int) Math.min(lines, (long) Math.ceil((double) seen / sampled * lines * 1.02) + 64);
  }

  /** The second pass: every quantity the definition names, each allowing the rows read for it; null otherwise. */
  static Map<String, ReferenceTable> tables(Challenge challenge, Scan scan) {
    if (scan.quantities.size() != challenge.quantities().size()) return null;
    // a curve's point labels are checked for their abscissa by the general reader
    if (challenge.quantities().stream().anyMatch(Quantity::isCurve)) return null;
    Map<String, Columns> byId = new java.util.HashMap<>();
    for (Columns c : scan.quantities) byId.put(c.id, c);
    Map<String, ReferenceTable> tables = new LinkedHashMap<>();
    for (Quantity q : challenge.quantities()) {
      Columns c = byId.get(q.id());
      if (c == null || !c.allowedBy(q)) return null;
      ReferenceTable table = c.table(q);
      if (table.rowIndex().duplicates() > 0) return null;
      tables.put(q.id(), table);
    }
    return tables;
  }

  private static boolean named(Columns c, byte[] csv, int from, int to) {
    return c.name.length == to - from && CsvBytes.same(c.name, 0, csv, from, c.name.length);
  }

  private static Columns find(List<Columns> quantities, byte[] csv, int from, int to) {
    for (Columns c : quantities) {
      if (named(c, csv, from, to)) return c;
    }
    return null;
  }

  /** Most labels kept per quantity; past it (a point of its own for every row) each is made anew. */
  private static final int MOST_LABELS = 1 << 16;

  /**
   * A quantity's point or component labels by the bytes they are written in, each with its one String (a point's made
   * canonical): looked up without making a String of the cell. Written by hand because a map wants an object key.
   */
  private static final class Labels {
    private final boolean point;
    private byte[][] written = new byte[64][];
    private String[] kept = new String[64];
    private int size;

    Labels(boolean point) {
      this.point = point;
    }

    String of(byte[] csv, int from, int to) {
      int h = 1;
      for (int i = from; i < to; i++) h = 31 * h + csv[i];
      h ^= h >>> 16;
      int mask = written.length - 1;
      for (int slot = h & mask; written[slot] != null; slot = (slot + 1) & mask) {
        byte[] key = written[slot];
        if (key.length == to - from && Arrays.equals(key, 0, key.length, csv, from, to)) return kept[slot];
      }
      String text = new String(csv, from, to - from, StandardCharsets.UTF_8);
      String label = point ? Numbers.canonicalLabel(text) : text;
      if (size < MOST_LABELS) add(Arrays.copyOfRange(csv, from, to), label, h);
      return label;
    }

    private void add(byte[] key, String label, int h) {
      if (2 * (size + 1) > written.length) grow();
      int mask = written.length - 1;
      int slot = h & mask;
      while (written[slot] != null) slot = (slot + 1) & mask;
      written[slot] = key;
      kept[slot] = label;
      size++;
    }

    private void grow() {
      byte[][] oldWritten = written;
      String[] oldKept = kept;
      written = new byte[oldWritten.length * 2][];
      kept = new String[oldWritten.length * 2];
      size = 0;
      for (int i = 0; i < oldWritten.length; i++) {
        if (oldWritten[i] == null) continue;
        int h = 1;
        for (byte b : oldWritten[i]) h = 31 * h + b;
        add(oldWritten[i], oldKept[i], h ^ (h >>> 16));
      }
    }
  }

  private static boolean accept(byte[] csv, int[] from, int[] to, Columns target) {
    if (to[0] == from[0]) return false;
    String point = to[2] == from[2] ? EMPTY : target.points.of(csv, from[2], to[2]);
    String component = to[3] == from[3] ? EMPTY : target.components.of(csv, from[3], to[3]);
    double value = CsvBytes.number(csv, from[4], to[4]);
    double uncertainty = to[5] == from[5] ? Double.NaN : CsvBytes.number(csv, from[5], to[5]);
    double weight = to[6] == from[6] ? 1.0 : CsvBytes.number(csv, from[6], to[6]);
    boolean censored = to[7] > from[7];
    if (Double.isNaN(value) || (to[5] > from[5] && !(uncertainty >= 0)) || !(weight >= 0)) return false;
    if (censored && !new String(csv, from[7], to[7] - from[7], StandardCharsets.US_ASCII).equalsIgnoreCase("lower")) return false;
    if (point.isEmpty()) target.pointMissing = true;
    else target.pointGiven = true;
    if (component.isEmpty()) target.componentMissing = true;
    else target.componentsGiven.add(component);
    if (!(value > 0)) target.notPositive = true;
    if (weight > 0 && !(uncertainty > 0)) target.weightedWithoutUncertainty = true;
    if (target.size == target.values.length) target.grow();
    int i = target.size++;
    target.keys.row(csv, from[0], to[0], point, component);
    if (target.pointColumn != null || !point.isEmpty()) target.pointColumn = given(target.pointColumn, target.values.length, i, point);
    if (target.componentColumn != null || !component.isEmpty()) target.componentColumn = given(target.componentColumn, target.values.length, i, component);
    target.values[i] = value;
    target.uncertainties[i] = uncertainty;
    target.weights[i] = weight;
    target.censored[i] = censored;
    return true;
  }

  /** The column with row {@code i} set, made (every earlier row empty) at the first row that gives one. */
  private static String[] given(String[] column, int capacity, int i, String cell) {
    if (column == null) {
      column = new String[capacity];
      Arrays.fill(column, 0, i, EMPTY);
    }
    column[i] = cell;
    return column;
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
