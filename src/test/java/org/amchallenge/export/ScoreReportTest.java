package org.amchallenge.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.amchallenge.domain.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScoreReportTest {

  @Test
  @DisplayName("the report the offline scorer prints is the text the application's mapper writes for it, byte for byte")
  void sameTextAsTheMapper() throws Exception {
    Map<String, Double> depth = new LinkedHashMap<>();
    depth.put("n", 1000000.0);
    depth.put("mae", 3.9898658086649617);
    depth.put("bias", -0.0016888297329999105);
    depth.put("tiny", 4.9e-324);
    depth.put("large", 1.7976931348623157e308);
    depth.put("crps", null);
    depth.put("nan", Double.NaN);
    depth.put("minus_zero", -0.0);
    Map<String, Double> width = new LinkedHashMap<>();
    width.put("points", 12.0);
    Map<String, Map<String, Double>> quantities = new LinkedHashMap<>();
    quantities.put("melt_pool_depth", depth);
    quantities.put("width \"µm\"", width);
    quantities.put("empty", new LinkedHashMap<>());
    ScoreReport[] reports = {
        new ScoreReport("in625-single-track", "all", 0.0399, true, quantities, "1.2", "ab".repeat(32)),
        new ScoreReport("c", "private", null, false, Map.of(), "1.2", "00".repeat(32)),
        new ScoreReport("c", "public", Double.POSITIVE_INFINITY, false, null, null, null),
    };
    for (ScoreReport report : reports) {
      assertEquals(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report), report.prettyJson());
    }
  }

  @Test
  @DisplayName("the counts n and mape_excluded are written as integers, as metrics.md has them; the other metrics as decimals")
  void countsAsIntegers() throws Exception {
    Map<String, Double> depth = new LinkedHashMap<>();
    depth.put("n", 10.0);
    depth.put("mape_excluded", 0.0);
    depth.put("mae", 2.0);
    ScoreReport report = new ScoreReport("c", "all", 2.0, true, Map.of("depth", depth), "1", "00".repeat(32));
    String text = report.prettyJson();
    assertTrue(text.contains("\"n\" : 10,"), text);
    assertTrue(text.contains("\"mape_excluded\" : 0,"), text);
    assertTrue(text.contains("\"mae\" : 2.0"), text);
    assertEquals(Json.MAPPER.writeValueAsString(report).replace(" ", ""), text.replaceAll("\\s", ""), "the bundle's JSON says the same");
    ScoreReport read = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(report), ScoreReport.class);
    assertEquals(10.0, read.quantities().get("depth").get("n"), "read back from a bundle as before");
  }
}
