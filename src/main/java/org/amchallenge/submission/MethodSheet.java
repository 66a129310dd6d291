package org.amchallenge.submission;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A workbook's method card (SPEC "Method cards"): a sheet named {@code method}, one field a row, its id then its value. */
final class MethodSheet {
  static final String NAME = "method";

  private MethodSheet() {}

  /** The card as the sheet gives it, values as text; null where the workbook has no such sheet. */
  static Map<String, Object> read(WorkbookParts workbook) throws IOException {
    for (WorkbookParts.Sheet sheet : workbook.sheets()) {
      if (!sheet.name().equalsIgnoreCase(NAME)) continue;
      Map<String, Object> card = new LinkedHashMap<>();
      try (SheetRows rows = workbook.rows(sheet)) {
        while (rows.next()) {
          String field = rows.cell(0).strip();
          String value = rows.cell(1).strip();
          // a heading row ("field", "value") as a template lays it out, and blank rows, carry no field
          if (field.isEmpty() || field.equalsIgnoreCase("field") || field.equalsIgnoreCase("id") || value.isEmpty()) continue;
          card.put(field, value);
        }
      }
      return card;
    }
    return null;
  }
}
