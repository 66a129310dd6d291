package org.amchallenge.submission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.scoring.Scorer;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Curves at any abscissa, distributions' draws and V&V 20's columns, read from every form a file takes. */
class SampledReadingTest {
  private static final String CHALLENGE = """
      id: sampled-reading
      title: t
      summary: s
      description: d
      opens: 2026-01-01T00:00:00Z
      closes: 2027-12-31T00:00:00Z
      quantities:
        - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area}
        - {id: grain_size, unit: um, kind: distribution, distribution: samples, primary: ks}
        - {id: hardness, unit: HV10, primary: vv20_ratio}
      """;
  private static final String REFERENCE = """
      sample_id,quantity,point,component,value,uncertainty,weight,censor
      A,flow_stress,strain=0,,0,,,
      A,flow_stress,strain=0.1,,100,,,
      B,flow_stress,strain=0,,0,,,
      B,flow_stress,strain=0.1,,80,,,
      A,grain_size,obs=1,,10,,,
      A,grain_size,obs=2,,12,,,
      B,grain_size,obs=1,,20,,,
      A,hardness,,,250,5,,
      B,hardness,,,260,5,,
      """;
  private static final Challenge DEFINITION = ChallengeReader.read(CHALLENGE.getBytes(StandardCharsets.UTF_8), true);
  private static final ReferenceData DATA = ReferenceReader.read(DEFINITION, REFERENCE.getBytes(StandardCharsets.UTF_8));
  private final PredictionReader reader = new PredictionReader(DEFINITION, DATA);

  private ParsedSubmission read(SubmissionFormat format, byte[] body) {
    return reader.read(format, body, null);
  }

  private ParsedSubmission csv(String text) {
    return read(SubmissionFormat.CSV, text.getBytes(StandardCharsets.UTF_8));
  }

  private List<Problem> problems(String text) {
    return assertThrows(InvalidInputException.class, () -> csv(text)).problems();
  }

  private static void assertProblem(List<Problem> problems, int line, int column, String field, String words) {
    assertTrue(problems.stream().anyMatch(p -> p.line() == line && p.column() == column && field.equals(p.field())
            && p.detail().contains(words)),
        () -> "expected line " + line + " column " + column + " " + field + " '" + words + "' in " + problems);
  }

  @Test
  @DisplayName("a curve's rows at abscissae of the model's own, not the measured ones, are kept per sample in the order given")
  void curveAtAnyAbscissa() {
    Predictions p = csv("sample_id,quantity,point,value\nA,flow_stress,strain=0.05,55\nA,flow_stress,strain=0.0125,14\n"
        + "B,flow_stress,strain=0.2,90\n").predictions();
    Predictions.Sampled curve = p.sampled("flow_stress");
    assertArrayEquals(new double[] {0.05, 0.0125}, curve.x().get("A"));
    assertArrayEquals(new double[] {55, 14}, curve.y().get("A"));
    assertArrayEquals(new double[] {0.2}, curve.x().get("B"));
    assertNull(p.column("flow_stress"));
  }

