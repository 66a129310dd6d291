package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
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

/** The real AFRL answer templates of Challenges 1, 3 and 4, filled in here with POI, score as worked out by hand. */
@ExtendWith(VertxExtension.class)
class AfrlTemplatesTest {
  private static final List<String> IDS = List.of("afrl-c1-residual-strain", "afrl-c3-tensile-curves", "afrl-c4-grain-strain");
  private static final DataFormatter TEXT = new DataFormatter();

  @TempDir Path dir;
  private LiveServer live;
  private String token;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.examples(vertx, dir, Instant.parse("2026-10-01T00:00:00Z"), IDS.toArray(String[]::new));
    token = live.register("Modelers");
  }

  @AfterEach
  void stop() {
    live.close();
  }

  /** Reference rows by "sample|quantity|point|component": value and weight, read from the organizer's CSV. */
  private static Map<String, double[]> reference(String id) throws Exception {
    Map<String, double[]> rows = new HashMap<>();
    List<String> lines = Files.readAllLines(Path.of("reference-data", id + ".csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",", -1);
      rows.put(c[0] + "|" + c[1] + "|" + c[2] + "|" + c[3], new double[] {Double.parseDouble(c[4]), c[6].isEmpty() ? 1 : Double.parseDouble(c[6])});
    }
    return rows;
  }

  private static String cell(Row row, int column) {
    Cell cell = row.getCell(column);
    if (cell == null) return "";
    if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC) {
      return new java.math.BigDecimal(Double.toString(cell.getNumericCellValue())).stripTrailingZeros().toPlainString();
    }
    return TEXT.formatCellValue(cell).strip();
  }

  private static void set(Row row, int column, double value) {
    (row.getCell(column) == null ? row.createCell(column) : row.getCell(column)).setCellValue(value);
  }

  /** An AFRL answer template, from the test resources (see src/test/resources/afrl/README.md). */
  private static InputStream anchor(String file) {
    return java.util.Objects.requireNonNull(AfrlTemplatesTest.class.getResourceAsStream("/afrl/" + file), "/afrl/" + file + " is not on the test class path");
  }

  /** Fills each data row (below the header row) of a sheet of an anchor template, and uploads the workbook. */
  private JsonObject fillAndUpload(String id, String file, Map<String, Integer> headerRows, BiConsumer<String, Row> fill) throws Exception {
    byte[] body;
    try (InputStream in = anchor(file); Workbook workbook = WorkbookFactory.create(in)) {
      headerRows.forEach((name, headerRow) -> {
        Sheet sheet = workbook.getSheet(name);
        for (int r = headerRow; r <= sheet.getLastRowNum(); r++) {
          Row row = sheet.getRow(r);
          if (row != null && !cell(row, 0).isEmpty()) fill.accept(name, row);
        }
      });
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      workbook.write(out);
      body = out.toByteArray();
    }
    HttpResponse<Buffer> created = live.upload(id, token, LiveServer.XLSX, Buffer.buffer(body));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return live.asOrganizer(id, created.bodyAsJsonObject().getString("id")).getJsonObject("all");
  }

  @Test
  @DisplayName("Challenge 1: horizontal strain 300 µε off earns 2 points, vertical exact 3, each times the confidence weight")
  void challengeOne() throws Exception {
    Map<String, double[]> reference = reference("afrl-c1-residual-strain");
    JsonObject all = fillAndUpload("afrl-c1-residual-strain", "Challenge1AnswerTemplate.xlsx", Map.of("A64_1mm_L", 2, "A64_5mm_L", 2),
        (sheet, row) -> {
          String point = (sheet.equals("A64_1mm_L") ? "x=" : "y=") + cell(row, 0) + ";z=" + cell(row, 1);
          set(row, 2, reference.get(sheet + "|strain_horizontal|" + point + "|")[0] + 300);
          set(row, 3, reference.get(sheet + "|strain_vertical|" + point + "|")[0]);
        });
    double weights = reference.entrySet().stream().filter(e -> e.getKey().contains("|strain_horizontal|"))
        .mapToDouble(e -> e.getValue()[1]).sum();
    assertEquals(weights * (2 + 3), all.getDouble("score"), 1e-6);
  }

  @Test
  @DisplayName("Challenge 3: every figure 10 % high gives nmae 0.1 on every quantity and an overall 0.1; 16 % at 1600 °F is not scored")
  void challengeThree() throws Exception {
    Map<String, double[]> reference = reference("afrl-c3-tensile-curves");
    String[] quantities = {"elastic_modulus", "yield_strength", "flow_stress", "flow_stress", "flow_stress", "flow_stress", "flow_stress", "uts", "uniform_elongation"};
    String[] points = {"", "", "strain=0.01", "strain=0.02", "strain=0.04", "strain=0.08", "strain=0.16", "", ""};
    JsonObject all = fillAndUpload("afrl-c3-tensile-curves", "Challenge3AnswerTemplate.xlsx", Map.of("Challenge 3 Responses", 2),
        (sheet, row) -> {
          String sample = String.join("/", cell(row, 0), cell(row, 1), cell(row, 2), cell(row, 3), cell(row, 4));
          for (int k = 0; k < quantities.length; k++) {
            set(row, 5 + k, reference.get(sample + "|" + quantities[k] + "|" + points[k] + "|")[0] * 1.1);
          }
        });
    assertEquals(0.1, all.getDouble("score"), 1e-4);
    JsonObject flow = all.getJsonObject("quantities").getJsonObject("flow_stress");
    assertEquals(0.1, flow.getDouble("nmae"), 1e-4);
    assertEquals(29 * 5 - 13, flow.getInteger("n"), "29 conditions at five strains, less the 13 at 1600 °F and 16 %");
  }

  @Test
  @DisplayName("a template sheet with a column renamed, and a CSV point that is not in the challenge, are clear problems")
  void badTemplateInput() throws Exception {
    byte[] body;
    try (InputStream in = anchor("Challenge4AnswerTemplate.xlsx"); Workbook workbook = WorkbookFactory.create(in)) {
      workbook.getSheet("Challenge 4 Responses").getRow(1).getCell(4).setCellValue("ezz");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      workbook.write(out);
      body = out.toByteArray();
    }
    HttpResponse<Buffer> renamed = live.upload("afrl-c4-grain-strain", token, LiveServer.XLSX, Buffer.buffer(body));
    assertEquals(422, renamed.statusCode());
    JsonObject problem = renamed.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
    assertEquals("Challenge 4 Responses", problem.getString("sheet"));
    assertEquals(2, problem.getInteger("line"));
    assertEquals("column 'εzz' is missing from the header", problem.getString("detail"));

    String csv = "sample_id,quantity,point,component,value\n145,grain_elastic_strain,state=S9,e11,0.001\n"
        + "145,grain_elastic_strain,state=S1,e99,0.001\n145,grain_elastic_strain,state=S1,e11,0.001,lower\n";
    HttpResponse<Buffer> points = live.upload("afrl-c4-grain-strain", token, "text/csv", Buffer.buffer(csv));
    assertEquals(422, points.statusCode());
    String details = points.bodyAsJsonObject().getJsonArray("problems").encode();
    org.junit.jupiter.api.Assertions.assertTrue(details.contains("unknown point 'state=S9' of sample '145'"), details);
    org.junit.jupiter.api.Assertions.assertTrue(details.contains("unknown component 'e99'"), details);
    org.junit.jupiter.api.Assertions.assertTrue(details.contains("the row has 6 cells; the header has 5"), details);
  }

  @Test
  @DisplayName("Challenge 4: every component 1e-4 off gives an L2 error of sqrt(6) 1e-4 per grain and state, summed over 168")
  void challengeFour() throws Exception {
    Map<String, double[]> reference = reference("afrl-c4-grain-strain");
    String[] components = {"e11", "e22", "e33", "e23", "e13", "e12"};
    JsonObject all = fillAndUpload("afrl-c4-grain-strain", "Challenge4AnswerTemplate.xlsx", Map.of("Challenge 4 Responses", 2),
        (sheet, row) -> {
          for (int k = 0; k < 6; k++) {
            set(row, 2 + k, reference.get(cell(row, 0) + "|grain_elastic_strain|state=" + cell(row, 1) + "|" + components[k])[0] + 1e-4);
          }
        });
    JsonObject tensor = all.getJsonObject("quantities").getJsonObject("grain_elastic_strain");
    assertEquals(Math.sqrt(6) * 1e-4, tensor.getDouble("l2"), 1e-7); // shown to 4 significant digits
    assertEquals(168 * Math.sqrt(6) * 1e-4, tensor.getDouble("sum_l2"), 1e-5);
  }
}
