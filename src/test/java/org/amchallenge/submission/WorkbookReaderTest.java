package org.amchallenge.submission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.amchallenge.Fixtures;
import org.amchallenge.bench.WorkbookFiles;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.scoring.Scores;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workbooks read into predictions: the forms, the overview, the problems, and a workbook at the server's cell limit. */
class WorkbookReaderTest {
  private static final ChallengeEntry ENTRY = Fixtures.entry();
  private static final double[] DEPTH = {101, 52.5, 80, 119, 60.25, 90};
  private static final double[] WIDTH = {200, 99, 151.75, 210, 120, 171};

  @TempDir Path dir;

  private static ParsedSubmission read(byte[] body) {
    return new PredictionReader(ENTRY.challenge(), ENTRY.reference()).read(SubmissionFormat.XLSX, body, null);
  }

  private static byte[] write(XSSFWorkbook workbook) throws Exception {
    try (workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      workbook.write(out);
      return out.toByteArray();
    }
  }

  private static void row(Sheet sheet, int index, Object... cells) {
    Row row = sheet.createRow(index);
    for (int c = 0; c < cells.length; c++) {
      if (cells[c] instanceof Number n) row.createCell(c).setCellValue(n.doubleValue());
      else if (cells[c] != null) row.createCell(c).setCellValue((String) cells[c]);
    }
  }

  /** An overview sheet first, then the predictions in the wide form with units in the headers. */
  private static byte[] wide() throws Exception {
    XSSFWorkbook workbook = new XSSFWorkbook();
    Sheet overview = workbook.createSheet("Overview");
    row(overview, 0, "Team", "Pads");
    row(overview, 1, "Model description", " A Rosenthal solution ");
    row(overview, 2, "Members", "");
    Sheet sheet = workbook.createSheet("predictions");
    row(sheet, 0, "sample_id", "depth [um]", "width [mm]");
    for (int i = 0; i < 6; i++) row(sheet, i + 1, " S" + (i + 1) + " ", DEPTH[i], WIDTH[i] / 1000);
    workbook.createSheet("notes");
    return write(workbook);
  }

  @Test
  @DisplayName("the wide form below an overview sheet: every value, units from the headers, the description from the overview")
  void wideForm() throws Exception {
    ParsedSubmission parsed = read(wide());
    assertEquals(12, parsed.rows());
    assertArrayEquals(DEPTH, parsed.predictions().column("depth").values(), 0);
    double[] width = parsed.predictions().column("width").values();
    for (int i = 0; i < 6; i++) assertEquals(WIDTH[i], width[i], 1e-9);
    assertEquals("Team: Pads\nModel description: A Rosenthal solution", parsed.description());
  }

  @Test
  @DisplayName("the long form, a formula's cached value as the value; a problem names the sheet, line and column")
  void longFormAndProblems() throws Exception {
    XSSFWorkbook workbook = new XSSFWorkbook();
    Sheet sheet = workbook.createSheet("Long");
    row(sheet, 0, "sample_id", "quantity", "value", "uncertainty");
    for (int i = 0; i < 6; i++) row(sheet, i + 1, "S" + (i + 1), "depth", DEPTH[i], 2);
    sheet.getRow(3).getCell(2).setCellFormula("40*2");
    workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
    ParsedSubmission parsed = read(write(workbook));
    assertArrayEquals(DEPTH, parsed.predictions().column("depth").values(), 0);

    XSSFWorkbook bad = new XSSFWorkbook();
    Sheet badSheet = bad.createSheet("Long");
    row(badSheet, 0, "sample_id", "quantity", "value");
    row(badSheet, 1, "S1", "depth", 100);
    row(badSheet, 4, "S9", "depth", 100);
    row(badSheet, 5, "S2", "depth", "deep");
    List<Problem> problems = assertThrows(InvalidInputException.class, () -> read(write(bad))).problems();
    assertEquals(2, problems.size(), problems.toString());
    assertEquals(List.of("Long", 5, 1, "sample_id"), List.of(problems.get(0).sheet(), problems.get(0).line(), problems.get(0).column(), problems.get(0).field()));
    assertEquals(List.of("Long", 6, 3, "value"), List.of(problems.get(1).sheet(), problems.get(1).line(), problems.get(1).column(), problems.get(1).field()));
  }

