package org.amchallenge.submission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.Template.ColumnMapping;
import org.amchallenge.challenge.Template.SheetMapping;
import org.amchallenge.problem.Problems;
import org.amchallenge.tabular.TableRows;

/** Reads the rows of a sheet laid out as the challenge's template describes: sample and point columns, quantity columns. */
final class MappedSheetReader {
  private static final Pattern UNIT_IN_HEADER = Pattern.compile("\\[([^\\]]*)]");
  private static final int HEADER_SEARCH_ROWS = 100;

  private final Challenge challenge;
  private final RowSink sink;
  private final Problems problems;

  MappedSheetReader(Challenge challenge, RowSink sink, Problems problems) {
    this.challenge = challenge;
    this.sink = sink;
    this.problems = problems;
  }

  /** Headers match after trimming and folding runs of spaces; curly quotes, μ and µ match their plain forms. */
  static String normalHeader(String header) {
    return header.strip().replaceAll("\\s+", " ").replace('\u2019', '\'').replace('\u2018', '\'').replace('\u03bc', '\u00b5');
  }

  /** The unit a header names in brackets, e.g. "Wd Mean [μm]"; "" where none. */
  static String unitInHeader(String header) {
    Matcher unit = UNIT_IN_HEADER.matcher(header);
    return unit.find() ? unit.group(1).strip() : "";
  }

  /** True when the rows were read; false when no header row was found (nothing is reported then). */
  boolean read(TableRows rows, SheetMapping mapping, boolean searchHeader) {
    Map<String, Integer> header = findHeader(rows, mapping, searchHeader);
    if (header == null) return false;
    int headerLine = rows.line();
    List<Integer> sampleColumns = columns(mapping.sample().headers(), header, headerLine);
    Map<String, Integer> pointColumns = new HashMap<>();
    mapping.point().forEach((name, h) -> pointColumns.put(name, column(h, header, headerLine)));
    List<Integer> valueColumns = new ArrayList<>();
    for (ColumnMapping c : mapping.columns()) valueColumns.add(column(c.header(), header, headerLine));
    if (!problems.isEmpty()) return true;
    while (rows.next() && !problems.isFull()) {
      if (rows.isBlank() || rows.cell(0).startsWith("#")) continue;
      readRow(rows, mapping, sampleColumns, pointColumns, valueColumns);
    }
    return true;
  }

  private Map<String, Integer> findHeader(TableRows rows, SheetMapping mapping, boolean search) {
    int limit = search ? HEADER_SEARCH_ROWS : mapping.headerRow();
    while (rows.next() && rows.line() <= limit) {
      if (!search && rows.line() < mapping.headerRow()) continue;
      Map<String, Integer> header = new HashMap<>();
      for (int i = 0; i < rows.width(); i++) header.putIfAbsent(normalHeader(rows.cell(i)), i);
      boolean complete = mapping.columns().stream().allMatch(c -> header.containsKey(normalHeader(c.header())));
      if (complete || !search) return header;
    }
    if (!search) problems.add(mapping.headerRow(), 1, null, "the header row " + mapping.headerRow() + " is missing");
    return null;
  }

  private List<Integer> columns(List<String> headers, Map<String, Integer> header, int line) {
    List<Integer> columns = new ArrayList<>();
    for (String h : headers) columns.add(column(h, header, line));
    return columns;
  }

  private int column(String name, Map<String, Integer> header, int line) {
    Integer column = header.get(normalHeader(name));
    if (column == null) {
      problems.add(line, 1, name, "column '" + name + "' is missing from the header");
      return -1;
    }
    return column;
  }

  private void readRow(TableRows rows, SheetMapping mapping, List<Integer> sampleColumns,
                       Map<String, Integer> pointColumns, List<Integer> valueColumns) {
    String sample = mapping.sample().isConstant() ? mapping.sample().constant() : joinedSample(rows, sampleColumns);
    StringBuilder point = new StringBuilder();
    pointColumns.entrySet().stream().sorted(Map.Entry.comparingByKey(orderOf(mapping)))
        .forEach(p -> point.append(point.length() == 0 ? "" : ";").append(p.getKey()).append('=').append(rows.cell(p.getValue())));
    for (int k = 0; k < mapping.columns().size(); k++) {
      ColumnMapping c = mapping.columns().get(k);
      int column = valueColumns.get(k);
      String value = rows.cell(column);
      if (value.isEmpty()) continue;
      Quantity quantity = challenge.quantity(c.quantity()).orElseThrow();
      String fullPoint = c.point() == null ? point.toString() : point.length() == 0 ? c.point() : point + ";" + c.point();
      int sampleColumn = sampleColumns.isEmpty() ? 1 : sampleColumns.get(0) + 1;
      RowSink.Columns at = field -> field.equals("sample_id") ? sampleColumn : column + 1;
      sink.accept(rows.line(), at, sample, quantity, fullPoint, c.component() == null ? "" : c.component(), value, "",
          c.unit() != null ? c.unit() : unitInHeader(c.header()));
    }
  }

  private static String joinedSample(TableRows rows, List<Integer> columns) {
    StringBuilder sample = new StringBuilder();
    for (int column : columns) sample.append(sample.length() == 0 ? "" : "/").append(rows.cell(column));
    return sample.toString();
  }

  /** Point parts in the order the template lists them. */
  private static java.util.Comparator<String> orderOf(SheetMapping mapping) {
    List<String> names = new ArrayList<>(mapping.point().keySet());
    return java.util.Comparator.comparingInt(names::indexOf);
  }
}
