package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.Fixtures;
import org.amchallenge.ops.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may upload is decided from the headers: a refused caller costs the server its headers and nothing more. */
class UploadGateTest {
  private static final long SIXTY_MB = 60L << 20;
  private static final Pattern BODY_BYTES = Pattern.compile("(?m)^amc_request_body_bytes_total\\S* (\\S+)$");

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private LiveServer server;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    for (Socket socket : sockets) socket.close();
    if (server != null) server.close();
    LiveServer.join(vertx.close());
  }

  private void start(int uploadsPerTeam) throws Exception {
    start(uploadsPerTeam, 120);
  }

  private void start(int uploadsPerTeam, int uploadSeconds) throws Exception {
    server = LiveServer.of(vertx, TestServer.config(dir, 64L << 20)
        .withLimits(new Limits(2_000_000, 1_000_000, uploadSeconds, 0, uploadsPerTeam)));
  }

  /** A raw request's head: {@code headers} are the lines after the request line, each ending in CRLF. */
  private Socket request(String requestLine, String headers) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port);
    sockets.add(socket);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write((requestLine + "\r\nHost: x\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  private HttpResponse<Buffer> uploadPredictions(String token) {
    return server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(Fixtures.predictions(1, 1)));
  }

  /** A raw connection with an upload's head sent and no body byte yet. */
  private Socket uploadHead(String token, long length) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port);
    sockets.add(socket);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(("POST /api/challenges/" + Fixtures.CHALLENGE + "/submissions HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer " + token + "\r\nContent-Type: text/csv\r\nContent-Length: " + length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** The answer's head, read up to its blank line. */
  private static String head(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) break;
      head.append((char) b);
    }
    return head.toString();
  }

  private double bodyBytesRead() {
    String metrics = server.get("/metrics", TestServer.ORGANIZER).bodyAsString();
    Matcher m = BODY_BYTES.matcher(metrics);
    assertTrue(m.find(), "amc_request_body_bytes_total in /metrics");
    return Double.parseDouble(m.group(1));
  }

  @Test
  @DisplayName("a 60 MB upload with a forged token gets 401 before a byte of its body was sent, its connection closed, nothing read")
  void forgedTokenCostsNothing() throws Exception {
    start(4);
    double before = bodyBytesRead();
    Socket socket = uploadHead("forged-" + "x".repeat(40), SIXTY_MB);
    String head = head(socket.getInputStream());
    assertTrue(head.startsWith("HTTP/1.1 401"), head);
    assertTrue(head.toLowerCase().contains("connection: close"), head);
    // the rest of the body is not taken: the server has closed, so the sender fails long before 60 MB
    AtomicLong sent = new AtomicLong();
    Thread sender = new Thread(() -> {
      byte[] chunk = new byte[1 << 16];
      try {
        OutputStream out = socket.getOutputStream();
        while (sent.get() < SIXTY_MB) {
          out.write(chunk);
          sent.addAndGet(chunk.length);
        }
      } catch (IOException closed) {
        // the server closed the connection: what this test expects
      }
    });
    sender.start();
    sender.join(TimeUnit.SECONDS.toMillis(20));
    boolean stuck = sender.isAlive();
    socket.close();
    assertTrue(!stuck && sent.get() < SIXTY_MB / 2, "sent " + sent.get() + " bytes" + (stuck ? ", still sending after 20 s" : ""));
    assertEquals(before, bodyBytesRead(), "body bytes read by the server");
    assertEquals(200, server.get("/health", null).statusCode());
  }

  @Test
  @DisplayName("a client that sends its whole 60 MB body with a forged token at once still reads its 401")
  void forgedTokenWithBodyReadsItsAnswer() throws Exception {
    start(4);
    HttpResponse<Buffer> answer = server.upload(Fixtures.CHALLENGE, "forged-token", "text/csv", Buffer.buffer(new byte[(int) SIXTY_MB]));
    assertEquals(401, answer.statusCode());
    assertEquals("application/problem+json", answer.getHeader("Content-Type"));
  }

  @Test
  @DisplayName("an organizer token, or a team past its uploads at once, is refused before its body too")
  void otherRefusalsBeforeTheBody() throws Exception {
    start(1);
    String token = server.register("Busy");
    double before = bodyBytesRead();
    Socket organizer = uploadHead(TestServer.ORGANIZER, SIXTY_MB);
    assertTrue(head(organizer.getInputStream()).startsWith("HTTP/1.1 403"));
    // two uploads of a team allowed one at a time: whichever the server takes second is refused, the other waits
    List<Socket> both = List.of(uploadHead(token, SIXTY_MB), uploadHead(token, SIXTY_MB));
    Socket refusedOne = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
        .until(() -> answered(both), java.util.Objects::nonNull);
    String refused = head(refusedOne.getInputStream());
    assertTrue(refused.startsWith("HTTP/1.1 429"), refused);
    Socket waiting = both.get(0) == refusedOne ? both.get(1) : both.get(0);
    assertEquals(0, waiting.getInputStream().available(), "the other upload waits for its body");
    assertEquals(before, bodyBytesRead(), "body bytes read by the server");
  }

  @Test
  @DisplayName("a hundred admitted uploads that declare 60 MB and send nothing: /health within 100 ms, the heap flat")
  void hundredSilentUploads() throws Exception {
    start(4);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 25; i++) tokens.add(server.register("Silent " + i));
    assertEquals(200, server.get("/health", null).statusCode());
    long heapBefore = heapAfterCollection();
    for (String token : tokens) {
      for (int i = 0; i < 4; i++) uploadHead(token, SIXTY_MB);
    }
    // for a second, none is answered: every upload is held, waiting for its body
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> answered(sockets) == null);
    long slowest = 0;
    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      assertEquals(200, server.get("/health", null).statusCode());
      slowest = Math.max(slowest, System.nanoTime() - start);
      Thread.sleep(20);
    }
    long heapDuring = heapAfterCollection();
    assertTrue(slowest < TimeUnit.MILLISECONDS.toNanos(100), "slowest /health " + slowest / 1e6 + " ms");
    assertTrue(heapDuring - heapBefore < (32L << 20), "heap grew by " + (heapDuring - heapBefore) / (1 << 20) + " MB");
  }

  @Test
  @DisplayName("an organizer's upload routes (an input file, a disqualification, a reference) refuse a stranger and a team before their 60 MB body")
  void organizerUploadsRefusedBeforeTheBody() throws Exception {
    start(4);
    String team = server.register("Strangers", "Sam");
    double before = bodyBytesRead();
    String base = "/api/challenges/" + Fixtures.CHALLENGE;
    String[] requestLines = {"PUT " + base + "/inputs/big.csv HTTP/1.1", "POST " + base + "/disqualifications HTTP/1.1",
        "PUT " + base + "/reference HTTP/1.1", "POST /api/challenges?dry_run=true HTTP/1.1"};
    for (String line : requestLines) {
      for (String token : new String[] {null, team}) {
        String authorization = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
        Socket socket = request(line, authorization + "Content-Type: application/json\r\nContent-Length: " + SIXTY_MB + "\r\n");
        String head = head(socket.getInputStream());
        assertTrue(head.startsWith(token == null ? "HTTP/1.1 401" : "HTTP/1.1 403"), line + ": " + head);
        assertTrue(head.toLowerCase().contains("connection: close"), line + ": " + head);
      }
    }
    assertEquals(before, bodyBytesRead(), "body bytes read by the server");
  }

  @Test
  @DisplayName("a body refused by the router itself (no such challenge, no such route, a route that takes none) is not read either")
  void routerRefusalsHoldTheBody() throws Exception {
    start(4);
    double before = bodyBytesRead();
    String[] requestLines = {"POST /api/challenges/no-such/submissions HTTP/1.1", "POST /api/nothing-here HTTP/1.1",
        "PUT /api/challenges/" + Fixtures.CHALLENGE + "/leaderboard HTTP/1.1", "POST /api/challenges/" + Fixtures.CHALLENGE + "/reveal HTTP/1.1"};
    for (String line : requestLines) {
      Socket socket = request(line, "Content-Type: text/csv\r\nContent-Length: " + SIXTY_MB + "\r\n");
      String head = head(socket.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 4"), line + ": " + head);
      assertTrue(head.toLowerCase().contains("connection: close"), line + ": " + head);
    }
    assertEquals(before, bodyBytesRead(), "body bytes read by the server");
  }

  @Test
  @DisplayName("a team's body of more than 16 kB is refused with 413 before it is read whole")
  void registrationBodyIsSmall() throws Exception {
    start(4);
    HttpResponse<Buffer> answer = LiveServer.join(server.client.post("/api/teams").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"name\":\"" + "x".repeat(20_000) + "\"}")));
    assertEquals(413, answer.statusCode());
    assertEquals(200, server.get("/health", null).statusCode());
  }

  @Test
  @DisplayName("an upload refused as too large (413) or too slow (408) gives its team's slot back: the next upload is taken")
  void refusedUploadsFreeTheirSlot() throws Exception {
    start(1, 1);
    String token = server.register("Unlucky");
    for (int i = 0; i < 3; i++) {
      Socket tooLarge = uploadHead(token, 65L << 20);
      assertTrue(head(tooLarge.getInputStream()).startsWith("HTTP/1.1 413"));
      awaitNoUploadInFlight();
      Socket tooSlow = uploadHead(token, 100);
      assertTrue(head(tooSlow.getInputStream()).startsWith("HTTP/1.1 408"));
      awaitNoUploadInFlight();
    }
    assertEquals(201, uploadPredictions(token).statusCode());
  }

  @Test
  @DisplayName("a form whose file part never ends is cut off with 408, and its half-written file is deleted")
  void unfinishedFormLeavesNoFile() throws Exception {
    start(4, 1);
    String token = server.register("Forms");
    String body = "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        + "x".repeat(200_000);
    Socket socket = request("POST /api/challenges/" + Fixtures.CHALLENGE + "/submissions HTTP/1.1", "Authorization: Bearer " + token
        + "\r\nContent-Type: multipart/form-data; boundary=zz\r\nContent-Length: " + body.length() + "\r\n");
    socket.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    assertTrue(head(socket.getInputStream()).startsWith("HTTP/1.1 408"));
    Path uploads = dir.resolve("data").resolve("uploads");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(0, fileCount(uploads), "files left in " + uploads));
  }

  /** The server has finished with every upload's request (its answer sent and its slot given back). */
  private void awaitNoUploadInFlight() {
    Pattern inFlight = Pattern.compile("(?m)^amc_uploads_in_flight\\S* (\\S+)$");
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      Matcher m = inFlight.matcher(server.get("/metrics", TestServer.ORGANIZER).bodyAsString());
      return m.find() && Double.parseDouble(m.group(1)) == 0;
    });
  }

  /** The first of these connections with an answer waiting, or null. */
  private static Socket answered(List<Socket> sockets) throws IOException {
    for (Socket socket : sockets) if (socket.getInputStream().available() > 0) return socket;
    return null;
  }

  private static long fileCount(Path folder) throws IOException {
    try (var files = java.nio.file.Files.list(folder)) {
      return files.count();
    }
  }

  private static long heapAfterCollection() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
