package org.amchallenge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.amchallenge.Fixtures;
import org.amchallenge.Main;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.submission.PredictionReader;
import org.amchallenge.submission.SubmissionFormat;
import org.amchallenge.tabular.Delimiters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The problem lines every command prints (FILE:LINE:COLUMN: field: detail), and the hint for a file not separated by commas. */
class ProblemLinesTest {
  private static final String SEMICOLON_HINT = "hint: the file looks semicolon-separated; save it as comma-separated CSV "
      + "(in Excel: CSV UTF-8 (Comma delimited))";

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

  private Run score(Path predictions) throws Exception {
    Fixtures.copyTo(dir);
    return run("score", "--challenge", dir.resolve("challenges/test-tracks.yaml").toString(),
        "--reference", dir.resolve("reference-data/test-tracks.csv").toString(), predictions.toString());
  }

  @Test
  @DisplayName("a header line without a comma but with semicolons, tabs or bars gets the hint that names which; a comma in it, none")
  void delimiterHint() {
    Problem semicolons = Delimiters.hint("sample_id;quantity;value\nS1;depth;1,5\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("1: " + SEMICOLON_HINT, semicolons.describe());
    assertEquals("the file looks tab-separated; save it as comma-separated CSV (in Excel: CSV UTF-8 (Comma delimited))",
        Delimiters.hint("sample_id\tquantity\tvalue\r\n".getBytes(StandardCharsets.UTF_8)).detail());
    assertTrue(Delimiters.hint("\uFEFFsample_id|quantity|value".getBytes(StandardCharsets.UTF_8)).detail().contains("pipe-separated"),
        "a byte-order mark is skipped; a file of one line is read to its end");
    // two tabs against one semicolon: the tab is the separator
    assertTrue(Delimiters.hint("a\tb;c\td\n".getBytes(StandardCharsets.UTF_8)).detail().contains("tab-separated"));
    assertNull(Delimiters.hint("sample_id,quantity;x,value\n".getBytes(StandardCharsets.UTF_8)), "a comma in the header: a CSV");
    assertNull(Delimiters.hint("sample_id\nS1\n".getBytes(StandardCharsets.UTF_8)), "one column and no other separator: no hint");
  }

  @Test
  @DisplayName("the prediction reader puts the hint first among a semicolon file's problems, so that the server's 422 carries it too")
  void readerCarriesTheHint() {
    byte[] body = "sample_id;quantity;value\nS1;depth;10\n".getBytes(StandardCharsets.UTF_8);
    InvalidInputException invalid = assertThrows(InvalidInputException.class,
        () -> new PredictionReader(Fixtures.challenge(), Fixtures.entry().reference()).read(SubmissionFormat.CSV, body, null));
    assertEquals(new Problem(null, 1, null, "hint", SEMICOLON_HINT.substring("hint: ".length())), invalid.problems().get(0));
    assertEquals(invalid.problems().size(), invalid.total(), "the hint is counted with the others");
    assertTrue(invalid.problems().size() > 1, "the reader's own problems follow");
  }

  @Test
  @DisplayName("score prints each problem as FILE:LINE:COLUMN: field: detail with the file's name, the hint as FILE:1: hint: ...")
  void offlineLines() throws Exception {
    Path unknown = Files.writeString(dir.resolve("capcols.csv"), "sample,quantity,value\nS1,depth,10\n");
    Run rejected = score(unknown);
    assertEquals(1, rejected.exit());
    assertTrue(rejected.err().lines().anyMatch(l -> l.startsWith(unknown + ":1:1: sample: unknown column; the columns are sample_id,")),
        rejected.err());

    Path semicolons = Files.writeString(dir.resolve("predictions.csv"), "sample_id;quantity;value\nS1;depth;10\n");
    Run hinted = score(semicolons);
    assertEquals(1, hinted.exit());
    List<String> lines = hinted.err().lines().toList();
    assertEquals("Invalid submission", lines.get(0));
    assertEquals(semicolons + ":1: " + SEMICOLON_HINT, lines.get(1));
  }

  @Test
  @DisplayName("a problem in the reference is named by the reference's file, not the predictions'")
  void offlineReferenceProblem() throws Exception {
    Fixtures.copyTo(dir);
    Path reference = dir.resolve("reference-data/test-tracks.csv");
    Files.writeString(reference, Files.readString(reference) + "S1,depth,,,1\n");
    Path predictions = Files.writeString(dir.resolve("p.csv"), Fixtures.predictions(0, 0));
    Run run = run("score", "--challenge", dir.resolve("challenges/test-tracks.yaml").toString(), "--reference", reference.toString(),
        predictions.toString());
    assertEquals(1, run.exit());
    assertTrue(run.err().lines().anyMatch(l -> l.startsWith(reference + ":")), run.err());
    assertTrue(run.err().lines().noneMatch(l -> l.startsWith(predictions.toString())), run.err());
  }

  @Test
  @DisplayName("a server's 422 is printed in the same form as the offline reader's, with the file given on the command line")
  void serverProblemLines() {
    String body = "{\"type\":\"/problems/invalid-submission\",\"title\":\"Invalid submission\",\"status\":422,\"total_problems\":3,"
        + "\"problems\":[{\"line\":1,\"field\":\"hint\",\"detail\":\"the file looks semicolon-separated; save it as comma-separated CSV "
        + "(in Excel: CSV UTF-8 (Comma delimited))\"},{\"line\":1,\"column\":1,\"field\":\"sample_id\",\"detail\":\"unknown column\"},"
        + "{\"file\":\"book.xlsx\",\"sheet\":\"Tracks\",\"line\":4,\"column\":2,\"detail\":\"not a number\"}]}";
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ApiClient.printProblems(body, "predictions.csv", new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(List.of("Invalid submission (422)", "predictions.csv:1: " + SEMICOLON_HINT, "predictions.csv:1:1: sample_id: unknown column",
        "book.xlsx:[Tracks]:4:2: not a number"), err.toString(StandardCharsets.UTF_8).lines().toList());

    // the same problem from the offline reader prints the same line
    ByteArrayOutputStream offline = new ByteArrayOutputStream();
    ProblemLines.print(new InvalidInputException("Invalid submission", Problem.at(1, 1, "sample_id", "unknown column")), "predictions.csv",
        new PrintStream(offline, true, StandardCharsets.UTF_8));
    assertEquals("predictions.csv:1:1: sample_id: unknown column", offline.toString(StandardCharsets.UTF_8).lines().toList().get(1));
  }
}
