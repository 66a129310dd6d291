package org.amchallenge.tabular;

/** What every CSV the server writes does to a cell that a spreadsheet would otherwise run. */
public final class CsvCells {
  private CsvCells() {}

  /** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written as text. */
  public static String neutralized(String cell) {
    return cell != null && !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
  }
}
