package org.amchallenge.scoring;

import org.amchallenge.challenge.Metric;

import java.util.Map;

/**
 * The metrics of one quantity for one submission, keyed by metric id in display order (null where a
 * metric does not apply), and the unit-free loss that enters the overall score (lower is better).
 */
public record QuantityScores(Map<String, Double> metrics, Double loss) {

  public QuantityScores {
    metrics = MetricValues.of(metrics);
  }

  public Double metric(Metric metric) {
    return metrics.get(metric.id());
  }

  public Double primary() {
    return metrics.get("primary");
  }
}
