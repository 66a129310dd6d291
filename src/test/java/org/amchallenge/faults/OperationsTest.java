package org.amchallenge.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server process as an operator sees it: a SIGTERM that lets uploads finish, and logs that hold no secret. */
class OperationsTest {
  /** Measured values no log line could hold by chance. */
  private static final double[] MEASURED = {417.3179, 388.0411, 402.9923, 455.1207, 391.6653, 428.7741};

  @TempDir Path dir;

  private void writeChallenge() throws Exception {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    Files.writeString(dir.resolve("challenges/ops.yaml"), """
        id: ops
        title: Operations
        opens: 2020-01-01T00:00:00Z
        closes: 2099-01-01T00:00:00Z
        rules: {max_submissions_per_day: 1000, max_submissions_total: 1000}
        quantities:
          - id: depth
            unit: um
            primary: nmae
        """);
    StringBuilder csv = new StringBuilder("sample_id,quantity,value,uncertainty\n");
    for (int i = 0; i < MEASURED.length; i++) csv.append("T").append(i + 1).append(",depth,").append(MEASURED[i]).append(",3.3331\n");
    Files.writeString(dir.resolve("reference-data/ops.csv"), csv.toString());
  }

  private static String predictions(double offset) {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 0; i < MEASURED.length; i++) csv.append("T").append(i + 1).append(",depth,").append(400 + i * offset).append('\n');
    return csv.toString();
  }

  @Test
  @DisplayName("SIGTERM while an upload is arriving: the upload is answered 201 and stored, then the process exits")
  void gracefulShutdown() throws Exception {
    writeChallenge();
    HttpClient http = HttpClient.newHttpClient();
    String token;
    byte[] body = predictions(1).getBytes(StandardCharsets.UTF_8);
    String answer;
    try (ServerProcess server = ServerProcess.start(dir, "term.log")) {
      token = new JsonObject(http.send(HttpRequest.newBuilder(server.uri("/api/teams")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Late\"}")).build(), HttpResponse.BodyHandlers.ofString()).body()).getString("token");
      try (Socket socket = new Socket("127.0.0.1", server.port)) {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/challenges/ops/submissions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: text/csv\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, body.length / 2);
        out.flush();
        Thread.sleep(300);
        // the operator stops the node while half the file is in
        ProcessHandle.of(server.pid()).orElseThrow().destroy();
        Thread.sleep(500);
        out.write(body, body.length / 2, body.length - body.length / 2);
        out.flush();
        answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
      }
      assertTrue(answer.startsWith("HTTP/1.1 201"), answer + "\n" + server.output());
    }
    // started again on the same data; on a port of its own (port 0 again): the test reads it through again.uri
    try (ServerProcess again = ServerProcess.start(dir, "after-term.log")) {
      JsonObject own = new JsonObject(http.send(HttpRequest.newBuilder(again.uri("/api/challenges/ops/submissions"))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertEquals(1, own.getJsonArray("submissions").size(), "the upload answered during the shutdown is stored");
    }
  }

  @Test
  @DisplayName("the server's log, after uploads good and bad, holds no token and no measured value; each line has its request id")
  void logsHoldNoSecret() throws Exception {
    writeChallenge();
    HttpClient http = HttpClient.newHttpClient();
    List<String> tokens = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(dir, "json.log")) {
      for (String name : new String[] {"A", "B"}) {
        tokens.add(new JsonObject(http.send(HttpRequest.newBuilder(server.uri("/api/teams")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(), HttpResponse.BodyHandlers.ofString()).body())
            .getString("token"));
      }
      String[] bodies = {predictions(1), predictions(2), "sample_id,quantity,value\nT1,depth,abc\nT9,depth,1\n", "{\"predictions\":[",
          predictions(0).replace("T1,", "T1,x,")};
      for (String token : tokens) {
        for (String body : bodies) {
          http.send(HttpRequest.newBuilder(server.uri("/api/challenges/ops/submissions")).header("Authorization", "Bearer " + token)
              .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
        http.send(HttpRequest.newBuilder(server.uri("/api/challenges/ops/reference")).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString());
      }
      http.send(HttpRequest.newBuilder(server.uri("/api/challenges/ops/leaderboard?board=private"))
          .header("Authorization", "Bearer " + ServerProcess.ORGANIZER).build(), HttpResponse.BodyHandlers.ofString());
      http.send(HttpRequest.newBuilder(server.uri("/api/challenges/ops/submissions")).header("Authorization", "Bearer forged-token")
          .POST(HttpRequest.BodyPublishers.ofString(predictions(1))).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(143, server.stop(), "stopped by SIGTERM, after its shutdown hook");
      String log = server.output();
      for (String token : tokens) assertFalse(log.contains(token), "a team token in the log");
      assertFalse(log.contains(ServerProcess.ORGANIZER), "the organizer token in the log");
      assertFalse(log.contains("forged-token"), "a sent token in the log");
      for (double value : MEASURED) assertFalse(log.contains(Double.toString(value)), value + " in the log");
      assertFalse(log.contains("3.3331"), "a measurement uncertainty in the log");
      long uploads = log.lines().filter(line -> line.contains("path=/api/challenges/ops/submissions")).count();
      assertTrue(uploads >= 10, "each upload has its access line: " + uploads);
      assertTrue(log.lines().filter(line -> line.contains("path=/api/challenges/ops/submissions")).allMatch(line -> line.contains("request_id=")),
          "every access line carries its request id");
    }
  }
}
