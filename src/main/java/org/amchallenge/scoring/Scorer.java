package org.amchallenge.scoring;

import org.amchallenge.challenge.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;

/** Scores a submission's predictions against a challenge's reference data, on one part of its rows. */
public final class Scorer {
  /** The version of the metric definitions; a score can be reproduced with the same version. */
  public static final String VERSION = "1";
  private static final double LN10 = Math.log(10);

  private Scorer() {}

  /**
   * Scores every quantity on the rows that {@code part} selects (null: all rows). Coverage is always over
   * every expected row of the challenge, so that it tells nothing about which rows are in which part.
   */
  public static Scores score(Challenge challenge, ReferenceData reference, Predictions predictions,
                             Map<String, boolean[]> part) {
    Map<String, QuantityScores> quantities = new LinkedHashMap<>();
    for (Quantity quantity : challenge.quantities()) {
      ReferenceTable table = reference.table(quantity.id());
      quantities.put(quantity.id(), scoreQuantity(table, predictions, part == null ? null : part.get(quantity.id())));
    }
    return overall(challenge, quantities, tieBreaks(challenge, reference, predictions, part));
  }

  /**
   * A quantity's predicted column, aligned with its reference rows: a curve's predicted values at the measured
   * abscissae; all NaN for a distribution of observations, which has no rows to align.
   */
  static Predictions.Column column(Predictions predictions, ReferenceTable table) {
    Quantity quantity = table.quantity();
    if (quantity.isCurve()) {
      // keyed by the table itself: the same predictions against another reference interpolate anew
      return predictions.remember(List.of("interpolated", table),
          () -> SampledMetrics.interpolated(table, predictions.sampled(quantity.id())));
    }
    Predictions.Column column = predictions.column(quantity.id());
    return column == null ? Predictions.Column.empty(table.size()) : column;
  }

  /** Notes on the figures a team may wonder at, e.g. a curve that misses the measured range; public facts only. */
  public static List<String> notes(Challenge challenge, ReferenceData reference, Predictions predictions) {
    return SampledMetrics.notes(challenge, reference, predictions);
  }

  /**
   * Each tie-break's metric over the part's rows of its named samples (all samples where it names none),
   * summed over the quantities where it applies: AFRL Challenge 2 broke ties on the sum of absolute errors
   * on item B27.
   */
  static List<Double> tieBreaks(Challenge challenge, ReferenceData reference, Predictions predictions,
                                Map<String, boolean[]> part) {
    List<Double> values = new ArrayList<>();
    for (Challenge.TieBreak tieBreak : challenge.ranking().tieBreak()) {
      Set<String> samples = Set.copyOf(tieBreak.samples());
      Double total = null;
      for (ReferenceTable table : reference.tables().values()) {
        boolean[] include = new boolean[table.size()];
        boolean[] inPart = part == null ? null : part.get(table.quantity().id());
        for (int i = 0; i < include.length; i++) {
          include[i] = (inPart == null || inPart[i]) && (samples.isEmpty() || samples.contains(table.sample(i)));
        }
        Double value = ErrorMetrics.compute(transformed(table, column(predictions, table), include)).get(tieBreak.metric());
        if (value != null) total = (total == null ? 0 : total) + value;
      }
      values.add(total);
    }
    return values;
  }

