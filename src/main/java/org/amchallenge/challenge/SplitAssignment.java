package org.amchallenge.challenge;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /** For each quantity, true for each public row. Arrays, not sets: a million-row reference must fit a small heap. */
  public static Map<String, boolean[]> publicRows(Challenge challenge, ReferenceData reference) {
    boolean bySample = challenge.split().by() == Challenge.SplitBy.SAMPLE;
    String[] units = distinctUnits(reference, bySample);
    boolean[] isPublic = assign(units.length, challenge.split());
    Map<String, boolean[]> rows = new LinkedHashMap<>();
    reference.tables().forEach((quantity, table) -> {
      boolean[] mask = new boolean[table.size()];
      for (int i = 0; i < mask.length; i++) mask[i] = isPublic[Arrays.binarySearch(units, unit(table, i, bySample))];
      rows.put(quantity, mask);
    });
    return rows;
  }

  private static String[] distinctUnits(ReferenceData reference, boolean bySample) {
    String[] all = new String[reference.rows()];
    int k = 0;
    for (ReferenceTable table : reference.tables().values()) {
      for (int i = 0; i < table.size(); i++) all[k++] = unit(table, i, bySample);
    }
    Arrays.sort(all);
    int distinct = 0;
    for (int i = 0; i < all.length; i++) {
      if (distinct == 0 || !all[i].equals(all[distinct - 1])) all[distinct++] = all[i];
    }
    return Arrays.copyOf(all, distinct);
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

  private static boolean[] assign(int units, Challenge.Split split) {
    int[] order = MathArrays.natural(units);
    MathArrays.shuffle(order, new Well19937c(split.seed()));
    int publicCount = (int) Math.round(split.publicFraction() * units);
    if (units >= 2 && split.publicFraction() > 0 && split.publicFraction() < 1) {
      publicCount = Math.max(1, Math.min(units - 1, publicCount));
    }
    boolean[] isPublic = new boolean[units];
    for (int k = 0; k < publicCount; k++) isPublic[order[k]] = true;
    return isPublic;
  }

  private static String unit(ReferenceTable table, int row, boolean bySample) {
    return bySample ? table.sample(row) : table.sample(row) + '\u0000' + table.point(row);
  }
}
