package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SPEC "Method cards" through every route a card takes: multipart, JSON body, XLSX sheet, the CLI; checked, stored, shown, filtered. */
@ExtendWith(VertxExtension.class)
class MethodCardsTest {
  static final String ID = "method-cards";
  static final String DEFINITION = RankingAnalysisApiTest.DEFINITION.replace("id: " + RankingAnalysisApiTest.ID, "id: " + ID) + String.join("\n",
      "method_form:",
      "  - {id: model_class, label: Model class, type: choice, required: true, shown: always,",
      "     options: [analytical, numerical_thermal, thermo_fluid, machine_learning, hybrid, other]}",
      "  - {id: software, label: Software and version, type: text, shown: after_reveal}",
      "  - {id: code_url, label: Code, type: url, shown: after_reveal}",
      "  - {id: doi, label: Paper, type: doi, shown: after_reveal}",
      "  - {id: author, label: ORCID, type: orcid, shown: organizer}",
      "  - {id: runtime_hours, type: number}", "");
  private static final String BASE = "/api/challenges/" + ID;
  private static final JsonObject GOOD = new JsonObject().put("model_class", "machine_learning").put("software", "PyTorch 2.1")
      .put("code_url", "https://github.com/lab/model").put("doi", "10.1016/j.addma.2020.101090").put("author", "0000-0002-1825-0097")
      .put("runtime_hours", 3.5);

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-02T12:00:00Z"));
  private LiveServer live;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.of(vertx, dir, ID, DEFINITION, RankingAnalysisApiTest.reference(), clock);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private static String csv(double error) {
    return RankingAnalysisApiTest.predictions(i -> error);
  }

  private HttpResponse<Buffer> multipart(String token, String method) {
    MultipartForm form = MultipartForm.create();
    if (method != null) form.attribute("method", method);
    form.binaryFileUpload("file", "predictions.csv", Buffer.buffer(csv(1)), "text/csv");
    return LiveServer.join(live.client.post(BASE + "/submissions").bearerTokenAuthentication(token).sendMultipartForm(form));
  }

  private JsonArray rows(String query, String token) {
    return live.get(BASE + "/leaderboard" + query, token).bodyAsJsonObject().getJsonArray("rows");
  }

