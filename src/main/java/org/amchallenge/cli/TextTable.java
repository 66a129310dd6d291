package org.amchallenge.cli;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table for the terminal: each column as wide as its widest cell, the header's included, numbers right-aligned.
 * Written here because picocli's own TextTable wraps text into fixed widths and aligns everything left.
 * Widths are counted in terminal columns, not chars: an accent written as a combining mark takes none, a CJK
 * character or an emoji two, and a line break or tab in a cell (a reason, a team's name) is shown as a space.
 */
final class TextTable {
  private static final String NUMBER = "[-+]?[0-9.eE+\\-]+%?|[0-9]+/[0-9]+|NaN|-?Infinity";

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(List<String> header) {
    this.header = header.stream().map(TextTable::oneLine).toList();
  }

  TextTable add(List<String> row) {
    rows.add(row.stream().map(TextTable::oneLine).toList());
    return this;
  }

  String render() {
    int[] widths = new int[header.size()];
    boolean[] numeric = new boolean[header.size()];
    Arrays.fill(numeric, true);
    for (int c = 0; c < header.size(); c++) widths[c] = width(header.get(c));
    for (List<String> row : rows) {
      for (int c = 0; c < header.size(); c++) {
        String cell = cell(row, c);
        widths[c] = Math.max(widths[c], width(cell));
        if (!cell.isEmpty() && !cell.matches(NUMBER)) numeric[c] = false;
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths, numeric);
    for (int c = 0; c < widths.length; c++) out.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
    out.append('\n');
    for (List<String> row : rows) line(out, row, widths, numeric);
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths, boolean[] numeric) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      String cell = cell(cells, c);
      String pad = " ".repeat(widths[c] - width(cell));
      line.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + cell : cell + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String cell(List<String> cells, int c) {
    return c < cells.size() && cells.get(c) != null ? cells.get(c) : "";
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ");
  }

  /** The columns a terminal gives the text. */
  static int width(String text) {
    int columns = 0;
    for (int i = 0; i < text.length(); ) {
      int point = text.codePointAt(i);
      i += Character.charCount(point);
      int type = Character.getType(point);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) continue;
      columns += wide(point) ? 2 : 1;
    }
    return columns;
  }

  /** Wide and full-width characters (CJK, most emoji) by Unicode's East Asian Width, which terminals follow. */
  private static boolean wide(int point) {
    int width = UCharacter.getIntPropertyValue(point, UProperty.EAST_ASIAN_WIDTH);
    return width == UCharacter.EastAsianWidth.WIDE || width == UCharacter.EastAsianWidth.FULLWIDTH;
  }
}
