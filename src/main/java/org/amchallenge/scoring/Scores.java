package org.amchallenge.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A submission's scores on one part of the reference (public, private, or all rows): the overall score,
 * whether it enters the overall board, each quantity's metrics, and the values of the challenge's
 * tie-breaks in their order (null where a tie-break's metric does not apply).
 *
 * <p>The server keeps three of these for every submission in memory, so they are held compactly: a single
 * quantity as {@code Map.of}, which holds one entry without a hash table, the tie-breaks as an
 * immutable list without the copy's wrapper where none is null.
 */
public record Scores(Double score, boolean ranked, Map<String, QuantityScores> quantities, List<Double> tieBreaks) {

  public Scores {
    quantities = quantities == null ? Map.of() : compact(quantities);
    tieBreaks = tieBreaks == null ? List.of()
        : tieBreaks.stream().allMatch(Objects::nonNull) ? List.copyOf(tieBreaks)
        : Collections.unmodifiableList(new java.util.ArrayList<>(tieBreaks));
  }

  /** The quantities in their order, read-only. */
  private static Map<String, QuantityScores> compact(Map<String, QuantityScores> quantities) {
    if (quantities.isEmpty()) return Map.of();
    if (quantities.size() == 1) {
      Map.Entry<String, QuantityScores> only = quantities.entrySet().iterator().next();
      if (only.getKey() != null && only.getValue() != null) return Map.of(only.getKey(), only.getValue());
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(quantities));
  }
}
