package org.amchallenge.submission;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;
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
    // a quantity scored on log10 is left to the general reader, which checks that each value is positive
    this.targets = challenge.quantities().stream().filter(q -> q.transform() == Quantity.Transform.NONE).map(Target::new)
        .toArray(Target[]::new);
  }

  /** One quantity's rows: its names as bytes, its table, the units rows have named, and its column once a row came. */
  final class Target {
    final Quantity quantity;
    private final byte[][] names;
    private final ReferenceTable table;
    private Predictions.Column column;
    private boolean[] seen;
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
   * none) in the unit {@code conversion} converts from. False where the general reader must read the file.
   */
  boolean put(Target target, byte[] key, int sampleFrom, int sampleTo, int pointFrom, int pointTo, int componentFrom, int componentTo,
              double value, double uncertainty, UnitConversion.Conversion conversion) {
    if (sampleTo == sampleFrom || conversion == null) return false;
    int row = target.table.rowIndex().find(key, sampleFrom, sampleTo, pointFrom, pointTo, componentFrom, componentTo,
        target.inOrder ? target.last + 1 : -1);
    if (row < 0) return false;
    target.inOrder = row == target.last + 1;
    target.last = row;
    if (Double.isNaN(value) || uncertainty < 0 || (!withUncertainty && !Double.isNaN(uncertainty))) return false;
    if (conversion != SAME) {
      value = conversion.value(value);
      uncertainty = conversion.uncertainty(uncertainty);
    }
    // out of the scorable range: the general reader names the row's problem
    if (!RowSink.scorable(value) || (!Double.isNaN(uncertainty) && !RowSink.scorableUncertainty(uncertainty))) return false;
    if (target.column == null) {
      // a file without uncertainties shares the table's all-NaN column, which is never written
      target.column = withUncertainty ? Predictions.Column.empty(target.table.size())
          : new Predictions.Column(Predictions.Column.nans(target.table.size()), target.table.unknownColumn());
      target.seen = new boolean[target.table.size()];
    }
    if (target.seen[row]) return false;
    target.seen[row] = true;
    target.column.values()[row] = value;
    if (withUncertainty) target.column.uncertainties()[row] = uncertainty;
    rows++;
    return true;
  }

  int rows() {
    return rows;
  }

  /** The rows put, a column per quantity that had any. */
  Predictions predictions() {
    Predictions predictions = new Predictions();
    for (Target target : targets) {
      if (target.column != null) predictions.put(target.quantity.id(), target.column);
    }
    return predictions;
  }
}