  private static JsonObject row(JsonArray rows, String team) {
    return rows.stream().map(JsonObject.class::cast).filter(r -> r.getString("team").equals(team)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a multipart 'method' card is checked, stored, answered in full to its team, and each board row shows only what its field's 'shown' allows the caller")
  void multipartCardShownByField() {
    String token = live.register("MeltLab");
    HttpResponse<Buffer> answer = multipart(token, GOOD.encode());
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
    assertEquals(GOOD, answer.bodyAsJsonObject().getJsonObject("method"));
    String sid = answer.bodyAsJsonObject().getString("id");
    assertEquals(GOOD, live.get(BASE + "/submissions/" + sid, TestServer.ORGANIZER).bodyAsJsonObject().getJsonObject("method"));
    // before the reveal the public sees the model class only; the organizers every field, their own too
    assertEquals(new JsonObject().put("model_class", "machine_learning"), row(rows("", null), "MeltLab").getJsonObject("method"));
    assertEquals(GOOD, row(rows("", TestServer.ORGANIZER), "MeltLab").getJsonObject("method"));
    clock.set(Instant.parse("2026-04-02T00:00:00Z"));
    assertEquals(200, LiveServer.join(live.client.post(BASE + "/reveal").bearerTokenAuthentication(TestServer.ORGANIZER).send()).statusCode());
    JsonObject afterReveal = row(rows("?board=private", null), "MeltLab").getJsonObject("method");
    JsonObject allButTheOrganizers = GOOD.copy();
    allButTheOrganizers.remove("author");  // an organizer-only field stays the organizers'
    assertEquals(allButTheOrganizers, afterReveal);
    assertFalse(live.get(BASE + "/submissions/" + sid, null).bodyAsJsonObject().getJsonObject("method").containsKey("author"));
  }

  @Test
  @DisplayName("a card that breaks the form is refused (422) with every field's problem listed, the file is not scored and uses no quota")
  void everyProblemListed() {
    String token = live.register("Poolers");
    JsonObject bad = new JsonObject().put("software", "x").put("code_url", "ftp://lab/model").put("doi", "doi:11.2/x")
        .put("author", "0000-0002-1825-0098").put("runtime_hours", "soon").put("gpu", "A100");
    HttpResponse<Buffer> refused = multipart(token, bad.encode());
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    List<String> fields = new ArrayList<>();
    refused.bodyAsJsonObject().getJsonArray("problems").forEach(p -> fields.add(((JsonObject) p).getString("field")));
    assertEquals(List.of("method.gpu", "method.model_class", "method.code_url", "method.doi", "method.author", "method.runtime_hours"), fields);
    assertEquals(422, multipart(token, "{not json").statusCode());
    assertEquals(0, live.get(BASE + "/submissions", token).bodyAsJsonObject().getJsonArray("submissions").size());
    assertEquals(422, multipart(token, null).statusCode(), "the form requires model_class");
  }

  @Test
  @DisplayName("a JSON body's \"method\" and an XLSX file's 'method' sheet (field id, value) are cards too; the board filters on a choice field")
  void jsonAndWorkbookCards() throws IOException {
    JsonObject body = new JsonObject().put("predictions", new JsonArray()).put("method", new JsonObject().put("model_class", "thermo_fluid"));
    for (int i = 1; i <= RankingAnalysisApiTest.SAMPLES; i++) {
      body.getJsonArray("predictions").add(new JsonObject().put("sample_id", RankingAnalysisApiTest.sample(i)).put("quantity", "depth")
          .put("value", RankingAnalysisApiTest.measured(i) + 2));
    }
    HttpResponse<Buffer> json = live.upload(ID, live.register("Fluids"), "application/json", body.toBuffer());
    assertEquals(201, json.statusCode(), json.bodyAsString());
    assertEquals("thermo_fluid", json.bodyAsJsonObject().getJsonObject("method").getString("model_class"));
    HttpResponse<Buffer> xlsx = live.upload(ID, live.register("Sheets"), LiveServer.XLSX, Buffer.buffer(workbook("hybrid", "12")));
    assertEquals(201, xlsx.statusCode(), xlsx.bodyAsString());
    assertEquals(new JsonObject().put("model_class", "hybrid").put("runtime_hours", 12.0), xlsx.bodyAsJsonObject().getJsonObject("method"));
    HttpResponse<Buffer> badSheet = live.upload(ID, live.register("BadSheets"), LiveServer.XLSX, Buffer.buffer(workbook("quantum", "x")));
    assertEquals(422, badSheet.statusCode(), badSheet.bodyAsString());
    assertEquals(201, multipart(live.register("Learners"), GOOD.encode()).statusCode());
    JsonArray learners = rows("?model_class=machine_learning", null);
    assertEquals(List.of("Learners"), learners.stream().map(r -> ((JsonObject) r).getString("team")).toList());
    assertEquals(3, rows("", null).size());
  }

  /** A workbook in the long form with a 'method' sheet: a heading row, then model_class and runtime_hours. */
  private static byte[] workbook(String modelClass, String hours) throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet predictions = book.createSheet("predictions");
      Row header = predictions.createRow(0);
      header.createCell(0).setCellValue("sample_id");
      header.createCell(1).setCellValue("quantity");
      header.createCell(2).setCellValue("value");
      for (int i = 1; i <= RankingAnalysisApiTest.SAMPLES; i++) {
        Row row = predictions.createRow(i);
        row.createCell(0).setCellValue(RankingAnalysisApiTest.sample(i));
        row.createCell(1).setCellValue("depth");
        row.createCell(2).setCellValue(RankingAnalysisApiTest.measured(i) + 3);
      }
      Sheet method = book.createSheet("method");
      String[][] card = {{"field", "value"}, {"model_class", modelClass}, {"runtime_hours", hours}};
      for (int r = 0; r < card.length; r++) {
        Row row = method.createRow(r);
        row.createCell(0).setCellValue(card[r][0]);
        row.createCell(1).setCellValue(card[r][1]);
      }
      book.write(out);
      return out.toByteArray();
    }
  }

  @Test
  @DisplayName("the CLI's submit --method FILE.yaml sends the card; a card that breaks the form exits 1 naming the field")
  void commandLine() throws Exception {
    String token = live.register("Shell");
    Path predictions = Files.writeString(dir.resolve("p.csv"), csv(1));
    Path card = Files.writeString(dir.resolve("method.yaml"), "model_class: analytical\nsoftware: Rosenthal in Python\nauthor: 0000-0002-1825-0097\n");
    Process ok = cli(token, "submit", "--challenge", ID, "--method", card.toString(), "--json", predictions.toString());
    assertEquals(0, ok.waitFor(), new String(ok.getErrorStream().readAllBytes()));
    JsonObject answer = new JsonObject(new String(ok.getInputStream().readAllBytes()));
    assertEquals("Rosenthal in Python", answer.getJsonObject("method").getString("software"));
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "model_class: guesswork\n");
    Process refused = cli(token, "submit", "--challenge", ID, "--method", bad.toString(), predictions.toString());
    int exit = refused.waitFor();
    String err = new String(refused.getErrorStream().readAllBytes());
    assertTrue(exit != 0, "refused");
    assertTrue(err.contains("method.model_class"), err);
  }

  private Process cli(String token, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "org.amchallenge.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AMC_") || name.equals("XDG_CONFIG_HOME"));
    builder.environment().put("XDG_CONFIG_HOME", dir.resolve("no-config").toString());
    builder.environment().put("AMC_SERVER", "http://127.0.0.1:" + live.port);
    builder.environment().put("AMC_TOKEN", token);
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ended");
    return process;
  }
}
