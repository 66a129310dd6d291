package org.amchallenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
      int exit = Main.commandLine(args).execute(args);
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
  @DisplayName("validate passes the repository's examples and fails, naming file and line, on a broken one")
  void validate() throws Exception {
    Run examples = run("validate", "--challenges", "challenges", "--reference", "reference-data");
    assertEquals(0, examples.exit(), examples.err());
    assertTrue(examples.out().contains("ok in625-single-track"));

    Fixtures.copyTo(dir);
    Files.writeString(dir.resolve("reference-data/test-tracks.csv"), "sample_id,quantity,value\nS1,depth,1\nS1,depth,2\n");
    Run broken = run("validate", "--challenges", dir.resolve("challenges").toString(), "--reference", dir.resolve("reference-data").toString());
    assertEquals(1, broken.exit());
    assertTrue(broken.err().contains("test-tracks.csv:3:1: sample_id: duplicate row"), broken.err());
    assertTrue(broken.err().contains("no reference rows for quantity 'width'"), broken.err());
  }
}
