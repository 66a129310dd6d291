package org.amchallenge.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.submission.PredictionReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores a 1,000,000-row long CSV offline and over HTTP, and prints rows per second and peak heap.
 * A benchmark, not a test: it asserts nothing about time. Run with {@code mvn -Pbenchmark test}.
 */
@Tag("benchmark")
class MillionRowBenchmark {
  private static final int ROWS = 1_000_000;
  private static final int REPEATS = 5;

  @TempDir Path dir;

  private static final String CHALLENGE = String.join("\n",
      "id: bench-million", "title: Benchmark", "opens: 2020-01-01T00:00:00Z", "closes: 2099-01-01T00:00:00Z",
      "quantities:", "  - id: melt_pool_depth", "    unit: um", "    primary: nmae", "");

  /** The files of the targets, as the JMH benchmarks make them. */
  private static String[] files() {
    return CoreJmh.files(ROWS);
  }

  @Test
  @DisplayName("1,000,000-row long CSV: rows per second and peak heap, offline and over HTTP")
  void millionRows() throws Exception {
    String[] files = files();
    byte[] predictions = files[1].getBytes(StandardCharsets.UTF_8);
    Challenge challenge = ChallengeReader.read(CHALLENGE.getBytes(StandardCharsets.UTF_8), true);
    ReferenceData reference = ReferenceReader.read(challenge, files[0].getBytes(StandardCharsets.UTF_8));
    System.out.printf("file: %d rows, %.1f MB%n", ROWS, predictions.length / 1e6);

    double[] offline = new double[REPEATS];
    resetPeaks();
    for (int r = 0; r < REPEATS; r++) {
      long start = System.nanoTime();
      Predictions parsed = new PredictionReader(challenge, reference).readCsv(new ByteArrayInputStream(predictions), null).predictions();
      Scorer.score(challenge, reference, parsed, null);
      offline[r] = (System.nanoTime() - start) / 1e9;
    }
    report("offline parse+score", offline, peakHeapMb());

    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    Files.writeString(dir.resolve("challenges/bench-million.yaml"), CHALLENGE);
    Files.writeString(dir.resolve("reference-data/bench-million.csv"), files[0]);
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"),
        dir.resolve("reference-data"), null, "bench", 256L * 1024 * 1024, Clock.systemUTC());
    Server server = Server.start(config).toCompletionStage().toCompletableFuture().join();
    int port = server.port();   // port 0 asked: the one the system gave
    Vertx vertx = Vertx.vertx();
    try {
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
      String token = join(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", "bench"))).bodyAsJsonObject().getString("token");
      Buffer body = Buffer.buffer(predictions);
      double[] http = new double[REPEATS];
      resetPeaks();
      for (int r = 0; r < REPEATS; r++) {
        long start = System.nanoTime();
        HttpResponse<Buffer> response = join(client.post("/api/challenges/bench-million/submissions")
            .bearerTokenAuthentication(token).putHeader("Content-Type", "text/csv").sendBuffer(body));
        http[r] = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 201) throw new IllegalStateException(response.bodyAsString());
      }
      report("HTTP upload to 201 (read, score, compress, store)", http, peakHeapMb());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      server.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private static final String TENSOR_CHALLENGE = String.join("\n",
      "id: bench-tensor", "title: Benchmark", "opens: 2020-01-01T00:00:00Z", "closes: 2099-01-01T00:00:00Z",
      "quantities:", "  - id: strain", "    unit: '1'", "    kind: tensor", "    components: [e11, e22, e33, e23, e13, e12]",
      "    primary: sum_l2", "");

  @Test
  @DisplayName("1,000,000-row tensor submission (166,667 points x 6 components): rows per second offline")
  void millionTensorRows() throws Exception {
    String[] components = {"e11", "e22", "e33", "e23", "e13", "e12"};
    Random random = new Random(11);
    int points = ROWS / 6 + 1;
    StringBuilder reference = new StringBuilder("sample_id,quantity,point,component,value\n");
    StringBuilder predictions = new StringBuilder("sample_id,quantity,point,component,value\n");
    int rows = 0;
    for (int p = 0; p < points && rows < ROWS; p++) {
      for (String component : components) {
        if (rows == ROWS) break;
        rows++;
        double measured = random.nextGaussian() * 1e-3;
        String key = "G" + (p / 6) + ",strain,state=S" + (p % 6) + "," + component + ",";
        reference.append(key).append(measured).append('\n');
        predictions.append(key).append(measured + random.nextGaussian() * 1e-4).append('\n');
      }
    }
    Challenge challenge = ChallengeReader.read(TENSOR_CHALLENGE.getBytes(StandardCharsets.UTF_8), true);
    ReferenceData data = ReferenceReader.read(challenge, reference.toString().getBytes(StandardCharsets.UTF_8));
    byte[] file = predictions.toString().getBytes(StandardCharsets.UTF_8);
    System.out.printf("tensor file: %d rows, %.1f MB%n", rows, file.length / 1e6);
    double[] seconds = new double[REPEATS];
    resetPeaks();
    for (int r = 0; r < REPEATS; r++) {
      long start = System.nanoTime();
      Predictions parsed = new PredictionReader(challenge, data).readCsv(new ByteArrayInputStream(file), null).predictions();
      Scorer.score(challenge, data, parsed, null);
      seconds[r] = (System.nanoTime() - start) / 1e9;
    }
    report("tensor offline parse+score (l2, sum_l2)", seconds, peakHeapMb());
  }

  private static <T> T join(io.vertx.core.Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private static void report(String what, double[] seconds, double peakHeapMb) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    System.out.printf("%s: median %.3f s (min %.3f, max %.3f, %d runs) = %.0f rows/s; peak heap %.0f MB (whole JVM, test data included)%n",
        what, median, sorted[0], sorted[sorted.length - 1], sorted.length, ROWS / median, peakHeapMb);
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static double peakHeapMb() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum() / 1e6;
  }
}
