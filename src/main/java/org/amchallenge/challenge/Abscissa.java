package org.amchallenge.challenge;

import org.amchallenge.tabular.Numbers;

/** A curve's point label, {@code strain=0.02}: the abscissa named by the curve's axis, as a number. */
public final class Abscissa {
  private Abscissa() {}

  /** The abscissa of {@code point} on the curve {@code quantity}; NaN where the label is not {@code <axis>=<finite number>}. */
  public static double of(Quantity quantity, String point) {
    String axis = quantity.curveAxis();
    if (axis == null || point.length() <= axis.length() + 1 || !point.startsWith(axis) || point.charAt(axis.length()) != '=') return Double.NaN;
    return Numbers.parseFinite(point.substring(axis.length() + 1).strip());
  }
}
