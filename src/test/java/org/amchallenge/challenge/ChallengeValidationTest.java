package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.amchallenge.Fixtures;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChallengeValidationTest {

  private static void assertProblem(List<Problem> problems, String file, int line, String field, String words) {
    assertTrue(problems.stream().anyMatch(p -> (file == null || file.equals(p.file())) && p.line() != null && p.line() == line
            && field.equals(p.field()) && p.detail().contains(words)),
        () -> "expected " + file + ":" + line + " " + field + " '" + words + "' in " + problems);
  }

  @Test
  @DisplayName("every problem of a challenge definition is reported with its line and field")
  void definitionProblems() {
    String yaml = String.join("\n",
        "id: Bad_Id",                          // 1
        "title: x",                            // 2
        "opens: 2026-05-01T00:00:00Z",         // 3
        "closes: yesterday",                   // 4
        "colour: blue",                        // 5
        "ranking:",                            // 6
        "  score: best",                       // 7
        "quantities:",                         // 8
        "  - id: depth",                       // 9
        "    kind: scalar",                    // 10
        "    primary: wobble",                 // 11
        "  - id: depth",                       // 12
        "    kind: tensor",                    // 13
        "");
    List<Problem> problems = assertThrows(InvalidInputException.class,
        () -> ChallengeReader.read(yaml.getBytes(StandardCharsets.UTF_8), true)).problems();
    assertProblem(problems, null, 1, "id", "must match");
    assertProblem(problems, null, 4, "closes", "UTC time");
    assertProblem(problems, null, 5, "colour", "unknown field");
    assertProblem(problems, null, 7, "score", "not one of the allowed values");
    assertProblem(problems, null, 11, "primary", "cannot be a primary metric");
    assertProblem(problems, null, 12, "quantities.id", "names two quantities");
    assertProblem(problems, null, 13, "components", "list of components");
  }

  @Test
  @DisplayName("a YAML syntax error names its line")
  void syntaxError() {
    List<Problem> problems = assertThrows(InvalidInputException.class,
        () -> ChallengeReader.read("id: abc\ntitle: [unclosed\n".getBytes(StandardCharsets.UTF_8), true)).problems();
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).line() >= 2, problems.toString());
  }

  @Test
  @DisplayName("every problem of a reference CSV is reported with its line and column")
  void referenceProblems() {
    String csv = "sample_id,quantity,value,uncertainty,weight,censor\n"
        + "S1,depth,100,5,,\n"
        + "S1,depth,101,5,,\n"      // 3: duplicate
        + "S2,height,1,,,\n"        // 4: unknown quantity
        + "S3,depth,inf,,,\n"       // 5: not finite
        + "S4,depth,1,-2,,\n"       // 6: negative uncertainty
        + "S5,depth,1,,,upper\n";   // 7: bad censor
    List<Problem> problems = assertThrows(InvalidInputException.class,
        () -> ReferenceReader.read(Fixtures.challenge(), csv.getBytes(StandardCharsets.UTF_8))).problems();
    assertProblem(problems, null, 3, "sample_id", "line 2");
    assertProblem(problems, null, 4, "quantity", "unknown quantity");
    assertProblem(problems, null, 5, "value", "not a finite number");
    assertProblem(problems, null, 6, "uncertainty", "negative");
    assertProblem(problems, null, 7, "censor", "lower");
    assertProblem(problems, null, 1, "quantity", "no reference rows for quantity 'width'");
  }

  @Test
  @DisplayName("the catalog refuses a folder with an invalid challenge and names the file of each problem")
  void catalogRefuses(@TempDir Path dir) throws Exception {
    Fixtures.copyTo(dir);
    Files.writeString(dir.resolve("challenges/broken-one.yaml"), "id: broken-one\ntitle: B\nopens: 2026-01-01T00:00:00Z\n"
        + "closes: 2027-01-01T00:00:00Z\nquantities:\n  - id: q\n    primary: nope\n");
    Files.writeString(dir.resolve("reference-data/broken-one.csv"), "sample_id,quantity,value\nA,q,1\n");
    Files.writeString(dir.resolve("reference-data/test-tracks.csv"), "sample_id,quantity,value\nS1,depth,x\n", StandardCharsets.UTF_8);
    List<Problem> problems = assertThrows(InvalidInputException.class,
        () -> ChallengeCatalog.load(dir.resolve("challenges"), dir.resolve("reference-data"))).problems();
    assertProblem(problems, "broken-one.yaml", 7, "primary", "cannot be a primary metric");
    assertProblem(problems, "test-tracks.csv", 2, "value", "not a finite number");
  }

  @Test
  @DisplayName("the example challenges of the repository load without a problem")
  void examplesLoad() {
    List<ChallengeEntry> entries = ChallengeCatalog.load(Path.of("challenges"), Path.of("reference-data"));
    assertEquals(List.of("afrl-c1-residual-strain", "afrl-c2-melt-pool", "afrl-c3-tensile-curves", "afrl-c4-grain-strain", "in625-single-track", "in625-tensile-asbuilt", "in718-fatigue-life"), entries.stream().map(ChallengeEntry::id).toList());
  }
}
