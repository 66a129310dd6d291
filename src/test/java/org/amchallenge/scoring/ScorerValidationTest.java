package org.amchallenge.scoring;

import static org.amchallenge.scoring.ValidationMetricsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.submission.PredictionReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A challenge with a curve, a distribution of observations and a scalar with u_num and u_input, its reference
 * and a long CSV submission read as the server reads them and scored by Scorer.score, against the per-quantity
 * figures of /validation/make_expected.py ("scorer" in expected.json).
 */
class ScorerValidationTest {
  private static final JsonNode CASE = read().get("scorer");
  private static final Scores SCORES = score();

  private static JsonNode read() {
    try (InputStream in = ScorerValidationTest.class.getResourceAsStream("/validation/expected.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Scores score() {
    Challenge challenge = ChallengeReader.read(bytes("challenge_yaml"), true);
    ReferenceData reference = ReferenceReader.read(challenge, bytes("reference_csv"));
    Predictions predictions = new PredictionReader(challenge, reference)
        .readCsv(new ByteArrayInputStream(bytes("predictions_csv")), null).predictions();
    return Scorer.score(challenge, reference, predictions, null);
  }

  private static byte[] bytes(String field) {
    return CASE.get(field).asText().getBytes(StandardCharsets.UTF_8);
  }

  @TestFactory
  @DisplayName("each quantity's figures are the script's means over the samples given")
  Stream<DynamicTest> perQuantity() {
    return StreamSupport.stream(CASE.get("expected").properties().spliterator(), false)
        .filter(entry -> entry.getValue().isObject())
        .flatMap(quantity -> StreamSupport.stream(quantity.getValue().properties().spliterator(), false)
            .map(metric -> dynamicTest(quantity.getKey() + " " + metric.getKey(), () -> {
              QuantityScores scores = SCORES.quantities().get(quantity.getKey());
              assertClose(metric.getValue(), scores.metrics().get(metric.getKey()), quantity.getKey() + " " + metric.getKey());
            })));
  }

  @Test
  @DisplayName("the overall score is the mean of the three primaries, unranked since two quantities miss a sample")
  void overall() {
    assertClose(CASE.get("expected").get("score"), SCORES.score(), "score");
    assertEquals(CASE.get("expected").get("ranked").asBoolean(), SCORES.ranked());
  }
}
