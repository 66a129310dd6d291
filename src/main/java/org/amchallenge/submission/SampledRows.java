package org.amchallenge.submission;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.amchallenge.challenge.Abscissa;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.problem.Problems;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.units.UnitConversion;

/**
 * The rows of curves and distributions of observations, which are kept per sample rather than placed on reference
 * rows: a curve's points at any abscissa, a distribution's draws in any number. Only the samples' names are looked
 * up in the reference, and they are public (the template lists them).
 */
final class SampledRows {
  /** Most points of one sample's curve: the Fréchet distance costs their number times the measured points'. */
  static final int MAX_CURVE_POINTS = 10_000;
  /** Most draws of one sample's distribution. */
  static final int MAX_DRAWS = 100_000;

  private final RowSink sink;
  private final ReferenceData reference;
  private final Problems problems;
  private final Map<String, Map<String, Gathered>> byQuantity = new LinkedHashMap<>();

  SampledRows(RowSink sink, ReferenceData reference, Problems problems) {
    this.sink = sink;
    this.reference = reference;
    this.problems = problems;
  }

  /** One sample's rows so far, and for a curve the line each abscissa was given on. */
  private static final class Gathered {
    double[] x = new double[16];
    double[] y = new double[16];
    int size;
    Map<Double, Integer> lineOfX;
    boolean full;

    void add(double at, double value) {
      if (size == y.length) {
        x = Arrays.copyOf(x, size * 2);
        y = Arrays.copyOf(y, size * 2);
      }
      x[size] = at;
      y[size] = value;
      size++;
    }
  }

  void accept(int line, RowSink.Columns at, String sample, Quantity quantity, String point, String component,
              String valueText, String uncertaintyText, String unit, String numericalText, String inputText) {
    int before = problems.total();
    ReferenceTable table = reference.table(quantity.id());
    if (!sample.isEmpty() && !table.rowsBySample().containsKey(sample)) {
      problems.add(line, at.of("sample_id"), "sample_id", "unknown sample '" + RowSink.clip(sample) + "' for " + quantity.id());
    }
    double abscissa = Double.NaN;
    if (quantity.isCurve()) {
      abscissa = Abscissa.of(quantity, point);
      if (Double.isNaN(abscissa)) {
        problems.add(line, at.of("point"), "point", (point.isEmpty() ? "is empty" : "'" + RowSink.clip(point) + "' is not an abscissa")
            + ": a point of the curve " + quantity.id() + " is " + quantity.curveAxis() + "=<number>, at any " + quantity.curveAxis());
      }
    }
    if (!component.isEmpty()) problems.add(line, at.of("component"), "component", quantity.id() + " has no components");
    String kind = quantity.isCurve() ? "a curve's point" : "a draw";
    if (!uncertaintyText.isEmpty()) {
      problems.add(line, at.of("uncertainty"), "uncertainty", quantity.isCurve()
          ? "a curve's point takes no uncertainty: " + quantity.id() + " is compared as a whole curve"
          : "a draw has no uncertainty: the draws themselves are the predicted distribution of " + quantity.id());
    }
    if (!numericalText.isEmpty()) problems.add(line, at.of("u_num"), "u_num", "u_num applies to rows scored one by one, not to " + kind);
    if (!inputText.isEmpty()) problems.add(line, at.of("u_input"), "u_input", "u_input applies to rows scored one by one, not to " + kind);
    double value = sink.number(line, at, "value", valueText, true);
    UnitConversion.Conversion conversion = sink.conversion(line, at, quantity, unit);
    if (conversion != null) value = conversion.value(value);
    sink.checkValue(line, at, quantity, value, valueText);
    if (problems.total() > before) return;
    Gathered rows = byQuantity.computeIfAbsent(quantity.id(), q -> new LinkedHashMap<>()).computeIfAbsent(sample, s -> new Gathered());
    if (rows.full) return;
    int most = quantity.isCurve() ? MAX_CURVE_POINTS : MAX_DRAWS;
    if (rows.size == most) {
      rows.full = true;
      problems.add(line, at.of("sample_id"), "sample_id", "sample '" + RowSink.clip(sample) + "' of " + quantity.id() + " has more than "
          + most + (quantity.isCurve() ? " points" : " draws") + ", the most one sample may have");
      return;
    }
    if (quantity.isCurve()) {
      if (rows.lineOfX == null) rows.lineOfX = new HashMap<>();
      // 0.0 and -0.0 are one abscissa
      Integer first = rows.lineOfX.putIfAbsent(abscissa + 0.0, line);
      if (first != null) {
        problems.add(line, at.of("point"), "point", "duplicate prediction for " + RowSink.describe(quantity, sample, point, "")
            + "; first given on line " + first);
        return;
      }
    }
    rows.add(abscissa, value);
  }

  /** Puts each quantity's rows, per sample, into {@code predictions}. */
  void into(Predictions predictions) {
    byQuantity.forEach((quantity, samples) -> {
      boolean curve = reference.table(quantity).quantity().isCurve();
      Map<String, double[]> x = curve ? new LinkedHashMap<>() : null;
      Map<String, double[]> y = new LinkedHashMap<>();
      samples.forEach((sample, rows) -> {
        if (curve) x.put(sample, Arrays.copyOf(rows.x, rows.size));
        y.put(sample, Arrays.copyOf(rows.y, rows.size));
      });
      predictions.put(quantity, new Predictions.Sampled(x, y));
    });
  }
}
