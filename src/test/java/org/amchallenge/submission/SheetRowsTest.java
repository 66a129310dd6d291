package org.amchallenge.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.amchallenge.tabular.Numbers;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The streamed sheets against POI's whole in-memory model of the same workbooks, the reader used before: every
 * row's number and width and every cell's text must agree (numbers in their shortest form, formulas by their
 * cached value, text stripped).
 */
class SheetRowsTest {

  /** A sheet's rows as POI's model gives them: the line, then each cell's text. */
  private static List<List<String>> modelRows(Sheet sheet) {
    List<List<String>> rows = new ArrayList<>();
    for (Row row : sheet) {
      List<String> cells = new ArrayList<>();
      cells.add("line " + (row.getRowNum() + 1));
      for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) cells.add(modelCell(row.getCell(c)));
      rows.add(cells);
    }
    return rows;
  }

  private static String modelCell(Cell cell) {
    if (cell == null) return "";
    CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
    return switch (type) {
      case NUMERIC -> Numbers.shortest(cell.getNumericCellValue());
      case STRING -> cell.getStringCellValue().strip();
      case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
      case ERROR -> "#ERROR";
      default -> "";
    };
  }

  private static List<List<String>> streamedRows(WorkbookParts workbook, WorkbookParts.Sheet sheet) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (SheetRows streamed = workbook.rows(sheet)) {
      while (streamed.next()) {
        List<String> cells = new ArrayList<>();
        cells.add("line " + streamed.line());
        for (int c = 0; c < streamed.width(); c++) cells.add(streamed.cell(c));
        rows.add(cells);
      }
    }
    return rows;
  }

  /** Every sheet of the workbook, in order, read both ways. */
  private static void assertSameAsModel(String what, byte[] body) throws Exception {
    try (Workbook model = WorkbookFactory.create(new ByteArrayInputStream(body)); WorkbookParts streamed = WorkbookParts.open(body)) {
      assertEquals(model.getNumberOfSheets(), streamed.sheets().size(), what);
      for (int s = 0; s < model.getNumberOfSheets(); s++) {
        Sheet sheet = model.getSheetAt(s);
        assertEquals(sheet.getSheetName(), streamed.sheets().get(s).name(), what);
        assertEquals(modelRows(sheet), streamedRows(streamed, streamed.sheets().get(s)), what + ", sheet " + sheet.getSheetName());
      }
    }
  }

  private static byte[] anchor(String file) throws Exception {
    try (InputStream in = Objects.requireNonNull(SheetRowsTest.class.getResourceAsStream("/afrl/" + file), file)) {
      return in.readAllBytes();
    }
  }

  @Test
  @DisplayName("the four AFRL answer templates, as Excel saved them: every sheet, row and cell as POI's model reads it")
  void afrlTemplates() throws Exception {
    for (String file : List.of("Challenge1AnswerTemplate.xlsx", "Challenge2AnswerTemplate.xlsx", "Challenge3AnswerTemplate.xlsx",
        "Challenge4AnswerTemplate.xlsx")) {
      assertSameAsModel(file, anchor(file));
    }
  }

  /** A workbook of every kind of cell: numbers of every shape, dates, booleans, errors, formulas with their results, text. */
  private static void fill(Workbook workbook, boolean richText) {
    Sheet overview = workbook.createSheet("Overview");
    overview.createRow(0).createCell(0).setCellValue("Team");
    overview.getRow(0).createCell(1).setCellValue("  Pads & Co <lab>  ");
    Sheet sheet = workbook.createSheet("predictions");
    Row header = sheet.createRow(0);
    String[] names = {"sample_id", "melt_pool_depth [um]", "note"};
    for (int c = 0; c < names.length; c++) header.createCell(c).setCellValue(names[c]);
    double[] numbers = {5.1, 0.1 + 0.2, 1e-7, 1e21, -0.0, 123456789012345678d, 17, 2.82879384806159E17, 1.0 / 3, -250.125, 1e-300, 4.9e-324};
    for (int i = 0; i < numbers.length; i++) {
      Row row = sheet.createRow(i + 1);
      row.createCell(0).setCellValue(i % 2 == 0 ? "S" + i : "  S" + i + "\t");
      row.createCell(1).setCellValue(numbers[i]);
    }
    Row more = sheet.createRow(20); // rows 14 to 20 absent
    more.createCell(0).setCellValue(42);
    more.createCell(1).setCellValue(true);
    more.createCell(2).setCellErrorValue(FormulaError.DIV0.getCode());
    more.createCell(5).setCellValue(""); // an empty text cell, past blank columns
    more.createCell(40).setCellStyle(workbook.createCellStyle()); // a blank cell that still widens the row
    Row formulas = sheet.createRow(21);
    formulas.createCell(0).setCellFormula("B2*2");
    formulas.createCell(1).setCellFormula("CONCATENATE(\" S\",\"7 \")");
    formulas.createCell(2).setCellFormula("1>0");
    formulas.createCell(3).setCellFormula("1/0");
    Row dates = sheet.createRow(22);
    Cell date = dates.createCell(0);
    Calendar day = Calendar.getInstance();
    day.clear();
    day.set(2024, Calendar.MARCH, 5, 12, 0);
    date.setCellValue(day);
    var style = workbook.createCellStyle();
    style.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
    date.setCellStyle(style);
    Row text = sheet.createRow(23);
    text.createCell(0).setCellValue("試料3 µm \"quoted\" 'single' a\rb");
    text.createCell(1).setCellValue("line\nbreak _x0041_ kept as written");
    if (richText) {
      XSSFRichTextString rich = new XSSFRichTextString("Wd Mean [μm]");
      XSSFFont bold = (XSSFFont) workbook.createFont();
      bold.setBold(true);
      rich.applyFont(0, 2, bold);
      text.createCell(2).setCellValue(rich);
    }
    workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
  }

  @Test
  @DisplayName("numbers, dates, booleans, errors, formulas by their cached value, text with entities, rich text: as POI's model reads them")
  void everyKindOfCell() throws Exception {
    ByteArrayOutputStream shared = new ByteArrayOutputStream();
    try (XSSFWorkbook workbook = new XSSFWorkbook()) {
      fill(workbook, true);
      workbook.write(shared);
    }
    assertSameAsModel("shared strings", shared.toByteArray());
    ByteArrayOutputStream inline = new ByteArrayOutputStream();
    SXSSFWorkbook streaming = new SXSSFWorkbook(new XSSFWorkbook(), 100);
    try {
      fill(streaming, false);
      streaming.write(inline);
    } finally {
      streaming.close();
    }
    assertSameAsModel("inline strings", inline.toByteArray());
  }

  /** A workbook of one sheet written by hand: the XML forms other writers than Excel use. */
  static byte[] handWritten(String sheetXml, String sharedStringsXml) throws Exception {
    return handWritten(sheetXml.getBytes(StandardCharsets.UTF_8), sharedStringsXml);
  }

  static byte[] handWritten(byte[] sheetXml, String sharedStringsXml) throws Exception {
    Map<String, Object> parts = new java.util.LinkedHashMap<>();
    parts.put("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        + "</Types>");
    parts.put("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    parts.put("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        + "</Relationships>");
    parts.put("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><x:sheets><x:sheet name=\"Hand &amp; made\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>");
    parts.put("xl/worksheets/sheet1.xml", sheetXml);
    parts.put("xl/sharedStrings.xml", sharedStringsXml);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var part : parts.entrySet()) {
        zip.putNextEntry(new ZipEntry(part.getKey()));
        zip.write(part.getValue() instanceof byte[] bytes ? bytes : ((String) part.getValue()).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

  @Test
  @DisplayName("XML as other writers have it: namespace prefixes, cells and rows without references, CDATA, comments, references, runs, phonetic text")
  void otherWriters() throws Exception {
    String sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<!-- written by hand -->"
        + "<x:worksheet xmlns:x=\"" + MAIN + "\"><x:dimension ref=\"A1:D4\"/><x:sheetData>"
        + "<x:row r=\"1\" spans=\"1:4\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\" t=\"s\"><x:v>1</x:v></x:c><x:c t=\"s\"><x:v>2</x:v></x:c></x:row>"
        + "<x:row><x:c t=\"inlineStr\"><x:is><x:t xml:space=\"preserve\"> S&#x41;&#66;&amp;&lt;1&gt; </x:t></x:is></x:c>"
        + "<x:c><x:v><![CDATA[12.50]]></x:v></x:c><x:c r=\"D2\"><!-- a note --><x:v>3.0E-2</x:v></x:c></x:row>"
        + "<x:row r=\"4\" customHeight=\"1\" ht=\"20\"><x:c r=\"A4\" t=\"inlineStr\"><x:is><x:r><x:rPr><x:b/></x:rPr><x:t>Pad</x:t></x:r>"
        + "<x:r><x:t xml:space='preserve'> B38</x:t></x:r><x:rPh sb=\"0\" eb=\"1\"><x:t>ぱっど</x:t></x:rPh></x:is></x:c>"
        + "<x:c r=\"B4\" s=\"3\"/><x:c r=\"C4\" t=\"str\"><x:f>A4&amp;\"\"</x:f><x:v>Pad B38</x:v></x:c><x:c r=\"D4\" t=\"b\"><x:v>0</x:v></x:c></x:row>"
        + "<x:row r=\"5\"/>"
        + "</x:sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A4:B4\"/></x:mergeCells></x:worksheet>";
    String strings = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"" + MAIN + "\" count=\"3\" uniqueCount=\"3\">"
        + "<si><t>sample_id</t></si><si><r><t>Wd </t></r><r><rPr><b/></rPr><t>Mean [μm]</t></r><rPh><t>ふりがな</t></rPh></si>"
        + "<si><t>x_x000D_y</t></si></sst>";
    byte[] body = handWritten(sheet, strings);
    assertSameAsModel("hand-written", body);
    try (WorkbookParts workbook = WorkbookParts.open(body)) {
      assertEquals(List.of(List.of("line 1", "sample_id", "Wd Mean [μm]", "x\ry"), List.of("line 2", "SAB&<1>", "12.5", "", "0.03"),
          List.of("line 4", "Pad B38", "", "Pad B38", "false"), List.of("line 5")), streamedRows(workbook, workbook.sheets().get(0)));
      assertEquals("Hand & made", workbook.sheets().get(0).name());
    }
  }

  @Test
  @DisplayName("shared strings of every length, past one page of their store: each read back whole")
  void manySharedStrings() throws Exception {
    StringBuilder strings = new StringBuilder("<sst xmlns=\"" + MAIN + "\">");
    StringBuilder sheet = new StringBuilder("<worksheet xmlns=\"" + MAIN + "\"><sheetData>");
    List<List<String>> expected = new ArrayList<>();
    String big = "µ".repeat(150_000); // 300,000 bytes, more than a page
    for (int i = 0; i < 40_000; i++) {
      String text = i == 7 || i == 30_001 ? big : i % 1000 == 0 ? "" : "sample " + i + " µm";
      strings.append("<si><t>").append(text).append("</t></si>");
      sheet.append("<row r=\"").append(i + 1).append("\"><c r=\"B").append(i + 1).append("\" t=\"s\"><v>").append(i).append("</v></c></row>");
      expected.add(List.of("line " + (i + 1), "", text));
    }
    sheet.append("</sheetData></worksheet>");
    try (WorkbookParts workbook = WorkbookParts.open(handWritten(sheet.toString(), strings.append("</sst>").toString()))) {
      assertEquals(expected, streamedRows(workbook, workbook.sheets().get(0)));
    }
  }

  @Test
  @DisplayName("a sheet saved as UTF-16, which XML allows, reads as POI's model reads it")
  void utf16Sheet() throws Exception {
    String sheet = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><worksheet xmlns=\"" + MAIN + "\"><sheetData><row r=\"1\">"
        + "<c r=\"A1\" t=\"inlineStr\"><is><t>Échantillon 試料</t></is></c><c r=\"B1\"><v>2.50</v></c></row></sheetData></worksheet>";
    byte[] body = handWritten(sheet.getBytes(StandardCharsets.UTF_16), "<sst xmlns=\"" + MAIN + "\"/>");
    assertSameAsModel("UTF-16", body);
    try (WorkbookParts workbook = WorkbookParts.open(body)) {
      assertEquals(List.of(List.of("line 1", "Échantillon 試料", "2.5")), streamedRows(workbook, workbook.sheets().get(0)));
    }
  }

  @Test
  @DisplayName("a formula saved without its result (as some libraries write them) reads as an empty cell, not as 0")
  void formulaWithoutResult() throws Exception {
    String sheet = "<worksheet xmlns=\"" + MAIN + "\"><sheetData><row r=\"1\"><c r=\"A1\"><f>1+1</f></c><c r=\"B1\"><f>1+2</f><v>3</v></c></row>"
        + "</sheetData></worksheet>";
    try (WorkbookParts workbook = WorkbookParts.open(handWritten(sheet, "<sst xmlns=\"" + MAIN + "\"/>"))) {
      assertEquals(List.of(List.of("line 1", "", "3")), streamedRows(workbook, workbook.sheets().get(0)));
    }
  }

  @Test
  @DisplayName("a number cell's text is Numbers.shortest's, for decimals of every length and scale and as Excel writes them")
  void shortestNumbers() {
    Random random = new Random(5);
    for (int k = 0; k < 300_000; k++) {
      int digits = 1 + random.nextInt(17);
      long mantissa = (long) (random.nextDouble() * Math.pow(10, digits));
      int scale = random.nextInt(digits + 24) - 6;
      java.math.BigDecimal decimal = new java.math.BigDecimal(java.math.BigInteger.valueOf(mantissa), scale);
      String text = random.nextBoolean() ? decimal.toPlainString() : decimal.toString();
      if (random.nextBoolean()) text = "-" + text;
      if (random.nextInt(4) == 0 && text.contains(".") && !text.contains("E")) text = text + "000";
      double value = Double.parseDouble(text);
      assertEquals(Numbers.shortest(value), CellNumbers.text(text), text);
      // as Excel saves it, 17 significant digits, and as Java and Python print it
      assertEquals(Numbers.shortest(value), CellNumbers.text(String.format(java.util.Locale.ROOT, "%.16e", value)), text);
      assertEquals(Numbers.shortest(value), CellNumbers.text(Double.toString(value)), text);
    }
    for (int k = 0; k < 100_000; k++) {
      double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
      assertEquals(Numbers.shortest(value), CellNumbers.text(String.format(java.util.Locale.ROOT, "%.17g", value)), Double.toString(value));
    }
    for (String text : List.of("0", "-0", "0.000", "-0.0", "007", "5.", ".5", "1E+21", "4.9E-324", "5E-324", "1.7976931348623157E308",
        "9.1999999999999993", "0.59999999999999998", "2.82879384806159E17", "+3.5", "99999999999999999", "0.99999999999999999")) {
      assertEquals(Numbers.shortest(Double.parseDouble(text)), CellNumbers.text(text), text);
    }
    assertEquals("NaN", CellNumbers.text("NaN"));
    assertEquals("12 apples", CellNumbers.text("12 apples"));
    byte[] sixteen = "1234567890123456".getBytes(StandardCharsets.US_ASCII);
    assertNull(CellNumbers.shortPlain(sixteen, 0, sixteen.length));
  }
}
