package org.amchallenge.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A table for the terminal: columns as wide as their widest cell, numbers right-aligned. Written here because
 * picocli's own TextTable wraps text into fixed widths and aligns everything left.
 */
final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(List<String> header) {
    this.header = header;
  }

  TextTable add(List<String> row) {
    rows.add(row);
    return this;
  }

  String render() {
    int[] widths = new int[header.size()];
    boolean[] numeric = new boolean[header.size()];
    java.util.Arrays.fill(numeric, true);
    for (int c = 0; c < header.size(); c++) widths[c] = header.get(c).length();
    for (List<String> row : rows) {
      for (int c = 0; c < header.size(); c++) {
        String cell = c < row.size() ? row.get(c) : "";
        widths[c] = Math.max(widths[c], cell.length());
        if (!cell.isEmpty() && !cell.matches("[-+]?[0-9.eE+\\-]+%?|[0-9]+/[0-9]+")) numeric[c] = false;
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
      String cell = c < cells.size() ? cells.get(c) : "";
      String pad = " ".repeat(widths[c] - cell.length());
      line.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + cell : cell + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
