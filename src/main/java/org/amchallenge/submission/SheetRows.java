package org.amchallenge.submission;

import java.util.Iterator;
import org.amchallenge.tabular.Numbers;
import org.amchallenge.tabular.TableRows;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

/** The rows of one workbook sheet as text cells; numbers in their shortest decimal form, formulas by their cached value. */
final class SheetRows implements TableRows {
  private final Iterator<Row> rows;
  private Row row;

  SheetRows(Sheet sheet) {
    this.rows = sheet.iterator();
  }

  @Override
  public boolean next() {
    row = rows.hasNext() ? rows.next() : null;
    return row != null;
  }

  @Override
  public int line() {
    return row.getRowNum() + 1;
  }

  @Override
  public int width() {
    return Math.max(0, row.getLastCellNum());
  }

  @Override
  public String cell(int column) {
    Cell cell = column < 0 ? null : row.getCell(column);
    if (cell == null) return "";
    CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
    return switch (type) {
      case NUMERIC -> Numbers.shortest(cell.getNumericCellValue());
      case STRING -> cell.getStringCellValue().strip();
      case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
      case ERROR -> "#ERROR";
      default -> "";
    };
  }
}
