package org.amchallenge.submission;

import java.io.IOException;
import java.util.List;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.Template;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;

/**
 * Reads an XLSX submission a row at a time as it inflates (see {@link WorkbookParts}): the sheets the challenge's
 * template names, or else the first sheet in the long or wide form; an {@code overview} sheet holds the model description.
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
    try (WorkbookParts workbook = WorkbookParts.open(body)) {
      if (challenge.template() != null) readMapped(workbook, challenge.template(), sink, problems);
      else readFirstSheet(workbook, reader, sink, problems);
      problems.inSheet(null);
      String overview = overview(workbook);
      return reader.finish(sink, problems, description != null && !description.isBlank() ? description : overview)
          .withMethod(MethodSheet.read(workbook));
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidInputException invalid) throw invalid;
      throw new InvalidInputException(PredictionReader.TITLE, Problem.of("the file is not a readable XLSX workbook: " + reason(e)));
    }
  }

  /** The message of the failure's innermost cause, which names what was wrong rather than where it was found. */
  private static String reason(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof java.io.UncheckedIOException || cause.getMessage() == null) && cause.getCause() != null) cause = cause.getCause();
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  private void readMapped(WorkbookParts workbook, Template template, RowSink sink, Problems problems) throws IOException {
    for (Template.SheetMapping mapping : template.sheets()) {
      WorkbookParts.Sheet sheet = workbook.sheet(mapping.sheet());
      problems.inSheet(mapping.sheet());
      if (sheet == null) {
        problems.add(Problem.of("the sheet '" + mapping.sheet() + "' is missing; the template's sheets are "
            + template.sheets().stream().map(Template.SheetMapping::sheet).toList()));
        continue;
      }
      try (SheetRows rows = workbook.rows(sheet)) {
        new MappedSheetReader(challenge, sink, problems).read(rows, mapping, false);
      }
    }
  }

  private void readFirstSheet(WorkbookParts workbook, PredictionReader reader, RowSink sink, Problems problems) throws IOException {
    for (WorkbookParts.Sheet sheet : workbook.sheets()) {
      if (sheet.name().equalsIgnoreCase(OVERVIEW) || sheet.name().equalsIgnoreCase(MethodSheet.NAME)) continue;
      problems.inSheet(sheet.name());
      try (SheetRows rows = workbook.rows(sheet)) {
        if (!rows.next()) break;
        List<String> header = PredictionReader.header(rows);
        if (header.stream().anyMatch(h -> h.equalsIgnoreCase("quantity"))) reader.readLong(rows, header, sink, problems);
        else reader.readWide(rows, header, sink, problems);
      }
      return;
    }
    problems.add(1, 1, null, "the workbook has no sheet of predictions");
  }

  /** The overview sheet as "label: text" lines (team, members, model description), as the AFRL templates lay it out. */
  private static String overview(WorkbookParts workbook) throws IOException {
    for (WorkbookParts.Sheet sheet : workbook.sheets()) {
      if (!sheet.name().equalsIgnoreCase(OVERVIEW)) continue;
      StringBuilder text = new StringBuilder();
      try (SheetRows rows = workbook.rows(sheet)) {
        while (rows.next()) {
          String label = rows.cell(0);
          String value = rows.cell(1);
          if (!value.isEmpty()) text.append(label.isEmpty() ? "" : label + ": ").append(value).append('\n');
        }
      }
      return text.length() == 0 ? null : text.toString().strip();
    }
    return null;
  }
}
