package org.amchallenge.scoring;

import java.util.Map;

/**
 * A submission's scores on one part of the reference (public, private, or all rows): the overall score,
 * whether it enters the overall board, and each quantity's metrics.
 */
public record Scores(Double score, boolean ranked, Map<String, QuantityScores> quantities) {}