  @Test
  @DisplayName("a file that is no workbook, or a cut one, is answered with one clear problem")
  void unreadable() throws Exception {
    byte[] whole = wide();
    String cutSheet = "<worksheet xmlns=\"" + SheetRowsTest.MAIN + "\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>sample_id</t></is></c>";
    byte[] cut = SheetRowsTest.handWritten(cutSheet, "<sst xmlns=\"" + SheetRowsTest.MAIN + "\"/>");
    byte[] cutInCell = SheetRowsTest.handWritten(cutSheet + "<c r=\"B1\"><f t=\"shared\" si=\"0\"/><v/>", "<sst xmlns=\"" + SheetRowsTest.MAIN + "\"/>");
    String badReference = "<worksheet xmlns=\"" + SheetRowsTest.MAIN + "\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>a &nbsp; b</t></is></c>"
        + "</row></sheetData></worksheet>";
    byte[] unknownEntity = SheetRowsTest.handWritten(badReference, "<sst xmlns=\"" + SheetRowsTest.MAIN + "\"/>");
    for (byte[] body : List.of("PK\u0003\u0004 not a zip at all".getBytes(StandardCharsets.ISO_8859_1), Arrays.copyOf(whole, whole.length / 2),
        "sample_id,depth\nS1,3\n".getBytes(StandardCharsets.UTF_8), cut, cutInCell, unknownEntity)) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(body));
      assertEquals(1, e.problems().size());
      assertTrue(e.problems().get(0).detail().startsWith("the file is not a readable XLSX workbook: "), e.problems().toString());
    }
  }

  @Test
  @DisplayName("an Excel 97-2003 workbook is named as such in its problem")
  void oldExcel() {
    byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};
    List<Problem> problems = assertThrows(InvalidInputException.class, () -> read(ole2)).problems();
    assertTrue(problems.get(0).detail().contains("Excel 97-2003 (.xls)"), problems.toString());
  }

  @Test
  @DisplayName("a relationship's target is found from its part's folder, from the root, or percent-encoded")
  void relationshipTargets() {
    assertEquals("xl/worksheets/sheet1.xml", WorkbookParts.resolve("xl/", "worksheets/sheet1.xml"));
    assertEquals("xl/worksheets/sheet1.xml", WorkbookParts.resolve("xl/", "/xl/worksheets/sheet1.xml"));
    assertEquals("data/s 1.xml", WorkbookParts.resolve("xl/", "../data/./s%201.xml"));
    assertEquals("xl/workbook.xml", WorkbookParts.resolve("", "xl/workbook.xml"));
  }

  @Test
  @DisplayName("a workbook with only an overview has no sheet of predictions")
  void onlyOverview() throws Exception {
    XSSFWorkbook workbook = new XSSFWorkbook();
    row(workbook.createSheet("overview"), 0, "Team", "Pads");
    List<Problem> problems = assertThrows(InvalidInputException.class, () -> read(write(workbook))).problems();
    assertTrue(problems.get(0).detail().contains("no sheet of predictions"), problems.toString());
  }

  @Test
  @DisplayName("a workbook of 999,999 cells, at the server's limit, is read whole and scores as the same predictions in CSV")
  void millionCells() throws Exception {
    WorkbookFiles.writeWide(dir);
    Challenge challenge = ChallengeReader.read(WorkbookFiles.challenge().getBytes(StandardCharsets.UTF_8), true);
    ReferenceData reference = ReferenceReader.read(challenge, Files.readAllBytes(dir.resolve("R.csv")));
    byte[] workbook = Files.readAllBytes(dir.resolve("wide.xlsx"));
    WorkbookLimits.check(workbook, 1_000_000);
    ParsedSubmission fromWorkbook = new PredictionReader(challenge, reference).read(SubmissionFormat.XLSX, workbook, null);
    ParsedSubmission fromCsv = new PredictionReader(challenge, reference).read(SubmissionFormat.CSV, Files.readAllBytes(dir.resolve("long.csv")), null);
    assertEquals(WorkbookFiles.WIDE_ROWS * WorkbookFiles.QUANTITIES.size(), fromWorkbook.rows());
    assertEquals(fromCsv.rows(), fromWorkbook.rows());
    for (String quantity : WorkbookFiles.QUANTITIES) {
      assertArrayEquals(fromCsv.predictions().column(quantity).values(), fromWorkbook.predictions().column(quantity).values(), 0, quantity);
    }
    Scores workbookScores = Scorer.score(challenge, reference, fromWorkbook.predictions(), null);
    Scores csvScores = Scorer.score(challenge, reference, fromCsv.predictions(), null);
    assertEquals(csvScores, workbookScores);
    assertEquals(WorkbookFiles.QUANTITIES.size(), workbookScores.quantities().size());
  }
}
