package org.amchallenge.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.scoring.Scores;

/**
 * One part's scores at full precision with what reproduces them: what {@code amchallenge score} prints, and
 * what a results bundle keeps for each submission and part.
 */
public record ScoreReport(
    String challenge,
    String board,
    Double score,
    boolean ranked,
    @JsonSerialize(contentUsing = ScoreReport.MetricsWriter.class) Map<String, Map<String, Double>> quantities,
    @JsonProperty("scorer_version") String scorerVersion,
    @JsonProperty("reference_sha256") String referenceSha256) {

  public static ScoreReport of(String challenge, String board, Scores scores, String referenceSha256) {
    Map<String, Map<String, Double>> quantities = new LinkedHashMap<>();
    scores.quantities().forEach((id, q) -> quantities.put(id, new LinkedHashMap<>(q.metrics())));
    return new ScoreReport(challenge, board, scores.score(), scores.ranked(), quantities, Scorer.VERSION, referenceSha256);
  }

  /**
   * This report as {@code Json.MAPPER}'s pretty printer writes it (a test holds the two equal), written with
   * Jackson's generator alone: the offline scorer prints one report, and should not pay an
   * {@code ObjectMapper}'s class loading and set-up for it.
   */
  public String prettyJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = GENERATORS.createGenerator(out).useDefaultPrettyPrinter()) {
      json.writeStartObject();
      json.writeStringField("challenge", challenge);
      json.writeStringField("board", board);
      writeNumber(json, "score", score);
      json.writeBooleanField("ranked", ranked);
      if (quantities == null) {
        json.writeNullField("quantities");
      } else {
        json.writeObjectFieldStart("quantities");
        for (var quantity : quantities.entrySet()) {
          json.writeFieldName(quantity.getKey());
          writeMetrics(json, quantity.getValue());
        }
        json.writeEndObject();
      }
      json.writeStringField("scorer_version", scorerVersion);
      json.writeStringField("reference_sha256", referenceSha256);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static final JsonFactory GENERATORS = new JsonFactory();

  /** The metrics that count rows: integers in the JSON, as metrics.md has them, though the scorer keeps every figure a double. */
  private static final Set<String> COUNTS = Set.of("n", "mape_excluded");

  /** One quantity's metrics, as both the pretty printer above and the mapper (for the results bundle) write them. */
  private static void writeMetrics(JsonGenerator json, Map<String, Double> metrics) throws IOException {
    json.writeStartObject();
    for (var metric : metrics.entrySet()) {
      Double value = metric.getValue();
      if (COUNTS.contains(metric.getKey()) && value != null && value == Math.rint(value) && Math.abs(value) < 0x1p53) {
        json.writeNumberField(metric.getKey(), value.longValue());
      } else {
        writeNumber(json, metric.getKey(), value);
      }
    }
    json.writeEndObject();
  }

  /** {@link #writeMetrics} for the mapper. */
  static final class MetricsWriter extends StdSerializer<Map<String, Double>> {
    @SuppressWarnings("unchecked")
    MetricsWriter() {
      super((Class<Map<String, Double>>) (Class<?>) Map.class);
    }

    @Override
    public void serialize(Map<String, Double> metrics, JsonGenerator json, SerializerProvider provider) throws IOException {
      writeMetrics(json, metrics);
    }
  }

  private static void writeNumber(JsonGenerator json, String name, Double value) throws IOException {
    json.writeFieldName(name);
    if (value == null) json.writeNull();
    else json.writeNumber(value.doubleValue());
  }
}
