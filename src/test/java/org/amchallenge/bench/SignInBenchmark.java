package org.amchallenge.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.Fixtures;
import org.amchallenge.people.Passwords;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-ins with the password hash's real cost against the server as its own process: accounts made first, then
 * sign-ins due at a fixed rate (open loop: each latency counted from when it was due), most with the right password
 * and some with a wrong one, while /health is asked every 20 ms to see whether the event loop keeps answering. It
 * prints its figures and asserts no time.
 */
@Tag("benchmark")
class SignInBenchmark {
  private static final Path JAR = Path.of("target", "amchallenge.jar");
  private static final int ACCOUNTS = Integer.getInteger("amc.bench.signin.accounts", 200);
  private static final int RATE = Integer.getInteger("amc.bench.signin.rate", 50);
  private static final int SECONDS = Integer.getInteger("amc.bench.signin.seconds", 20);
  /** One sign-in in this many has a wrong password. */
  private static final int WRONG_EVERY = 5;
  private static final String PASSWORD = "bench password number ";
  /** Vert.x's warning when an event loop was held too long, as its BlockedThreadChecker words it. */
  private static final Pattern BLOCKED = Pattern.compile("vert\\.x-eventloop-thread-\\d+.{0,40}has been blocked for (\\d+) ms");
  private static final Pattern SERVING = Pattern.compile("amchallenge serving \\d+ challenges on http://[^\\s/]+:(\\d+)/");

  @TempDir Path dir;
  private int port;

  @Test
  @DisplayName("sign-ins per second and their p50 and p99 at the password hash's cost, and the event loop's answers meanwhile")
  void signIns() throws Exception {
    List<String[]> figures = measure(dir);
    System.out.println();
    System.out.println("| figure | measured here |");
    System.out.println("|---|---|");
    figures.forEach(f -> System.out.println("| " + f[0] + " | " + f[1] + " |"));
  }

  /**
   * Runs the whole measurement on a server of its own under {@code dir} and returns its figures, each a name and
   * what was measured; TargetsBenchmark prints them with its own.
   */
  static List<String[]> measure(Path dir) throws Exception {
    SignInBenchmark bench = new SignInBenchmark();
    bench.dir = dir;
    return bench.run();
  }

  private List<String[]> run() throws Exception {
    String hash = hashCost();
    Fixtures.copyTo(dir);
    Path log = dir.resolve("server-signin.log");
    Process server = startServer(log);
    Vertx vertx = Vertx.vertx();
    try {
      // as many connections as sign-ins may be under way, as an attacker would open: the server, not this client, bounds them
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(1024));
      // /health on a connection of its own, so that it never waits behind a sign-in for a connection of the pool
      WebClient probe = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(1));
      createAccounts(client);
      HealthProbe alone = HealthProbe.start(vertx, probe);
      Thread.sleep(5_000);
      double[] idle = alone.stop();
      System.out.printf("/health alone (5 s, every 20 ms): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", idle[0], idle[1], idle[2]);
      int blockedBefore = blockedWarnings(log).size();

      HealthProbe during = HealthProbe.start(vertx, probe);
      Result result = openLoop(vertx, client);
      double[] busy = during.stop();
      List<Long> blocked = blockedWarnings(log).subList(blockedBefore, blockedWarnings(log).size());

