package org.amchallenge.submission;

import java.util.HashMap;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.problem.Problems;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.tabular.Numbers;
import org.amchallenge.units.UnitConversion;

/**
 * Places the predicted rows of a file, whatever its form, into columns aligned with the reference rows,
 * and records every problem of a row with its line and column. Nothing here reads or names a measured value.
 */
final class RowSink {
  private final Challenge challenge;
  private final ReferenceData reference;
  private final Problems problems;
  /** Each quantity's rows as placed so far, made at its first row. */
  private final Map<String, Placed> placed = new HashMap<>();
  private final Map<String, Quantity> byName = new HashMap<>();
  private final Map<String, Object> conversions = new HashMap<>();
  private final SampledRows bySample;
  private int rows;

  RowSink(Challenge challenge, ReferenceData reference, Problems problems) {
    this.challenge = challenge;
    this.reference = reference;
    this.problems = problems;
    this.bySample = new SampledRows(this, reference, problems);
    for (Quantity quantity : challenge.quantities()) {
      byName.put(quantity.id(), quantity);
      quantity.aliases().forEach(alias -> byName.put(alias, quantity));
    }
  }

  /** A quantity's predicted columns, the line each row was first given on, and the row after the last one placed, tried first. */
  private static final class Placed {
    final ReferenceTable table;
    Predictions.Column column;
    int[] lines;
    int next;

    Placed(ReferenceTable table) {
      this.table = table;
    }
  }

  /** Where each field of a row sits in the file, for messages: a 1-based column. */
  interface Columns {
    int of(String field);
  }

  /** The quantity a column header or quantity cell names, by id or alias; null where none. */
  Quantity quantityNamed(String name) {
    return byName.get(name);
  }

  String quantityIds() {
    return challenge.quantities().stream().map(Quantity::id).toList().toString();
  }

  void accept(int line, Columns at, String sample, Quantity quantity, String rawPoint, String component,
              String valueText, String uncertaintyText, String unit) {
    accept(line, at, sample, quantity, rawPoint, component, valueText, uncertaintyText, unit, "", "");
  }

  /** A row with V&V 20's numerical and input uncertainties ({@code u_num}, {@code u_input}; empty where not given). */
  void accept(int line, Columns at, String sample, Quantity quantity, String rawPoint, String component,
              String valueText, String uncertaintyText, String unit, String numericalText, String inputText) {
    rows++;
    int before = problems.total();
    if (sample.isEmpty()) problems.add(line, at.of("sample_id"), "sample_id", "is empty");
    String point = Numbers.canonicalLabel(rawPoint);
    if (quantity.bySample()) {
      bySample.accept(line, at, sample, quantity, point, component, valueText, uncertaintyText, unit, numericalText, inputText);
      return;
    }
    Placed place = placed.computeIfAbsent(quantity.id(), q -> new Placed(reference.table(q)));
    ReferenceTable table = place.table;
    int row = sample.isEmpty() ? -1 : table.indexOf(sample, point, component, place.next);
    if (row < 0 && !sample.isEmpty()) explainUnknownRow(line, at, table, sample, point, component);
    double value = number(line, at, "value", valueText, true);
    double uncertainty = number(line, at, "uncertainty", uncertaintyText, false);
    double numerical = number(line, at, "u_num", numericalText, false);
    double input = number(line, at, "u_input", inputText, false);
    UnitConversion.Conversion conversion = conversion(line, at, quantity, unit);
    if (conversion != null) {
      value = conversion.value(value);
      uncertainty = conversion.uncertainty(uncertainty);
      numerical = conversion.uncertainty(numerical);
      input = conversion.uncertainty(input);
    }
    checkValue(line, at, quantity, value, valueText);
    checkUncertainty(line, at, "uncertainty", uncertainty, uncertaintyText);
    checkUncertainty(line, at, "u_num", numerical, numericalText);
    checkUncertainty(line, at, "u_input", input, inputText);
    if (problems.total() > before) return;
    if (place.column == null) {
      place.column = Predictions.Column.empty(table.size());
      place.lines = new int[table.size()];
    }
    int[] lines = place.lines;
    if (lines[row] != 0) {
      problems.add(line, at.of("sample_id"), "sample_id", "duplicate prediction for " + describe(quantity, sample, point, component)
          + "; first given on line " + lines[row]);
      return;
    }
    lines[row] = line;
    place.next = row + 1;
    place.column.values()[row] = value;
    place.column.uncertainties()[row] = uncertainty;
    if (!Double.isNaN(numerical) || !Double.isNaN(input)) {
      if (place.column.numerical() == null) {
        place.column = new Predictions.Column(place.column.values(), place.column.uncertainties(),
            Predictions.Column.nans(table.size()), Predictions.Column.nans(table.size()));
      }
      place.column.numerical()[row] = numerical;
      place.column.input()[row] = input;
    }
  }

