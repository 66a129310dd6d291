package org.amchallenge.scoring;

import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;

/**
 * A quantity is given whole or not at all (SPEC, "What a competitor may learn"): a file that gives part of a quantity's
 * rows could learn, one row at a time, which rows the public board scores.
 */
public final class WholeQuantities {
  private WholeQuantities() {}

  /**
   * Refuses predictions in which a quantity given at all covers less than {@code ranking.min_coverage} of its rows,
   * listing the rows it misses; quantities left out entirely are fine.
   */
  public static void check(Challenge challenge, ReferenceData reference, Predictions predictions) {
    Problems problems = new Problems();
    long comparisons = 0;
    for (Quantity quantity : challenge.quantities()) {
      ReferenceTable table = reference.table(quantity.id());
      if (quantity.hasObservations()) {
        checkSamples(challenge, table, predictions.sampled(quantity.id()), problems);
        continue;
      }
      if (quantity.isCurve() && predictions.sampled(quantity.id()) != null) {
        comparisons += comparisons(table, predictions.sampled(quantity.id()));
        checkCurve(challenge, table, Scorer.column(predictions, table), problems);
        continue;
      }
      Predictions.Column column = predictions.column(quantity.id());
      if (column == null || table.size() == 0) continue;
      checkAllOrNone(quantity, "uncertainty", column.values(), column.uncertainties(), problems);
      if (column.numerical() != null) {
        checkAllOrNone(quantity, "u_num", column.values(), column.numerical(), problems);
        checkAllOrNone(quantity, "u_input", column.values(), column.input(), problems);
      }
      int given = 0;
      for (double value : column.values()) if (!Double.isNaN(value)) given++;
      if (given == 0 || (double) given / table.size() >= challenge.ranking().minCoverage() - 1e-12) continue;
      for (int i = 0; i < table.size(); i++) {
        if (!Double.isNaN(column.values()[i])) continue;
        problems.add(new Problem(null, null, null, null, quantity.id(), "no prediction for " + row(table, i) + "; "
            + quantity.id() + " is given for " + given + " of its " + table.size() + " rows, and this challenge takes a quantity "
            + "only with at least " + percent(challenge.ranking().minCoverage()) + " of its rows (ranking.min_coverage)"));
      }
    }
    if (comparisons > MAX_COMPARISONS) {
      problems.add(new Problem(null, null, null, null, null, "the curves' predicted points times the measured points of their samples come to "
          + comparisons + ", above the " + MAX_COMPARISONS + " one file may ask for (the Fréchet distance compares every pair); give fewer points per curve"));
    }
    problems.throwIfAny("A quantity must be given whole: rows are missing");
  }

  /** Most pairs of predicted and measured curve points one file may ask the Fréchet distance to compare: about a tenth of a second. */
  static final long MAX_COMPARISONS = 20_000_000;

  private static long comparisons(ReferenceTable table, Predictions.Sampled rows) {
    long pairs = 0;
    for (var sample : table.rowsBySample().entrySet()) {
      double[] given = rows.y().get(sample.getKey());
      if (given != null) pairs += (long) given.length * sample.getValue().length;
    }
    return pairs;
  }

  /**
   * A curve is given whole where its polylines reach at least min_coverage of the measured abscissae (public: the
   * template's points); pieces of curves that reach one measured point each would score that point alone.
   */
  private static void checkCurve(Challenge challenge, ReferenceTable table, Predictions.Column reached, Problems problems) {
    int given = 0;
    for (double value : reached.values()) if (!Double.isNaN(value)) given++;
    if ((double) given / table.size() >= challenge.ranking().minCoverage() - 1e-12) return;
    Quantity quantity = table.quantity();
    for (int i = 0; i < table.size() && !problems.isFull(); i++) {
      if (!Double.isNaN(reached.values()[i])) continue;
      problems.add(new Problem(null, null, null, null, quantity.id(), "no predicted curve reaches " + row(table, i) + "; "
          + quantity.id() + "'s curves reach " + given + " of its " + table.size() + " measured " + quantity.curveAxis() + " values, and this "
          + "challenge takes a curve only where it spans at least " + percent(challenge.ranking().minCoverage()) + " of them (ranking.min_coverage)"));
    }
  }

  /** A distribution is given whole where at least min_coverage of its samples have draws. */
  private static void checkSamples(Challenge challenge, ReferenceTable table, Predictions.Sampled rows, Problems problems) {
    if (rows == null) return;
    int samples = table.rowsBySample().size();
    if (samples == 0 || (double) rows.samples() / samples >= challenge.ranking().minCoverage() - 1e-12) return;
    for (String sample : table.rowsBySample().keySet()) {
      if (rows.y().containsKey(sample)) continue;
      problems.add(new Problem(null, null, null, null, table.quantity().id(), "no draws for sample '" + sample + "'; " + table.quantity().id()
          + " is given for " + rows.samples() + " of its " + samples + " samples, and this challenge takes a distribution only with at least "
          + percent(challenge.ranking().minCoverage()) + " of them (ranking.min_coverage)"));
    }
  }

  /**
   * An uncertainty column is given on every row of a quantity or on none: figures over the rows that have one (crps,
   * u_pooling, vv20_ratio) would otherwise be figures of the one row that has.
   */
  private static void checkAllOrNone(Quantity quantity, String field, double[] values, double[] uncertainties, Problems problems) {
    int rows = 0;
    int with = 0;
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) continue;
      rows++;
      if (!Double.isNaN(uncertainties[i])) with++;
    }
    if (with == 0 || with == rows) return;
    problems.add(new Problem(null, null, null, null, quantity.id(), field + " is given on " + with + " of the " + rows + " rows of "
        + quantity.id() + "; give it on every row of a quantity or on none"));
  }

  private static String row(ReferenceTable table, int i) {
    StringBuilder text = new StringBuilder("sample '").append(table.sample(i)).append('\'');
    if (table.point(i) != null && !table.point(i).isEmpty()) text.append(", point '").append(table.point(i)).append('\'');
    if (table.component(i) != null && !table.component(i).isEmpty()) text.append(", component '").append(table.component(i)).append('\'');
    return text.toString();
  }

  private static String percent(double fraction) {
    return org.amchallenge.tabular.Numbers.shortest(fraction * 100) + " %";
  }
}
