package org.amchallenge.challenge;

import java.util.List;

/** One measured property of a challenge, as the organizer declared it. */
public record Quantity(
    String id,
    String name,
    String unit,
    QuantityKind kind,
    String primary,
    double weight,
    Transform transform,
    List<String> aliases,
    PointAxis point,
    List<String> components,
    PointsRule points,
    String curveAxis,
    boolean observations) {

  /** A curve, compared as a polyline whatever its abscissae: a prediction's points need not be the measured ones. */
  public boolean isCurve() {
    return kind == QuantityKind.CURVE;
  }

  /** A distribution of observations per sample (SPEC's {@code distribution: samples}), compared with draws. */
  public boolean hasObservations() {
    return kind == QuantityKind.DISTRIBUTION && observations;
  }

  /** Whether a prediction's rows are per sample rather than one per reference row: curves and distributions of observations. */
  public boolean bySample() {
    return isCurve() || hasObservations();
  }

  /** The axis along which a profile, series or curve is sampled (e.g. x in mm). */
  public record PointAxis(String name, String unit) {}

  /** Tiered tolerance bands, as the AFRL challenges scored. */
  public record PointsRule(BandUnit bandUnit, List<Band> bands) {
    public double maxPoints() {
      return bands.stream().mapToDouble(Band::points).max().orElse(0);
    }
  }

  public record Band(double within, double points) {}

  public enum BandUnit { SIGMA, ABSOLUTE }

  public enum Transform { NONE, LOG10 }
}
