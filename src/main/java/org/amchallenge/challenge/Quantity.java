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
    PointsRule points) {

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
