package org.amchallenge.scoring;

import java.util.List;
import java.util.Map;

/**
 * A submission's scores on one part of the reference (public, private, or all rows): the overall score,
 * whether it enters the overall board, each quantity's metrics, and the values of the challenge's
 * tie-breaks in their order (null where a tie-break's metric does not apply).
 */
public record Scores(Double score, boolean ranked, Map<String, QuantityScores> quantities, List<Double> tieBreaks) {

  public Scores {
    tieBreaks = tieBreaks == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(tieBreaks));
  }
}
