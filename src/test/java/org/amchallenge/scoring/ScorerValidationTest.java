package org.amchallenge.scoring;

import static org.amchallenge.scoring.ValidationMetricsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.submission.PredictionReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Challenges with a curve, a distribution of observations and a scalar with u_num and u_input: the reference and a
 * submission (long CSV, JSON or wide CSV) read as the server reads them and scored by Scorer.score, on all rows or on a
 * part's samples, against the per-quantity figures of /validation/make_expected.py ("scorer" in expected.json).
 */
class ScorerValidationTest {
  private static final JsonNode CASES = read().get("scorer");

  private static JsonNode read() {
    try (InputStream in = ScorerValidationTest.class.getResourceAsStream("/validation/expected.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One case read and scored, on the rows of its part's samples where it names a part. */
  private record Scored(Challenge challenge, ReferenceData reference, Predictions predictions, Map<String, boolean[]> part,
                        Scores scores, List<String> notes) {
    static Scored of(JsonNode c) {
      Challenge challenge = ChallengeReader.read(bytes(c, "challenge_yaml"), true);
      ReferenceData reference = ReferenceReader.read(challenge, bytes(c, "reference_csv"));
      PredictionReader reader = new PredictionReader(challenge, reference);
      Predictions predictions = switch (c.get("format").asText()) {
        case "json" -> reader.readJson(bytes(c, "predictions"), null).predictions();
        default -> reader.readCsv(new ByteArrayInputStream(bytes(c, "predictions")), null).predictions();
      };
      Map<String, boolean[]> part = part(challenge, reference, c.get("part"));
      return new Scored(challenge, reference, predictions, part, Scorer.score(challenge, reference, predictions, part),
          Scorer.notes(challenge, reference, predictions));
    }

    private static Map<String, boolean[]> part(Challenge challenge, ReferenceData reference, JsonNode samples) {
      if (samples == null || samples.isNull()) return null;
      Set<String> named = new HashSet<>();
      samples.forEach(sample -> named.add(sample.asText()));
      Map<String, boolean[]> part = new HashMap<>();
      for (Quantity quantity : challenge.quantities()) {
        ReferenceTable table = reference.table(quantity.id());
        boolean[] include = new boolean[table.size()];
        for (int i = 0; i < include.length; i++) include[i] = named.contains(table.sample(i));
        part.put(quantity.id(), include);
      }
      return part;
    }

    /** The part's rows of a quantity, each once. */
    int[] rows(String quantity) {
      int size = reference.table(quantity).size();
      return IntStream.range(0, size).filter(i -> part == null || part.get(quantity)[i]).toArray();
    }
  }

  private static byte[] bytes(JsonNode c, String field) {
    return c.get(field).asText().getBytes(StandardCharsets.UTF_8);
  }

  @TestFactory
  @DisplayName("each quantity's figures are the script's means over the samples given, read from each format")
  Stream<DynamicNode> cases() {
    assertTrue(CASES != null && CASES.size() > 0, "expected.json has scorer cases");
    return StreamSupport.stream(CASES.spliterator(), false).map(c -> {
      Scored scored = Scored.of(c);
      JsonNode expected = c.get("expected");
      Stream<DynamicNode> metrics = StreamSupport.stream(expected.properties().spliterator(), false)
          .filter(quantity -> quantity.getValue().isObject())
          .flatMap(quantity -> StreamSupport.stream(quantity.getValue().properties().spliterator(), false)
              .map(metric -> dynamicTest(quantity.getKey() + " " + metric.getKey(), () -> {
                QuantityScores scores = scored.scores().quantities().get(quantity.getKey());
                assertClose(metric.getValue(), scores.metrics().get(metric.getKey()), quantity.getKey() + " " + metric.getKey());
              })));
      Stream<DynamicNode> overall = Stream.of(
          dynamicTest("overall score, unranked where a quantity misses a sample", () -> {
            assertClose(expected.get("score"), scored.scores().score(), "score");
            assertEquals(expected.get("ranked").asBoolean(), scored.scores().ranked());
          }),
          dynamicTest("the rows' shares add up to the score, and a resample that draws each row once gives it again", () -> {
            if (expected.get("score").isNull()) return;
            double score = expected.get("score").asDouble();
            double sum = 0;
            for (double share : Scorer.rowShares(scored.challenge(), scored.reference(), scored.predictions(), scored.part())) sum += share;
            assertEquals(score, sum, 1e-9 * score, "sum of row shares");
            Map<String, int[]> rows = new HashMap<>();
            Map<String, int[]> copies = new HashMap<>();
            for (Quantity quantity : scored.challenge().quantities()) {
              int[] once = scored.rows(quantity.id());
              rows.put(quantity.id(), once);
              copies.put(quantity.id(), new int[once.length]);
            }
            Double resampled = Scorer.scoreRows(scored.challenge(), scored.reference(), scored.predictions(), rows, copies);
            assertClose(expected.get("score"), resampled, "score of the resample of every row once");
          }),
          dynamicTest("a note names each sample whose curve misses the measured range, and no other", () -> {
            assertEquals(c.get("notes_name").size(), scored.notes().size(), "notes: " + scored.notes());
            for (JsonNode name : c.get("notes_name")) {
              assertTrue(scored.notes().stream().anyMatch(note -> note.contains(name.asText())), name + " in " + scored.notes());
            }
          }));
      return dynamicContainer(c.get("name").asText(), Stream.concat(metrics, overall));
    });
  }
}
