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
    for (Quantity quantity : challenge.quantities()) {
      Predictions.Column column = predictions.column(quantity.id());
      ReferenceTable table = reference.table(quantity.id());
      if (column == null || table.size() == 0) continue;
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
    problems.throwIfAny("A quantity must be given whole: rows are missing");
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
