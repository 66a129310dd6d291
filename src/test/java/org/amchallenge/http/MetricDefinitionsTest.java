package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.amchallenge.Fixtures;
import org.amchallenge.challenge.Metric;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The metric definitions served with a challenge: what its page, the docs and the command line show of each metric. */
@ExtendWith(VertxExtension.class)
class MetricDefinitionsTest {
  @TempDir Path dir;

  @Test
  @DisplayName("every primary metric has a name, a definition, a unit and a direction, and the direction is the one the ranking uses")
  void everyPrimaryIsDefined() {
    JsonObject metrics = Views.metricDefinitions();
    // SPEC "Scores": the metrics a quantity may rank on, written out here rather than read from the code; the last six are
    // SPEC's "Curves, distributions and validation metrics" (vv20_ratio and u_pooling are unit-free losses as they are)
    List<String> primaries = List.of("mape", "r2", "nmae", "nrmse", "chi_rms", "crps", "l2", "sum_l2", "points",
        "curve_area", "frechet", "nwasserstein", "ks", "vv20_ratio", "u_pooling");
    for (String id : primaries) {
      JsonObject metric = metrics.getJsonObject(id);
      assertNotNull(metric, id);
      assertTrue(metric.getBoolean("primary"), id);
      assertFalse(metric.getString("name").isBlank(), id);
      assertFalse(metric.getString("definition").isBlank(), id);
      assertTrue(Set.of("quantity", "percent", "unit-free").contains(metric.getString("unit")), id);
      assertFalse(metric.getString("loss").isBlank(), id + " says how it enters the overall score");
      boolean higher = Metric.of(id).orElseThrow().higherIsBetter();
      assertEquals(higher ? "higher" : "lower", metric.getString("better"), id);
    }
    assertEquals(Set.copyOf(primaries), Set.copyOf(Metric.primaryNames()), "no primary metric left undefined here");
  }

  @Test
  @DisplayName("the directions, units and normalisers are SPEC's: r2 and points higher, mape in percent entering as mape / 100, nmae over mean |m|, nrmse over the range")
  void specWords() {
    JsonObject metrics = Views.metricDefinitions();
    assertEquals("higher", metrics.getJsonObject("r2").getString("better"));
    assertEquals("higher", metrics.getJsonObject("points").getString("better"));
    assertEquals("higher", metrics.getJsonObject("within_uncertainty").getString("better"));
    assertEquals("lower", metrics.getJsonObject("nmae").getString("better"));
    assertEquals("zero", metrics.getJsonObject("bias").getString("better"));
    assertNull(metrics.getJsonObject("n").getString("better"), "a count is neither better high nor low");
    assertEquals("percent", metrics.getJsonObject("mape").getString("unit"));
    assertEquals("mape / 100", metrics.getJsonObject("mape").getString("loss"));
    assertEquals("1 − r2", metrics.getJsonObject("r2").getString("loss"));
    assertEquals("quantity", metrics.getJsonObject("mae").getString("unit"));
    assertEquals("quantity", metrics.getJsonObject("crps").getString("unit"));
    assertEquals("unit-free", metrics.getJsonObject("nrmse").getString("unit"));
    assertEquals("mean |measured|", metrics.getJsonObject("nmae").getString("normaliser"));
    assertEquals("range of measured (max − min)", metrics.getJsonObject("nrmse").getString("normaliser"));
    assertEquals("measurement uncertainty", metrics.getJsonObject("chi_rms").getString("normaliser"));
    assertEquals("mean norm of measured tensors", metrics.getJsonObject("l2").getString("normaliser"));
    assertEquals("mean |measured|", metrics.getJsonObject("crps").getString("normaliser"));
    assertNull(metrics.getJsonObject("mae").getString("normaliser"));
    assertEquals(Metric.values().length, metrics.size(), "every metric an answer may carry is defined");
  }

  @Test
  @DisplayName("GET /api/metrics serves the definitions, to anyone")
  void servedWithTheChallenge(Vertx vertx) throws Exception {
    LiveServer live = LiveServer.fixture(vertx, dir, 1 << 20);
    try {
      JsonObject challenge = LiveServer.join(live.client.get("/api/metrics").send()).bodyAsJsonObject();
      JsonObject nmae = challenge.getJsonObject("metrics").getJsonObject("nmae");
      assertEquals("normalised mean absolute error", nmae.getString("name"));
      assertEquals("lower", nmae.getString("better"));
      assertEquals("mean |measured|", nmae.getString("normaliser"));
    } finally {
      live.close();
    }
  }
}
