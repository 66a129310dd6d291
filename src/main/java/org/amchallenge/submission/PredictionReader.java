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
import org.amchallenge.tabular.CsvRows;

/** Reads a prediction file (long CSV, wide CSV or JSON) into columns aligned with a challenge's reference rows. */
public final class PredictionReader {
  public static final String TITLE = "Invalid submission";
  private static final List<String> LONG_COLUMNS = List.of("sample_id", "quantity", "point", "component", "value", "uncertainty", "unit");
  private static final Set<String> JSON_FIELDS = Set.copyOf(LONG_COLUMNS);
  private static final Pattern UNIT_IN_HEADER = Pattern.compile("^(.*?)\\s*\\[(.*)]\\s*$");
  private static final ObjectMapper JSON = new ObjectMapper();

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
      case CSV -> readCsv(new ByteArrayInputStream(body), description);
      case JSON -> readJson(body, description);
      case XLSX -> throw new InvalidInputException("Unsupported submission format",
          Problem.of("XLSX submissions are not read yet; upload the same rows as CSV or JSON"));
    };
  }

  /** A CSV in the long form (a quantity column) or the wide form (a column per quantity). */
  public ParsedSubmission readCsv(InputStream in, String description) {
    Problems problems = new Problems();
    RowSink sink = new RowSink(challenge, reference, problems);
    try (CsvRows csv = CsvRows.open(in, TITLE)) {
      if (!csv.next()) throw new InvalidInputException(TITLE, Problem.at(1, 1, null, "the file is empty"));
      List<String> header = new ArrayList<>();
      for (int i = 0; i < csv.width(); i++) header.add(csv.cell(i).strip());
      if (header.stream().anyMatch(h -> h.equalsIgnoreCase("quantity"))) readLong(csv, header, sink, problems);
      else readWide(csv, header, sink, problems);
    }
    return finish(sink, problems, description);
  }

  private void readLong(CsvRows csv, List<String> header, RowSink sink, Problems problems) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).toLowerCase();
      if (!LONG_COLUMNS.contains(name)) problems.add(csv.line(), i + 1, header.get(i), "unknown column; the columns are " + String.join(",", LONG_COLUMNS));
      else if (columns.putIfAbsent(name, i) != null) problems.add(csv.line(), i + 1, name, "column given twice");
    }
    for (String required : List.of("sample_id", "value")) {
      if (!columns.containsKey(required)) problems.add(csv.line(), 1, required, "required column is missing");
    }
    problems.throwIfAny(TITLE);
    RowSink.Columns at = field -> columns.getOrDefault(field, -1) + 1;
    while (csv.next() && !problems.isFull()) {
      if (csv.isBlank()) continue;
      if (csv.width() > header.size()) problems.add(csv.line(), header.size() + 1, null, "the row has " + csv.width() + " cells; the header has " + header.size());
      String quantityName = cell(csv, columns, "quantity");
      Quantity quantity = sink.quantityNamed(quantityName);
      if (quantity == null) {
        problems.add(csv.line(), at.of("quantity"), "quantity", "unknown quantity '" + RowSink.clip(quantityName) + "'; the quantities are " + sink.quantityIds());
        continue;
      }
      sink.accept(csv.line(), at, cell(csv, columns, "sample_id"), quantity, cell(csv, columns, "point"),
          cell(csv, columns, "component"), cell(csv, columns, "value"), cell(csv, columns, "uncertainty"), cell(csv, columns, "unit"));
    }
  }

  private record WideColumn(int index, Quantity quantity, String unit) {}

  private void readWide(CsvRows csv, List<String> header, RowSink sink, Problems problems) {
    int sampleColumn = -1;
    int pointColumn = -1;
    List<WideColumn> quantities = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      Matcher withUnit = UNIT_IN_HEADER.matcher(header.get(i));
      String name = withUnit.matches() ? withUnit.group(1).strip() : header.get(i);
      String unit = withUnit.matches() ? withUnit.group(2).strip() : "";
      Quantity quantity = sink.quantityNamed(name);
      if (name.equalsIgnoreCase("sample_id")) sampleColumn = i;
      else if (name.equalsIgnoreCase("point")) pointColumn = i;
      else if (quantity != null) quantities.add(new WideColumn(i, quantity, unit));
      else problems.add(csv.line(), i + 1, header.get(i), "unknown column: not sample_id, point, nor a quantity of " + sink.quantityIds());
    }
    if (sampleColumn < 0) problems.add(csv.line(), 1, "sample_id", "required column is missing (a long file also needs a quantity column)");
    problems.throwIfAny(TITLE);
    final int sampleAt = sampleColumn;
    final int pointAt = pointColumn;
    while (csv.next() && !problems.isFull()) {
      if (csv.isBlank()) continue;
      for (WideColumn column : quantities) {
        String value = csv.cell(column.index()).strip();
        if (value.isEmpty()) continue;
        RowSink.Columns at = field -> switch (field) {
          case "sample_id" -> sampleAt + 1;
          case "point" -> pointAt + 1;
          default -> column.index() + 1;
        };
        sink.accept(csv.line(), at, csv.cell(sampleAt).strip(), column.quantity(),
            pointAt < 0 ? "" : csv.cell(pointAt).strip(), "", value, "", column.unit());
      }
    }
  }

  /** {@code {"predictions": [{"sample_id": ..., "quantity": ..., "value": ...}], "description": "..."}}. */
  public ParsedSubmission readJson(byte[] body, String description) {
    Problems problems = new Problems();
    RowSink sink = new RowSink(challenge, reference, problems);
    String describedInFile = null;
    boolean sawPredictions = false;
    try (JsonParser parser = JSON.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) throw jsonProblem(parser, "the body must be a JSON object with a predictions array");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("predictions") && value == JsonToken.START_ARRAY) {
          sawPredictions = true;
          readJsonRows(parser, sink, problems);
        } else if (field.equals("description") && value == JsonToken.VALUE_STRING) {
          describedInFile = parser.getText();
        } else {
          problems.add(line(parser), column(parser), field, "unknown field; the body has predictions (an array) and description (text)");
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
    return finish(sink, problems, describedInFile != null ? describedInFile : description);
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
      JsonNode row = JSON.readTree(parser);
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
        number(row, "value"), number(row, "uncertainty"), text(row, "unit"));
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

  private ParsedSubmission finish(RowSink sink, Problems problems, String description) {
    if (problems.isEmpty() && sink.rows() == 0) problems.add(1, 1, null, "the file has no prediction rows");
    problems.throwIfAny(TITLE);
    return new ParsedSubmission(sink.predictions(), sink.rows(), description);
  }

  private static String cell(CsvRows csv, Map<String, Integer> columns, String name) {
    Integer column = columns.get(name);
    return column == null ? "" : csv.cell(column).strip();
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
