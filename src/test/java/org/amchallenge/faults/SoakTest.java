package org.amchallenge.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.Fixtures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Minutes of mixed load on the server as its own process: teams uploading, viewers reading boards, event-stream
 * clients coming and going. At the end the heap (after a full collection) and the open file descriptors are
 * where they were once warm, and no answer was a 5xx. Bounded: {@code amc.soak.seconds} (120 by default).
 */
@Tag("soak")
class SoakTest {
  @TempDir Path dir;

  @Test
  @DisplayName("mixed uploads, reads and SSE clients for minutes: no 5xx, heap and file descriptors flat")
  void soak() throws Exception {
    long seconds = Long.getLong("amc.soak.seconds", 120);
    Fixtures.copyTo(dir);
    Path yaml = dir.resolve("challenges/" + Fixtures.CHALLENGE + ".yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("opens: 2026-01-01T00:00:00Z", "opens: 2020-01-01T00:00:00Z")
        .replace("closes: 2027-01-01T00:00:00Z", "closes: 2099-01-01T00:00:00Z")
        + "rules:\n  max_submissions_per_day: 1000000\n  max_submissions_total: 1000000\n");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (ServerProcess server = ServerProcess.start(dir, "soak.log", "--rate-limit", "1000000", "--address-rate-limit", "0")) {
      List<String> tokens = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        tokens.add(new JsonObject(http.send(HttpRequest.newBuilder(server.uri("/api/teams")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"soak-" + t + "\"}")).build(), HttpResponse.BodyHandlers.ofString()).body())
            .getString("token"));
      }
      Map<String, AtomicLong> served = new ConcurrentHashMap<>();
      List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
      List<String> errors = Collections.synchronizedList(new ArrayList<>());
      long warmUntil = System.nanoTime() + Duration.ofSeconds(Math.min(20, seconds / 4)).toNanos();
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < tokens.size(); t++) {
        String token = tokens.get(t);
        int seed = t;
        threads.add(load(() -> {
          Random random = new Random(seed);
          while (System.nanoTime() < end) {
            String body = random.nextInt(10) == 0 ? "sample_id,quantity,value\nS1,depth,oops\n"
                : Fixtures.predictions(random.nextInt(100) / 10.0, random.nextInt(100) / 10.0);
            timed("upload", served, latencies, errors, () -> http.send(HttpRequest.newBuilder(server.uri("/api/challenges/"
                + Fixtures.CHALLENGE + "/submissions")).header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            pause(50);   // about 20 uploads a second for each team, as a deadline rush, not a flood
          }
        }));
      }
      for (int r = 0; r < 6; r++) {
        int reader = r;
        threads.add(load(() -> {
          while (System.nanoTime() < end) {
            String path = reader % 3 == 0 ? "/api/challenges/" + Fixtures.CHALLENGE : reader % 3 == 1
                ? "/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard" : "/api/challenges";
            timed("read", served, latencies, errors, () -> http.send(HttpRequest.newBuilder(server.uri(path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
          }
        }));
      }
      for (int s = 0; s < 8; s++) {
        threads.add(load(() -> {
          Random random = new Random();
          while (System.nanoTime() < end) {
            // a viewer opens the board's event stream, reads for a moment, and leaves
            try {
              HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(server.uri("/api/challenges/" + Fixtures.CHALLENGE
                  + "/leaderboard/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
              served.computeIfAbsent("sse", k -> new AtomicLong()).incrementAndGet();
              try (InputStream in = stream.body()) {
                long until = System.currentTimeMillis() + 500 + random.nextInt(2500);
                byte[] buffer = new byte[4096];
                while (System.currentTimeMillis() < until && in.read(buffer) >= 0) {
                  // events and heartbeats
                }
              }
            } catch (Exception e) {
              errors.add("sse: " + e);
            }
          }
        }));
      }
      while (System.nanoTime() < warmUntil) Thread.sleep(200);
      double[] warm = heapAndFiles(server, http);
      long uploadsWhenWarm = served.getOrDefault("upload", new AtomicLong()).get();
      for (Thread thread : threads) thread.join();
      Thread.sleep(4000);   // the SSE connections closed by the viewers are seen closed by the server
      double[] after = heapAndFiles(server, http);
      double[] ms = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf("soak: %d s, %d uploads, %d reads, %d event-stream clients; p50 %.1f ms, p99 %.1f ms; heap after a full GC "
              + "%.1f MB once warm, %.1f MB at the end; open files %.0f once warm, %.0f at the end; %d errors%n", seconds,
          served.getOrDefault("upload", new AtomicLong()).get(), served.getOrDefault("read", new AtomicLong()).get(),
          served.getOrDefault("sse", new AtomicLong()).get(), ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.99) - 1],
          warm[0] / 1e6, after[0] / 1e6, warm[1], after[1], errors.size());
      assertTrue(errors.isEmpty(), "errors: " + errors.subList(0, Math.min(10, errors.size())));
      // every stored submission stays in memory for the boards (its scores, a few kB): the heap may grow by that, not more
      long added = served.getOrDefault("upload", new AtomicLong()).get() - uploadsWhenWarm;
      assertTrue(after[0] < warm[0] + 16e6 + 4096.0 * added, "heap grew from " + warm[0] + " to " + after[0] + " with " + added + " uploads");
      assertTrue(after[1] <= warm[1] + 16, "open files grew from " + warm[1] + " to " + after[1]);
      assertEquals(200, http.send(HttpRequest.newBuilder(server.uri("/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private interface Call {
    int status() throws Exception;
  }

  private static void timed(String kind, Map<String, AtomicLong> served, List<Double> latencies, List<String> errors, Call call) {
    long start = System.nanoTime();
    try {
      int status = call.status();
      latencies.add((System.nanoTime() - start) / 1e6);
      served.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
      if (status >= 500) errors.add(kind + " answered " + status);
    } catch (Exception e) {
      errors.add(kind + ": " + e);
    }
  }

  private static Thread load(Runnable work) {
    Thread thread = new Thread(work);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Heap used after a full collection (jcmd GC.run), and open file descriptors, from the server's /metrics. */
  private static double[] heapAndFiles(ServerProcess server, HttpClient http) throws Exception {
    Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(server.pid()), "GC.run")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    gc.waitFor();
    String metrics = http.send(HttpRequest.newBuilder(server.uri("/metrics")).header("Authorization", "Bearer " + ServerProcess.ORGANIZER).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double heap = 0;
    Matcher used = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"\\} ([0-9.E+]+)").matcher(metrics);
    while (used.find()) heap += Double.parseDouble(used.group(1));
    Matcher files = Pattern.compile("process_files_open_files(?:\\{[^}]*\\})? ([0-9.E+]+)").matcher(metrics);
    if (!files.find()) throw new IllegalStateException("no process_files_open_files in /metrics");
    return new double[] {heap, Double.parseDouble(files.group(1))};
  }
}
