package org.amchallenge.problem;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of an input, keeping the first {@link #LISTED} and counting the rest. */
public final class Problems {
  public static final int LISTED = 100;

  private final List<Problem> listed = new ArrayList<>();
  private int total;
  private String sheet;

  /** The sheet of a workbook that the problems added from now on are in; null outside a workbook. */
  public void inSheet(String name) {
    sheet = name;
  }

  public void add(Problem problem) {
    total++;
    if (listed.size() < LISTED) listed.add(sheet == null || problem.sheet() != null ? problem : problem.inSheet(sheet));
  }

  public void add(int line, int column, String field, String detail) {
    add(Problem.at(line, column, field, detail));
  }

  public boolean isEmpty() {
    return total == 0;
  }

  /** True when enough problems are listed that reading on would only count more. */
  public boolean isFull() {
    return listed.size() >= LISTED;
  }

  public int total() {
    return total;
  }

  public List<Problem> listed() {
    return List.copyOf(listed);
  }

  /** Orders the listed problems by line, then column, as an editor shows a file (a definition is checked field by field, not top to bottom). */
  public void sortByPosition() {
    listed.sort(java.util.Comparator.comparing((Problem p) -> p.line() == null ? 0 : p.line())
        .thenComparing(p -> p.column() == null ? 0 : p.column()));
  }

  /** Throws an {@link InvalidInputException} with every problem when there is any. */
  public void throwIfAny(String title) {
    if (total > 0) throw new InvalidInputException(title, listed(), total);
  }
}
