package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amchallenge.Fixtures;
import org.amchallenge.ServerConfig;
import org.amchallenge.ops.Limiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits one caller meets, the request id, the Prometheus figures, and spreadsheet-safe exports. */
class LimitsTest {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private LiveServer server;

  @AfterEach
  void close() {
    if (server != null) server.close();
    LiveServer.join(vertx.close());
  }

  private LiveServer start(org.amchallenge.ops.Limits limits) throws Exception {
    server = LiveServer.of(vertx, TestServer.config(dir, 1 << 20).withLimits(limits));
    return server;
  }

  @Test
  @DisplayName("a token past its requests per minute gets 429 with Retry-After; another token is not held back")
  void rateLimit() throws Exception {
    start(new org.amchallenge.ops.Limits(1000, 1000, 120, 5, 4));
    String token = server.register("Busy");
    String other = server.register("Calm");
    for (int i = 0; i < 5; i++) assertEquals(200, server.get("/api/challenges/" + Fixtures.CHALLENGE + "/submissions", token).statusCode());
    HttpResponse<Buffer> refused = server.get("/api/challenges/" + Fixtures.CHALLENGE + "/submissions", token);
    assertEquals(429, refused.statusCode());
    assertEquals("/problems/rate-limited", refused.bodyAsJsonObject().getString("type"));
    long retry = Long.parseLong(refused.getHeader("Retry-After"));
    assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
    assertEquals(200, server.get("/api/challenges/" + Fixtures.CHALLENGE + "/submissions", other).statusCode());
    // reading the public board takes no token and is not counted
    assertEquals(200, server.get("/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard", null).statusCode());
  }

