package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.amchallenge.domain.Json;
import org.amchallenge.scoring.QuantityScores;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.scoring.Scores;
import org.amchallenge.submission.PredictionReader;
import org.amchallenge.submission.SubmissionFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The example challenges of the validation metrics (a flow curve, a grain-size distribution, and the tensile example's
 * V&V 20 uncertainties) scored offline with their example predictions, by the calls {@code amchallenge score} makes, against
 * figures computed independently with numpy and scipy by src/test/python/examples/expected_validation_examples.py
 * (kept as src/test/resources/examples/validation-examples-expected.json).
 */
class ValidationExamplesTest {
  private static JsonNode expected;

  @BeforeAll
  static void readExpected() throws IOException {
    try (InputStream in = ValidationExamplesTest.class.getResourceAsStream("/examples/validation-examples-expected.json")) {
      expected = Json.MAPPER.readTree(in);
    }
  }

  /** As {@code amchallenge score --challenge challenges/ID.yaml --reference reference-data/ID.csv FILE} scores it: all rows, no split. */
  private static Scores score(String id, String predictions) throws IOException {
    Challenge definition = ChallengeReader.read(Files.readAllBytes(Path.of("challenges", id + ".yaml")), true);
    ReferenceData data = ReferenceReader.read(definition, ReferenceReader.early(Files.readAllBytes(Path.of("reference-data", id + ".csv"))));
    Path file = Path.of("challenges", id, predictions);
    byte[] body = Files.readAllBytes(file);
    SubmissionFormat format = SubmissionFormat.detect(null, file.getFileName().toString(), body);
    return Scorer.score(definition, data, new PredictionReader(definition, data).read(format, body, null).predictions(), null);
  }

  private static void assertFigures(Scores scores, String challenge, String quantity, List<String> metrics) {
    QuantityScores figures = scores.quantities().get(quantity);
    assertNotNull(figures, quantity + " scored");
    for (String metric : metrics) {
      Double value = figures.metrics().get(metric);
      assertNotNull(value, () -> challenge + " " + quantity + " " + metric + " in " + figures.metrics());
      double want = expected.path(challenge).path(quantity).path(metric).asDouble(Double.NaN);
      assertEquals(want, value, 1e-9 * Math.abs(want), () -> challenge + " " + quantity + " " + metric);
    }
  }

  @Test
  @DisplayName("afrl-c3-flow-curves: a model's curves at its own strains get curve_area, curve_overlap, frechet and nmae at the measured strains, every condition counted")
  void flowCurves() throws IOException {
    Scores scores = score("afrl-c3-flow-curves", "example-predictions.csv");
    assertFigures(scores, "afrl-c3-flow-curves", "flow_stress", List.of("curve_area", "curve_overlap", "frechet", "nmae"));
    assertFigures(scores, "afrl-c3-flow-curves", "yield_strength", List.of("vv20_within", "vv20_ratio", "u_pooling"));
    QuantityScores curve = scores.quantities().get("flow_stress");
    assertEquals(1.0, curve.metric(Metric.COVERAGE), "eight conditions of eight, each overlapping its measured strains");
    assertEquals(expected.path("afrl-c3-flow-curves").path("flow_stress").path("curve_area").asDouble(), curve.primary(), 1e-9 * curve.primary());
    assertTrue(curve.metrics().get("curve_overlap") < 1, "some of the model's curves stop before the measured uniform elongation");
    assertTrue(scores.ranked(), "every quantity fully given");
    assertNotNull(scores.score());
  }

  @Test
  @DisplayName("afrl-c3-flow-curves: the same curves as the (strain, flow_stress) column pair of a wide CSV score the same")
  void flowCurvesWide() throws IOException {
    Map<String, Double> longForm = score("afrl-c3-flow-curves", "example-predictions.csv").quantities().get("flow_stress").metrics();
    Scores wide = score("afrl-c3-flow-curves", "example-predictions-wide.csv");
    Map<String, Double> wideForm = wide.quantities().get("flow_stress").metrics();
    for (String metric : List.of("curve_area", "curve_overlap", "frechet", "nmae", "coverage")) {
      assertEquals(longForm.get(metric), wideForm.get(metric), metric);
    }
    assertFigures(wide, "afrl-c3-flow-curves", "flow_stress", List.of("curve_area", "curve_overlap", "frechet"));
  }

  @Test
  @DisplayName("in718-grain-size: 500 unlabelled draws per condition get wasserstein, nwasserstein and ks against the observed grains")
  void grainSizes() throws IOException {
    Scores scores = score("in718-grain-size", "example-predictions.csv");
    assertFigures(scores, "in718-grain-size", "grain_size", List.of("wasserstein", "nwasserstein", "ks"));
    QuantityScores grains = scores.quantities().get("grain_size");
    assertEquals(1.0, grains.metric(Metric.COVERAGE), "four conditions of four");
    assertEquals(grains.metrics().get("nwasserstein"), grains.primary());
    assertEquals(grains.metrics().get("nwasserstein"), scores.score(), 1e-15, "one quantity: its loss is the score");
  }

  @Test
  @DisplayName("in625-tensile-asbuilt: u_num and u_input give vv20_within and vv20_ratio, the predicted uncertainty u_pooling")
  void tensileValidationUncertainties() throws IOException {
    Scores scores = score("in625-tensile-asbuilt", "example-predictions.csv");
    for (String quantity : List.of("yield_strength", "uts", "elongation")) {
      assertFigures(scores, "in625-tensile-asbuilt", quantity, List.of("vv20_within", "vv20_ratio", "u_pooling"));
      assertEquals(1.0, scores.quantities().get(quantity).metric(Metric.COVERAGE), quantity);
    }
    assertTrue(scores.ranked());
  }
}
