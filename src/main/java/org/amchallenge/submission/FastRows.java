package org.amchallenge.submission;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.challenge.RowIndex;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.tabular.CsvBytes;
import org.amchallenge.units.UnitConversion;

/**
 * Where the fast paths (long and wide CSV, JSON) put each row: its reference row found from the bytes of its key,
 * its value converted to the quantity's unit, written straight into the quantity's column. Each method answers
 * false at anything the general reader must explain (an unknown key, a duplicate, a unit that does not convert, a
 * number outside the scorable range), and the file is then read again by {@link RowSink}, which names every problem.
 */
final class FastRows {
  /** Most different units kept per quantity; a file naming more goes to the general reader. */
  private static final int MAX_UNITS = 8;
  /** A row in its quantity's own unit: nothing to convert. */
  static final UnitConversion.Conversion SAME = UnitConversion.between("1", "1");

  private final ReferenceData reference;
  private final boolean withUncertainty;
  private final Target[] targets;
  /** The quantity of the row before, tried first: files come a quantity at a time. */
  private Target previous;
  private int rows;

  /** {@code withUncertainty}: whether rows may give one (else the columns share the table's column of NaN). */
  FastRows(Challenge challenge, ReferenceData reference, boolean withUncertainty) {
    this.reference = reference;
    this.withUncertainty = withUncertainty;
    // a quantity scored on log10 is left to the general reader, which checks that each value is positive, and so are
    // curves and distributions, whose rows are kept per sample
    this.targets = challenge.quantities().stream().filter(q -> q.transform() == Quantity.Transform.NONE && !q.bySample()).map(Target::new)
        .toArray(Target[]::new);
  }

  /** One quantity's rows: its names as bytes, its table, the units rows have named, and its column once a row came. */
  final class Target {
    final Quantity quantity;
    private final byte[][] names;
    private final ReferenceTable table;
    private Predictions.Column column;
    private int last = -1;
    /** Whether the row before followed the one before it: only then is the next row tried first, a miss costing a trip to memory. */
    private boolean inOrder = true;
    private byte[][] units = new byte[0][];
    private UnitConversion.Conversion[] conversions = new UnitConversion.Conversion[0];

