package org.amchallenge.submission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.Template;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * Reads an XLSX submission with Apache POI: the sheets the challenge's template names, or else the first sheet
 * in the long or wide form; an {@code overview} sheet holds the model description.
 */
final class WorkbookReader {
  private static final String OVERVIEW = "overview";

  private final Challenge challenge;
  private final ReferenceData reference;

  WorkbookReader(Challenge challenge, ReferenceData reference) {
    this.challenge = challenge;
    this.reference = reference;
  }

  ParsedSubmission read(byte[] body, String description) {
    Problems problems = new Problems();
    RowSink sink = new RowSink(challenge, reference, problems);
    PredictionReader reader = new PredictionReader(challenge, reference);
    try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(body))) {
      if (challenge.template() != null) readMapped(workbook, challenge.template(), sink, problems);
      else readFirstSheet(workbook, reader, sink, problems);
      problems.inSheet(null);
      String overview = overview(workbook);
      return reader.finish(sink, problems, description != null && !description.isBlank() ? description : overview);
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidInputException invalid) throw invalid;
      throw new InvalidInputException(PredictionReader.TITLE, Problem.of("the file is not a readable XLSX workbook: " + e.getMessage()));
    }
  }

  private void readMapped(Workbook workbook, Template template, RowSink sink, Problems problems) {
    for (Template.SheetMapping mapping : template.sheets()) {
      Sheet sheet = workbook.getSheet(mapping.sheet());
      problems.inSheet(mapping.sheet());
      if (sheet == null) {
        problems.add(Problem.of("the sheet '" + mapping.sheet() + "' is missing; the template's sheets are "
            + template.sheets().stream().map(Template.SheetMapping::sheet).toList()));
        continue;
      }
      new MappedSheetReader(challenge, sink, problems).read(new SheetRows(sheet), mapping, false);
    }
  }

  private void readFirstSheet(Workbook workbook, PredictionReader reader, RowSink sink, Problems problems) {
    for (Sheet sheet : workbook) {
      if (sheet.getSheetName().equalsIgnoreCase(OVERVIEW)) continue;
      problems.inSheet(sheet.getSheetName());
      SheetRows rows = new SheetRows(sheet);
      if (!rows.next()) break;
      List<String> header = PredictionReader.header(rows);
      if (header.stream().anyMatch(h -> h.equalsIgnoreCase("quantity"))) reader.readLong(rows, header, sink, problems);
      else reader.readWide(rows, header, sink, problems);
      return;
    }
    problems.add(1, 1, null, "the workbook has no sheet of predictions");
  }

  /** The overview sheet as "label: text" lines (team, members, model description), as the AFRL templates lay it out. */
  private static String overview(Workbook workbook) {
    for (Sheet sheet : workbook) {
      if (!sheet.getSheetName().toLowerCase(Locale.ROOT).equals(OVERVIEW)) continue;
      StringBuilder text = new StringBuilder();
      SheetRows rows = new SheetRows(sheet);
      while (rows.next()) {
        String label = rows.cell(0);
        String value = rows.cell(1);
        if (!value.isEmpty()) text.append(label.isEmpty() ? "" : label + ": ").append(value).append('\n');
      }
      return text.length() == 0 ? null : text.toString().strip();
    }
    return null;
  }
}
