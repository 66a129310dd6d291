package org.amchallenge.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import org.amchallenge.problem.ApiException;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The guard every uploaded workbook passes before it is read. */
class WorkbookLimitsTest {

  @Test
  @DisplayName("a workbook POI streamed out (zip64 data descriptors) is opened, and its cells counted")
  void streamedWorkbook() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SXSSFWorkbook workbook = new SXSSFWorkbook(new XSSFWorkbook(), 10, true, true);
    try {
      var sheet = workbook.createSheet("predictions");
      for (int r = 0; r < 25; r++) {
        Row row = sheet.createRow(r);
        for (int c = 0; c < 4; c++) row.createCell(c).setCellValue(r * 4 + c);
      }
      workbook.write(out);
    } finally {
      workbook.close();
    }
    WorkbookLimits.check(out.toByteArray(), 100);
    ApiException refused = assertThrows(ApiException.class, () -> WorkbookLimits.check(out.toByteArray(), 99));
    assertEquals(413, refused.status());
  }

  @Test
  @DisplayName("cells written with a namespace prefix (<x:c>) count as cells")
  void prefixedCells() throws Exception {
    StringBuilder sheet = new StringBuilder("<x:worksheet xmlns:x=\"" + SheetRowsTest.MAIN + "\"><x:sheetData><x:row r=\"1\">");
    for (int c = 0; c < 12; c++) sheet.append("<x:c><x:v>").append(c).append("</x:v></x:c>");
    sheet.append("<x:c/></x:row></x:sheetData></x:worksheet>");
    byte[] body = SheetRowsTest.handWritten(sheet.toString(), "<sst xmlns=\"" + SheetRowsTest.MAIN + "\"/>");
    WorkbookLimits.check(body, 13);
    assertEquals(413, assertThrows(ApiException.class, () -> WorkbookLimits.check(body, 12)).status());
  }
}
