package org.amchallenge.submission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;
import org.amchallenge.tabular.Delimiters;
import org.amchallenge.tabular.CsvRows;
import org.amchallenge.tabular.TableRows;

/** Reads a prediction file (long CSV, wide CSV or JSON) into columns aligned with a challenge's reference rows. */
public final class PredictionReader {
  public static final String TITLE = "Invalid submission";
  private static final List<String> LONG_COLUMNS = List.of("sample_id", "quantity", "point", "component", "value", "uncertainty", "unit",
      "u_num", "u_input");
  private static final Set<String> JSON_FIELDS = Set.copyOf(LONG_COLUMNS);
  /** A wide header's quantity and its unit in brackets, {@code depth [um]}; the wide fast path reads headers by it too. */
  static final Pattern UNIT_IN_HEADER = Pattern.compile("^(.*?)\\s*\\[(.*)]\\s*$");

  /** Made at the first JSON file: a CSV file, all the offline scorer reads most often, needs no mapper, whose set-up is slow. */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  private final Challenge challenge;
  private final ReferenceData reference;

  public PredictionReader(Challenge challenge, ReferenceData reference) {
    this.challenge = challenge;
    this.reference = reference;
  }

  public ParsedSubmission read(SubmissionFormat format, byte[] body, String description) {
    if (body.length == 0 || new String(body, 0, Math.min(body.length, 4096), java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      throw new InvalidInputException(TITLE, Problem.at(1, 1, null, "the file is empty"));
    }
    return switch (format) {
      case CSV -> readCsv(body, description);
      case JSON -> readJson(body, description);
      case XLSX -> new WorkbookReader(challenge, reference).read(body, description);
    };
  }

  /** A CSV in the long form (a quantity column), the wide form (a column per quantity), or the template's layout. */
  public ParsedSubmission readCsv(InputStream in, String description) {
    try {
      return readCsv(in.readAllBytes(), description);
    } catch (IOException e) {
      throw new InvalidInputException(TITLE, Problem.of("the file could not be read: " + e.getMessage()));
    }
  }

  private ParsedSubmission readCsv(byte[] body, String description) {
    try {
      return readCsvRows(body, description);
    } catch (InvalidInputException invalid) {
      // a file saved with semicolons reads as one column: its problems say so only through this hint
      throw Delimiters.withHint(invalid, body);
    }
  }

  private ParsedSubmission readCsvRows(byte[] body, String description) {
    ParsedSubmission fast = new FastLongCsv(challenge, reference).read(body, description);
    if (fast == null) fast = new FastWideCsv(challenge, reference).read(body, description);
    return fast != null ? fast : readCsvGeneral(body, description);
  }

  /** The general CSV reader: a String per cell, every problem named. */
  ParsedSubmission readCsvGeneral(byte[] body, String description) {
    Problems problems = new Problems();
    RowSink sink = new RowSink(challenge, reference, problems);
    List<String> header;
    try (CsvRows csv = CsvRows.open(new ByteArrayInputStream(body), TITLE)) {
      if (!csv.next()) throw new InvalidInputException(TITLE, Problem.at(1, 1, null, "the file is empty"));
      header = header(csv);
      if (header.stream().anyMatch(h -> h.equalsIgnoreCase("quantity"))) readLong(csv, header, sink, problems);
      else if (header.stream().anyMatch(h -> h.equalsIgnoreCase("sample_id"))) readWide(csv, header, sink, problems);
    }
    if (header.stream().noneMatch(h -> h.equalsIgnoreCase("quantity") || h.equalsIgnoreCase("sample_id"))) {
      readCsvAsTemplate(body, sink, problems);
    }
    return finish(sink, problems, description);
  }

  /** A CSV saved from the template's sheet: its header is found by the template's column names, below any notes. */
  private void readCsvAsTemplate(byte[] body, RowSink sink, Problems problems) {
    var template = challenge.template();
    if (template != null) {
      for (var mapping : template.sheets()) {
        try (CsvRows csv = CsvRows.open(new ByteArrayInputStream(body), TITLE)) {
          if (new MappedSheetReader(challenge, sink, problems).read(csv, mapping, true)) return;
        }
      }
    }
    problems.add(1, 1, "sample_id", "required column is missing: a long file has sample_id, quantity and value columns; "
        + "a wide file has sample_id and a column per quantity" + (template == null ? "" : "; or use the challenge's template"));
  }

  static List<String> header(TableRows rows) {
    List<String> header = new ArrayList<>();
    for (int i = 0; i < rows.width(); i++) header.add(rows.cell(i));
    return header;
  }

  void readLong(TableRows rows, List<String> header, RowSink sink, Problems problems) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).toLowerCase();
      if (!LONG_COLUMNS.contains(name)) problems.add(rows.line(), i + 1, header.get(i), "unknown column; the columns are " + String.join(",", LONG_COLUMNS));
      else if (columns.putIfAbsent(name, i) != null) problems.add(rows.line(), i + 1, name, "column given twice");
    }
    for (String required : List.of("sample_id", "value")) {
      if (!columns.containsKey(required)) problems.add(rows.line(), 1, required, "required column is missing");
    }
    if (!problems.isEmpty()) return;
    RowSink.Columns at = field -> columns.getOrDefault(field, -1) + 1;
    while (rows.next() && !problems.isFull()) {
      if (rows.isBlank() || isNote(rows)) continue;
      if (rows.width() > header.size() && !rows.cell(rows.width() - 1).isEmpty()) {
        problems.add(rows.line(), header.size() + 1, null, "the row has " + rows.width() + " cells; the header has " + header.size());
      }
      String quantityName = cell(rows, columns, "quantity");
      Quantity quantity = sink.quantityNamed(quantityName);
      if (quantity == null) {
        problems.add(rows.line(), at.of("quantity"), "quantity", "unknown quantity '" + RowSink.clip(quantityName) + "'; the quantities are " + sink.quantityIds());
        continue;
      }
      sink.accept(rows.line(), at, cell(rows, columns, "sample_id"), quantity, cell(rows, columns, "point"),
          cell(rows, columns, "component"), cell(rows, columns, "value"), cell(rows, columns, "uncertainty"), cell(rows, columns, "unit"),
          cell(rows, columns, "u_num"), cell(rows, columns, "u_input"));
    }
  }

  /** A quantity's column; {@code abscissa}, where not -1, is the column of a curve's x to its left, the (x, y) pair. */
  /** The template's note rows: a first cell starting with '#' and nothing else, so that a sample named #1 is still a row. */
  private static boolean isNote(TableRows rows) {
    if (!rows.cell(0).startsWith("#")) return false;
    for (int i = 1; i < rows.width(); i++) if (!rows.cell(i).isEmpty()) return false;
    return true;
  }

  private record WideColumn(int index, Quantity quantity, String unit, int abscissa,
                            org.amchallenge.units.UnitConversion.Conversion scale) {}

  /**
   * The wide form without a template: sample_id, an optional point column, a column per quantity id or alias. A column
   * named by a curve's abscissa ({@code strain}) gives the x of the curve columns to its right, up to the next such column.
   */
  void readWide(TableRows rows, List<String> header, RowSink sink, Problems problems) {
    int sampleColumn = -1;
    int pointColumn = -1;
    int abscissaColumn = -1;
    String abscissaName = null;
    org.amchallenge.units.UnitConversion.Conversion abscissaScale = null;
    Set<String> axes = new java.util.HashSet<>();
    challenge.quantities().stream().filter(Quantity::isCurve).forEach(q -> axes.add(q.curveAxis()));
    List<WideColumn> quantities = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      Matcher withUnit = UNIT_IN_HEADER.matcher(header.get(i));
      String name = withUnit.matches() ? withUnit.group(1).strip() : header.get(i);
      String unit = withUnit.matches() ? withUnit.group(2).strip() : "";
      Quantity quantity = sink.quantityNamed(name);
      if (name.equalsIgnoreCase("sample_id")) sampleColumn = i;
      else if (name.equalsIgnoreCase("point")) pointColumn = i;
      else if (quantity != null && quantity.isCurve() && abscissaName != null && !abscissaName.equals(quantity.curveAxis())) {
        problems.add(rows.line(), i + 1, header.get(i), "the column to its left names the abscissa '" + abscissaName + "'; "
            + quantity.id() + " is a curve along " + quantity.curveAxis());
      } else if (quantity != null) {
        quantities.add(new WideColumn(i, quantity, unit, quantity.isCurve() ? abscissaColumn : -1, quantity.isCurve() ? abscissaScale : null));
      }
      else if (axes.contains(name)) {
        abscissaColumn = i;
        abscissaName = name;
        abscissaScale = abscissaScale(rows.line(), i, header.get(i), name, unit, problems);
      } else if (!name.isEmpty()) problems.add(rows.line(), i + 1, header.get(i), "unknown column: not sample_id, point, nor a quantity of " + sink.quantityIds());
    }
    if (sampleColumn < 0) problems.add(rows.line(), 1, "sample_id", "required column is missing (a long file also needs a quantity column)");
    if (pointColumn >= 0 && quantities.stream().anyMatch(c -> c.abscissa() >= 0)) {
      problems.add(rows.line(), pointColumn + 1, "point", "a point column and a curve's abscissa column cannot be used together: "
          + "give the curve's points either as point labels or as the (x, y) column pair");
    }
    if (!problems.isEmpty()) return;
    final int sampleAt = sampleColumn;
    final int pointAt = pointColumn;
    while (rows.next() && !problems.isFull()) {
      if (rows.isBlank() || rows.cell(0).startsWith("#")) continue;
      for (WideColumn column : quantities) {
        String value = rows.cell(column.index());
        if (value.isEmpty()) continue;
        RowSink.Columns at = field -> switch (field) {
          case "sample_id" -> sampleAt + 1;
          case "point" -> column.abscissa() >= 0 ? column.abscissa() + 1 : pointAt + 1;
          default -> column.index() + 1;
        };
        String point = column.abscissa() >= 0 ? column.quantity().curveAxis() + "=" + abscissa(rows.cell(column.abscissa()), column.scale())
            : pointAt < 0 ? "" : rows.cell(pointAt);
        sink.accept(rows.line(), at, rows.cell(sampleAt), column.quantity(), point, "", value, "", column.unit());
      }
    }
  }

  /**
   * The conversion from an abscissa column's unit ({@code strain [%]}) to the curve's point unit; refused where the curve
   * declares none or the two do not convert.
   */
  private org.amchallenge.units.UnitConversion.Conversion abscissaScale(int line, int column, String header, String axis, String unit,
                                                                       Problems problems) {
    if (unit.isEmpty()) return null;
    Quantity curve = challenge.quantities().stream().filter(q -> axis.equals(q.curveAxis())).findFirst().orElseThrow();
    String declared = curve.point() == null ? null : curve.point().unit();
    if (declared == null || declared.isEmpty()) {
      problems.add(line, column, header, "the curve " + curve.id() + " declares no unit for " + axis + "; give the column as '" + axis + "' without one");
      return null;
    }
    if (unit.equals(declared)) return null;
    try {
      return org.amchallenge.units.UnitConversion.between(unit, declared);
    } catch (IllegalArgumentException e) {
      problems.add(line, column, header, e.getMessage() + " (the unit of " + axis + ")");
      return null;
    }
  }

  /** An abscissa cell in the curve's unit, as its point label's number; the cell as it is where it is not a number. */
  private static String abscissa(String cell, org.amchallenge.units.UnitConversion.Conversion conversion) {
    if (conversion == null) return cell;
    double value = org.amchallenge.tabular.Numbers.parseFinite(cell);
    return Double.isNaN(value) ? cell : org.amchallenge.tabular.Numbers.shortest(conversion.value(value));
  }

  /** {@code {"predictions": [{"sample_id": ..., "quantity": ..., "value": ...}], "description": "..."}}. */
  public ParsedSubmission readJson(byte[] body, String description) {
    ParsedSubmission fast = new FastJson(challenge, reference).read(body, description);
    return fast != null ? fast : readJsonRows(body, description);
  }

  /** The general JSON reader: a tree per row, every problem named. */
  ParsedSubmission readJsonRows(byte[] body, String description) {
    Problems problems = new Problems();
    RowSink sink = new RowSink(challenge, reference, problems);
    String describedInFile = null;
    Map<String, Object> method = null;
    boolean sawPredictions = false;
    try (JsonParser parser = Mapper.JSON.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) throw jsonProblem(parser, "the body must be a JSON object with a predictions array");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("predictions") && value == JsonToken.START_ARRAY) {
          sawPredictions = true;
          readJsonRows(parser, sink, problems);
        } else if (field.equals("description") && value == JsonToken.VALUE_STRING) {
          describedInFile = parser.getText();
        } else if (field.equals("method") && value == JsonToken.START_OBJECT) {
          method = Mapper.JSON.readValue(parser, new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() {});
        } else {
          problems.add(line(parser), column(parser), field,
              "unknown field; the body has predictions (an array), description (text) and method (the method card, an object)");
          parser.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      problems.add(at == null ? 1 : Math.max(1, at.getLineNr()), at == null ? 1 : Math.max(1, at.getColumnNr()), null, e.getOriginalMessage());
    } catch (IOException e) {
      problems.add(Problem.of(e.getMessage()));
    }
    if (!sawPredictions && problems.isEmpty()) problems.add(1, 1, "predictions", "the predictions array is missing");
    return finish(sink, problems, describedInFile != null ? describedInFile : description).withMethod(method);
  }

  private void readJsonRows(JsonParser parser, RowSink sink, Problems problems) throws IOException {
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      int line = line(parser);
      int column = column(parser);
      if (token != JsonToken.START_OBJECT) {
        problems.add(line, column, null, "each prediction must be an object");
        parser.skipChildren();
        continue;
      }
      JsonNode row = Mapper.JSON.readTree(parser);
      if (problems.isFull()) continue;
      readJsonRow(row, line, column, sink, problems);
    }
  }

  private void readJsonRow(JsonNode row, int line, int column, RowSink sink, Problems problems) {
    for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!JSON_FIELDS.contains(name)) problems.add(line, column, name, "unknown field; the fields are " + LONG_COLUMNS);
    }
    Quantity quantity = sink.quantityNamed(row.path("quantity").asText(""));
    if (quantity == null) {
      problems.add(line, column, "quantity", "unknown quantity '" + RowSink.clip(row.path("quantity").asText("")) + "'; the quantities are " + sink.quantityIds());
      return;
    }
    sink.accept(line, field -> column, text(row, "sample_id"), quantity, text(row, "point"), text(row, "component"),
        number(row, "value"), number(row, "uncertainty"), text(row, "unit"), number(row, "u_num"), number(row, "u_input"));
  }

  private static String text(JsonNode row, String field) {
    JsonNode node = row.path(field);
    return node.isValueNode() && !node.isNull() ? node.asText().strip() : "";
  }

  private static String number(JsonNode row, String field) {
    JsonNode node = row.path(field);
    if (node.isTextual()) return node.asText().strip();
    if (!node.isNumber()) return node.isMissingNode() || node.isNull() ? "" : node.toString();
    return node.isFloatingPointNumber() ? Double.toString(node.asDouble()) : node.asText();
  }

  ParsedSubmission finish(RowSink sink, Problems problems, String description) {
    if (problems.isEmpty() && sink.rows() == 0) problems.add(1, 1, null, "the file has no prediction rows");
    problems.throwIfAny(TITLE);
    return new ParsedSubmission(sink.predictions(), sink.rows(), description);
  }

  private static String cell(TableRows rows, Map<String, Integer> columns, String name) {
    Integer column = columns.get(name);
    return column == null ? "" : rows.cell(column);
  }

  private static int line(JsonParser parser) {
    return Math.max(1, parser.currentTokenLocation().getLineNr());
  }

  private static int column(JsonParser parser) {
    return Math.max(1, parser.currentTokenLocation().getColumnNr());
  }

  private static InvalidInputException jsonProblem(JsonParser parser, String detail) {
    return new InvalidInputException(TITLE, Problem.at(line(parser), column(parser), null, detail));
  }

}
