package org.amchallenge.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.amchallenge.Fixtures;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PredictionReaderTest {
  private static final ChallengeEntry ENTRY = Fixtures.entry();
  private final PredictionReader reader = new PredictionReader(ENTRY.challenge(), ENTRY.reference());

  private ParsedSubmission read(SubmissionFormat format, String text) {
    return reader.read(format, text.getBytes(StandardCharsets.UTF_8), null);
  }

  private List<Problem> problems(SubmissionFormat format, String text) {
    return assertThrows(InvalidInputException.class, () -> read(format, text)).problems();
  }

  private static void assertProblem(List<Problem> problems, int line, int column, String field, String words) {
    assertTrue(problems.stream().anyMatch(p -> p.line() == line && p.column() == column && field.equals(p.field())
            && p.detail().contains(words)),
        () -> "expected line " + line + " column " + column + " " + field + " '" + words + "' in " + problems);
  }

  @Test
  @DisplayName("a long CSV with a BOM, CRLF, any column order and an alias reads every row")
  void longCsv() {
    ParsedSubmission parsed = read(SubmissionFormat.CSV, "\uFEFFvalue,quantity,sample_id\r\n101,D,S1\r\n198.5,width,S1\r\n");
    assertEquals(2, parsed.rows());
    assertEquals(101, parsed.predictions().column("depth").values()[0], 0);
    assertEquals(198.5, parsed.predictions().column("width").values()[0], 0);
  }

  @Test
  @DisplayName("sample ids beyond ASCII are keys like any other: found in any row order, a repeated one refused")
  void unicodeSampleIds() {
    var challenge = Fixtures.challenge();
    String[] ids = {"Probe-Ø1", "Échantillon-2", "試料3", "S4", "S5-µ", "S6"};
    StringBuilder reference = new StringBuilder("sample_id,quantity,value,uncertainty\n");
    for (int i = 0; i < ids.length; i++) {
      reference.append(ids[i]).append(",depth,").append(100 + i).append(",2\n").append(ids[i]).append(",width,").append(200 + i).append(",3\n");
    }
    var data = org.amchallenge.challenge.ReferenceReader.read(challenge, reference.toString().getBytes(StandardCharsets.UTF_8));
    // the predictions in reverse order, so no row is where the last one found would put it
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = ids.length - 1; i >= 0; i--) csv.append(ids[i]).append(",depth,").append(10 + i).append('\n');
    ParsedSubmission parsed = new PredictionReader(challenge, data).read(SubmissionFormat.CSV, csv.toString().getBytes(StandardCharsets.UTF_8), null);
    var table = data.table("depth");
    for (int row = 0; row < table.size(); row++) {
      int i = java.util.Arrays.asList(ids).indexOf(table.sample(row));
      assertTrue(i >= 0, table.sample(row));
      assertEquals(10 + i, parsed.predictions().column("depth").values()[row], 0.0, table.sample(row));
    }
    String repeated = reference + "試料3,depth,1,1\n";
    assertThrows(InvalidInputException.class,
        () -> org.amchallenge.challenge.ReferenceReader.read(challenge, repeated.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("a wide CSV has one column per quantity, a unit in brackets, and empty cells as missing")
  void wideCsv() {
    ParsedSubmission parsed = read(SubmissionFormat.CSV, "sample_id,depth [µm],width\nS1,101,\nS2,52,99\n");
    assertEquals(3, parsed.rows());
    assertTrue(Double.isNaN(parsed.predictions().column("width").values()[0]));
  }

  @Test
  @DisplayName("every problem of a file is listed with its line and column, not only the first")
  void everyProblemListed() {
    String csv = "sample_id,quantity,value,color\n"      // line 1: unknown column at column 4
        + "S1,depth,100,red\n";
    assertProblem(problems(SubmissionFormat.CSV, csv), 1, 4, "color", "unknown column");

    String rows = "sample_id,quantity,value\n"
        + "S1,depth,100\n"     // 2: fine
        + "S9,depth,100\n"     // 3: unknown sample
        + "S2,height,100\n"    // 4: unknown quantity
        + "S2,depth,NaN\n"     // 5: not finite
        + "S3,depth,1e999\n"   // 6: overflows to infinity
        + "S1,depth,101\n"     // 7: duplicate of line 2
        + "S4,depth,\n"        // 8: empty value
        + "S5,depth,abc\n";    // 9: not a number
    List<Problem> problems = problems(SubmissionFormat.CSV, rows);
    assertProblem(problems, 3, 1, "sample_id", "unknown sample 'S9'");
    assertProblem(problems, 4, 2, "quantity", "unknown quantity 'height'");
    assertProblem(problems, 5, 3, "value", "not a finite number");
    assertProblem(problems, 6, 3, "value", "not a finite number");
    assertProblem(problems, 7, 1, "sample_id", "first given on line 2");
    assertProblem(problems, 8, 3, "value", "is empty");
    assertProblem(problems, 9, 3, "value", "not a finite number");
    assertEquals(7, problems.size());
  }

  @Test
  @DisplayName("a point on a scalar quantity, a unit of another dimension and an unknown unit are problems")
  void pointAndUnit() {
    List<Problem> problems = problems(SubmissionFormat.CSV,
        "sample_id,quantity,point,value,unit\nS1,depth,x=1,100,\nS2,depth,,100,MPa\nS3,depth,,1,furlongs\n");
    assertProblem(problems, 2, 3, "point", "scalar quantity");
    assertProblem(problems, 3, 5, "unit", "'MPa' cannot be converted to 'um'");
    assertProblem(problems, 4, 5, "unit", "not a unit this server knows");
  }

  @Test
  @DisplayName("values and uncertainties in mm, μm or µm are converted to the quantity's um")
  void unitsConverted() {
    ParsedSubmission parsed = read(SubmissionFormat.CSV, "sample_id,quantity,value,uncertainty,unit\n"
        + "S1,depth,0.1015,0.004,mm\nS2,depth,52,3,\u03bcm\nS3,depth,81,2,\u00b5m\n");
    double[] depth = parsed.predictions().column("depth").values();
    double[] sigma = parsed.predictions().column("depth").uncertainties();
    assertEquals(101.5, depth[0], 1e-9);   // 0.1015 mm = 101.5 um
    assertEquals(4.0, sigma[0], 1e-9);     // 0.004 mm = 4 um
    assertEquals(52, depth[1], 1e-9);
    assertEquals(81, depth[2], 1e-9);

    ParsedSubmission wide = read(SubmissionFormat.CSV, "sample_id,depth [mm],width [μm]\nS1,0.2,150\n");
    assertEquals(200, wide.predictions().column("depth").values()[0], 1e-9);
    assertEquals(150, wide.predictions().column("width").values()[0], 1e-9);
  }

  @Test
  @DisplayName("an empty file, a header alone, and a missing value column are rejected")
  void emptyFiles() {
    assertEquals("the file is empty", problems(SubmissionFormat.CSV, "").get(0).detail());
    assertTrue(problems(SubmissionFormat.CSV, "  \n").get(0).detail().contains("empty"));
    assertTrue(problems(SubmissionFormat.CSV, "sample_id,quantity,value\n").get(0).detail().contains("no prediction rows"));
    assertProblem(problems(SubmissionFormat.CSV, "sample_id,quantity\nS1,depth\n"), 1, 1, "value", "required column");
  }

  @Test
  @DisplayName("JSON rows are read with the line and column of each bad object")
  void json() {
    ParsedSubmission parsed = read(SubmissionFormat.JSON,
        "{\"predictions\":[{\"sample_id\":\"S1\",\"quantity\":\"depth\",\"value\":99.5}], \"description\":\"FEM\"}");
    assertEquals(99.5, parsed.predictions().column("depth").values()[0], 0);
    assertEquals("FEM", parsed.description());

    String bad = "{\"predictions\": [\n"
        + "  {\"sample_id\": \"S1\", \"quantity\": \"depth\", \"value\": 1},\n"
        + "  {\"sample_id\": \"S7\", \"quantity\": \"depth\", \"value\": 1},\n"
        + "  {\"sample_id\": \"S2\", \"quantity\": \"depth\", \"value\": \"x\", \"extra\": 1}\n"
        + "]}";
    List<Problem> problems = problems(SubmissionFormat.JSON, bad);
    assertProblem(problems, 3, 3, "sample_id", "unknown sample");
    assertProblem(problems, 4, 3, "extra", "unknown field");
    assertProblem(problems, 4, 3, "value", "not a finite number");
    List<Problem> truncated = problems(SubmissionFormat.JSON, "{\"predictions\": [1, 2");
    assertEquals(1, truncated.get(0).line());
    assertTrue(truncated.stream().anyMatch(p -> p.detail().contains("must be an object")));
  }

  @Test
  @DisplayName("no problem message ever names a measured value")
  void noMeasuredValueInProblems() {
    List<Problem> problems = problems(SubmissionFormat.CSV, "sample_id,quantity,value\nS1,depth,x\nS1,width,y\nS9,depth,1\n");
    for (Problem p : problems) {
      for (String measured : List.of("100", "200", "50", "150")) {
        assertTrue(!p.detail().contains(measured), () -> p.detail() + " names " + measured);
      }
    }
  }

  @Test
  @DisplayName("um, µm (micro sign) and μm (Greek mu) in a row's unit or a header are the quantity's micrometre; mm is a thousand of them")
  void micrometreSpellings() {
    ParsedSubmission parsed = read(SubmissionFormat.CSV, "sample_id,quantity,value,unit\n"
        + "S1,depth,101,um\nS2,depth,52,\u00b5m\nS3,depth,81,\u03bcm\nS4,depth,0.121,mm\n");
    double[] depth = parsed.predictions().column("depth").values();
    var table = ENTRY.reference().table("depth");
    java.util.Map<String, Double> bySample = new java.util.HashMap<>();
    for (int row = 0; row < table.size(); row++) bySample.put(table.sample(row), depth[row]);
    assertEquals(101, bySample.get("S1"), 0);
    assertEquals(52, bySample.get("S2"), 0);
    assertEquals(81, bySample.get("S3"), 0);
    assertEquals(121, bySample.get("S4"), 1e-9);
    ParsedSubmission wide = read(SubmissionFormat.CSV, "sample_id,depth [\u03bcm],width [um]\nS1,101,199\n");
    assertEquals(2, wide.rows());
  }
}
