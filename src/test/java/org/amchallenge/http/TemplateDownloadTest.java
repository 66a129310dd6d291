package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Map;
import org.amchallenge.Fixtures;
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

/** The blank templates list every expected row, and a filled-in copy of each is a valid submission. */
@ExtendWith(VertxExtension.class)
class TemplateDownloadTest {
  private static final String BASE = "/api/challenges/" + Fixtures.CHALLENGE;
  private static final Map<String, Double> MEASURED = Map.ofEntries(
      Map.entry("S1depth", 100.0), Map.entry("S2depth", 50.0), Map.entry("S3depth", 80.0), Map.entry("S4depth", 120.0),
      Map.entry("S5depth", 60.0), Map.entry("S6depth", 90.0), Map.entry("S1width", 200.0), Map.entry("S2width", 100.0),
      Map.entry("S3width", 150.0), Map.entry("S4width", 210.0), Map.entry("S5width", 120.0), Map.entry("S6width", 170.0));

  @TempDir Path dir;
  private LiveServer live;
  private WebClient client;
  private String token;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.fixture(vertx, dir, 1 << 20);
    client = live.client;
    token = live.register("T");
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private static <T> T join(io.vertx.core.Future<T> future) {
    return LiveServer.join(future);
  }

  private HttpResponse<Buffer> upload(String type, Buffer body) {
    return live.upload(Fixtures.CHALLENGE, token, type, body);
  }

  @Test
  @DisplayName("template.csv lists the twelve expected rows; filled with measured + 1 it scores mae 1 on every quantity")
  void csvTemplate() {
    HttpResponse<Buffer> template = join(client.get(BASE + "/template.csv").send());
    assertEquals(200, template.statusCode());
    String[] lines = template.bodyAsString().split("\n");
    assertEquals("sample_id,quantity,point,component,value,uncertainty,unit", lines[0]);
    assertEquals(13, lines.length);
    StringBuilder filled = new StringBuilder(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      String[] c = lines[i].split(",", -1);
      assertEquals("", c[4], "no value in the template");
      c[4] = Double.toString(MEASURED.get(c[0] + c[1]) + 1);
      filled.append(String.join(",", c)).append('\n');
    }
    HttpResponse<Buffer> created = upload("text/csv", Buffer.buffer(filled.toString()));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(1.0, created.bodyAsJsonObject().getJsonObject("quantities").getJsonObject("width").getDouble("mae"), 1e-9);
    assertTrue(created.bodyAsJsonObject().getBoolean("ranked"));
  }

  @Test
  @DisplayName("template.xlsx has an overview sheet and the rows in the long form; filled in, it uploads")
  void xlsxTemplate() throws Exception {
    HttpResponse<Buffer> template = join(client.get(BASE + "/template.xlsx").send());
    assertEquals(200, template.statusCode());
    byte[] filled;
    try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(template.body().getBytes()))) {
      assertEquals("overview", workbook.getSheetName(0));
      Sheet sheet = workbook.getSheet("predictions");
      assertEquals(12, sheet.getLastRowNum());
      for (int r = 1; r <= 12; r++) {
        Row row = sheet.getRow(r);
        row.createCell(4).setCellValue(MEASURED.get(row.getCell(0).getStringCellValue() + row.getCell(1).getStringCellValue()) - 2);
      }
      workbook.getSheet("overview").getRow(3).createCell(1).setCellValue("A regression on power and speed");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      workbook.write(out);
      filled = out.toByteArray();
    }
    HttpResponse<Buffer> created = upload("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer.buffer(filled));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(-2.0, created.bodyAsJsonObject().getJsonObject("quantities").getJsonObject("depth").getDouble("bias"), 1e-9);
    String id = created.bodyAsJsonObject().getString("id");
    JsonObject organizer = live.asOrganizer(Fixtures.CHALLENGE, id);
    assertTrue(organizer.getString("description").contains("Model description: A regression on power and speed"));
  }
}