  static QuantityScores scoreQuantity(ReferenceTable table, Predictions predictions, boolean[] include) {
    Quantity quantity = table.quantity();
    Predictions.Column column = column(predictions, table);
    ErrorMetrics.Input input = transformed(table, column, include);
    Map<String, Double> metrics = ErrorMetrics.compute(input);
    if (quantity.bySample()) {
      Predictions.Sampled rows = predictions.sampled(quantity.id());
      Map<String, double[]> perSample = SampledMetrics.perSample(table, rows, include);
      SampledMetrics.put(metrics, quantity, perSample, null);
      // a distribution has no rows to count: n is the samples compared
      if (quantity.hasObservations()) metrics.put(Metric.N.id(), (double) perSample.size());
      if (quantity.isCurve()) metrics.put(Metric.CURVE_OVERLAP.id(), SampledMetrics.overlap(table, rows));
      metrics.put(Metric.COVERAGE.id(), SampledMetrics.coverage(table, rows));
    } else {
      metrics.put(Metric.COVERAGE.id(), coverage(table, column));
    }
    // far-off but legal values can overflow a figure: a figure that is not a number is none
    metrics.replaceAll((id, value) -> value == null || Double.isFinite(value) ? value : null);
    Double primary = metrics.get(quantity.primary());
    metrics.put("primary", primary);
    return new QuantityScores(metrics, unitFreeLoss(quantity, metrics, input));
  }

  /** Rows given over every row of the template, weight 0 included: a weight is a reference figure, never told by a count. */
  private static Double coverage(ReferenceTable table, Predictions.Column column) {
    int given = 0;
    for (int i = 0; i < table.size(); i++) {
      if (!Double.isNaN(column.values()[i])) given++;
    }
    return table.size() == 0 ? null : (double) given / table.size();
  }

