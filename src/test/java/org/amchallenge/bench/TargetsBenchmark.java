package org.amchallenge.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.domain.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every figure of issues 7 and 25 with its target beside it, measured in one run on this machine: the parser and
 * the metrics (JMH), the server as its own process at -Xmx256m (a 1,000,000-row upload, 64 teams uploading at
 * once, rescoring 10,000 submissions while reads go on), the offline scorer as a whole process, leaderboard
 * reads against a bare Vert.x endpoint serving the same bytes (wrk), each file shape of {@link Shapes} scored
 * offline and uploaded beside a pandas scorer of the same file, and sign-ins at the password hash's cost
 * ({@link SignInBenchmark}). It asserts no time.
 */
@Tag("benchmark")
class TargetsBenchmark {
  private static final Path JAR = Path.of("target", "amchallenge.jar");
  /** The command line as cli.md tells people to run it: the launcher the build writes beside the jar. */
  private static final Path LAUNCHER = Path.of("target", "amchallenge");
  private static final String TOKEN = "bench-organizer";
  private final List<String[]> figures = new ArrayList<>();

  @TempDir Path dir;

  @Test
  @DisplayName("every target of issues 7 and 25, measured side by side")
  void targets() throws Exception {
    if (wanted("jmh")) jmh();
    String[] million = CoreJmh.files(CoreJmh.ROWS);
    writeChallenges(million);
    if (wanted("score")) {
      pandasScorer();
      offlineScorer();
    }
    // each section on a server of its own, started anew on an empty database with only the challenge it uses:
    // what one section leaves in memory (the teams' uploads, the rescored challenge, a million-row
    // reference) would otherwise weigh on the next at -Xmx256m
    if (wanted("upload")) onNewServer("upload", "million", List.of(), (vertx, client) -> upload(million[1].getBytes(StandardCharsets.UTF_8), dir.resolve("predictions.csv")));
    if (wanted("rescore")) onNewServer("rescore", "rescore", List.of(), (vertx, client) -> rescore(client));
    if (wanted("teams")) onNewServer("teams", "small", List.of(), this::concurrentTeams);
    if (wanted("reads")) onNewServer("reads", "small", List.of(), this::reads);
    List<Shapes.Shape> shapes = Shapes.SHAPES.stream().filter(shape -> wanted("shapes") || wanted(shape.name())).toList();
    if (!shapes.isEmpty()) shapes(shapes);
    if (wanted("signin")) signIn();
    if (wanted("ranking")) ranking();
    System.out.println();
    System.out.println("| figure | measured here (median, min-max) | target |");
    System.out.println("|---|---|---|");
    figures.forEach(f -> System.out.println("| " + f[0] + " | " + f[1] + " | " + f[2] + " |"));
    if (!shapeRows.isEmpty()) printShapes();
  }

  /** Every section by default; {@code -Damc.bench.only=teams,reads} runs some ({@code shapes} every shape, or a shape by its name). */
  private static boolean wanted(String section) {
    String only = System.getProperty("amc.bench.only", "");
    return only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(section);
  }

  private void figure(String name, String measured, String target) {
    figures.add(new String[] {name, measured, target});
    System.out.println(name + ": " + measured + " (target " + target + ")");
  }

  // ---- the ranking analysis (issue 27)

  /**
   * The analysis from per-sample losses to its encoded JSON, in this JVM (it runs on a worker of the server in
   * the same way): 200 teams whose losses differ by a small offset plus noise, so that tests and ranks vary.
   */
  private void ranking() {
    int teams = 200;
    int samples = 10_000;
    java.util.Random random = new java.util.Random(27);
    double[][] losses = new double[teams][samples];
    List<String> names = new ArrayList<>();
    List<String> sampleNames = new ArrayList<>();
    for (int t = 0; t < teams; t++) {
      names.add("team-" + t);
      for (int s = 0; s < samples; s++) losses[t][s] = 0.1 + 0.0005 * t + 0.05 * random.nextDouble();
    }
    for (int s = 0; s < samples; s++) sampleNames.add("S" + s);
    int[] official = new int[teams];
    for (int t = 0; t < teams; t++) official[t] = t + 1;
    var input = new org.amchallenge.leaderboard.RankingAnalysis.Input(names, sampleNames, losses, official, false, 20260115L, 1000);
    double[] seconds = new double[3];
    long bytes = 0;
    for (int run = 0; run < seconds.length; run++) {
      long start = System.nanoTime();
      var result = org.amchallenge.leaderboard.RankingAnalysis.analyse(input);
      bytes = org.amchallenge.leaderboard.AnalysisReport.encode(org.amchallenge.leaderboard.AnalysisReport.json("bench", result)).length();
      seconds[run] = (System.nanoTime() - start) / 1e9;
    }
    figure("the ranking analysis: 200 teams x 10,000 samples x 1,000 resamples, to its JSON (" + bytes / 1_000_000 + " MB), "
            + Runtime.getRuntime().availableProcessors() + " cores",
        String.format("%.2f s (%.2f-%.2f, 3 runs)", median(seconds), Arrays.stream(seconds).min().orElseThrow(), Arrays.stream(seconds).max().orElseThrow()),
        "5 s (priced)");
  }

  // ---- the scoring core and the parser, in JMH

