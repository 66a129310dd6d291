package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a competitor and an organizer run it: each command its own Java process against a live
 * server, the token from the environment or a config file, then the results bundle scored again offline.
 */
@ExtendWith(VertxExtension.class)
class ClientCommandsTest {
  private static final String TRACKS = "in625-single-track";
  private static final String GRAINS = "afrl-c4-grain-strain";
  private static final String FATIGUE = "in718-fatigue-life";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private LiveServer live;
  private String server;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.examples(vertx, dir, Instant.parse("2026-10-01T00:00:00Z"), TRACKS, GRAINS, FATIGUE);
    server = "http://127.0.0.1:" + live.port;
  }

  @AfterEach
  void stop() {
    live.close();
  }

  /** What a command printed and how it ended. */
  private record Run(int exit, String out, String err) {}

  private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    // a short-lived command as a user runs it: the quick compiler alone starts it sooner, as for any short JVM
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "org.amchallenge.Main"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AMC_") || name.equals("XDG_CONFIG_HOME"));
    builder.environment().put("XDG_CONFIG_HOME", dir.resolve("no-config").toString());
    builder.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ended");
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Map<String, String> as(String token) {
    Map<String, String> env = new HashMap<>(Map.of("AMC_SERVER", server));
    if (token != null) env.put("AMC_TOKEN", token);
    return env;
  }

  /** The reference rows of a challenge as a prediction file: each value passed through {@code change}. */
  private Path predictions(String challenge, String name, java.util.function.BiFunction<String, Double, Double> change) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("reference-data", challenge + ".csv"));
    StringBuilder out = new StringBuilder("sample_id,quantity,point,component,value\n");
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      out.append(String.join(",", cells[0], cells[1], cells[2], cells[3],
          Double.toString(change.apply(cells[1], Double.parseDouble(cells[4]))))).append('\n');
    }
    return Files.writeString(dir.resolve(name), out.toString());
  }

  /** A column of a printed table, by its header, in the row that starts with {@code first}. */
  private static String cell(String table, String first, String column) {
    List<String> lines = table.lines().toList();
    String header = lines.stream().filter(l -> l.startsWith("quantity") || l.startsWith("rank")).findFirst().orElseThrow();
    List<String> names = Arrays.asList(header.trim().split("\\s{2,}"));
    String row = lines.stream().filter(l -> l.trim().startsWith(first)).findFirst().orElseThrow(() -> new AssertionError(first + " in\n" + table));
    return row.trim().split("\\s{2,}")[names.indexOf(column)];
  }

  @Test
  @DisplayName("submit prints the scores as a table (token from AMC_TOKEN or the config file), a rejected file's problems line by line, and exit codes that say what happened")
  void submit() throws Exception {
    String meltLab = live.register("MeltLab");
    // depth 2 um above every measurement, width 3 um below: mae 2 and 3, bias +2 and -3, by hand
    Path offset = predictions(TRACKS, "offset.csv", (quantity, value) -> quantity.equals("melt_pool_depth") ? value + 2 : value - 3);
    Run scored = run(as(meltLab), "submit", "--challenge", TRACKS, offset.toString());
    assertEquals(0, scored.exit(), scored.err());
    assertEquals(2.0, Double.parseDouble(cell(scored.out(), "melt_pool_depth", "mae")), 1e-9, scored.out());
    assertEquals(2.0, Double.parseDouble(cell(scored.out(), "melt_pool_depth", "bias")), 1e-9);
    assertEquals(-3.0, Double.parseDouble(cell(scored.out(), "melt_pool_width", "bias")), 1e-9);
    assertEquals("1.0", cell(scored.out(), "melt_pool_width", "coverage"));
    assertTrue(scored.out().contains("by MeltLab"), scored.out());

    // --json: the server's answer as it came, for scripts
    Run json = run(as(meltLab), "submit", "--json", "--challenge", TRACKS, offset.toString());
    assertEquals(0, json.exit(), json.err());
    JsonNode answer = JSON.readTree(json.out());
    assertEquals(2.0, answer.path("quantities").path("melt_pool_depth").path("mae").asDouble(), 1e-9);
    assertEquals("MeltLab", answer.path("team").asText());

    // the token from a config file only the user can read; a progress bar when asked
    String poolers = live.register("Poolers");
    Path config = Files.writeString(dir.resolve("amc.yaml"), "server: " + server + "\ntoken: " + poolers + "\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    Path scaled = predictions(TRACKS, "scaled.csv", (quantity, value) -> value * 1.1);
    Run fromConfig = run(Map.of(), "submit", "--config", config.toString(), "--progress", "--challenge", TRACKS, scaled.toString());
    assertEquals(0, fromConfig.exit(), fromConfig.err());
    assertTrue(fromConfig.out().contains("by Poolers"));
    assertTrue(fromConfig.err().contains("100%"), fromConfig.err());
    assertFalse(fromConfig.err().contains("warning"), "a private config file is not warned about");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    assertTrue(run(Map.of(), "submit", "--config", config.toString(), "--challenge", TRACKS, scaled.toString()).err()
        .contains("can be read by other users"));

    // a rejected file: exit 1, each problem as FILE:LINE:COLUMN: detail
    Path bad = Files.writeString(dir.resolve("bad.csv"), "sample_id,quantity,value\nT01,melt_pool_depth,abc\nT01,melt_pool_width,1e999\n");
    Run rejected = run(as(meltLab), "submit", "--challenge", TRACKS, bad.toString());
    assertEquals(1, rejected.exit());
    assertTrue(rejected.err().contains("bad.csv:2:3: "), rejected.err());
    assertTrue(rejected.err().contains("bad.csv:3:3: "), rejected.err());
    assertEquals("", rejected.out());

    // no token: 2; a wrong token: 4; no server: 3
    Run noToken = run(as(null), "submit", "--challenge", TRACKS, offset.toString());
    assertEquals(2, noToken.exit());
    assertTrue(noToken.err().contains("AMC_TOKEN"));
    assertEquals(4, run(as("not-a-token"), "submit", "--challenge", TRACKS, offset.toString()).exit());
    Map<String, String> nowhere = new HashMap<>(as(meltLab));
    // freePort kept here: an address no server listens on is wanted, and nothing binds it on purpose
    nowhere.put("AMC_SERVER", "http://127.0.0.1:" + TestServer.freePort());
    Run unreachable = run(nowhere, "submit", "--challenge", TRACKS, offset.toString());
    assertEquals(3, unreachable.exit());
    assertTrue(unreachable.err().contains("connection refused"), unreachable.err());

    Run help = run(Map.of(), "submit", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("Exit codes:") && help.out().contains("AMC_TOKEN"), help.out());
  }

  @Test
  @DisplayName("leaderboard prints the ranking as a table; template writes the blank CSV and XLSX")
  void leaderboardAndTemplate() throws Exception {
    run(as(live.register("Close")), "submit", "--challenge", TRACKS, predictions(TRACKS, "close.csv", (q, v) -> v + 1).toString());
    run(as(live.register("Far")), "submit", "--challenge", TRACKS, predictions(TRACKS, "far.csv", (q, v) -> v * 1.5).toString());
    Run board = run(as(null), "leaderboard", TRACKS);
    assertEquals(0, board.exit(), board.err());
    assertEquals("Close", cell(board.out(), "1", "team"), board.out());
    assertEquals("Far", cell(board.out(), "2", "team"));
    JsonNode api = JSON.readTree(live.get("/api/challenges/" + TRACKS + "/leaderboard", null).bodyAsString());
    assertEquals(api.path("rows").get(0).path("score").asText(), cell(board.out(), "1", "score"));
    assertEquals(4, run(as(null), "leaderboard", TRACKS, "--private").exit(), "the private board is the organizer's before the reveal");
    assertEquals(0, run(as(TestServer.ORGANIZER), "leaderboard", TRACKS, "--private").exit());

    Run csv = run(as(null), "template", TRACKS);
    assertEquals(0, csv.exit(), csv.err());
    assertEquals(live.get("/api/challenges/" + TRACKS + "/template.csv", null).bodyAsString(),
        Files.readString(dir.resolve(TRACKS + "-template.csv")));
    Run xlsx = run(as(null), "template", GRAINS, "--format", "xlsx", "-o", "grains.xlsx");
    assertEquals(0, xlsx.exit(), xlsx.err());
    try (var workbook = org.apache.poi.ss.usermodel.WorkbookFactory.create(dir.resolve("grains.xlsx").toFile())) {
      assertTrue(workbook.getNumberOfSheets() >= 1);
    }
    assertEquals(4, run(as(null), "template", "no-such-challenge").exit());
  }

  @Test
  @DisplayName("export writes the results bundle (no reference before the reveal); score --bundle scores every submission again offline and finds every figure equal, and finds a changed file")
  void exportAndRescoreOffline() throws Exception {
    String meltLab = live.register("MeltLab");
    String poolers = live.register("=Poolers");
    Path description = Files.writeString(dir.resolve("model.md"), "# FEM with a Goldak heat source\n");
    assertEquals(0, run(as(meltLab), "submit", "--challenge", TRACKS, "--description-file", description.toString(),
        predictions(TRACKS, "a.csv", (q, v) -> q.equals("melt_pool_depth") ? v + 2 : v - 3).toString()).exit());
    assertEquals(0, run(as(poolers), "submit", "--challenge", TRACKS, predictions(TRACKS, "b.csv", (q, v) -> v * 0.93).toString()).exit());
    assertEquals(0, run(as(meltLab), "submit", "--challenge", GRAINS, predictions(GRAINS, "g.csv", (q, v) -> v * 1.2 + 1e-5).toString()).exit());
    assertEquals(0, run(as(poolers), "submit", "--challenge", FATIGUE, predictions(FATIGUE, "f.csv", (q, v) -> v * 0.8).toString()).exit());

    assertEquals(4, run(as(null), "export", TRACKS).exit(), "before the reveal the bundle is the organizer's");
    Run early = run(as(TestServer.ORGANIZER), "export", TRACKS, "-o", "early.zip");
    assertEquals(0, early.exit(), early.err());
    try (ZipFile zip = new ZipFile(dir.resolve("early.zip").toFile())) {
      assertNull(zip.getEntry("reference.csv"), "no reference data before the reveal");
      assertTrue(early.out().contains("held out until the reveal"));
    }

    for (String id : List.of(TRACKS, GRAINS, FATIGUE)) {
      assertEquals(200, LiveServer.join(live.client.post("/api/challenges/" + id + "/reveal?close_now=true")
          .bearerTokenAuthentication(TestServer.ORGANIZER).send()).statusCode());
      Run export = run(as(null), "export", id, "-o", id + ".zip");
      assertEquals(0, export.exit(), export.err());
      Run check = run(Map.of(), "score", "--bundle", id + ".zip");
      assertEquals(0, check.exit(), check.out() + check.err());
      assertTrue(check.out().contains("all identical"), check.out());
    }

    try (ZipFile zip = new ZipFile(dir.resolve(TRACKS + ".zip").toFile())) {
      JsonNode manifest = JSON.readTree(zip.getInputStream(zip.getEntry("manifest.json")));
      assertEquals("1", manifest.path("scorer_version").asText());
      assertEquals(2, manifest.path("submissions").asInt());
      assertTrue(manifest.path("reference_included").asBoolean());
      for (JsonNode file : manifest.path("files")) {
        byte[] bytes = zip.getInputStream(zip.getEntry(file.path("path").asText())).readAllBytes();
        assertEquals(file.path("sha256").asText(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), file.toString());
      }
      assertEquals(Files.readString(Path.of("reference-data", TRACKS + ".csv")), text(zip, "reference.csv"));
      assertTrue(text(zip, "challenge.yaml").contains("seed:"), "the whole definition, with the split's seed, after the reveal");
      String finalBoard = text(zip, "leaderboard-final.csv");
      assertTrue(finalBoard.contains("MeltLab") && finalBoard.contains("'=Poolers"), finalBoard);
      assertTrue(text(zip, "leaderboard-public.csv").lines().count() == 3);

      // the MeltLab file scored on all rows by hand: depth errors all +2, width errors all -3
      JsonNode index = null;
      for (ZipEntry entry : zip.stream().toList()) {
        if (entry.getName().endsWith("description.md")) {
          assertEquals("# FEM with a Goldak heat source\n", text(zip, entry.getName()));
          index = JSON.readTree(zip.getInputStream(zip.getEntry(entry.getName().replace("description.md", "scores.json"))));
        }
      }
      assertNotNull(index, "the model description is in the bundle");
      Path file = dir.resolve("meltlab.csv");
      Files.write(file, zip.getInputStream(zip.getEntry("submissions/" + index.path("submission").asText() + "/" + index.path("file").asText())).readAllBytes());
      Files.writeString(dir.resolve("challenge.yaml"), text(zip, "challenge.yaml"));
      Files.writeString(dir.resolve("reference.csv"), text(zip, "reference.csv"));
      for (String board : List.of("all", "public", "private")) {
        Run offline = run(Map.of(), "score", "--challenge", "challenge.yaml", "--reference", "reference.csv", "--board", board, file.toString());
        assertEquals(0, offline.exit(), offline.err());
        JsonNode scores = JSON.readTree(offline.out());
        assertEquals(2.0, scores.path("quantities").path("melt_pool_depth").path("mae").asDouble(), 1e-9);
        assertEquals(-3.0, scores.path("quantities").path("melt_pool_width").path("bias").asDouble(), 1e-9);
        assertEquals(index.path(board).path("score").asDouble(), scores.path("score").asDouble(), 0.0, board);
        assertEquals(index.path(board).path("quantities"), scores.path("quantities"), board);
      }
    }

    // one changed value in one file: the check names the file and the figures, and fails
    Path tampered = dir.resolve("tampered.zip");
    try (ZipFile zip = new ZipFile(dir.resolve(TRACKS + ".zip").toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
      for (ZipEntry entry : zip.stream().toList()) {
        byte[] bytes = zip.getInputStream(entry).readAllBytes();
        if (entry.getName().endsWith("prediction.csv") && new String(bytes, StandardCharsets.UTF_8).contains("T01,melt_pool_depth")) {
          bytes = new String(bytes, StandardCharsets.UTF_8).replaceFirst("T01,melt_pool_depth,,,([0-9.]+)", "T01,melt_pool_depth,,,500").getBytes(StandardCharsets.UTF_8);
        }
        out.putNextEntry(new ZipEntry(entry.getName()));
        out.write(bytes);
        out.closeEntry();
      }
    }
    Run caught = run(Map.of(), "score", "--bundle", tampered.toString());
    assertEquals(1, caught.exit(), caught.out());
    assertTrue(caught.err().contains("prediction.csv: its SHA-256 differs from the manifest's"), caught.err());
    assertTrue(caught.err().contains("melt_pool_depth.mae"), caught.err());
  }

  private static String text(ZipFile zip, String name) throws IOException {
    return new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
  }
}