  /** The primary metric made unit-free, lower is better, as SPEC's Scores section defines it. */
  static Double unitFreeLoss(Quantity quantity, Map<String, Double> metrics, ErrorMetrics.Input input) {
    Double value = metrics.get(quantity.primary());
    if (value == null) return null;
    Metric primary = Metric.of(quantity.primary()).orElseThrow();
    return switch (primary) {
      case NMAE, NRMSE, CHI_RMS, VV20_RATIO, U_POOLING, CURVE_AREA, FRECHET, NWASSERSTEIN, KS -> value;
      case MAPE -> value / 100;
      case R2 -> 1 - value;
      case CRPS -> finiteOrNull(value / ErrorMetrics.meanAbsMeasured(input));
      case L2 -> finiteOrNull(value / ErrorMetrics.meanMeasuredNorm(input));
      case SUM_L2 -> finiteOrNull(metrics.get(Metric.L2.id()) / ErrorMetrics.meanMeasuredNorm(input));
      case POINTS -> metrics.get(Metric.POINTS_FRACTION.id()) == null ? null : 1 - metrics.get(Metric.POINTS_FRACTION.id());
      default -> null;
    };
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static Scores overall(Challenge challenge, Map<String, QuantityScores> quantities, List<Double> tieBreaks) {
    Challenge.Ranking ranking = challenge.ranking();
    boolean covered = true;
    double weighted = 0;
    double weights = 0;
    boolean complete = true;
    for (Quantity quantity : challenge.quantities()) {
      QuantityScores scores = quantities.get(quantity.id());
      Double coverage = scores.metric(Metric.COVERAGE);
      if (coverage == null || coverage < ranking.minCoverage() - 1e-12) covered = false;
      if (ranking.score() == Challenge.Score.TOTAL_POINTS) {
        Double points = scores.metric(Metric.POINTS);
        if (points != null) weighted += quantity.weight() * points;
      } else if (quantity.weight() > 0) {
        if (scores.loss() == null) complete = false;
        else weighted += quantity.weight() * scores.loss();
        weights += quantity.weight();
      }
    }
    Double score = ranking.score() == Challenge.Score.TOTAL_POINTS ? Double.valueOf(weighted)
        : complete && weights > 0 ? Double.valueOf(weighted / weights) : null;
    return new Scores(score, covered && score != null, quantities, tieBreaks);
  }

  /**
   * The overall score on a resampled set of rows: {@code rows} gives, per quantity, the reference rows to use,
   * a row repeated as often as its sample was drawn. {@code copies} numbers each row's draw, so that two draws
   * of one tensor point stay two points. Null where the score is undefined on these rows.
   */
  public static Double scoreRows(Challenge challenge, ReferenceData reference, Predictions predictions,
                                 Map<String, int[]> rows, Map<String, int[]> copies) {
    Map<String, QuantityScores> quantities = new LinkedHashMap<>();
    for (Quantity quantity : challenge.quantities()) {
      ReferenceTable table = reference.table(quantity.id());
      ErrorMetrics.Input all = transformed(table, column(predictions, table), null);
      ErrorMetrics.Input drawn = select(all, rows.get(quantity.id()), copies.get(quantity.id()), table.groups().length);
      Map<String, Double> metrics = ErrorMetrics.compute(drawn);
      if (quantity.bySample()) drawnSamples(table, predictions, rows.get(quantity.id()), copies.get(quantity.id()), metrics);
      metrics.put("primary", metrics.get(quantity.primary()));
      quantities.put(quantity.id(), new QuantityScores(metrics, unitFreeLoss(quantity, metrics, drawn)));
    }
    return overall(challenge, quantities, List.of()).score();
  }

  /**
   * A curve's or distribution's figures on a resample: each sample drawn counts as often as it was drawn, its
   * figures, on the rows drawn for it, worked out once per submission.
   */
  private static void drawnSamples(ReferenceTable table, Predictions predictions, int[] rows, int[] copies, Map<String, Double> metrics) {
    Map<String, Integer> draws = new java.util.HashMap<>();
    Map<String, List<Integer>> rowsOfSample = new java.util.HashMap<>();
    Map<String, Integer> firstCopy = new java.util.HashMap<>();
    for (int k = 0; k < rows.length; k++) {
      String sample = table.sample(rows[k]);
      Integer first = firstCopy.putIfAbsent(sample, copies[k]);
      if (first == null || first == copies[k]) rowsOfSample.computeIfAbsent(sample, s -> new ArrayList<>()).add(rows[k]);
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int k = 0; k < rows.length; k++) {
      String sample = table.sample(rows[k]);
      if (seen.add(copies[k] + "\u0000" + sample)) draws.merge(sample, 1, Integer::sum);
    }
    Predictions.Sampled given = predictions.sampled(table.quantity().id());
    Map<String, double[]> perSample = new java.util.LinkedHashMap<>();
    rowsOfSample.forEach((sample, list) -> {
      if (given == null || !given.y().containsKey(sample)) return;
      int[] scored = SampledMetrics.scoredRows(table, list.stream().mapToInt(Integer::intValue).toArray(), null);
      if (scored.length == 0) return;
      perSample.put(sample, predictions.remember(List.of("sample", table, java.nio.IntBuffer.wrap(scored)),
          () -> SampledMetrics.one(table, given, sample, scored)));
    });
    SampledMetrics.put(metrics, table.quantity(), perSample, draws);
  }

  /**
   * Each scored row's share of the overall score on a part, so that the shares add up to the score (to first
   * order where the primary metric is not a mean, as rmse): what the Ladder needs to judge whether a new
   * submission beats the best by more than its standard error. Rows are in quantity order, then row order;
   * a row of weight 0, outside the part, or not predicted has share 0.
   */
  public static double[] rowShares(Challenge challenge, ReferenceData reference, Predictions predictions, Map<String, boolean[]> part) {
    double totalWeight = challenge.quantities().stream().mapToDouble(Quantity::weight).sum();
    int rows = reference.tables().values().stream().mapToInt(ReferenceTable::size).sum();
    double[] shares = new double[rows];
    int offset = 0;
    for (Quantity quantity : challenge.quantities()) {
      ReferenceTable table = reference.table(quantity.id());
      ErrorMetrics.Input in = transformed(table, column(predictions, table), part == null ? null : part.get(quantity.id()));
      double scale = challenge.ranking().score() == Challenge.Score.TOTAL_POINTS
          ? (quantity.points() != null ? quantity.weight() : 0)
          : totalWeight > 0 ? quantity.weight() / totalWeight : 0;
      boolean totalPoints = challenge.ranking().score() == Challenge.Score.TOTAL_POINTS;
      Metric primary = Metric.of(quantity.primary()).orElseThrow();
      if (primary.forCurves() || primary.forDistributions()) {
        sampleShares(table, predictions, part == null ? null : part.get(quantity.id()), primary, shares, offset, scale);
      } else {
        ErrorMetrics.rowShares(in, primary, shares, offset, scale, !totalPoints);
      }
      offset += table.size();
    }
    return shares;
  }

  /** A sample's figure, over the number of samples with one, on the sample's first scored row: the shares add up to the mean. */
  private static void sampleShares(ReferenceTable table, Predictions predictions, boolean[] include, Metric primary,
                                   double[] shares, int offset, double scale) {
    int figure = SampledMetrics.keys(table.quantity()).indexOf(primary);
    Map<String, double[]> perSample = SampledMetrics.perSample(table, predictions.sampled(table.quantity().id()), include);
    long defined = perSample.values().stream().filter(f -> !Double.isNaN(f[figure])).count();
    perSample.forEach((sample, figures) -> {
      if (Double.isNaN(figures[figure])) return;
      int[] scored = SampledMetrics.scoredRows(table, table.rowsBySample().get(sample), include);
      shares[offset + scored[0]] = scale * figures[figure] / defined;
    });
  }

  static ErrorMetrics.Input select(ErrorMetrics.Input in, int[] rows, int[] copies, int groupCount) {
    int n = rows.length;
    double[] p = new double[n];
    double[] s = new double[n];
    double[] m = new double[n];
    double[] u = new double[n];
    double[] w = new double[n];
    boolean[] censored = new boolean[n];
    double[] numerical = in.numerical() == null ? null : new double[n];
    double[] input = in.input() == null ? null : new double[n];
    int[] groups = in.groups() == null ? null : new int[n];
    for (int k = 0; k < n; k++) {
      int i = rows[k];
      p[k] = in.predicted()[i];
      s[k] = in.predictedUncertainty()[i];
      m[k] = in.measured()[i];
      u[k] = in.uncertainty()[i];
      w[k] = in.weight()[i];
      censored[k] = in.censored()[i];
      if (numerical != null) numerical[k] = in.numerical()[i];
      if (input != null) input[k] = in.input()[i];
      if (groups != null) groups[k] = copies[k] * groupCount + in.groups()[i];
    }
    return new ErrorMetrics.Input(p, s, m, u, w, censored, null, groups, in.points(), numerical, input);
  }

  static ErrorMetrics.Input transformed(ReferenceTable table, Predictions.Column column, boolean[] include) {
    Quantity quantity = table.quantity();
    int[] groups = quantity.kind().hasComponents() ? table.groups() : null;
    if (quantity.transform() != Quantity.Transform.LOG10) {
      return new ErrorMetrics.Input(column.values(), column.uncertainties(), table.values(), table.uncertainties(),
          table.weights(), table.censored(), include, groups, quantity.points(), column.numerical(), column.input());
    }
    return new ErrorMetrics.Input(log10(column.values()), logUncertainty(column.uncertainties(), column.values()),
        log10(table.values()), logUncertainty(table.uncertainties(), table.values()), table.weights(),
        table.censored(), include, groups, quantity.points(),
        column.numerical() == null ? null : logUncertainty(column.numerical(), column.values()),
        column.input() == null ? null : logUncertainty(column.input(), column.values()));
  }

  private static double[] log10(double[] values) {
    double[] logs = new double[values.length];
    for (int i = 0; i < values.length; i++) logs[i] = values[i] > 0 ? Math.log10(values[i]) : Double.NaN;
    return logs;
  }

  /** First-order propagation: u(log10 x) = u(x) / (x ln 10). */
  private static double[] logUncertainty(double[] uncertainties, double[] values) {
    double[] logs = new double[values.length];
    for (int i = 0; i < values.length; i++) logs[i] = uncertainties[i] / (values[i] * LN10);
    return logs;
  }
}