  @Test
  @DisplayName("a file with more rows than the server takes is 413, counted before parsing; a workbook past its cells too")
  void rowsAndCells() throws Exception {
    start(new org.amchallenge.ops.Limits(10, 20, 120, 0, 4));
    String token = server.register("Wide");
    HttpResponse<Buffer> ok = server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(Fixtures.predictions(1, 1)));
    assertEquals(413, ok.statusCode(), "12 rows against a limit of 10");
    assertEquals("/problems/too-many-rows", ok.bodyAsJsonObject().getString("type"));
    byte[] xlsx = workbook(30);
    HttpResponse<Buffer> cells = server.upload(Fixtures.CHALLENGE, token, LiveServer.XLSX, Buffer.buffer(xlsx));
    assertEquals(413, cells.statusCode(), cells.bodyAsString());
    assertEquals("/problems/too-many-cells", cells.bodyAsJsonObject().getString("type"));
  }

  private static byte[] workbook(int cells) throws Exception {
    try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(); var out = new java.io.ByteArrayOutputStream()) {
      var sheet = workbook.createSheet("predictions");
      for (int r = 0; r < cells / 3; r++) {
        var row = sheet.createRow(r);
        for (int c = 0; c < 3; c++) row.createCell(c).setCellValue(r == 0 ? new String[] {"sample_id", "quantity", "value"}[c] : "x");
      }
      workbook.write(out);
      return out.toByteArray();
    }
  }

  /** A raw connection with an upload's head sent ({@code extra}: more header lines), and no body byte yet. */
  private Socket uploadHead(String token, long length, String extra) throws Exception {
    Socket socket = new Socket("127.0.0.1", server.port);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(("POST /api/challenges/" + Fixtures.CHALLENGE + "/submissions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + token + "\r\nContent-Type: text/csv\r\n" + extra + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  @Test
  @DisplayName("an upload whose body does not arrive in time is cut off with 408 and its connection closed")
  void slowClient() throws Exception {
    start(new org.amchallenge.ops.Limits(1000, 1000, 1, 0, 4));
    String token = server.register("Slow");
    byte[] body = Fixtures.predictions(1, 1).getBytes(StandardCharsets.UTF_8);
    try (Socket socket = uploadHead(token, body.length, "")) {
      OutputStream out = socket.getOutputStream();
      out.write(body, 0, body.length / 2);
      out.flush();
      long start = System.nanoTime();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("/problems/too-slow"), answer);
      assertTrue(seconds > 0.5 && seconds < 5, "cut off after " + seconds + " s");
    }
    // nothing was stored, and the server goes on
    assertEquals(0, server.get("/api/challenges/" + Fixtures.CHALLENGE + "/submissions", token).bodyAsJsonObject()
        .getJsonArray("submissions").size());
    assertEquals(200, server.get("/health", null).statusCode());
  }

  @Test
  @DisplayName("a client that asks before sending (Expect: 100-continue, as curl does past 1 MB) is told to go on, or 413 at once")
  void expectContinue() throws Exception {
    start(new org.amchallenge.ops.Limits(1000, 1000, 120, 0, 4));
    String token = server.register("Curl");
    byte[] body = Fixtures.predictions(1, 1).getBytes(StandardCharsets.UTF_8);
    try (Socket socket = uploadHead(token, body.length, "Expect: 100-continue\r\n")) {
      OutputStream out = socket.getOutputStream();
      var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      // no body byte is sent until the server says so
      assertEquals("HTTP/1.1 100 Continue", in.readLine());
      assertEquals("", in.readLine());
      out.write(body);
      out.flush();
      assertEquals("HTTP/1.1 201 Created", in.readLine());
    }
    try (Socket socket = uploadHead(token, 2 << 20, "Expect: 100-continue\r\n")) {
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertFalse(answer.contains("100 Continue"), answer);
    }
    assertEquals(1, server.get("/api/challenges/" + Fixtures.CHALLENGE + "/submissions", token).bodyAsJsonObject()
        .getJsonArray("submissions").size());
  }

  @Test
  @DisplayName("the uploads of one team at once are counted per node; past the limit one waits for another to end")
  void uploadsAtOnce() {
    Limiter limiter = new Limiter();
    assertTrue(limiter.startUpload("t1", 2));
    assertTrue(limiter.startUpload("t1", 2));
    assertFalse(limiter.startUpload("t1", 2), "a third at once");
    assertTrue(limiter.startUpload("t2", 2), "another team is not held back");
    limiter.endUpload("t1");
    assertTrue(limiter.startUpload("t1", 2), "one ended, one more may start");
    assertEquals(0, limiter.request("h", 2, 1_000));
    assertEquals(0, limiter.request("h", 2, 2_000));
    assertEquals(59, limiter.request("h", 2, 1_500 + 500), "third in the minute: wait until 61 s");
    assertEquals(0, limiter.request("h", 2, 61_000), "a new minute");
  }

  @Test
  @DisplayName("every answer carries a request id (the caller's where it is a plain token), problems too")
  void requestIds() throws Exception {
    start(org.amchallenge.ops.Limits.DEFAULTS);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) ids.add(server.get("/health", null).getHeader("X-Request-Id"));
    assertEquals(20, ids.size());
    HttpResponse<Buffer> given = LiveServer.join(server.client.get("/api/challenges/nope").putHeader("X-Request-Id", "trace-42").send());
    assertEquals("trace-42", given.getHeader("X-Request-Id"));
    assertEquals("trace-42", given.bodyAsJsonObject().getString("request_id"));
    HttpResponse<Buffer> forged = LiveServer.join(server.client.get("/health").putHeader("X-Request-Id", "bad id <script>").send());
    assertFalse(forged.getHeader("X-Request-Id").contains("<"), "an unsafe id is replaced");
  }

  @Test
  @DisplayName("GET /metrics: Prometheus text with uploads by outcome, rejections by reason, scoring time, board reads, SSE clients")
  void metrics() throws Exception {
    start(new org.amchallenge.ops.Limits(1000, 1000, 120, 0, 4));
    String token = server.register("Counted");
    assertEquals(201, server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(Fixtures.predictions(1, 1))).statusCode());
    assertEquals(201, server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(Fixtures.predictions(2, 1))).statusCode());
    assertEquals(422, server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer("nonsense")).statusCode());
    for (int i = 0; i < 3; i++) server.get("/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard", null);
    HttpResponse<Buffer> scrape = server.get("/metrics", TestServer.ORGANIZER);
    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.getHeader("Content-Type").startsWith("text/plain"));
    String text = scrape.bodyAsString();
    assertTrue(text.contains("amc_uploads_total{outcome=\"accepted\"} 2.0"), text);
    assertTrue(text.contains("amc_uploads_total{outcome=\"rejected\"} 1.0"), text);
    assertTrue(text.contains("amc_upload_rejections_total{reason=\"invalid-input\"} 1.0"), text);
    assertTrue(text.contains("amc_scoring_seconds_count 2"), text);
    assertTrue(text.contains("amc_leaderboard_reads_total 3.0"), text);
    assertTrue(text.contains("amc_sse_clients 0.0"), text);
    assertTrue(text.contains("process_files_open_files"), text);
    assertTrue(text.contains("jvm_memory_used_bytes"), text);
    assertFalse(text.contains(token), "no token in the figures");
  }

  @Test
  @DisplayName("team names starting with =, +, -, @ are written as text in the leaderboard CSV")
  void formulaInjection() throws Exception {
    start(new org.amchallenge.ops.Limits(1000, 1000, 120, 0, 4));
    List<String> names = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)");
    for (int i = 0; i < names.size(); i++) {
      String token = server.register(names.get(i));
      assertEquals(201, server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(Fixtures.predictions(i + 1, 1))).statusCode());
    }
    String csv = LiveServer.join(server.client.get("/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard").putHeader("Accept", "text/csv")
        .send()).bodyAsString();
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    Set<String> teams = new HashSet<>();
    try (MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).readValues(csv)) {
      rows.next();
      rows.forEachRemaining(row -> teams.add(row.get(1)));
    }
    for (String name : names) assertTrue(teams.contains("'" + name), "'" + name + " in " + teams);
  }
}
