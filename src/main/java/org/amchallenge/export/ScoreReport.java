package org.amchallenge.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
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
    Map<String, Map<String, Double>> quantities,
    @JsonProperty("scorer_version") String scorerVersion,
    @JsonProperty("reference_sha256") String referenceSha256) {

  public static ScoreReport of(String challenge, String board, Scores scores, String referenceSha256) {
    Map<String, Map<String, Double>> quantities = new LinkedHashMap<>();
    scores.quantities().forEach((id, q) -> quantities.put(id, new LinkedHashMap<>(q.metrics())));
    return new ScoreReport(challenge, board, scores.score(), scores.ranked(), quantities, Scorer.VERSION, referenceSha256);
  }
}
