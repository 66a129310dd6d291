package org.amchallenge;

import org.amchallenge.domain.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user runs it: score offline, validate. */
class CommandLineTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  @DisplayName("score prints full-precision scores of all rows, the same numbers worked out by hand")
  void scoreOffline() throws Exception {
    Fixtures.copyTo(dir);
    Path predictions = Files.writeString(dir.resolve("p.csv"), Fixtures.predictions(10, -5));
    Run run = run("score", "--challenge", dir.resolve("challenges/test-tracks.yaml").toString(),
        "--reference", dir.resolve("reference-data/test-tracks.csv").toString(), predictions.toString());
    assertEquals(0, run.exit(), run.err());
    JsonNode json = Json.MAPPER.readTree(run.out());
    assertEquals((0.12 + 3 * 5.0 / 110) / 4, json.get("score").asDouble(), 1e-15); // as in ScorerTest, by hand
    assertEquals(6, json.at("/quantities/depth/n").asInt());
    assertTrue(json.at("/quantities/depth/n").isIntegralNumber(), "a count is an integer: " + run.out());
    assertEquals("all", json.get("board").asText());
    assertEquals(64, json.get("reference_sha256").asText().length());
  }

  @Test
  @DisplayName("score prints every problem of a bad file with its line, and exits 1")
  void scoreRejects() throws Exception {
    Fixtures.copyTo(dir);
    Path predictions = Files.writeString(dir.resolve("p.csv"), "sample_id,quantity,value\nS1,depth,x\nS7,depth,1\n");
    Run run = run("score", "--challenge", dir.resolve("challenges/test-tracks.yaml").toString(),
        "--reference", dir.resolve("reference-data/test-tracks.csv").toString(), predictions.toString());
    assertEquals(1, run.exit());
    assertTrue(run.err().contains("2:3: value: 'x' is not a finite number"), run.err());
    assertTrue(run.err().contains("3:1: sample_id: unknown sample 'S7'"), run.err());
  }

  @Test
  @DisplayName("score's usual arguments, read without picocli, are read as picocli reads them; any other form is left to picocli")
  void scoreArgumentsAsPicocliReadsThem() {
    String[][] plain = {
        {"score", "--challenge", "c.yaml", "--reference", "r.csv", "p.csv"},
        {"score", "p.csv", "--reference", "r.csv", "--challenge", "c.yaml"},
        {"score", "--challenge=c.yaml", "--reference=dir/r=1.csv", "--board", "public", "p.json"},
        {"score", "--challenge=c.yaml", "--reference=r.csv", "p.csv"},
        {"score", "--board=private", "--challenge", "a b/c.json", "--reference", "r.csv", "p.xlsx"},
        {"score", "--reference", "r.csv", "--board", "nonsense", "--challenge", "c.yaml", "p.csv"}};
    for (String[] args : plain) {
      Main.Score fast = Main.Score.plainly(args);
      assertTrue(fast != null, String.join(" ", args));
      CommandLine line = Main.commandLine(args);
      line.parseArgs(args);
      Main.Score picocli = line.getSubcommands().get("score").getCommand();
      assertEquals(List.of(picocli.challenge, picocli.reference, picocli.board, picocli.predictions),
          List.of(fast.challenge, fast.reference, fast.board, fast.predictions), String.join(" ", args));
      assertNull(fast.bundle);
    }
    String[][] others = {
        {"score", "--help"}, {"score", "--version"}, {"score", "--bundle", "b.zip"}, {"score", "--bundle", "b.zip", "--reference", "r.csv"},
        {"score", "--challenge", "c.yaml", "--reference", "r.csv"}, {"score", "--challenge=c.yaml", "p.csv", "q.csv"},
        {"score", "--challenge", "c.yaml", "--reference", "r.csv", "p.csv", "q.csv"},
        {"score", "--challenge", "c.yaml", "--challenge", "d.yaml", "--reference", "r.csv", "p.csv"},
        {"score", "--challenge", "c.yaml", "--reference", "r.csv", "--board", "public", "--board", "private", "p.csv"},
        {"score", "--challenge", "c.yaml", "--reference", "r.csv", "--bundle", "b.zip", "p.csv"},
        {"score", "--challenge", "c.yaml", "--reference", "r.csv", "-h", "p.csv"},
        {"score", "--challenge", "c.yaml", "--reference", "r.csv", "--", "p.csv"},
        {"score", "--challenge", "c.yaml", "--reference", "r.csv", "@args.txt"},
        {"score", "--challenge", "--reference", "r.csv", "p.csv", "x"},
        {"score", "--challenge=", "--reference", "r.csv", "p.csv", "x"},
        {"score", "--challenge", "c.yaml", "--reference", "r.csv", "-"},
        {"score", "--challenge", "c.yaml", "--reference", "r.csv", "--unknown", "p.csv"},
        {"score", "--challenge", "c\0.yaml", "--reference", "r.csv", "p.csv"},
        {"validate", "--challenges", "c", "--reference", "r", "x"}};
    for (String[] args : others) assertNull(Main.Score.plainly(args), String.join(" ", args));
  }

  @Test
  @DisplayName("score names a file that is not there and exits 2, whichever way its arguments were read")
  void scoreMissingFile() throws Exception {
    Fixtures.copyTo(dir);
    String challenge = dir.resolve("challenges/test-tracks.yaml").toString();
    String reference = dir.resolve("reference-data/test-tracks.csv").toString();
    String missing = dir.resolve("missing.csv").toString();
    String[][] forms = {{"score", "--challenge", challenge, "--reference", reference, missing},
        {"score", "--challenge", challenge, "--reference", reference, "--board=all", "--", missing}};
    assertTrue(Main.Score.plainly(forms[0]) != null);
    assertNull(Main.Score.plainly(forms[1]));
    for (String[] args : forms) {
      Run run = run(args);
      assertEquals(2, run.exit(), run.err());
      assertEquals("no file " + missing, run.err().strip());
    }
    Run noReference = run("score", "--challenge", challenge, "--reference", missing, dir.resolve("p.csv").toString());
    assertEquals(2, noReference.exit());
    assertEquals("no file " + missing, noReference.err().strip());
  }

  @Test
  @DisplayName("validate passes the repository's examples and fails, naming file and line, on a broken one")
  void validate() throws Exception {
    Run examples = run("validate", "--challenges", "challenges", "--reference", "reference-data");
    assertEquals(0, examples.exit(), examples.err());
    assertTrue(examples.out().contains("ok in625-single-track: 2 quantities, 20 reference rows"), examples.out());
    assertTrue(examples.out().contains("ok afrl-c4-grain-strain: 1 quantity, 1008 reference rows"), examples.out());
    assertTrue(examples.out().contains("ok series afrl-am-modeling-2020: 4 challenges, ranked by mean_rank in at least 2"), examples.out());

    Fixtures.copyTo(dir);
    Files.writeString(dir.resolve("reference-data/test-tracks.csv"), "sample_id,quantity,value\nS1,depth,1\nS1,depth,2\n");
    Run broken = run("validate", "--challenges", dir.resolve("challenges").toString(), "--reference", dir.resolve("reference-data").toString());
    assertEquals(1, broken.exit());
    assertTrue(broken.err().contains("test-tracks.csv:3:1: sample_id: duplicate row"), broken.err());
    assertTrue(broken.err().contains("no reference rows for quantity 'width'"), broken.err());
  }

  @Test
  @DisplayName("validate checks the series files against the folder's challenges, naming file, line and column")
  void validateSeries() throws Exception {
    Fixtures.copyTo(dir);
    Files.createDirectories(dir.resolve("challenges/series"));
    Files.writeString(dir.resolve("challenges/series/pair.yaml"), "id: pair\ntitle: Pair\nchallenges: [test-tracks, nowhere]\n");
    Run run = run("validate", "--challenges", dir.resolve("challenges").toString(), "--reference", dir.resolve("reference-data").toString());
    assertEquals(1, run.exit(), run.out());
    assertTrue(run.err().contains("series/pair.yaml:3:27: challenges: no challenge 'nowhere'"), run.err());
  }

  @Test
  @DisplayName("validate accepts a quantity in a unit the server does not know (HV10) and notes that it converts to nothing else")
  void validateUnknownUnit() throws Exception {
    Fixtures.copyTo(dir);
    Path definition = dir.resolve("challenges/test-tracks.yaml");
    Files.writeString(definition, Files.readString(definition).replaceFirst("unit: um", "unit: HV10"));
    Run run = run("validate", "--challenges", dir.resolve("challenges").toString(), "--reference", dir.resolve("reference-data").toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("note: depth is in 'HV10', a unit this server does not know: it converts to nothing else"), run.out());
    assertTrue(!run.out().contains("note: width"), run.out());
  }
}
