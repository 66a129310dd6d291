package org.amchallenge;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.scoring.Scores;

/** What {@code amchallenge score} prints: the scores of all rows at full precision, with what reproduces them. */
record OfflineScore(
    String challenge,
    String board,
    Double score,
    boolean ranked,
    Map<String, Map<String, Double>> quantities,
    @JsonProperty("scorer_version") String scorerVersion,
    @JsonProperty("reference_sha256") String referenceSha256) {

  static OfflineScore of(Challenge challenge, ReferenceData reference, Scores scores) {
    Map<String, Map<String, Double>> quantities = new LinkedHashMap<>();
    scores.quantities().forEach((id, q) -> quantities.put(id, q.metrics()));
    return new OfflineScore(challenge.id(), "all", scores.score(), scores.ranked(), quantities, Scorer.VERSION, reference.sha256());
  }
}
