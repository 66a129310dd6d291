package org.amchallenge.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.amchallenge.scoring.CurveMetrics.Comparison;
import org.amchallenge.scoring.CurveMetrics.Curve;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Curve, distribution, u-pooling and V&V 20 figures against /validation/expected.json, which
 * /validation/make_expected.py computed with scipy 1.10 and plain Python, to 1e-9 of each figure's size.
 */
class ValidationMetricsTest {
  private static final double RELATIVE = 1e-9;
  private static final JsonNode EXPECTED = read();

  private static JsonNode read() {
    try (InputStream in = ValidationMetricsTest.class.getResourceAsStream("/validation/expected.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  @DisplayName("curve_area, curve_overlap and frechet of each curve fixture match the plain-Python figures")
  Stream<DynamicTest> curves() {
    return cases("curves").map(c -> dynamicTest(c.get("name").asText(), () -> {
      Curve measured = curve(c.get("measured"));
      Curve predicted = curve(c.get("predicted"));
      JsonNode expected = c.get("expected");
      Comparison comparison = CurveMetrics.compare(measured, predicted);
      assertClose(expected.get("curve_area"), comparison.area(), "curve_area");
      assertClose(expected.get("curve_overlap"), comparison.overlap(), "curve_overlap");
      assertClose(expected.get("frechet"), comparison.frechet(), "frechet");
      assertClose(expected.get("frechet_points"), CurveMetrics.frechet(measured, predicted), "Fréchet of the points");
      boolean allDefined = comparison.area() != null && comparison.overlap() != null && comparison.frechet() != null;
      assertEquals(allDefined, comparison.whyNull() == null, "whyNull is given exactly where a figure is null: " + comparison);
    }));
  }

  @TestFactory
  @DisplayName("wasserstein and ks of each pair of samples match scipy's, in either order")
  Stream<DynamicTest> distributions() {
    return cases("distributions").map(c -> dynamicTest(c.get("name").asText(), () -> {
      double[] predicted = doubles(c.get("predicted"));
      double[] observed = doubles(c.get("observed"));
      JsonNode expected = c.get("expected");
      assertClose(expected.get("wasserstein"), ValidationMetrics.wasserstein(predicted, observed), "wasserstein");
      assertClose(expected.get("wasserstein"), ValidationMetrics.wasserstein(observed, predicted), "wasserstein, swapped");
      assertClose(expected.get("ks"), ValidationMetrics.ks(predicted, observed), "ks");
      assertClose(expected.get("ks"), ValidationMetrics.ks(observed, predicted), "ks, swapped");
    }));
  }

  @TestFactory
  @DisplayName("pit(e, s) is scipy's norm.cdf(-e / s), far in the tails too")
  Stream<DynamicTest> pit() {
    return cases("pit").map(c -> dynamicTest("e = " + c.get("error") + ", s = " + c.get("sigma"), () ->
        assertClose(c.get("u"), ValidationMetrics.pit(c.get("error").asDouble(), c.get("sigma").asDouble()), "u")));
  }

  @TestFactory
  @DisplayName("u_pooling of each set of u values is the exact integral of |F_u(t) - t|")
  Stream<DynamicTest> uPooling() {
    return cases("u_pooling").map(c -> dynamicTest(c.get("name").asText(), () -> {
      assertClose(c.get("expected"), ValidationMetrics.uPooling(doubles(c.get("u"))), "u_pooling of scipy's u");
      if (c.has("errors")) {
        double[] errors = doubles(c.get("errors"));
        double[] sigmas = doubles(c.get("sigmas"));
        double[] u = new double[errors.length];
        for (int i = 0; i < u.length; i++) u[i] = ValidationMetrics.pit(errors[i], sigmas[i]);
        assertClose(c.get("expected"), ValidationMetrics.uPooling(u), "u_pooling of pit's u");
      }
    }));
  }

  @TestFactory
  @DisplayName("vv20_within, vv20_ratio and the rows counted match V&V 20's sums, rows with u_val = 0 left out")
  Stream<DynamicTest> vv20() {
    return cases("vv20").map(c -> dynamicTest(c.get("name").asText(), () -> {
      JsonNode rows = c.get("rows");
      int n = rows.size();
      double[] errors = new double[n];
      double[] numerical = new double[n];
      double[] input = new double[n];
      double[] measured = new double[n];
      for (int i = 0; i < n; i++) {
        JsonNode row = rows.get(i);
        errors[i] = orNaN(row.get("error"));
        numerical[i] = orNaN(row.get("u_num"));
        input[i] = orNaN(row.get("u_input"));
        measured[i] = orNaN(row.get("u_measured"));
      }
      double[] figures = ValidationMetrics.vv20(errors, numerical, input, measured);
      JsonNode expected = c.get("expected");
      assertClose(expected.get("vv20_within"), figures[0], "vv20_within");
      assertClose(expected.get("vv20_ratio"), figures[1], "vv20_ratio");
      assertEquals(expected.get("rows").asInt(), figures[2], "rows counted");
    }));
  }

  /** Within 1e-9 of the expected figure's size (absolute where it is 0); null where JSON says null. */
  static void assertClose(JsonNode expected, Double actual, String what) {
    assertNotNull(expected, what + " is missing from expected.json");
    if (expected.isNull()) {
      assertTrue(actual == null || actual.isNaN(), what + ": expected none, got " + actual);
      return;
    }
    double value = expected.asDouble();
    assertNotNull(actual, what + ": expected " + value + ", got null");
    double tolerance = value == 0 ? RELATIVE : RELATIVE * Math.abs(value);
    assertEquals(value, actual, tolerance, what);
  }

  private static Stream<JsonNode> cases(String group) {
    JsonNode cases = EXPECTED.get(group);
    assertTrue(cases != null && cases.size() > 0, "expected.json has " + group);
    return StreamSupport.stream(cases.spliterator(), false);
  }

  private static Curve curve(JsonNode node) {
    return Curve.sorted(doubles(node.get("x")), doubles(node.get("y")));
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) values[i] = array.get(i).asDouble();
    return values;
  }

  private static double orNaN(JsonNode value) {
    return value == null || value.isNull() ? Double.NaN : value.asDouble();
  }
}
