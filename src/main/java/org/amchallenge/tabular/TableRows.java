package org.amchallenge.tabular;

/** Rows of text cells with the line (or spreadsheet row) each came from: a CSV file or one sheet of a workbook. */
public interface TableRows {

  /** Moves to the next row; false at the end. */
  boolean next();

  /** The 1-based line or row number of the current row. */
  int line();

  int width();

  /** The trimmed text of a 0-based column, or "" where the row is shorter or the cell empty. */
  String cell(int column);

  default boolean isBlank() {
    for (int i = 0; i < width(); i++) {
      if (!cell(i).isEmpty()) return false;
    }
    return true;
  }
}