  /** A value that can be scored: small enough for its square, and positive where the quantity is scored on log10. */
  void checkValue(int line, Columns at, Quantity quantity, double value, String valueText) {
    if (!Double.isNaN(value) && !scorable(value)) {
      problems.add(line, at.of("value"), "value", "'" + clip(valueText) + "' is too large to be scored (its magnitude is above 1e150)");
    }
    if (quantity.transform() == Quantity.Transform.LOG10 && value <= 0) {
      problems.add(line, at.of("value"), "value", "must be positive: " + quantity.id() + " is scored on log10");
    }
  }

  /** A standard uncertainty: not negative, and 0 or within the scorable range. */
  void checkUncertainty(int line, Columns at, String field, double uncertainty, String text) {
    if (uncertainty < 0) {
      problems.add(line, at.of(field), field, "must not be negative");
    } else if (!Double.isNaN(uncertainty) && !scorableUncertainty(uncertainty)) {
      problems.add(line, at.of(field), field, "'" + clip(text) + "' is outside what can be scored: 0, or 1e-150 to 1e150");
    }
  }

  private void explainUnknownRow(int line, Columns at, ReferenceTable table, String sample, String point, String component) {
    Quantity quantity = table.quantity();
    if (!table.hasSample(sample)) {
      problems.add(line, at.of("sample_id"), "sample_id", "unknown sample '" + sample + "' for " + quantity.id());
    } else if (!quantity.kind().hasPoints() && !point.isEmpty()) {
      problems.add(line, at.of("point"), "point", quantity.id() + " is a scalar quantity and takes no point");
    } else if (quantity.kind().hasPoints() && point.isEmpty()) {
      problems.add(line, at.of("point"), "point", quantity.id() + " is a " + quantity.kind().id() + " quantity and needs a point");
    } else if (!table.hasPoint(sample, point)) {
      problems.add(line, at.of("point"), "point", "unknown point '" + point + "' of sample '" + sample + "' for " + quantity.id());
    } else if (quantity.kind().hasComponents()) {
      problems.add(line, at.of("component"), "component", "unknown component '" + component + "'; the components are " + quantity.components());
    } else {
      problems.add(line, at.of("component"), "component", quantity.id() + " has no components");
    }
  }

  /**
   * A finite number whose square, summed over a million rows, stays finite: beyond it a metric would be infinite, and
   * an infinite score cannot be ranked, written to a board's CSV or to the results bundle.
   */
  static final double SCORABLE = 1e150;

  static boolean scorable(double value) {
    return Math.abs(value) <= SCORABLE;
  }

  /** An uncertainty errors are divided by: 0 (none), or within the scorable range both ways. */
  static boolean scorableUncertainty(double uncertainty) {
    return uncertainty == 0 || (uncertainty >= 1 / SCORABLE && uncertainty <= SCORABLE);
  }

  double number(int line, Columns at, String field, String text, boolean required) {
    if (text == null || text.isEmpty()) {
      if (required) problems.add(line, at.of(field), field, "is empty");
      return Double.NaN;
    }
    double value = Numbers.parseFinite(text);
    if (Double.isNaN(value)) problems.add(line, at.of(field), field, "'" + clip(text) + "' is not a finite number");
    return value;
  }

  /** The conversion from a row's unit to the quantity's; null where none is needed or the unit is wrong. */
  UnitConversion.Conversion conversion(int line, Columns at, Quantity quantity, String unit) {
    if (unit == null || unit.isEmpty() || unit.equals(quantity.unit())) return null;
    String key = unit + '\u0000' + quantity.unit();
    Object known = conversions.computeIfAbsent(key, k -> {
      try {
        return UnitConversion.between(clip(unit), quantity.unit());
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    });
    if (known instanceof UnitConversion.Conversion conversion) return conversion;
    problems.add(line, at.of("unit"), "unit", known + " (the unit of " + quantity.id() + ")");
    return null;
  }

  static String describe(Quantity quantity, String sample, String point, String component) {
    StringBuilder text = new StringBuilder(quantity.id()).append(" of sample '").append(sample).append('\'');
    if (!point.isEmpty()) text.append(" at '").append(point).append('\'');
    if (!component.isEmpty()) text.append(", component ").append(component);
    return text.toString();
  }

  static String clip(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  int rows() {
    return rows;
  }

  Predictions predictions() {
    Predictions predictions = new Predictions();
    placed.forEach((id, place) -> {
      if (place.column != null) predictions.put(id, place.column);
    });
    bySample.into(predictions);
    return predictions;
  }
}