  private void jmh() throws Exception {
    var options = new OptionsBuilder().include(CoreJmh.class.getName()).forks(0).warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1)).shouldDoGC(true).build();
    double fileMb = CoreJmh.files(1000)[1].length() / 1000.0 * CoreJmh.ROWS / 1e6;
    for (RunResult result : new Runner(options).run()) {
      double ms = result.getPrimaryResult().getScore();
      double error = result.getPrimaryResult().getScoreError();
      if (result.getParams().getBenchmark().endsWith("parse")) {
        figure("parse a 1,000,000-row long CSV into columns (JMH, 5 x 1 s)", String.format("%.0f MB/s (%.1f ± %.1f ms for %.1f MB)", fileMb / (ms / 1000), ms, error, fileMb), "300 MB/s");
      } else {
        figure("metrics on 1,000,000 parsed rows (JMH, 5 x 1 s)", String.format("%.0f million rows/s (%.1f ± %.1f ms)", CoreJmh.ROWS / (ms / 1000) / 1e6, ms, error), "50 million rows/s");
      }
    }
  }

  // ---- files and the server process

  private interface Section {
    void run(Vertx vertx, WebClient client) throws Exception;
  }

  /**
   * Starts a server on a database of its own, serving only {@code challenge} (with {@code jvm} options of the
   * section's own), runs the section against it, stops it and keeps its log in target/.
   */
  private void onNewServer(String section, String challenge, List<String> jvm, Section body) throws Exception {
    Process server = startServer(section, challenge, jvm);
    Vertx vertx = Vertx.vertx();
    try {
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
          .setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
      body.run(vertx, client);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
      Files.copy(dir.resolve("server-" + section + ".log"), Path.of("target", "benchmark-server-" + section + ".log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private int port;

  /** Each challenge in a folder pair of its own, so that a section's server loads only the one it uses. */
  private void writeChallenges(String[] million) throws IOException {
    String head = "title: B\nopens: 2020-01-01T00:00:00Z\ncloses: 2099-01-01T00:00:00Z\n"
        + "rules: {max_submissions_per_day: 1000000, max_submissions_total: 1000000}\nranking: {bootstrap: 0}\n";
    String quantity = "quantities:\n  - id: melt_pool_depth\n    unit: um\n    primary: nmae\n";
    writeChallenge("million", "id: million\n" + head + quantity, million[0]);
    Files.writeString(dir.resolve("predictions.csv"), million[1]);
    writeChallenge("small", "id: small\n" + head + quantity, reference(100, 0));
    writeChallenge("rescore", "id: rescore\n" + head + quantity, reference(1000, 0));
  }

  private void writeChallenge(String id, String definition, String reference) throws IOException {
    Files.createDirectories(dir.resolve(id).resolve("challenges"));
    Files.createDirectories(dir.resolve(id).resolve("reference-data"));
    Files.writeString(dir.resolve(id).resolve("challenges").resolve(id + ".yaml"), definition);
    Files.writeString(dir.resolve(id).resolve("reference-data").resolve(id + ".csv"), reference);
  }

  private static String reference(int rows, double shift) {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value,uncertainty\n");
    for (int i = 0; i < rows; i++) csv.append("S").append(i).append(",melt_pool_depth,").append(100 + i % 50 + shift).append(",4\n");
    return csv.toString();
  }

  private static String predictions(int rows, Random random) {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 0; i < rows; i++) {
      csv.append("S").append(i).append(",melt_pool_depth,").append(Math.round((100 + i % 50 + random.nextGaussian() * 5) * 1000) / 1000.0).append('\n');
    }
    return csv.toString();
  }

  /**
   * The server's collector at -Xmx256m, where a million-row reference and tens of thousands of kept
   * submissions leave a large live set: the parallel collector's full collections stay short enough for the
   * teams' p99, and unlike G1's humongous regions it finds room for H2's large write buffer.
   */
  private static final String SERVER_GC = System.getProperty("amc.bench.gc", "-XX:+UseParallelGC");

  /** The line the server logs once it listens, with the port it got (it is started with port 0). */
  private static final java.util.regex.Pattern SERVING = java.util.regex.Pattern.compile("amchallenge serving \\d+ challenges on http://[^\\s/]+:(\\d+)/");

  private Process startServer(String section, String challenge, List<String> sectionJvm) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", SERVER_GC));
    command.addAll(sectionJvm);
    // -Damc.bench.jfr=server.jfr records the server with Flight Recorder (profile settings) until it stops
    String jfr = System.getProperty("amc.bench.jfr", "");
    if (!jfr.isBlank()) command.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath());
    // -Damc.bench.server.jvm="-agentpath:…/libasyncProfiler.so=start,event=cpu,file=…" adds options to the server's JVM
    String jvm = System.getProperty("amc.bench.server.jvm", "");
    if (!jvm.isBlank()) command.addAll(Arrays.asList(jvm.strip().split("\\s+")));
    command.addAll(List.of("-jar", JAR.toString(), "serve", "--host", "127.0.0.1", "--port", "0",
        "--data", dir.resolve("data-" + section).toString(), "--challenges", dir.resolve(challenge).resolve("challenges").toString(),
        "--reference", dir.resolve(challenge).resolve("reference-data").toString(), "--organizer-token", TOKEN, "--max-body", Long.toString(256L << 20),
        // throughput is measured here, not the per-caller and per-address limits: they are lifted
        "--rate-limit", "0", "--address-rate-limit", "0", "--team-registrations", "0", "--team-uploads", "64"));
    Path log = dir.resolve("server-" + section + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    port = 0;
    for (int i = 0; i < 600 && process.isAlive(); i++) {
      if (port == 0) {
        java.util.regex.Matcher serving = SERVING.matcher(new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8));
        if (serving.find()) port = Integer.parseInt(serving.group(1));
      }
      if (port != 0) {
        try {
          if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
            return process;
          }
        } catch (IOException notYet) {
          // asked again after the pause
        }
      }
      Thread.sleep(100);
    }
    process.destroy();
    throw new ServerDidNotStart(Files.readString(dir.resolve("server-" + section + ".log")));
  }

  /** The server process did not come up; its log is the message. */
  private static final class ServerDidNotStart extends IllegalStateException {
    private final String log;

    ServerDidNotStart(String log) {
      super("the server did not start: " + log);
      this.log = log;
    }

    /** The last line the server wrote: why it stopped. */
    String reason() {
      String[] lines = log.strip().split("\\R");
      return lines[lines.length - 1];
    }
  }

  private String register(HttpClient http, String name) throws Exception {
    String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/teams"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return body.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
  }

  // ---- the figures

  /**
   * Three uploads to warm the server up (the first one's time printed), then seven measured, sent by curl (as
   * a user sends a file; it reads the file from disk and costs the two cores little), then ten more sent by
   * Java's HttpClient from this JVM, whose sending takes CPU the server would otherwise have.
   */
  private void upload(byte[] file, Path onDisk) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String token = register(http, "million-team");
    String url = "http://127.0.0.1:" + port + "/api/challenges/million/submissions";
    double[] seconds = new double[10];
    if (Files.isExecutable(Path.of("/usr/bin/curl"))) {
      for (int i = 0; i < seconds.length; i++) {
        Process curl = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "-H", "Authorization: Bearer " + token,
            "-H", "Content-Type: text/csv", "--data-binary", "@" + onDisk, url).redirectErrorStream(true).start();
        String[] answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
        if (curl.waitFor() != 0 || !answer[0].equals("201")) throw new IllegalStateException("curl: " + String.join(" ", answer));
        seconds[i] = Double.parseDouble(answer[1]);
      }
      figure(String.format("upload of a 1,000,000-row CSV (%.1f MB) to its 201 with scores, by curl, server at -Xmx256m %s (7 runs after 3; the first on the new server took %.3f s)",
              file.length / 1e6, SERVER_GC, seconds[0]),
          stats(Arrays.copyOfRange(seconds, 3, seconds.length), "%.3f s"), paced(0.18, "%.3f s"));
    } else {
      figure("upload of a 1,000,000-row CSV by curl", "not measured: curl is missing (apt-get install curl)", "0.18 s");
    }
    for (int i = 0; i < seconds.length; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
          .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(),
          HttpResponse.BodyHandlers.ofString());
      seconds[i] = (System.nanoTime() - start) / 1e9;
      if (response.statusCode() != 201) throw new IllegalStateException(response.body());
    }
    figure("the same upload sent by Java's HttpClient from the benchmark's JVM, which shares the two cores (7 runs after 3)",
        stats(Arrays.copyOfRange(seconds, 3, seconds.length), "%.3f s"), "0.18 s");
  }

  private void offlineScorer() throws Exception {
    // the first runs after the files were written are left out, as in the upload figure: they measure the disk
    // and this JVM settling after writing 75 MB, not the scorer
    double[] seconds = new double[12];
    String printed = null;
    for (int i = 0; i < seconds.length; i++) {
      long start = System.nanoTime();
      Process score = new ProcessBuilder(LAUNCHER.toString(), "score", "--challenge", dir.resolve("million/challenges/million.yaml").toString(),
          "--reference", dir.resolve("million/reference-data/million.csv").toString(), dir.resolve("predictions.csv").toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = score.getInputStream().readAllBytes();
      if (score.waitFor() != 0) throw new IllegalStateException("score failed");
      seconds[i] = (System.nanoTime() - start) / 1e9;
      printed = new String(out, StandardCharsets.UTF_8);
    }
    figure(String.format("`amchallenge score` on the same files, the whole process with JVM start (9 runs after 3; the first took %.2f s)", seconds[0]),
        stats(Arrays.copyOfRange(seconds, 3, seconds.length), "%.2f s"), paced(0.6, "%.2f s"));
    if (pandasFigures != null) compareWithPandas(Json.MAPPER.readTree(printed));
  }

  /** The pandas scorer's time here over the issue's 1.84 s: how much slower (above 1) this machine is at that work; NaN if not measured. */
  private double pace = Double.NaN;
  private com.fasterxml.jackson.databind.JsonNode pandasFigures;

  /** A target of the issue with, where the pandas scorer was measured, what it comes to at this machine's pace. */
  private String paced(double seconds, String format) {
    String target = String.format(format, seconds);
    return Double.isNaN(pace) ? target : target + String.format(" (x %.2f: " + format + " at this machine's pace)", pace, seconds * pace);
  }

  /**
   * The issue's yardstick, measured here on the same files: a pandas + scikit-learn scorer of the kind organizers
   * write (src/test/python/pandas_scorer.py; 1.84 s, median of 3, on the issue's machine). Machines differ from
   * day to day, so its time here over 1.84 s shows this machine's pace beside each timed target.
   */
  private void pandasScorer() throws Exception {
    String python = pythonWithPandas();
    String name = "a pandas + scikit-learn scorer of the same files, whole process (3 runs after 1; the issue's machine: 1.84 s)";
    if (python == null) {
      figure(name, "not measured: no python3 with pandas and scikit-learn (apt-get install python3-pandas python3-sklearn)", "(the yardstick)");
      return;
    }
    double[] seconds = new double[4];
    String printed = null;
    for (int i = 0; i < seconds.length; i++) {
      long start = System.nanoTime();
      Process pandas = new ProcessBuilder(python, Path.of("src", "test", "python", "pandas_scorer.py").toString(),
          dir.resolve("million/reference-data/million.csv").toString(), dir.resolve("predictions.csv").toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      byte[] out = pandas.getInputStream().readAllBytes();
      if (pandas.waitFor() != 0) throw new IllegalStateException("the pandas scorer failed");
      seconds[i] = (System.nanoTime() - start) / 1e9;
      printed = new String(out, StandardCharsets.UTF_8);
    }
    double[] measured = Arrays.copyOfRange(seconds, 1, seconds.length);
    Arrays.sort(measured);
    pace = measured[1] / 1.84;
    pandasFigures = Json.MAPPER.readTree(printed);
    figure(name, stats(measured, "%.2f s") + String.format(": this machine's pace x %.2f", pace), "(the yardstick)");
  }

  /** Debian's python3 where the one first on the PATH lacks pandas (a pyenv's, say); null if neither has it. */
  private static String pythonWithPandas() throws InterruptedException {
    return pythonWith("pandas, sklearn, scipy");
  }

  /** The first python3 that imports {@code modules}; null if none does. */
  private static String pythonWith(String modules) throws InterruptedException {
    for (String python : List.of("python3", "/usr/bin/python3")) {
      try {
        Process probe = new ProcessBuilder(python, "-c", "import " + modules).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (probe.waitFor() == 0) return python;
      } catch (IOException notThere) {
        // the next one
      }
    }
    return null;
  }

  /** Each figure both scorers give, ours against pandas and scikit-learn's, to 1e-9 of its size: an independent check of the numbers timed. */
  private void compareWithPandas(com.fasterxml.jackson.databind.JsonNode ours) {
    figure("the offline scorer's figures against the pandas scorer's (each to 1e-9 of its size, and the reference's SHA-256)",
        compare(ours, pandasFigures), "all equal");
  }

  /** "N figures equal", or those that differ: each figure pandas printed against ours, to 1e-9 of its size, and the reference's SHA-256. */
  private static String compare(com.fasterxml.jackson.databind.JsonNode ours, com.fasterxml.jackson.databind.JsonNode pandas) {
    List<String> differ = new ArrayList<>();
    int compared = 0;
    if (!ours.get("reference_sha256").equals(pandas.get("reference_sha256"))) differ.add("reference_sha256");
    for (var quantity : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) pandas.get("quantities")::fields) {
      for (var metric : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) quantity.getValue()::fields) {
        double theirs = metric.getValue().asDouble();
        double mine = ours.path("quantities").path(quantity.getKey()).path(metric.getKey()).asDouble(Double.NaN);
        compared++;
        if (!(Math.abs(mine - theirs) <= 1e-9 * Math.max(1e-300, Math.abs(theirs)))) differ.add(quantity.getKey() + "." + metric.getKey() + ": " + mine + " against " + theirs);
      }
    }
    return differ.isEmpty() ? compared + " figures equal" : differ.size() + " of " + compared + " differ: " + String.join("; ", differ);
  }

  // ---- issue 25: each file shape, scored offline and uploaded, beside pandas

  /** Values in each shape's file ({@code -Damc.bench.values}; the workbook holds fewer, as many as the cell limit allows). */
  private static final int VALUES = Integer.getInteger("amc.bench.values", Shapes.DEFAULT_VALUES);

  /** What was measured for one shape: median seconds (NaN where not measured), full collections per upload, and the check against pandas. */
  private record ShapeRow(Shapes.Shape shape, long values, long bytes, double pandas, double score, double upload, String fullGcs, String check) {}

  private final List<ShapeRow> shapeRows = new ArrayList<>();

  /**
   * Writes every shape's file (Shapes), then for each: the pandas scorer of that file as a whole process (3 runs
   * after 1), {@code amchallenge score} as a whole process (5 runs after 2), their figures compared; then a server
   * of its own for each shape at -Xmx256m, logging its collections, takes the shape's upload by curl (5 runs after 3),
   * the full collections during each upload counted. The long CSV in the reference's order is always measured: the others' time per value is
   * read against it.
   */
  private void shapes(List<Shapes.Shape> chosen) throws Exception {
    List<Shapes.Shape> shapes = new ArrayList<>(chosen);
    Shapes.Shape ordered = Shapes.SHAPES.get(0);
    if (!shapes.contains(ordered)) shapes.add(0, ordered);
    Path files = dir.resolve("shapes");
    long writing = System.nanoTime();
    Shapes.write(files, VALUES);
    System.out.printf("shapes: %,d values a file written in %.1f s%n", VALUES, (System.nanoTime() - writing) / 1e9);
    String python = pythonWith("pandas, sklearn, scipy");
    String pythonXlsx = pythonWith("pandas, sklearn, scipy, openpyxl");
    double[] pandas = new double[shapes.size()];
    double[] score = new double[shapes.size()];
    String[] checks = new String[shapes.size()];
    // -Damc.bench.uploads.only=true skips the offline scores, to try a server's options on the uploads alone
    for (int i = 0; i < shapes.size() && !Boolean.getBoolean("amc.bench.uploads.only"); i++) {
      Shapes.Shape shape = shapes.get(i);
      String file = files.resolve(shape.file()).toString();
      String reference = files.resolve("reference-data").resolve(shape.challenge() + ".csv").toString();
      String py = shape.name().equals("xlsx") ? pythonXlsx : python;
      Timed theirs = null;
      pandas[i] = Double.NaN;
      if (py != null) {
        theirs = timed(List.of(py, Path.of("src", "test", "python", "pandas_scorer.py").toString(), reference, file), 1, 3);
        pandas[i] = theirs.median();
        System.out.printf("shape %s: the pandas scorer, whole process (3 runs after 1): %s%n", shape.name(), stats(theirs.seconds(), "%.2f s"));
      }
      List<String> arguments = List.of("score", "--challenge", files.resolve("challenges").resolve(shape.challenge() + ".yaml").toString(),
          "--reference", reference, file);
      Timed ours = timed(concat(List.of(LAUNCHER.toString()), arguments), 2, 5);
      score[i] = ours.median();
      System.out.printf("shape %s: amchallenge score, whole process (5 runs after 2; the first took %.2f s): %s%n", shape.name(), ours.first(),
          stats(ours.seconds(), "%.2f s"));
      // the same run as a plain `java -jar`, without the launcher's JVM options, for the record (no target)
      Timed plain = timed(concat(List.of("java", "-jar", JAR.toString()), arguments), 1, 3);
      System.out.printf("shape %s: the same as plain java -jar (3 runs after 1): %s%n", shape.name(), stats(plain.seconds(), "%.2f s"));
      checks[i] = theirs != null ? compare(Json.MAPPER.readTree(ours.printed()), Json.MAPPER.readTree(theirs.printed()))
          : "not compared: no python3 with pandas, scikit-learn, scipy" + (shape.name().equals("xlsx") ? " and openpyxl (apt-get install python3-openpyxl)" : "");
      System.out.printf("shape %s: figures against pandas: %s%n", shape.name(), checks[i]);
    }
    double[] upload = new double[shapes.size()];
    String[] fullGcs = new String[shapes.size()];
    Arrays.fill(upload, Double.NaN);
    Arrays.fill(fullGcs, "not measured");
    if (Files.isExecutable(Path.of("/usr/bin/curl"))) {
      for (String challenge : shapes.stream().map(Shapes.Shape::challenge).distinct().toList()) {
        Path only = dir.resolve("upload-" + challenge);
        Files.createDirectories(only.resolve("challenges"));
        Files.createDirectories(only.resolve("reference-data"));
        Files.copy(files.resolve("challenges").resolve(challenge + ".yaml"), only.resolve("challenges").resolve(challenge + ".yaml"));
        Files.copy(files.resolve("reference-data").resolve(challenge + ".csv"), only.resolve("reference-data").resolve(challenge + ".csv"));
      }
      // a server for each shape, loading only its challenge's reference, so that what one shape's uploads leave in the
      // heap does not weigh on the next; at -Xmx256m, and where the server cannot start there or fails an upload, again at
      // twice that and then 1 GB, so that the upload's time is still measured, with what happened at the smaller heaps said beside it
      for (int i = 0; i < shapes.size(); i++) {
        Shapes.Shape shape = shapes.get(i);
        String note = "";
        for (String heap : List.of("-Xmx256m", "-Xmx512m", "-Xmx1g")) {
          String section = "shape-" + shape.name() + heap.replace("-Xmx", "-");
          Path gcLog = dir.resolve("gc-" + section + ".log");
          String heapNote = note;
          int index = i;
          try {
            boolean[] failed = {false};
            onNewServer(section, "upload-" + shape.challenge(), List.of(heap, "-Xlog:gc:file=" + gcLog),
                (vertx, client) -> failed[0] = !uploadShape(shape, index, files, section, gcLog, heap, heapNote, upload, fullGcs));
            Files.copy(gcLog, Path.of("target", "benchmark-gc-" + section + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (!failed[0]) break;
            note = "; at " + heap + ": " + fullGcs[i].replace(heapNote, "") + heapNote;
          } catch (ServerDidNotStart notAtThisHeap) {
            note = "; at " + heap + " the server with this reference does not start (" + notAtThisHeap.reason() + ")" + heapNote;
            System.out.printf("shape %s: the server does not start at %s: %s%n", shape.name(), heap, notAtThisHeap.reason());
            fullGcs[i] = "not measured" + note;
          }
        }
      }
    }
    for (int i = 0; i < shapes.size(); i++) {
      Shapes.Shape shape = shapes.get(i);
      shapeRows.add(new ShapeRow(shape, Shapes.valuesIn(shape, VALUES), Files.size(files.resolve(shape.file())), pandas[i], score[i], upload[i], fullGcs[i], checks[i]));
    }
  }

  /**
   * A shape's uploads to the server now running, their median time and full collections put in {@code upload} and
   * {@code fullGcs} at {@code index}; false where the server failed one (5xx, a timeout, no answer), which more heap may mend.
   */
  private boolean uploadShape(Shapes.Shape shape, int index, Path files, String section, Path gcLog, String heap, String heapNote, double[] upload,
      String[] fullGcs) throws Exception {
    String token = register(HttpClient.newHttpClient(), "shapes-team");
    try {
      int[] full = new int[8];
      double[] seconds = curlUploads(token, shape, files.resolve(shape.file()), gcLog, full);
      upload[index] = median(Arrays.copyOfRange(seconds, 3, seconds.length));
      int measured = Arrays.stream(full, 3, full.length).sum();
      fullGcs[index] = String.format("%.1f (%s; warm-ups %s)", measured / 5.0, joined(Arrays.copyOfRange(full, 3, full.length)), joined(Arrays.copyOf(full, 3)))
          + (heap.equals("-Xmx256m") ? "" : " at " + heap + heapNote);
      System.out.printf("shape %s: upload to its 201 by curl, server at %s (5 runs after 3; the first took %.3f s): %s; full collections per upload %s%n",
          shape.name(), heap, seconds[0], stats(Arrays.copyOfRange(seconds, 3, seconds.length), "%.3f s"), fullGcs[index]);
      return true;
    } catch (UploadRefused refused) {
      String log = Files.readString(dir.resolve("server-" + section + ".log"));
      String why = refused.getMessage().substring(0, Math.min(120, refused.getMessage().length()));
      // curl's 100 (the server's 100 Continue, then nothing) and 000 (no answer at all): the connection closed
      String status = refused.status.equals("100") || refused.status.equals("000") ? "no answer (the connection closed)" : refused.status;
      fullGcs[index] = "upload " + refused.attempt + " of 8 refused: " + (log.contains("OutOfMemoryError") ? status + ", OutOfMemoryError in the server's log" : why)
          + ", after " + refused.fullGcs + " full collections" + heapNote;
      System.out.printf("shape %s at %s: %s%n", shape.name(), heap, fullGcs[index]);
      // a refusal of the file itself (4xx but a timeout) stays one at any heap; a failure of the server may not
      return refused.status.startsWith("4") && !refused.status.equals("408");
    }
  }

  /** An upload answered otherwise than 201: which one (1-based), its status, and the full collections logged until then. */
  private static final class UploadRefused extends IllegalStateException {
    final int attempt;
    final String status;
    final long fullGcs;

    UploadRefused(int attempt, String status, long fullGcs, String detail) {
      super(status + " " + detail);
      this.attempt = attempt;
      this.status = status;
      this.fullGcs = fullGcs;
    }
  }

  /** Seconds of each measured run of a whole process, the first warm-up's, and what the last run printed. */
  private record Timed(double[] seconds, double first, String printed) {
    double median() {
      return TargetsBenchmark.median(seconds);
    }
  }

  /** Runs {@code command} as a whole process {@code warmUps} times, then {@code runs} times measured; its error output goes into the exception if it fails. */
  private static List<String> concat(List<String> first, List<String> then) {
    List<String> all = new ArrayList<>(first);
    all.addAll(then);
    return all;
  }

  private Timed timed(List<String> command, int warmUps, int runs) throws Exception {
    double[] seconds = new double[runs];
    double first = Double.NaN;
    String printed = null;
    Path errors = dir.resolve("process-errors.txt");
    for (int i = 0; i < warmUps + runs; i++) {
      long start = System.nanoTime();
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (process.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(errors));
      double took = (System.nanoTime() - start) / 1e9;
      if (i == 0) first = took;
      if (i >= warmUps) seconds[i - warmUps] = took;
      printed = new String(out, StandardCharsets.UTF_8);
    }
    return new Timed(seconds, first, printed);
  }

  /**
   * Eight uploads of a shape's file by curl, as a user sends a file (3 to warm up, 5 measured); the full
   * collections the server's GC log shows during each are put in {@code fullGcs}. Throws where one is not answered 201.
   */
  private double[] curlUploads(String token, Shapes.Shape shape, Path file, Path gcLog, int[] fullGcs) throws Exception {
    String url = "http://127.0.0.1:" + port + "/api/challenges/" + shape.challenge() + "/submissions";
    Path answer = dir.resolve("upload-answer.json");
    double[] seconds = new double[fullGcs.length];
    for (int i = 0; i < seconds.length; i++) {
      long before = fullCollections(gcLog);
      Process curl = new ProcessBuilder("curl", "-s", "-o", answer.toString(), "-w", "%{http_code} %{time_total}", "-H", "Authorization: Bearer " + token,
          "-H", "Content-Type: " + shape.contentType(), "--data-binary", "@" + file, url).redirectErrorStream(true).start();
      String[] status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
      if (curl.waitFor() != 0 || !status[0].equals("201")) {
        String body = Files.exists(answer) ? Files.readString(answer) : "";
        Thread.sleep(50);
        throw new UploadRefused(i + 1, status[0], fullCollections(gcLog), body.substring(0, Math.min(300, body.length())));
      }
      seconds[i] = Double.parseDouble(status[1]);
      // the collector writes each line as it happens; a moment lets the last one land in the file
      Thread.sleep(50);
      fullGcs[i] = (int) (fullCollections(gcLog) - before);
    }
    return seconds;
  }

  /** Full collections logged so far by -Xlog:gc ("Pause Full" lines; the parallel and G1 collectors both word them so). */
  private static long fullCollections(Path gcLog) throws IOException {
    if (!Files.exists(gcLog)) return 0;
    try (var lines = Files.lines(gcLog, StandardCharsets.UTF_8)) {
      return lines.filter(line -> line.contains("Pause Full")).count();
    }
  }

  private static String joined(int[] counts) {
    return String.join(" ", Arrays.stream(counts).mapToObj(Integer::toString).toList());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The shapes' table, each target in its column's head; per value against the long CSV in the reference's order. */
  private void printShapes() {
    ShapeRow base = shapeRows.stream().filter(row -> row.shape().name().equals("long-ordered")).findFirst().orElseThrow();
    System.out.println();
    System.out.printf("Each shape's file with %,d values (issue 25; the workbook: as many as %,d cells hold); medians; server at -Xmx256m %s%n",
        VALUES, Shapes.MAX_CELLS, SERVER_GC);
    System.out.println();
    System.out.println("| shape | values | MB | pandas s | score s | pandas / score (target >= 3) | upload s | pandas / upload (target >= 10) "
        + "| score per value / long-ordered's (target <= 1.5) | upload per value / long-ordered's (target <= 1.5) | full GCs per upload (target 0) | figures against pandas |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (ShapeRow row : shapeRows) {
      System.out.printf("| %s | %,d | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.shape().name(), row.values(), row.bytes() / 1e6,
          shown(row.pandas(), "%.2f"), shown(row.score(), "%.2f"), shown(row.pandas() / row.score(), "%.1f"), shown(row.upload(), "%.3f"),
          shown(row.pandas() / row.upload(), "%.1f"), shown(row.score() / row.values() / (base.score() / base.values()), "%.2f"),
          shown(row.upload() / row.values() / (base.upload() / base.values()), "%.2f"), row.fullGcs(), row.check());
    }
  }

  /** A figure, or "not measured" where it is NaN. */
  private static String shown(double value, String format) {
    return Double.isNaN(value) ? "not measured" : String.format(format, value);
  }

  // ---- sign-in, priced

  /** SignInBenchmark's measurement on a server of its own, its figures in this run's table. */
  private void signIn() throws Exception {
    Path signIn = dir.resolve("signin");
    Files.createDirectories(signIn);
    for (String[] measured : SignInBenchmark.measure(signIn)) {
      boolean blocked = measured[0].startsWith("Vert.x blocked-thread");
      boolean latency = measured[0].startsWith("latency of the right");
      figure("sign-in: " + measured[0], measured[1], blocked ? "none (the event loop never blocked)" : latency ? "p99 priced: printed, no figure set" : "(priced)");
    }
  }

  /**
   * 64 teams uploading 100-row files: 15 s at 1,000 a second to warm the server up (not counted), then 10 s of
   * uploads arriving at 1,000 a second from the 64 teams whatever the answers (open loop: each latency counted
   * from the time its upload was due, so a slow answer cannot hide the uploads queued behind it), then 10 s of
   * the most it sustains (closed loop: each team sends its next file when the last is answered, so a latency
   * there is 64 / throughput at least), then the open loop again with what the closed loop left: every
   * submission is kept in memory for the boards, and at -Xmx256m those the closed loop adds
   * leave the collector little room, which the last figure shows.
   */
  private void concurrentTeams(Vertx vertx, WebClient client) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<String> tokens = new ArrayList<>();
    for (int t = 0; t < 64; t++) tokens.add(register(http, "team-" + t));
    String[] files = new String[16];
    Random random = new Random(3);
    for (int f = 0; f < files.length; f++) files[f] = predictions(100, random);
    int rate = 1000;
    long held = (long) openLoop(vertx, client, tokens, files, rate, WARM_UP_SECONDS)[4];
    double[] open = openLoop(vertx, client, tokens, files, rate, 10);
    figure(String.format("64 teams uploading 100-row files at %,d a second (open loop, 10 s after %d s at that rate): answered 201 per second, latency from when each was due",
            rate, WARM_UP_SECONDS),
        String.format("%.0f submissions/s; p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d of %d answered 201; %,d held before)", open[0], open[1], open[2], open[3],
            (long) open[4], (long) open[5], held), "1,000 submissions/s, p99 under 20 ms");
    held += (long) open[4];
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    double elapsed = closedLoop(client, tokens, files, 10, latencies);
    double[] ms = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    figure("64 teams uploading 100-row files, each durable before its 201: the most sustained (closed loop, 10 s, after the open loop)",
        String.format("%.0f submissions/s; p50 %.1f ms, p99 %.1f ms (%d uploads)", ms.length / elapsed, percentile(ms, 50),
            percentile(ms, 99), ms.length), "1,000 submissions/s");
    held += ms.length;
    double[] after = openLoop(vertx, client, tokens, files, rate, 10);
    figure(String.format("the same open loop at %,d a second after the closed loop, with %,d submissions held in a 256 MB heap", rate, held),
        String.format("%.0f submissions/s; p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d of %d answered 201)", after[0], after[1], after[2], after[3],
            (long) after[4], (long) after[5]), "(capacity: no target)");
  }

  /** The seconds of uploads at 1,000 a second before the teams' figures are taken: the JIT compiler's work on a new server ({@code -Damc.bench.warmup}). */
  private static final long WARM_UP_SECONDS = Long.getLong("amc.bench.warmup", 15);

  /** Each team keeps one upload in flight for {@code seconds}; returns the time it took. */
  private static double closedLoop(WebClient client, List<String> tokens, String[] files, long seconds, List<Double> latencies) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Future<Void>> loops = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < tokens.size(); t++) {
      Promise<Void> done = Promise.promise();
      uploadLoop(client, tokens.get(t), files, t, end, latencies, done);
      loops.add(done.future());
    }
    Future.all(loops).toCompletionStage().toCompletableFuture().join();
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Uploads due at {@code rate} a second for {@code seconds}, the teams in turn, sent when due (checked every
   * millisecond) whether or not the earlier ones were answered. Returns answered per second, p50, p99 and max
   * in ms, the count answered 201 and the count sent.
   */
  private static double[] openLoop(Vertx vertx, WebClient client, List<String> tokens, String[] files, int rate, long seconds) throws Exception {
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    long total = rate * seconds;
    long start = System.nanoTime();
    long[] sent = {0};
    long[] answered = {0};
    java.util.concurrent.CompletableFuture<Void> finished = new java.util.concurrent.CompletableFuture<>();
    long[] lastAnswer = {start};
    vertx.setPeriodic(1, timer -> {
      long now = System.nanoTime();
      long due = Math.min(total, (now - start) * rate / 1_000_000_000L);
      for (; sent[0] < due; sent[0]++) {
        long k = sent[0];
        long dueAt = start + k * 1_000_000_000L / rate;
        client.post("/api/challenges/small/submissions").bearerTokenAuthentication(tokens.get((int) (k % tokens.size())))
            .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(files[(int) (k % files.length)])).onComplete(result -> {
              long at = System.nanoTime();
              if (result.succeeded() && result.result().statusCode() == 201) latencies.add((at - dueAt) / 1e6);
              lastAnswer[0] = Math.max(lastAnswer[0], at);
              if (++answered[0] == total) finished.complete(null);
            });
      }
      if (sent[0] == total) vertx.cancelTimer(timer);
    });
    try {
      finished.get(seconds + 60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException stillWaiting) {
      System.out.println("open loop: " + answered[0] + " of " + total + " answered after " + (seconds + 60) + " s");
    }
    double[] ms = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (ms.length == 0) return new double[] {0, 0, 0, 0, 0, total};
    return new double[] {ms.length / ((lastAnswer[0] - start) / 1e9), percentile(ms, 50), percentile(ms, 99), ms[ms.length - 1], ms.length, total};
  }

  private static void uploadLoop(WebClient client, String token, String[] files, int k, long end, List<Double> latencies, Promise<Void> done) {
    if (System.nanoTime() > end) {
      done.complete();
      return;
    }
    long start = System.nanoTime();
    client.post("/api/challenges/small/submissions").bearerTokenAuthentication(token).putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(files[k % files.length])).onComplete(result -> {
          if (result.succeeded() && result.result().statusCode() == 201) latencies.add((System.nanoTime() - start) / 1e6);
          uploadLoop(client, token, files, k + 1, end, latencies, done);
        });
  }

  /** 64 teams with two submissions each make the board; then wrk reads it, and the bare endpoint its bytes. */
  private void reads(Vertx vertx, WebClient client) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Random random = new Random(9);
    for (int t = 0; t < 64; t++) {
      String token = register(http, "reader-team-" + t);
      for (int k = 0; k < 2; k++) {
        int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/challenges/small/submissions"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString(predictions(100, random))).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 201) throw new IllegalStateException("seeding the board: " + status);
      }
    }
    Buffer board = client.get("/api/challenges/small/leaderboard").send().toCompletionStage().toCompletableFuture().join().body();
    int barePort = vertx.createHttpServer().requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(board))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
    if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
      figure("leaderboard reads", "not measured: wrk is missing (apt-get install wrk)", "as fast as a bare Vert.x endpoint (100 %)");
      return;
    }
    String bareUrl = "http://127.0.0.1:" + barePort + "/";
    String ourUrl = "http://127.0.0.1:" + port + "/api/challenges/small/leaderboard";
    // both warmed up first (the JIT compiles each path), then measured in turn twice, so that neither has the quieter moment
    wrk(bareUrl, 3);
    wrk(ourUrl, 3);
    double[] bare = new double[2];
    double[] ours = new double[2];
    for (int round = 0; round < 2; round++) {
      bare[round] = wrk(bareUrl, 5);
      ours[round] = wrk(ourUrl, 5);
    }
    double bareRate = (bare[0] + bare[1]) / 2;
    double ourRate = (ours[0] + ours[1]) / 2;
    figure(String.format("leaderboard reads (%d-byte board, wrk -t2 -c64 -d5s, 3 s warm-up, two rounds)", board.length()),
        String.format("%,.0f requests/s (%,.0f, %,.0f) against %,.0f (%,.0f, %,.0f) for a bare Vert.x endpoint serving the same bytes: %.0f %%",
            ourRate, ours[0], ours[1], bareRate, bare[0], bare[1], 100 * ourRate / bareRate),
        "as fast as the bare endpoint (100 %)");
  }

  private static double wrk(String url, int seconds) throws Exception {
    Process wrk = new ProcessBuilder("wrk", "-t2", "-c64", "-d" + seconds + "s", url).redirectErrorStream(true).start();
    String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    wrk.waitFor();
    Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
    if (!rate.find()) throw new IllegalStateException(out);
    return Double.parseDouble(rate.group(1));
  }

  private void rescore(WebClient client) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<String> tokens = new ArrayList<>();
    for (int t = 0; t < 64; t++) tokens.add(register(http, "rescore-" + t));
    String[] files = new String[8];
    Random random = new Random(5);
    for (int f = 0; f < files.length; f++) files[f] = predictions(1000, random);
    long seeding = System.nanoTime();
    List<Future<Void>> seeders = new ArrayList<>();
    for (int t = 0; t < 64; t++) {
      Promise<Void> done = Promise.promise();
      seed(client, tokens.get(t), files, t, 10_000 / 64 + (t < 10_000 % 64 ? 1 : 0), done);
      seeders.add(done.future());
    }
    Future.all(seeders).toCompletionStage().toCompletableFuture().join();
    System.out.printf("seeded 10,000 submissions of 1,000 rows in %.1f s%n", (System.nanoTime() - seeding) / 1e9);

    List<Double> readMs = Collections.synchronizedList(new ArrayList<>());
    boolean[] rescoring = {true};
    readLoop(client, rescoring, readMs);
    long start = System.nanoTime();
    String outcome;
    try {
      // bounded: a rescore slower than two minutes is reported as such, and the run goes on
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/challenges/rescore/reference"))
          .timeout(java.time.Duration.ofSeconds(120)).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/csv")
          .PUT(HttpRequest.BodyPublishers.ofString(reference(1000, 0.5))).build(), HttpResponse.BodyHandlers.ofString());
      outcome = String.format("%.1f s (answer %d: %s)", (System.nanoTime() - start) / 1e9, answer.statusCode(),
          answer.body().replaceAll(".*\"rescored_submissions\":([0-9]+).*", "$1 rescored"));
    } catch (java.net.http.HttpTimeoutException tooLong) {
      outcome = "over 120 s (not finished when the benchmark stopped waiting)";
    }
    rescoring[0] = false;
    Thread.sleep(200);
    double[] ms = readMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    figure("rescoring 10,000 stored submissions of 1,000 rows after a reference change, reads going on",
        String.format("%s; %d leaderboard reads meanwhile, p50 %.1f ms, p99 %.1f ms", outcome, ms.length,
            ms.length == 0 ? 0 : percentile(ms, 50), ms.length == 0 ? 0 : percentile(ms, 99)), "10 s, while reads go on");
  }

  private static void seed(WebClient client, String token, String[] files, int remaining, int count, Promise<Void> done) {
    if (count == 0) {
      done.complete();
      return;
    }
    client.post("/api/challenges/rescore/submissions").bearerTokenAuthentication(token).putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(files[count % files.length])).onComplete(r -> seed(client, token, files, remaining, count - 1, done));
  }

  private static void readLoop(WebClient client, boolean[] going, List<Double> ms) {
    if (!going[0]) return;
    long start = System.nanoTime();
    client.get("/api/challenges/rescore/leaderboard").send().onComplete(r -> {
      if (r.succeeded()) ms.add((System.nanoTime() - start) / 1e6);
      readLoop(client, going, ms);
    });
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  private static String stats(double[] values, String format) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return String.format(format, sorted[sorted.length / 2]) + " (" + String.format(format, sorted[0]) + " - "
        + String.format(format, sorted[sorted.length - 1]) + ")";
  }
}