    private Target(Quantity quantity) {
      this.quantity = quantity;
      this.table = reference.table(quantity.id());
      this.names = java.util.stream.Stream.concat(java.util.stream.Stream.of(quantity.id()), quantity.aliases().stream())
          .map(name -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private boolean named(byte[] line, int from, int to) {
      for (byte[] name : names) {
        if (name.length == to - from && CsvBytes.same(name, 0, line, from, name.length)) return true;
      }
      return false;
    }

    /** The conversion of a unit given as bytes to the quantity's: {@link #SAME} for its own, null where it does not convert. */
    UnitConversion.Conversion conversion(byte[] line, int from, int to) {
      if (to == from) return SAME;
      for (int u = 0; u < units.length; u++) {
        if (units[u].length == to - from && CsvBytes.same(units[u], 0, line, from, to - from)) return conversions[u];
      }
      if (units.length == MAX_UNITS || to - from > 40) return null;
      String unit = new String(line, from, to - from, StandardCharsets.UTF_8);
      UnitConversion.Conversion conversion;
      if (unit.equals(quantity.unit())) {
        conversion = SAME;
      } else {
        try {
          conversion = UnitConversion.between(unit, quantity.unit());
        } catch (IllegalArgumentException noConversion) {
          return null;
        }
      }
      units = Arrays.copyOf(units, units.length + 1);
      conversions = Arrays.copyOf(conversions, conversions.length + 1);
      units[units.length - 1] = Arrays.copyOfRange(line, from, to);
      conversions[conversions.length - 1] = conversion;
      return conversion;
    }
  }

  /** The quantity named by {@code line[from, to)} (id or alias), or null where none is read here. */
  Target target(byte[] line, int from, int to) {
    if (previous != null && previous.named(line, from, to)) return previous;
    for (Target target : targets) {
      if (target.named(line, from, to)) return previous = target;
    }
    return null;
  }

  /**
   * Puts one row: the key's three byte ranges (an empty range is {@code from == to}), its value and uncertainty (NaN:
   * none) in the unit {@code conversion} converts from. False where the general reader must read the file. A row out
   * of its table's order waits in a batch for its lookup, so {@code key} must stay as it is until {@link #flush}.
   */
  boolean put(Target target, byte[] key, int sampleFrom, int sampleTo, int pointFrom, int pointTo, int componentFrom, int componentTo,
              double value, double uncertainty, UnitConversion.Conversion conversion) {
    if (failed || sampleTo == sampleFrom || conversion == null) return fail();
    if (Double.isNaN(value) || uncertainty < 0 || (!withUncertainty && !Double.isNaN(uncertainty))) return fail();
    if (conversion != SAME) {
      value = conversion.value(value);
      uncertainty = conversion.uncertainty(uncertainty);
    }
    // out of the scorable range: the general reader names the row's problem
    if (!RowSink.scorable(value) || (!Double.isNaN(uncertainty) && !RowSink.scorableUncertainty(uncertainty))) return fail();
    RowIndex index = target.table.rowIndex();
    if (target.inOrder && index.isRow(target.last + 1, key, sampleFrom, sampleTo, pointFrom, pointTo, componentFrom, componentTo)) {
      return place(target, target.last + 1, value, uncertainty);
    }
    int i = pending++;
    waiting[i] = target;
    keys[i] = key;
    ranges[6 * i] = sampleFrom;
    ranges[6 * i + 1] = sampleTo;
    ranges[6 * i + 2] = pointFrom;
    ranges[6 * i + 3] = pointTo;
    ranges[6 * i + 4] = componentFrom;
    ranges[6 * i + 5] = componentTo;
    values[i] = value;
    uncertainties[i] = uncertainty;
    return pending < BATCH || flush();
  }

  /** Rows looked up together: enough reads in flight to overlap, few enough for the processor to hold them all. */
  private static final int BATCH = 32;
  private final Target[] waiting = new Target[BATCH];
  private final byte[][] keys = new byte[BATCH][];
  private final int[] ranges = new int[6 * BATCH];
  private final double[] values = new double[BATCH];
  private final double[] uncertainties = new double[BATCH];
  private final int[] hashes = new int[BATCH];
  private final long[] slots = new long[BATCH];
  private final int[] starts = new int[BATCH];
  private final byte[] firsts = new byte[BATCH];
  private int pending;
  private boolean failed;

  /**
   * Looks up the rows waiting: their slots read one after another, then where their keys start, then the keys' first
   * bytes, each read independent of the others so that the processor overlaps their trips to memory; then each row is
   * probed, from the cache, and placed. False where the general reader must read the file.
   */
  boolean flush() {
    int n = pending;
    pending = 0;
    if (failed) return false;
    for (int i = 0; i < n; i++) {
      int r = 6 * i;
      RowIndex index = waiting[i].table.rowIndex();
      hashes[i] = index.hash(keys[i], ranges[r], ranges[r + 1], ranges[r + 2], ranges[r + 3], ranges[r + 4], ranges[r + 5]);
    }
    // loops of a read each: many of them in flight at once
    for (int i = 0; i < n; i++) slots[i] = waiting[i].table.rowIndex().slot(hashes[i]);
    for (int i = 0; i < n; i++) starts[i] = waiting[i].table.rowIndex().keyStart(slots[i]);
    for (int i = 0; i < n; i++) firsts[i] = waiting[i].table.rowIndex().keyByte(starts[i]);
    for (int i = 0; i < n; i++) {
      int r = 6 * i;
      Target target = waiting[i];
      int row = target.table.rowIndex().probe(hashes[i], keys[i], ranges[r], ranges[r + 1], ranges[r + 2], ranges[r + 3], ranges[r + 4], ranges[r + 5]);
      if (row < 0 || !place(target, row, values[i], uncertainties[i])) return fail();
    }
    java.util.Arrays.fill(keys, 0, n, null);
    return true;
  }

  private boolean fail() {
    failed = true;
    pending = 0;
    return false;
  }

  private boolean place(Target target, int row, double value, double uncertainty) {
    target.inOrder = row == target.last + 1;
    target.last = row;
    if (target.column == null) {
      // a file without uncertainties shares the table's all-NaN column, which is never written
      target.column = withUncertainty ? Predictions.Column.empty(target.table.size())
          : new Predictions.Column(Predictions.Column.nans(target.table.size()), target.table.unknownColumn());
    }
    // a row given before holds its value: placed values are never NaN
    double[] values = target.column.values();
    if (!Double.isNaN(values[row])) return fail();
    values[row] = value;
    if (withUncertainty) target.column.uncertainties()[row] = uncertainty;
    rows++;
    return true;
  }

  /** The rows put so far, the batch waiting looked up first; -1 where the general reader must read the file. */
  int rows() {
    return flush() ? rows : -1;
  }

  /** The rows put, a column per quantity that had any (after {@link #rows} has looked up the batch waiting). */
  Predictions predictions() {
    Predictions predictions = new Predictions();
    for (Target target : targets) {
      if (target.column != null) predictions.put(target.quantity.id(), target.column);
    }
    return predictions;
  }
}
