package org.amchallenge.leaderboard;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.util.MathArrays;

/**
 * Which reference rows are public: the units (samples, or (sample, point) pairs) are sorted, shuffled with
 * the challenge's seed, and the first public_fraction of them are public. The same definition and
 * reference data give the same split on every start and every node.
 */
public final class SplitAssignment {
  private SplitAssignment() {}

  /** For each quantity, true for each public row. */
  public static Map<String, boolean[]> publicRows(Challenge challenge, ReferenceData reference) {
    boolean bySample = challenge.split().by() == Challenge.SplitBy.SAMPLE;
    TreeSet<String> units = new TreeSet<>();
    reference.tables().values().forEach(table -> {
      for (int i = 0; i < table.size(); i++) units.add(unit(table, i, bySample));
    });
    Map<String, Boolean> isPublic = assign(units.toArray(String[]::new), challenge.split());
    Map<String, boolean[]> rows = new LinkedHashMap<>();
    reference.tables().forEach((quantity, table) -> {
      boolean[] mask = new boolean[table.size()];
      for (int i = 0; i < mask.length; i++) mask[i] = isPublic.get(unit(table, i, bySample));
      rows.put(quantity, mask);
    });
    return rows;
  }

  /** For each quantity, true for each private row: the complement of the public rows. */
  public static Map<String, boolean[]> privateRows(Map<String, boolean[]> publicRows) {
    Map<String, boolean[]> rows = new LinkedHashMap<>();
    publicRows.forEach((quantity, mask) -> {
      boolean[] complement = new boolean[mask.length];
      for (int i = 0; i < mask.length; i++) complement[i] = !mask[i];
      rows.put(quantity, complement);
    });
    return rows;
  }

  private static Map<String, Boolean> assign(String[] units, Challenge.Split split) {
    int[] order = MathArrays.natural(units.length);
    MathArrays.shuffle(order, new Well19937c(split.seed()));
    int publicCount = (int) Math.round(split.publicFraction() * units.length);
    if (units.length >= 2 && split.publicFraction() > 0 && split.publicFraction() < 1) {
      publicCount = Math.max(1, Math.min(units.length - 1, publicCount));
    }
    Map<String, Boolean> isPublic = new HashMap<>();
    for (int k = 0; k < order.length; k++) isPublic.put(units[order[k]], k < publicCount);
    return isPublic;
  }

  private static String unit(ReferenceTable table, int row, boolean bySample) {
    return bySample ? table.sample(row) : table.sample(row) + '\u0000' + table.point(row);
  }
}
