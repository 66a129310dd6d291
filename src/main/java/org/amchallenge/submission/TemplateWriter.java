package org.amchallenge.submission;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.challenge.Template;
import org.amchallenge.tabular.Numbers;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The blank submission template of a challenge, with every expected row filled in but the values: a long CSV,
 * and an XLSX laid out as the challenge's template (or in the long form where it has none). It names rows,
 * never a measured value.
 */
public final class TemplateWriter {
  private static final List<String> LONG_HEADER = List.of("sample_id", "quantity", "point", "component", "value", "uncertainty", "unit");

  private TemplateWriter() {}

  public static String csv(Challenge challenge, ReferenceData reference) {
    StringBuilder csv = new StringBuilder(String.join(",", LONG_HEADER)).append('\n');
    for (List<String> row : longRows(challenge, reference)) {
      csv.append(String.join(",", row.stream().map(TemplateWriter::csvCell).toList())).append('\n');
    }
    return csv.toString();
  }

  public static byte[] xlsx(Challenge challenge, ReferenceData reference) {
    try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      overview(workbook.createSheet("overview"), challenge);
      if (challenge.template() == null) {
        Sheet sheet = workbook.createSheet("predictions");
        write(sheet.createRow(0), LONG_HEADER);
        List<List<String>> rows = longRows(challenge, reference);
        for (int r = 0; r < rows.size(); r++) write(sheet.createRow(r + 1), rows.get(r));
      } else {
        for (Template.SheetMapping mapping : challenge.template().sheets()) mappedSheet(workbook.createSheet(mapping.sheet()), mapping, reference);
      }
      workbook.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The expected rows; none yet where the challenge has no reference data (the header alone, for a preview). */
  private static List<List<String>> longRows(Challenge challenge, ReferenceData reference) {
    List<List<String>> rows = new ArrayList<>();
    if (reference == null) return rows;
    for (Quantity quantity : challenge.quantities()) {
      ReferenceTable table = reference.table(quantity.id());
      if (quantity.hasObservations()) {
        // a distribution takes any number of draws per sample: one row of each sample shows the form
        table.rowsBySample().keySet().forEach(sample -> rows.add(List.of(sample, quantity.id(), "", "", "", "", quantity.unit())));
        continue;
      }
      for (int i = 0; i < table.size(); i++) {
        rows.add(List.of(table.sample(i), quantity.id(), table.point(i), table.component(i), "", "", quantity.unit()));
      }
    }
    List<List<String>> notes = notes(challenge);
    notes.addAll(rows);
    return notes;
  }

  /**
   * Note rows, first cell starting with '#', which readers skip: how a curve or a distribution is given, since its rows
   * need not be the ones listed.
   */
  private static List<List<String>> notes(Challenge challenge) {
    List<List<String>> notes = new ArrayList<>();
    for (Quantity quantity : challenge.quantities()) {
      String note = null;
      if (quantity.isCurve()) {
        note = "# " + quantity.id() + " is a curve: give one row per point, point " + quantity.curveAxis() + "=<number>, at any "
            + quantity.curveAxis() + " and as many points as you like (up to 10000 per sample); the rows below are the measured "
            + quantity.curveAxis() + " values. Compared as whole curves (curve_area, curve_overlap, frechet)";
      } else if (quantity.hasObservations()) {
        note = "# " + quantity.id() + " is a distribution: give any number of draws per sample (up to 100000), one row each, "
            + "point empty or any label; compared with the measured observations (wasserstein, nwasserstein, ks)";
      }
      if (note != null) notes.add(List.of(note, "", "", "", "", "", ""));
    }
    return notes;
  }

  private static void overview(Sheet sheet, Challenge challenge) {
    String[][] rows = {{"Challenge", challenge.title()}, {"Team", ""}, {"Team members", ""},
        {"Model description", ""}, {"Additional input data used", ""}};
    for (int r = 0; r < rows.length; r++) write(sheet.createRow(r), List.of(rows[r]));
  }

  private static void mappedSheet(Sheet sheet, Template.SheetMapping mapping, ReferenceData reference) {
    List<String> keyHeaders = new ArrayList<>(mapping.sample().headers());
    keyHeaders.addAll(mapping.point().values());
    List<String> header = new ArrayList<>(keyHeaders);
    mapping.columns().forEach(c -> header.add(c.header()));
    write(sheet.createRow(mapping.headerRow() - 1), header);
    int r = mapping.headerRow();
    for (List<String> key : rowKeys(mapping, reference)) write(sheet.createRow(r++), key);
  }

  /** The key cells (sample columns, then point columns) of each row the sheet expects, in reference order. */
  static Set<List<String>> rowKeys(Template.SheetMapping mapping, ReferenceData reference) {
    Set<List<String>> keys = new LinkedHashSet<>();
    for (Template.ColumnMapping column : mapping.columns()) {
      ReferenceTable table = reference.table(column.quantity());
      for (int i = 0; i < table.size(); i++) {
        if (mapping.sample().isConstant() && !mapping.sample().constant().equals(table.sample(i))) continue;
        if (column.component() != null && !column.component().equals(table.component(i))) continue;
        Map<String, String> point = parts(table.point(i));
        if (column.point() != null && !parts(column.point()).entrySet().stream().allMatch(e -> e.getValue().equals(point.get(e.getKey())))) continue;
        List<String> key = new ArrayList<>();
        if (!mapping.sample().isConstant()) key.addAll(splitSample(table.sample(i), mapping.sample().headers().size()));
        mapping.point().keySet().forEach(name -> key.add(point.getOrDefault(name, "")));
        keys.add(key);
      }
    }
    return keys;
  }

  private static List<String> splitSample(String sample, int columns) {
    String[] parts = sample.split("/", -1);
    return parts.length == columns ? List.of(parts) : List.of(sample);
  }

  private static Map<String, String> parts(String label) {
    Map<String, String> parts = new LinkedHashMap<>();
    if (label == null || label.isEmpty()) return parts;
    for (String part : label.split(";")) {
      int equals = part.indexOf('=');
      if (equals > 0) parts.put(part.substring(0, equals), part.substring(equals + 1));
    }
    return parts;
  }

  /** Numbers are written as numbers, so that a spreadsheet keeps them and they read back in the same form. */
  private static void write(Row row, List<String> cells) {
    for (int c = 0; c < cells.size(); c++) {
      String text = cells.get(c);
      if (text.isEmpty()) continue;
      double number = Numbers.parseFinite(text);
      if (Double.isNaN(number) || !Numbers.shortest(number).equals(text)) row.createCell(c).setCellValue(text);
      else row.createCell(c).setCellValue(number);
    }
  }

  private static String csvCell(String text) {
    return text.contains(",") || text.contains("\"") || text.contains("\n") ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
