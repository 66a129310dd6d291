package org.amchallenge.challenge;

import java.util.List;
import java.util.Map;

/**
 * How the spreadsheet a challenge's modelers already use maps onto its rows, so that a filled-in copy of
 * that very file is a valid submission: one mapping per sheet.
 */
public record Template(List<SheetMapping> sheets) {

  /** A sheet: where its header is, how a row names its sample and point, and which columns hold which quantity. */
  public record SheetMapping(String sheet, int headerRow, SampleKey sample, Map<String, String> point, List<ColumnMapping> columns) {}

  /** A constant sample name (the sheet is one sample), or the columns whose cells, joined with "/", name it. */
  public record SampleKey(String constant, List<String> headers) {
    public static SampleKey ofConstant(String value) {
      return new SampleKey(value, List.of());
    }

    public static SampleKey ofHeaders(List<String> headers) {
      return new SampleKey(null, List.copyOf(headers));
    }

    public boolean isConstant() {
      return constant != null;
    }
  }

  /** A column holding one quantity; unit, point and component where the column fixes them. */
  public record ColumnMapping(String quantity, String header, String unit, String point, String component) {}
}