  @Test
  @DisplayName("a wide file's (x, y) column pair, in CSV and in XLSX, reads as the same curve as one row per point")
  void widePair() throws Exception {
    Predictions.Sampled long_ = csv("sample_id,quantity,point,value,unit\nA,flow_stress,strain=0.05,55,MPa\nA,flow_stress,strain=0.15,130,MPa\n"
        + "B,flow_stress,strain=0.02,30,MPa\n").predictions().sampled("flow_stress");
    Predictions.Sampled wide = csv("sample_id,strain,flow_stress [MPa]\nA,0.05,55\nA,0.15,130\nB,0.02,30\n").predictions().sampled("flow_stress");
    assertEquals(long_.x().keySet(), wide.x().keySet());
    for (String sample : List.of("A", "B")) {
      assertArrayEquals(long_.x().get(sample), wide.x().get(sample));
      assertArrayEquals(long_.y().get(sample), wide.y().get(sample));
    }
    // a wide row may also give a scalar: its own column, read as before
    assertEquals(251, csv("sample_id,hardness,strain,flow_stress\nA,251,0.05,55\n").predictions().column("hardness").values()[0], 0);
    byte[] workbook;
    try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      var sheet = book.createSheet("predictions");
      Object[][] rows = {{"sample_id", "strain", "flow_stress"}, {"A", 0.05, 55}, {"A", 0.15, 130}, {"B", 0.02, 30}};
      for (int r = 0; r < rows.length; r++) {
        var row = sheet.createRow(r);
        for (int c = 0; c < rows[r].length; c++) {
          if (rows[r][c] instanceof String text) row.createCell(c).setCellValue(text);
          else row.createCell(c).setCellValue(((Number) rows[r][c]).doubleValue());
        }
      }
      book.write(out);
      workbook = out.toByteArray();
    }
    Predictions.Sampled xlsx = read(SubmissionFormat.XLSX, workbook).predictions().sampled("flow_stress");
    assertArrayEquals(long_.x().get("A"), xlsx.x().get("A"));
    assertArrayEquals(long_.y().get("A"), xlsx.y().get("A"));
  }

  @Test
  @DisplayName("draws come with any label or none, in any number, ties included, from CSV and JSON")
  void draws() {
    Predictions.Sampled csvDraws = csv("sample_id,quantity,point,value\nA,grain_size,,11\nA,grain_size,,11\nA,grain_size,d7,13\nB,grain_size,x,19\n")
        .predictions().sampled("grain_size");
    assertArrayEquals(new double[] {11, 11, 13}, csvDraws.y().get("A"));
    assertNull(csvDraws.x());
    Predictions.Sampled json = read(SubmissionFormat.JSON, ("{\"predictions\":[{\"sample_id\":\"A\",\"quantity\":\"grain_size\",\"value\":11},"
        + "{\"sample_id\":\"A\",\"quantity\":\"grain_size\",\"value\":11},{\"sample_id\":\"A\",\"quantity\":\"grain_size\",\"point\":\"d7\",\"value\":13}]}")
        .getBytes(StandardCharsets.UTF_8)).predictions().sampled("grain_size");
    assertArrayEquals(csvDraws.y().get("A"), json.y().get("A"));
  }

  @Test
  @DisplayName("u_num and u_input are read from CSV columns and JSON fields, converted with the row's unit like the uncertainty")
  void validationUncertainties() {
    Predictions.Column column = csv("sample_id,quantity,value,uncertainty,u_num,u_input\nA,hardness,251,4,3,2\nB,hardness,262,,,1.5\n")
        .predictions().column("hardness");
    int a = DATA.table("hardness").indexOf("A", "", "");
    int b = DATA.table("hardness").indexOf("B", "", "");
    assertEquals(3, column.numerical()[a], 0);
    assertEquals(2, column.input()[a], 0);
    assertTrue(Double.isNaN(column.numerical()[b]));
    assertEquals(1.5, column.input()[b], 0);
    Predictions.Column fromJson = read(SubmissionFormat.JSON, ("{\"predictions\":[{\"sample_id\":\"A\",\"quantity\":\"hardness\",\"value\":251,"
        + "\"u_num\":3,\"u_input\":\"2\"}]}").getBytes(StandardCharsets.UTF_8)).predictions().column("hardness");
    assertEquals(3, fromJson.numerical()[a], 0);
    assertEquals(2, fromJson.input()[a], 0);
    // a file without them leaves V&V 20's figures null rather than equal to chi_rms
    Predictions without = csv("sample_id,quantity,value\nA,hardness,251\nB,hardness,262\n").predictions();
    assertNull(without.column("hardness").numerical());
    var scores = Scorer.score(DEFINITION, DATA, without, null).quantities().get("hardness");
    assertNull(scores.metrics().get("vv20_ratio"));
    // errors 1 and 2 against u = 5: sqrt(((1/5)² + (2/5)²) / 2)
    assertEquals(Math.sqrt(0.1), scores.metrics().get("chi_rms"), 1e-12);
    // with them: u_val² = 3² + 2² + 5² = 38 for A, 1.5² + 5² = 27.25 for B
    var with = Scorer.score(DEFINITION, DATA, csv("sample_id,quantity,value,uncertainty,u_num,u_input\nA,hardness,251,4,3,2\nB,hardness,262,,,1.5\n")
        .predictions(), null).quantities().get("hardness");
    assertEquals(Math.sqrt((1 / 38.0 + 4 / 27.25) / 2), with.metrics().get("vv20_ratio"), 1e-12);
    assertEquals(1.0, with.metrics().get("vv20_within"), 0);
  }

  @Test
  @DisplayName("every problem of a curve's or a distribution's rows is named with its line and column")
  void problemsNamed() {
    List<Problem> problems = problems("sample_id,quantity,point,value,uncertainty,u_num\n"
        + "A,flow_stress,strain=0.05,55,,\n"
        + "A,flow_stress,strain=0.050,56,,\n"
        + "A,flow_stress,x=0.1,60,,\n"
        + "A,flow_stress,,60,,\n"
        + "A,flow_stress,strain=0.2,60,3,\n"
        + "A,grain_size,,11,2,\n"
        + "C,grain_size,,11,,\n"
        + "A,flow_stress,strain=0.3,70,,1\n"
        + "A,hardness,,250,,-1\n");
    assertProblem(problems, 3, 3, "point", "duplicate prediction for flow_stress of sample 'A' at 'strain=0.05'; first given on line 2");
    assertProblem(problems, 4, 3, "point", "'x=0.1' is not an abscissa");
    assertProblem(problems, 5, 3, "point", "is empty");
    assertProblem(problems, 6, 5, "uncertainty", "a curve's point takes no uncertainty");
    assertProblem(problems, 7, 5, "uncertainty", "a draw has no uncertainty");
    assertProblem(problems, 8, 1, "sample_id", "unknown sample 'C' for grain_size");
    assertProblem(problems, 9, 6, "u_num", "not to a curve's point");
    assertProblem(problems, 10, 6, "u_num", "must not be negative");
    assertEquals(8, problems.size(), problems::toString);
  }

  @Test
  @DisplayName("a sample's curve may have 10,000 points and not one more")
  void pointLimit() {
    StringBuilder file = new StringBuilder("sample_id,quantity,point,value\n");
    for (int i = 0; i <= SampledRows.MAX_CURVE_POINTS; i++) file.append("A,flow_stress,strain=").append(i * 1e-5).append(",1\n");
    List<Problem> problems = problems(file.toString());
    assertEquals(1, problems.size(), problems::toString);
    assertProblem(problems, SampledRows.MAX_CURVE_POINTS + 2, 1, "sample_id", "more than 10000 points");
  }

  @Test
  @DisplayName("a unit the server does not know (HV10) is taken as itself or none, and nothing converts to it")
  void opaqueUnit() {
    assertEquals(251, csv("sample_id,quantity,value,unit\nA,hardness,251,HV10\n").predictions().column("hardness").values()[0], 0);
    assertEquals(251, csv("sample_id,quantity,value\nA,hardness,251\n").predictions().column("hardness").values()[0], 0);
    List<Problem> problems = problems("sample_id,quantity,value,unit\nA,hardness,40,HRC\nB,hardness,2500,MPa\n");
    assertEquals(2, problems.size(), problems::toString);
    assertTrue(problems.stream().allMatch(p -> "unit".equals(p.field())), problems::toString);
  }

  @Test
  @DisplayName("the blank template says how a curve and a distribution are given, and a filled copy reads")
  void template() {
    String template = TemplateWriter.csv(DEFINITION, DATA);
    assertTrue(template.contains("# flow_stress is a curve: give one row per point, point strain=<number>, at any strain"), template);
    assertTrue(template.contains("# grain_size is a distribution: give any number of draws per sample"), template);
    // one row per sample for the draws: the number of observations is not the number of draws asked for
    assertEquals(2, template.lines().filter(l -> l.contains(",grain_size,")).count(), template);
    String filled = template.lines().map(l -> l.startsWith("A,flow_stress,strain=0.1,") ? l.replace(",,,MPa", ",100,,MPa")
        : l.startsWith("A,flow_stress,strain=0,") ? l.replace(",,,MPa", ",0,,MPa") : l)
        .filter(l -> l.startsWith("#") || l.startsWith("sample_id") || l.startsWith("\"#") || l.contains(",100,") || l.contains(",0,,MPa"))
        .reduce("", (a, b) -> a + b + "\n");
    Predictions.Sampled curve = csv(filled).predictions().sampled("flow_stress");
    assertArrayEquals(new double[] {0, 100}, curve.y().get("A"));
  }
}
