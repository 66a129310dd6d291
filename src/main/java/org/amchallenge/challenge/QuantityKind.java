package org.amchallenge.challenge;

import java.util.Arrays;
import java.util.Optional;

/** How a quantity's values are laid out: one per sample, or several per sample at points or components. */
public enum QuantityKind {
  SCALAR, PROFILE, SERIES, TENSOR, CURVE, DISTRIBUTION;

  public String id() {
    return name().toLowerCase();
  }

  public boolean hasPoints() {
    return this != SCALAR;
  }

  public boolean hasComponents() {
    return this == TENSOR;
  }

  public static Optional<QuantityKind> of(String id) {
    return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
  }
}
