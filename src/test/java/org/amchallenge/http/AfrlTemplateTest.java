package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.amchallenge.tabular.Numbers;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A filled-in copy of the real AFRL Challenge 2 answer template, made here with POI, uploads and scores as worked out. */
@ExtendWith(VertxExtension.class)
class AfrlTemplateTest {
  private static final String ID = "afrl-c2-melt-pool";
  /** AFRL's Challenge 2 answer template, in the test resources (see src/test/resources/afrl/README.md). */
  private static final String ANCHOR = "/afrl/Challenge2AnswerTemplate.xlsx";
  private static final List<String> MEANS = List.of("Wd Mean [μm]", "Wu Mean [μm]", "D Mean [μm]", "Dr [μm] Mean");
  private static final List<String> SDS = List.of("Wd StdDev [μm]", "Wu StdDev [μm]", "D StdDev [μm]", "Dr StdDev [μm]");
  private static final List<String> QUANTITIES = List.of("width_down", "width_up", "depth", "depth_remelt");

  @TempDir Path dir;
  private LiveServer live;
  private WebClient client;
  private String token;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.examples(vertx, dir, Instant.parse("2026-10-01T00:00:00Z"), ID);
    client = live.client;
    token = live.register("Pads");
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private static <T> T join(io.vertx.core.Future<T> future) {
    return LiveServer.join(future);
  }

  /** measured value and standard deviation by "pad|point|quantity_mean", from the organizer's reference CSV. */
  private static Map<String, double[]> reference() throws Exception {
    Map<String, double[]> rows = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("reference-data", ID + ".csv")).subList(1, 257)) {
      String[] c = line.split(",");
      rows.put(c[0] + "|" + c[2] + "|" + c[1], new double[] {Double.parseDouble(c[4]), Double.parseDouble(c[5])});
    }
    return rows;
  }

  private static InputStream anchor() {
    return java.util.Objects.requireNonNull(AfrlTemplateTest.class.getResourceAsStream(ANCHOR), ANCHOR + " is not on the test class path");
  }

  /** Fills the template: each mean 0.75 sigma high (3 points), each sd 20 % high (2 points), pad B38 left empty (0). */
  private static byte[] filledTemplate() throws Exception {
    Map<String, double[]> reference = reference();
    try (InputStream in = anchor(); Workbook workbook = WorkbookFactory.create(in)) {
      Sheet sheet = workbook.getSheet("XY Pads");
      DataFormatter text = new DataFormatter();
      Map<String, Integer> header = new HashMap<>();
      for (Cell cell : sheet.getRow(2)) header.put(text.formatCellValue(cell).strip(), cell.getColumnIndex());
      for (int r = 3; r <= sheet.getLastRowNum(); r++) {
        Row row = sheet.getRow(r);
        if (row == null || text.formatCellValue(row.getCell(0)).isBlank()) continue;
        String pad = text.formatCellValue(row.getCell(0)).strip();
        if (pad.equals("B38")) continue;
        String point = "plane=" + text.formatCellValue(row.getCell(1)) + ";x=" + Numbers.shortest(row.getCell(2).getNumericCellValue())
            + ";track=" + text.formatCellValue(row.getCell(3)).strip();
        for (int q = 0; q < 4; q++) {
          double[] mean = reference.get(pad + "|" + point + "|" + QUANTITIES.get(q) + "_mean");
          double[] sd = reference.get(pad + "|" + point + "|" + QUANTITIES.get(q) + "_sd");
          row.getCell(header.get(MEANS.get(q))).setCellValue(mean[0] + 0.75 * mean[1]);
          row.getCell(header.get(SDS.get(q))).setCellValue(sd[0] * 1.2);
        }
      }
      workbook.getSheet("Overview").getRow(4).getCell(1).setCellValue("Finite-element thermal model with a Goldak heat source");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      workbook.write(out);
      return out.toByteArray();
    }
  }

  @Test
  @DisplayName("the real Challenge 2 template, filled in, scores 3 points a mean and 2 a standard deviation, 0 where empty")
  void filledTemplateScores() throws Exception {
    HttpResponse<Buffer> created = live.upload(ID, token, LiveServer.XLSX, Buffer.buffer(filledTemplate()));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject full = live.asOrganizer(ID, created.bodyAsJsonObject().getString("id"));
    // 32 rows, of which the 6 of B38 are empty: 26 rows x (4 means x 3 + 4 sds x 2) = 520 points
    assertEquals(520, full.getJsonObject("all").getDouble("score"), 1e-9);
    JsonObject depthMean = full.getJsonObject("all").getJsonObject("quantities").getJsonObject("depth_mean");
    assertEquals(26 * 3, depthMean.getDouble("points"), 1e-9);
    assertEquals(26 * 3 / (32 * 9.0), depthMean.getDouble("points_fraction"), 1e-6); // rounded to 6 significant digits
    assertEquals(26 / 32.0, depthMean.getDouble("coverage"), 1e-9);
    assertTrue(full.getString("description").contains("Goldak heat source"), full.getString("description"));
  }

  @Test
  @DisplayName("the server's template.xlsx has the XY Pads sheet with its 32 rows keyed as in the real one")
  void serverTemplate() throws Exception {
    HttpResponse<Buffer> template = join(client.get("/api/challenges/" + ID + "/template.xlsx").send());
    assertEquals(200, template.statusCode());
    try (Workbook workbook = WorkbookFactory.create(new java.io.ByteArrayInputStream(template.body().getBytes()))) {
      Sheet sheet = workbook.getSheet("XY Pads");
      DataFormatter text = new DataFormatter();
      assertEquals("Pad ID", text.formatCellValue(sheet.getRow(2).getCell(0)));
      assertEquals("Dr [μm] Mean", text.formatCellValue(sheet.getRow(2).getCell(10)));
      assertEquals(2 + 32, sheet.getLastRowNum());
      Row first = sheet.getRow(3);
      assertEquals("B26 1 0.1 Even", text.formatCellValue(first.getCell(0)) + " " + text.formatCellValue(first.getCell(1)) + " "
          + text.formatCellValue(first.getCell(2)) + " " + text.formatCellValue(first.getCell(3)));
    }
  }

  @Test
  @DisplayName("a workbook without the XY Pads sheet is refused with a problem naming the sheet")
  void missingSheet() throws Exception {
    byte[] bytes;
    try (InputStream in = anchor(); Workbook workbook = WorkbookFactory.create(in)) {
      workbook.removeSheetAt(workbook.getSheetIndex("XY Pads"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      workbook.write(out);
      bytes = out.toByteArray();
    }
    HttpResponse<Buffer> response = live.upload(ID, token, LiveServer.XLSX, Buffer.buffer(bytes));
    assertEquals(422, response.statusCode());
    assertTrue(response.bodyAsString().contains("the sheet 'XY Pads' is missing"), response.bodyAsString());
  }
}