      List<String[]> figures = new ArrayList<>();
      figures.add(new String[] {"one password hash on one thread", hash});
      figures.add(new String[] {String.format("sign-ins due at %d/s for %d s (open loop; 1 in %d with a wrong password; %d accounts)",
          RATE, SECONDS, WRONG_EVERY, ACCOUNTS), result.counts()});
      figures.add(new String[] {"answered 200 or 401 per second", String.format("%.1f", result.answeredPerSecond())});
      figures.add(new String[] {"latency of the right passwords (200), from when due",
          String.format("p50 %.0f ms, p99 %.0f ms, max %.0f ms", result.right()[0], result.right()[1], result.right()[2])});
      figures.add(new String[] {"latency of the wrong passwords (401), from when due",
          String.format("p50 %.0f ms, p99 %.0f ms, max %.0f ms", result.wrong()[0], result.wrong()[1], result.wrong()[2])});
      figures.add(new String[] {"/health every 20 ms meanwhile (its own connection)",
          String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d asked; alone p99 %.1f ms)", busy[0], busy[1], busy[2], (long) busy[3], idle[1])});
      figures.add(new String[] {"Vert.x blocked-thread warnings for an event loop meanwhile",
          blocked.isEmpty() ? "none" : blocked.size() + " (longest " + Collections.max(blocked) + " ms)"});
      return figures;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
      Files.copy(log, Path.of("target", "benchmark-server-signin.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** One hash at the server's cost on one thread, for the most sign-ins a second the machine's cores allow; printed and returned. */
  private static String hashCost() {
    Vertx vertx = Vertx.vertx();
    Passwords passwords = new Passwords(vertx, 1, 64, Passwords.COST);
    try {
      for (int i = 0; i < 5; i++) passwords.hash("warm-up " + i).toCompletionStage().toCompletableFuture().join();
      double[] ms = new double[20];
      for (int i = 0; i < ms.length; i++) {
        long start = System.nanoTime();
        passwords.hash("measured " + i).toCompletionStage().toCompletableFuture().join();
        ms[i] = (System.nanoTime() - start) / 1e6;
      }
      java.util.Arrays.sort(ms);
      int cores = Runtime.getRuntime().availableProcessors();
      String cost = String.format("Argon2id m=%d KiB, t=%d, p=%d: median %.1f ms a hash on one thread; %d cores: at most %.0f sign-ins/s",
          Passwords.COST.memoryKib(), Passwords.COST.iterations(), Passwords.COST.parallelism(), ms[ms.length / 2], cores,
          cores * 1000 / ms[ms.length / 2]);
      System.out.println(cost);
      return cost;
    } finally {
      passwords.close().toCompletionStage().toCompletableFuture().join();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private Process startServer(Path log) throws Exception {
    // the limits per caller and per address are lifted (throughput is measured, not them), and the server is told it
    // is behind a proxy, so that X-Forwarded-For gives each sign-in an address of its own: from one loopback address,
    // the wrong passwords alone would soon hold every sign-in back, as the throttle per address should
    List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
    // -Damc.bench.server.jvm="-Xlog:gc:file=gc.log" adds options to the server's JVM, as for TargetsBenchmark
    String jvm = System.getProperty("amc.bench.server.jvm", "");
    if (!jvm.isBlank()) command.addAll(java.util.Arrays.asList(jvm.strip().split("\\s+")));
    command.addAll(List.of("-jar", JAR.toString(), "serve", "--host", "127.0.0.1", "--port", "0",
        "--data", dir.resolve("data").toString(), "--challenges", dir.resolve("challenges").toString(),
        "--reference", dir.resolve("reference-data").toString(), "--organizer-token", "bench-organizer",
        "--rate-limit", "0", "--address-rate-limit", "0", "--team-registrations", "0", "--behind-proxy"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 600; i++) {
      if (port == 0) {
        Matcher serving = SERVING.matcher(Files.readString(log));
        if (serving.find()) port = Integer.parseInt(serving.group(1));
      }
      if (port != 0) {
        try {
          if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return process;
        } catch (IOException notYet) {
          // asked again after the pause
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the server did not start: " + Files.readString(log));
  }

  private static String email(int account) {
    return "bench" + account + "@example.org";
  }

  /** A client address of its own for the k-th request, as a proxy would append it. */
  private static String address(long k) {
    return "10." + (k >> 16 & 255) + "." + (k >> 8 & 255) + "." + (k & 255);
  }

  private static final AtomicLong REQUESTS = new AtomicLong();

  /** The accounts, eight made at a time: all at once, the hashes waiting would pass the server's bound and be refused. */
  private static void createAccounts(WebClient client) {
    long start = System.nanoTime();
    List<Future<Void>> loops = new ArrayList<>();
    for (int loop = 0; loop < 8; loop++) loops.add(createAccounts(client, loop, 8));
    Future.all(loops).toCompletionStage().toCompletableFuture().join();
    System.out.printf("%d accounts created in %.1f s%n", ACCOUNTS, (System.nanoTime() - start) / 1e9);
  }

  private static Future<Void> createAccounts(WebClient client, int account, int step) {
    if (account >= ACCOUNTS) return Future.succeededFuture();
    JsonObject body = new JsonObject().put("email", email(account)).put("password", PASSWORD + account).put("name", "Bench " + account);
    return client.post("/api/accounts").putHeader("X-Forwarded-For", address(REQUESTS.incrementAndGet())).sendJsonObject(body)
        .compose(response -> {
          if (response.statusCode() != 201) {
            return Future.failedFuture(new IllegalStateException("creating an account: " + response.statusCode() + " " + response.bodyAsString()));
          }
          return createAccounts(client, account + step, step);
        });
  }

  /** Sign-ins answered, by status, with their latencies from when each was due. */
  private record Result(Map<String, Long> byStatus, double answeredPerSecond, double[] right, double[] wrong) {
    String counts() {
      return new java.util.TreeMap<>(byStatus).toString();
    }
  }

  /** Sign-ins due at {@link #RATE} a second for {@link #SECONDS}, sent when due (checked every millisecond) whatever the earlier answers. */
  private static Result openLoop(Vertx vertx, WebClient client) throws Exception {
    List<Double> right = Collections.synchronizedList(new ArrayList<>());
    List<Double> wrong = Collections.synchronizedList(new ArrayList<>());
    Map<String, Long> byStatus = new ConcurrentHashMap<>();
    long total = (long) RATE * SECONDS;
    long start = System.nanoTime();
    long[] sent = {0};
    AtomicLong answered = new AtomicLong();
    AtomicLong lastAnswer = new AtomicLong(start);
    CompletableFuture<Void> finished = new CompletableFuture<>();
    Random random = new Random(23);
    vertx.setPeriodic(1, timer -> {
      long due = Math.min(total, (System.nanoTime() - start) * RATE / 1_000_000_000L);
      for (; sent[0] < due; sent[0]++) {
        long k = sent[0];
        long dueAt = start + k * 1_000_000_000L / RATE;
        int account = random.nextInt(ACCOUNTS);
        boolean wrongPassword = k % WRONG_EVERY == WRONG_EVERY - 1;
        JsonObject body = new JsonObject().put("email", email(account)).put("password", wrongPassword ? "not the password" : PASSWORD + account);
        client.post("/api/sessions").putHeader("X-Forwarded-For", address(REQUESTS.incrementAndGet())).sendJsonObject(body).onComplete(result -> {
          long at = System.nanoTime();
          String status = result.succeeded() ? Integer.toString(result.result().statusCode()) : "failed: " + result.cause().getClass().getSimpleName();
          byStatus.merge(status, 1L, Long::sum);
          if (status.equals("200")) right.add((at - dueAt) / 1e6);
          if (status.equals("401")) wrong.add((at - dueAt) / 1e6);
          lastAnswer.accumulateAndGet(at, Math::max);
          if (answered.incrementAndGet() == total) finished.complete(null);
        });
      }
      if (sent[0] == total) vertx.cancelTimer(timer);
    });
    try {
      finished.get(SECONDS + 120L, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException stillWaiting) {
      System.out.println("sign-ins: " + answered.get() + " of " + total + " answered after " + (SECONDS + 120) + " s");
    }
    double seconds = (lastAnswer.get() - start) / 1e9;
    return new Result(byStatus, (right.size() + wrong.size()) / seconds, summary(right), summary(wrong));
  }

  /** /health asked every 20 ms from {@link #start} until {@link #stop}, each latency kept. */
  private static final class HealthProbe {
    private final List<Double> ms = Collections.synchronizedList(new ArrayList<>());
    private final Vertx vertx;
    private final long timer;

    private HealthProbe(Vertx vertx, WebClient probe) {
      this.vertx = vertx;
      this.timer = vertx.setPeriodic(20, id -> {
        long start = System.nanoTime();
        probe.get("/health").send().onSuccess(response -> ms.add((System.nanoTime() - start) / 1e6));
      });
    }

    static HealthProbe start(Vertx vertx, WebClient probe) {
      return new HealthProbe(vertx, probe);
    }

    /** p50, p99, max in ms and the count answered. */
    double[] stop() throws InterruptedException {
      vertx.cancelTimer(timer);
      Thread.sleep(200); // the last ones answered
      double[] summary = summary(ms);
      return new double[] {summary[0], summary[1], summary[2], ms.size()};
    }
  }

  /** p50, p99 and max of the values, in their unit; zeros where there are none. */
  private static double[] summary(List<Double> values) {
    double[] sorted;
    synchronized (values) {
      sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
    if (sorted.length == 0) return new double[] {0, 0, 0};
    return new double[] {percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]};
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  /** The lengths in ms of the event-loop blocks Vert.x warned about in the server's log so far. */
  private static List<Long> blockedWarnings(Path log) throws IOException {
    List<Long> blocked = new ArrayList<>();
    Matcher warning = BLOCKED.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
    while (warning.find()) blocked.add(Long.parseLong(warning.group(1)));
    return blocked;
  }
}
