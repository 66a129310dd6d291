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
    assertEquals(List.of("afrl-c1-residual-strain", "afrl-c2-melt-pool", "afrl-c3-flow-curves", "afrl-c3-tensile-curves", "afrl-c4-grain-strain",
        "in625-single-track", "in625-tensile-asbuilt", "in718-fatigue-life", "in718-grain-size"), entries.stream().map(ChallengeEntry::id).toList());
  }

  private static final String FOUR_KINDS = String.join("\n",
      "id: four-kinds", "title: T", "opens: 2026-01-01T00:00:00Z", "closes: 2027-01-01T00:00:00Z", "quantities:",
      "  - {id: depth, unit: um, primary: nmae}",
      "  - {id: width, unit: um, kind: profile, point: {name: x}, primary: points,",
      "     points: {band_unit: sigma, bands: [{within: 1.0, points: 2}]}}",
      "  - {id: strain, unit: \"1\", kind: tensor, point: {name: state}, components: [e11, e22], primary: sum_l2}",
      "  - {id: life, unit: \"1\", transform: log10, primary: nmae}", "");

  private static final String FOUR_KINDS_CSV = "sample_id,quantity,point,component,value,uncertainty,weight,censor\n"
      + "A,depth,,,100,5,,\n"          // 2
      + "A,width,x=1,,50,2,,\n"        // 3
      + "A,strain,state=S1,e11,0.001,,,\n"
      + "A,strain,state=S1,e22,-0.002,,,\n"
      + "A,life,,,120000,,,lower\n"    // 6
      + "B,depth,,,90.5,,2,\n"
      + "B,width,x=1,,40,1,0,\n";

  private static ReferenceData fourKinds(String csv) {
    return ReferenceReader.read(ChallengeReader.read(FOUR_KINDS.getBytes(StandardCharsets.UTF_8), true), csv.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a reference file read before its definition is known is the same as one read by the general reader")
  void earlyReadAgrees() {
    // the same rows with CR LF, without the last LF, and with blank lines (its columns then have room to spare)
    String[] spellings = {FOUR_KINDS_CSV, FOUR_KINDS_CSV.replace("\n", "\r\n"), FOUR_KINDS_CSV.substring(0, FOUR_KINDS_CSV.length() - 1),
        FOUR_KINDS_CSV.replace("A,life", "\n\nA,life") + "\n\n"};
    for (String csv : spellings) earlyReadAgrees(csv);
  }

  private static void earlyReadAgrees(String csv) {
    // a quoted cell sends a file to the general reader, which reads it cell by cell with the definition at hand
    ReferenceData early = fourKinds(csv);
    ReferenceData general = fourKinds(csv.replace("B,width", "\"B\",width"));
    assertEquals(List.of("depth", "width", "strain", "life"), List.copyOf(early.tables().keySet()));
    assertEquals(general.sha256().length(), early.sha256().length());
    for (String id : early.tables().keySet()) {
      ReferenceTable a = early.table(id);
      ReferenceTable b = general.table(id);
      assertEquals(b.size(), a.size(), id);
      for (int row = 0; row < a.size(); row++) {
        assertEquals(b.sample(row) + "|" + b.point(row) + "|" + b.component(row), a.sample(row) + "|" + a.point(row) + "|" + a.component(row));
        assertEquals(row, a.indexOf(b.sample(row), b.point(row), b.component(row)));
      }
      assertTrue(java.util.Arrays.equals(b.values(), a.values()) && java.util.Arrays.equals(b.weights(), a.weights())
          && java.util.Arrays.equals(b.censored(), a.censored()), id);
      assertEquals(java.util.Arrays.toString(b.uncertainties()), java.util.Arrays.toString(a.uncertainties()), id);
    }
    assertEquals(2, early.table("strain").size());
    assertEquals(120000.0, early.table("life").values()[0]);
    assertTrue(early.table("life").censored()[0]);
    assertEquals(2.0, early.table("depth").weights()[1]);
  }

  @Test
  @DisplayName("what only the definition can refuse in a reference file is refused with its line, though the file was read before it")
  void earlyReadRefusesWithTheDefinition() {
    String[][] cases = {
        {"A,depth,,,100,5,,", "A,height,,,100,5,,", "2", "quantity", "unknown quantity 'height'"},
        {"A,depth,,,100,5,,", "A,depth,x=1,,100,5,,", "2", "point", "a scalar quantity has no point"},
        {"A,width,x=1,,50,2,,", "A,width,,,50,2,,", "3", "point", "needs a point"},
        {"A,depth,,,100,5,,", "A,depth,,e11,100,5,,", "2", "component", "only tensor quantities"},
        {"A,strain,state=S1,e11,", "A,strain,state=S1,e33,", "4", "component", "must be one of [e11, e22]"},
        {"A,strain,state=S1,e11,", "A,strain,state=S1,,", "4", "component", "must be one of [e11, e22]"},
        {"A,life,,,120000,", "A,life,,,0,", "6", "value", "positive for a log10 quantity"},
        {"A,width,x=1,,50,2,,", "A,width,x=1,,50,,,", "3", "uncertainty", "sigma bands need a positive uncertainty"},
        {"A,life,,,120000,,,lower\n", "", "1", "quantity", "no reference rows for quantity 'life'"},
    };
    for (String[] c : cases) {
      String csv = FOUR_KINDS_CSV.replace(c[0], c[1]);
      List<Problem> problems = assertThrows(InvalidInputException.class, () -> fourKinds(csv), c[1]).problems();
      assertProblem(problems, null, Integer.parseInt(c[2]), c[3], c[4]);
    }
    // a row of zero weight needs no uncertainty for sigma bands
    assertEquals(2, fourKinds(FOUR_KINDS_CSV.replace("B,width,x=1,,40,1,0,", "B,width,x=1,,40,,0,")).table("width").size());
  }

  @Test
  @DisplayName("a quantity may declare a unit the server does not know (HV10, HRC); a unit with a space, or a column's other unit, is refused")
  void unitsTheServerDoesNotKnow() {
    String head = String.join("\n", "id: hardness-map", "title: Hardness", "opens: 2026-01-01T00:00:00Z", "closes: 2027-01-01T00:00:00Z",
        "quantities:", "");
    String good = head + String.join("\n",
        "  - {id: hardness, unit: HV10, primary: nmae}",
        "  - {id: rockwell, unit: HRC, primary: nmae}",
        "template:",
        "  sheets:",
        "    - sheet: Results",
        "      sample: Specimen",
        "      columns: {hardness: {header: \"Vickers\", unit: HV10}, rockwell: \"HRC value\"}", "");
    Challenge challenge = ChallengeReader.read(good.getBytes(StandardCharsets.UTF_8), true);
    assertEquals(List.of("HV10", "HRC"), challenge.quantities().stream().map(Quantity::unit).toList());

    String bad = head + String.join("\n",
        "  - {id: hardness, unit: HV10, primary: nmae}",   // 6
        "  - {id: rockwell, unit: \"H RC\", primary: nmae}", // 7
        "template:",                                        // 8
        "  sheets:",                                        // 9
        "    - sheet: Results",                             // 10
        "      sample: Specimen",                           // 11
        "      columns:",                                   // 12
        "        hardness: {header: Vickers, unit: HV}",   // 13
        "");
    List<Problem> problems = assertThrows(InvalidInputException.class,
        () -> ChallengeReader.read(bad.getBytes(StandardCharsets.UTF_8), true)).problems();
    assertProblem(problems, null, 7, "unit", "'H RC' is not a unit");
    assertProblem(problems, null, 13, "unit", "the unit 'HV10' converts to nothing else");
    assertEquals(2, problems.size(), problems.toString());
  }
}
