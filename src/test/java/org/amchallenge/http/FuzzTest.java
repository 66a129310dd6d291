package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.amchallenge.ServerConfig;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input, generated: valid CSV, JSON and XLSX submissions and a valid challenge file, mutated in every
 * way the issue lists (and seeded, so a failure replays). Every answer must be a 201 or a 4xx problem, never a
 * 5xx, within a time bound, and the server must still answer /health afterwards. Prints how many inputs were
 * tried and how each class was answered.
 */
class FuzzTest {
  private static final String ID = "fuzz";
  private static final String DEFINITION = """
      id: fuzz
      title: Fuzz
      opens: 2020-01-01T00:00:00Z
      closes: 2099-01-01T00:00:00Z
      rules: {max_submissions_per_day: 1000000, max_submissions_total: 1000000}
      ranking: {bootstrap: 0}
      quantities:
        - id: depth
          unit: um
          primary: nmae
        - id: width
          unit: um
          primary: nrmse
      """;
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final long MAX_BODY = 16L << 20;

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Map<Integer, Integer>> answers = new TreeMap<>();
  private LiveServer server;
  private String token;
  private int tried;

  @AfterEach
  void close() {
    if (server != null) server.close();
    LiveServer.join(vertx.close());
  }

  private static String reference() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value,uncertainty\n");
    for (int i = 1; i <= 20; i++) csv.append("S").append(i).append(",depth,").append(50 + i).append(",2\n");
    for (int i = 1; i <= 20; i++) csv.append("S").append(i).append(",width,").append(100 + i).append(",3\n");
    return csv.toString();
  }

  private static String csv() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 1; i <= 20; i++) csv.append("S").append(i).append(",depth,").append(51.5 + i).append('\n');
    for (int i = 1; i <= 20; i++) csv.append("S").append(i).append(",width,").append(99.25 + i).append('\n');
    return csv.toString();
  }

  private static String json() {
    StringBuilder json = new StringBuilder("{\"description\":\"fuzz\",\"predictions\":[");
    for (int i = 1; i <= 20; i++) {
      json.append(i == 1 ? "" : ",").append("{\"sample_id\":\"S").append(i).append("\",\"quantity\":\"depth\",\"value\":").append(51.5 + i).append('}');
    }
    return json.append("]}").toString();
  }

  private static byte[] xlsx(boolean formulas) throws Exception {
    try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      XSSFSheet sheet = workbook.createSheet("predictions");
      String[] header = {"sample_id", "quantity", "value"};
      var top = sheet.createRow(0);
      for (int c = 0; c < 3; c++) top.createCell(c).setCellValue(header[c]);
      for (int i = 1; i <= 20; i++) {
        var row = sheet.createRow(i);
        row.createCell(0).setCellValue("S" + i);
        row.createCell(1).setCellValue("depth");
        if (formulas) row.createCell(2).setCellFormula(i % 2 == 0 ? "50+" + i : "HYPERLINK(\"http://example.org\",\"x\")");
        else row.createCell(2).setCellValue(51.5 + i);
      }
      workbook.write(out);
      return out.toByteArray();
    }
  }

  /** A workbook whose one sheet inflates from kilobytes to a gigabyte of blank XML. */
  private static byte[] zipBomb() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
      zip.write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
      byte[] blank = new byte[1 << 20];
      java.util.Arrays.fill(blank, (byte) ' ');
      for (int i = 0; i < 1024; i++) zip.write(blank);
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  @Test
  @DisplayName("mutated CSV, JSON, XLSX and challenge files: every answer a 201 or a 4xx problem in time, and the server lives")
  void hostileInput() throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("challenges"));
    java.nio.file.Files.createDirectories(dir.resolve("reference-data"));
    java.nio.file.Files.writeString(dir.resolve("challenges/" + ID + ".yaml"), DEFINITION);
    java.nio.file.Files.writeString(dir.resolve("reference-data/" + ID + ".csv"), reference());
    server = LiveServer.of(vertx, new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"),
        dir.resolve("reference-data"), null, TestServer.ORGANIZER, MAX_BODY, Clock.systemUTC(), null,
        new org.amchallenge.ops.Limits(200_000, 100_000, 30, 0, 4)));
    token = server.register("fuzzers");
    Random random = new Random(20261121);
    byte[] csv = csv().getBytes(StandardCharsets.UTF_8);
    byte[] json = json().getBytes(StandardCharsets.UTF_8);
    byte[] xlsx = xlsx(false);

    check("seed: valid CSV", "text/csv", csv, 201);
    check("seed: valid JSON", "application/json", json, 201);
    check("seed: valid XLSX", LiveServer.XLSX, xlsx, 201);
    for (int i = 0; i < 40; i++) {
      check("truncated CSV", "text/csv", truncate(csv, random), 0);
      check("truncated JSON", "application/json", truncate(json, random), 0);
      check("truncated XLSX", LiveServer.XLSX, truncate(xlsx, random), 0);
      check("bit-flipped CSV", "text/csv", flip(csv, random), 0);
      check("bit-flipped JSON", "application/json", flip(json, random), 0);
      check("bit-flipped XLSX", LiveServer.XLSX, flip(xlsx, random), 0);
    }
    check("a 5 MB line", "text/csv", ("sample_id,quantity,value\nS1,depth," + "9".repeat(5_000_000) + "\n").getBytes(StandardCharsets.UTF_8), 422);
    check("a 5 MB sample id", "text/csv", ("sample_id,quantity,value\n" + "S".repeat(5_000_000) + ",depth,1\n").getBytes(StandardCharsets.UTF_8), 422);
    check("JSON nested 100,000 deep", "application/json", ("{\"predictions\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8), 422);
    check("JSON nested 100,000 deep, unclosed", "application/json", "[".repeat(100_000).getBytes(StandardCharsets.UTF_8), 422);
    for (String bad : new String[] {"NaN", "nan", "Infinity", "-Infinity", "inf", "1e999", "-1e999", "0x10", "1,5", "", "1e-400"}) {
      check("NaN, infinities and odd numbers in CSV", "text/csv", csv().replace(",52.5\n", "," + bad + "\n").getBytes(StandardCharsets.UTF_8), 0);
      check("NaN, infinities and odd numbers in JSON", "application/json", json().replace(":52.5}", ":" + (bad.isEmpty() ? "null" : bad) + "}").getBytes(StandardCharsets.UTF_8), 0);
    }
    check("invalid UTF-8", "text/csv", concat(csv, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, '\n'}), 0);
    check("invalid UTF-8 in a sample id", "text/csv", csv().replace("S3,", "S\u00e9,").getBytes(StandardCharsets.ISO_8859_1), 0);
    check("UTF-16 LE with BOM", "text/csv", concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, csv().getBytes(StandardCharsets.UTF_16LE)), 0);
    check("UTF-16 BE with BOM", "text/csv", csv().getBytes(StandardCharsets.UTF_16), 0);
    check("UTF-16 JSON", "application/json", json().getBytes(StandardCharsets.UTF_16), 0);
    check("UTF-8 BOM", "text/csv", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, csv), 201);
    check("CR-only line ends", "text/csv", csv().replace('\n', '\r').getBytes(StandardCharsets.UTF_8), 0);
    check("CRLF line ends", "text/csv", csv().replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), 201);
    check("formula cells in XLSX", LiveServer.XLSX, xlsx(true), 0);
    check("zip bomb in XLSX", LiveServer.XLSX, zipBomb(), 413);
    check("XLSX entry name in invalid UTF-8", LiveServer.XLSX, badEntryName(xlsx), 422);
    check("10,000 columns", "text/csv", tenThousandColumns(), 0);
    check("more rows than the server takes", "text/csv", ("sample_id,quantity,value\n" + "S1,depth,1\n".repeat(200_001)).getBytes(StandardCharsets.UTF_8), 413);
    check("empty body", "text/csv", new byte[0], 422);
    check("binary noise", "application/octet-stream", noise(random, 100_000), 0);

    byte[] yaml = DEFINITION.replace("id: fuzz", "id: fuzz-published").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 30; i++) {
      publish("truncated challenge file", truncate(yaml, random));
      publish("bit-flipped challenge file", flip(yaml, random));
    }
    publish("challenge file nested 50,000 deep", ("id: x\ntitle: " + "[".repeat(50_000)).getBytes(StandardCharsets.UTF_8));
    publish("challenge file with a YAML alias bomb", ("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n").getBytes(StandardCharsets.UTF_8));
    publish("challenge file in invalid UTF-8", concat(yaml, new byte[] {(byte) 0xFF, (byte) 0xC0}));
    publish("challenge file of binary noise", noise(random, 50_000));

    oversizedBody();

    HttpResponse<Buffer> health = server.get("/health", null);
    assertEquals(200, health.statusCode(), "the server no longer answers /health");
    System.out.println("fuzz: " + tried + " hostile inputs tried; answers by class (status=count):");
    answers.forEach((kind, statuses) -> System.out.println("  " + kind + ": " + statuses));
  }

  /** Sends one upload; {@code expected} 0 takes any 201 or 4xx. */
  private void check(String kind, String contentType, byte[] body, int expected) {
    long start = System.nanoTime();
    HttpResponse<Buffer> response = server.upload(ID, token, contentType, Buffer.buffer(body));
    record(kind, response, start, expected);
  }

  private void publish(String kind, byte[] body) {
    long start = System.nanoTime();
    HttpResponse<Buffer> response = LiveServer.join(server.client.post("/api/challenges").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "application/yaml").sendBuffer(Buffer.buffer(body)));
    record(kind, response, start, 0);
  }

  private void record(String kind, HttpResponse<Buffer> response, long start, int expected) {
    tried++;
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    int status = response.statusCode();
    answers.computeIfAbsent(kind, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
    assertTrue(took.compareTo(BOUND) < 0, kind + " took " + took.toMillis() + " ms");
    if (expected != 0) assertEquals(expected, status, kind + ": " + response.bodyAsString());
    if (status == 201 || (status == 200 && kind.contains("challenge file"))) return;   // a cut can leave a valid file
    if (status < 400 || status >= 500) fail(kind + " answered " + status + ": " + response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"), kind);
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals(status, problem.getInteger("status"), kind);
    assertTrue(problem.getString("detail") != null && !problem.getString("detail").isBlank(), kind + ": " + problem);
  }

  /** 200 MiB declared: 413 comes back before the body is sent at all; undeclared (chunked): cut off at the limit. */
  private void oversizedBody() throws Exception {
    long declared = 200L << 20;
    try (Socket socket = new Socket("127.0.0.1", server.port)) {
      socket.setSoTimeout((int) BOUND.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/challenges/" + ID + "/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: text/csv\r\nContent-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = readHead(socket.getInputStream());
      tried++;
      answers.computeIfAbsent("a 200 MiB body, declared", k -> new TreeMap<>()).merge(status(head), 1, Integer::sum);
      assertEquals(413, status(head), head);
    }
    long sent = 0;
    int status;
    try (Socket socket = new Socket("127.0.0.1", server.port)) {
      socket.setSoTimeout((int) BOUND.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/challenges/" + ID + "/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = ("100000\r\n" + "S1,depth,1\n".repeat(0x100000 / 11) + "S".repeat(0x100000 % 11) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        while (sent < declared) {
          out.write(chunk);
          sent += 0x100000;
        }
      } catch (java.io.IOException cutOff) {
        // the server stopped reading once the body passed its limit
      }
      status = status(readHead(socket.getInputStream()));
    }
    tried++;
    answers.computeIfAbsent("a 200 MiB body, chunked", k -> new TreeMap<>()).merge(status, 1, Integer::sum);
    assertEquals(413, status);
    assertTrue(sent < declared, "the server read all " + sent + " bytes");
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    for (int b; (b = in.read()) >= 0 && !head.toString().endsWith("\r\n\r\n"); ) head.append((char) b);
    return head.toString();
  }

  private static int status(String head) {
    return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
  }

  private static byte[] truncate(byte[] valid, Random random) {
    return java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
  }

  private static byte[] flip(byte[] valid, Random random) {
    byte[] copy = valid.clone();
    for (int i = 1 + random.nextInt(8); i > 0; i--) copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    return copy;
  }

  private static byte[] noise(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The workbook with every "[Content_Types].xml" entry name starting with a byte pair that is not UTF-8. */
  private static byte[] badEntryName(byte[] xlsx) {
    byte[] copy = xlsx.clone();
    byte[] name = "[Content_Types].xml".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + name.length <= copy.length; i++) {
      if (java.util.Arrays.equals(copy, i, i + name.length, name, 0, name.length)) {
        copy[i] = (byte) 0xC3;
        copy[i + 1] = (byte) 0x28;
      }
    }
    return copy;
  }

  private static byte[] tenThousandColumns() {
    StringBuilder csv = new StringBuilder("sample_id");
    for (int c = 0; c < 10_000; c++) csv.append(",c").append(c);
    csv.append('\n');
    for (int r = 1; r <= 5; r++) {
      csv.append('S').append(r);
      for (int c = 0; c < 10_000; c++) csv.append(",1.5");
      csv.append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }
}
