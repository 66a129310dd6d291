package org.amchallenge.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Metric;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;

/**
 * A submission's per-sample losses, as SPEC's ranking analysis defines them: the overall score computed on one
 * sample's rows alone, every normaliser (mean |m|, range, variance, mean tensor norm) taken from the whole part,
 * so that the samples' losses are on one scale. For total-points challenges the figures are points.
 */
public final class SampleScores {
  private SampleScores() {}

  /** Per sample (sorted by name), the overall figure and each quantity's; a sample without a figure is absent. */
  public record Losses(Map<String, Double> overall, Map<String, Map<String, Double>> byQuantity) {}

  public static Losses of(Challenge challenge, ReferenceData reference, Predictions predictions, Map<String, boolean[]> part) {
    boolean points = challenge.ranking().higherIsBetter();
    Map<String, Map<String, Double>> byQuantity = new LinkedHashMap<>();
    TreeSet<String> samples = new TreeSet<>();
    for (Quantity quantity : challenge.quantities()) {
      ReferenceTable table = reference.table(quantity.id());
      boolean[] inPart = part == null ? null : part.get(quantity.id());
      Map<String, Double> ofQuantity = sampledPrimary(quantity)
          ? ofSamples(table, predictions.sampled(quantity.id()), inPart)
          : ofQuantity(table, Scorer.column(predictions, table), inPart, points);
      byQuantity.put(quantity.id(), ofQuantity);
      samples.addAll(ofQuantity.keySet());
    }
    Map<String, Double> overall = new TreeMap<>();
    for (String sample : samples) {
      Double value = overall(challenge, byQuantity, sample, points);
      if (value != null) overall.put(sample, value);
    }
    return new Losses(overall, byQuantity);
  }

  /** The weighted mean of the quantities' losses on the sample (over those that have one), or the weighted sum of points. */
  private static Double overall(Challenge challenge, Map<String, Map<String, Double>> byQuantity, String sample, boolean points) {
    double sum = 0;
    double weights = 0;
    for (Quantity quantity : challenge.quantities()) {
      Double value = byQuantity.get(quantity.id()).get(sample);
      if (value == null || quantity.weight() <= 0) continue;
      sum += quantity.weight() * value;
      weights += quantity.weight();
    }
    if (weights == 0) return null;
    return points ? sum : sum / weights;
  }

  /** Whether the quantity's primary is a figure of whole samples: a curve's or a distribution's. */
  private static boolean sampledPrimary(Quantity quantity) {
    Metric primary = Metric.of(quantity.primary()).orElseThrow();
    return primary.forCurves() || primary.forDistributions();
  }

  /** A curve's or distribution's primary figure on each sample: already a figure of one sample, unit-free. */
  private static Map<String, Double> ofSamples(ReferenceTable table, Predictions.Sampled rows, boolean[] inPart) {
    int figure = SampledMetrics.keys(table.quantity()).indexOf(Metric.of(table.quantity().primary()).orElseThrow());
    Map<String, Double> losses = new TreeMap<>();
    SampledMetrics.perSample(table, rows, inPart).forEach((sample, figures) -> {
      if (Double.isFinite(figures[figure])) losses.put(sample, figures[figure]);
    });
    return losses;
  }

  private static Map<String, Double> ofQuantity(ReferenceTable table, Predictions.Column column, boolean[] inPart, boolean points) {
    Quantity quantity = table.quantity();
    ErrorMetrics.Input whole = Scorer.transformed(table, column, inPart);
    Map<String, Double> wholeMetrics = ErrorMetrics.compute(whole);
    Map<String, List<Integer>> rowsOfSample = new TreeMap<>();
    for (int i = 0; i < table.size(); i++) {
      if (inPart == null || inPart[i]) rowsOfSample.computeIfAbsent(table.sample(i), s -> new ArrayList<>()).add(i);
    }
    Map<String, Double> losses = new TreeMap<>();
    int[] groups = table.groups();
    rowsOfSample.forEach((sample, rows) -> {
      int[] indices = rows.stream().mapToInt(Integer::intValue).toArray();
      ErrorMetrics.Input own = Scorer.select(whole, indices, new int[indices.length], groups.length);
      Map<String, Double> metrics = ErrorMetrics.compute(own);
      Double value = points ? metrics.get(Metric.POINTS.id()) : loss(quantity, metrics, wholeMetrics, whole);
      if (value != null && Double.isFinite(value)) losses.put(sample, value);
    });
    return losses;
  }

  /** The quantity's unit-free loss on a sample, with the whole part's scale: SPEC's list of unit-free losses. */
  static Double loss(Quantity quantity, Map<String, Double> own, Map<String, Double> whole, ErrorMetrics.Input wholeInput) {
    Metric primary = Metric.of(quantity.primary()).orElseThrow();
    return switch (primary) {
      case NMAE -> ratio(own.get(Metric.MAE.id()), ErrorMetrics.meanAbsMeasured(wholeInput));
      case NRMSE -> ratio(own.get(Metric.RMSE.id()), ratio(whole.get(Metric.RMSE.id()), whole.get(Metric.NRMSE.id())));
      case MAPE -> own.get(Metric.MAPE.id()) == null ? null : own.get(Metric.MAPE.id()) / 100;
      case CHI_RMS, VV20_RATIO, U_POOLING -> own.get(primary.id());
      case R2 -> ratio(squared(own.get(Metric.RMSE.id())), variance(whole));
      case CRPS -> ratio(own.get(Metric.CRPS.id()), ErrorMetrics.meanAbsMeasured(wholeInput));
      case L2, SUM_L2 -> ratio(own.get(Metric.L2.id()), ErrorMetrics.meanMeasuredNorm(wholeInput));
      case POINTS -> own.get(Metric.POINTS_FRACTION.id()) == null ? null : 1 - own.get(Metric.POINTS_FRACTION.id());
      default -> null;
    };
  }

  /** The measured values' variance over the part, from its r2 and rmse: mean e^2 / (1 - r2) = sum (m - mean m)^2 / n. */
  private static Double variance(Map<String, Double> whole) {
    Double r2 = whole.get(Metric.R2.id());
    return r2 == null ? null : ratio(squared(whole.get(Metric.RMSE.id())), 1 - r2);
  }

  private static Double squared(Double value) {
    return value == null ? null : value * value;
  }

  /** a / b; 0 where a is 0 (no error needs no scale), null where either is missing or the scale is 0. */
  private static Double ratio(Double a, Double b) {
    if (a == null) return null;
    if (a == 0) return 0.0;
    if (b == null || !Double.isFinite(b) || b == 0) return null;
    return a / b;
  }
}
