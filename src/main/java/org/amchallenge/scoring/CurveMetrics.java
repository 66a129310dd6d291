package org.amchallenge.scoring;

import java.util.Arrays;

/**
 * A predicted curve against a measured one, both piecewise linear through their points sorted by x, as SPEC's
 * "Curves, distributions and validation metrics" defines them: the area between them over their overlap, the
 * overlap's share of the measured range, and the discrete Fréchet distance in the measured ranges' units. No
 * library computes these on polylines; the area is exact for piecewise-linear curves, crossings included.
 */
public final class CurveMetrics {
  private CurveMetrics() {}

  /** One sample's figures; null where undefined, with {@code whyNull} saying why (null where all are defined). */
  public record Comparison(Double area, Double overlap, Double frechet, String whyNull) {}

  /** A polyline's points sorted by x, arrays of equal length. */
  public record Curve(double[] x, double[] y) {
    public static Curve sorted(double[] x, double[] y) {
      Integer[] order = new Integer[x.length];
      for (int i = 0; i < order.length; i++) order[i] = i;
      Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
      double[] sx = new double[x.length];
      double[] sy = new double[y.length];
      for (int i = 0; i < order.length; i++) {
        sx[i] = x[order[i]];
        sy[i] = y[order[i]];
      }
      return new Curve(sx, sy);
    }

    public int size() {
      return x.length;
    }

    double minX() {
      return x[0];
    }

    double maxX() {
      return x[x.length - 1];
    }

    /** The curve's value at {@code at}, inside [min x, max x]; NaN outside it. */
    public double valueAt(double at) {
      if (x.length == 0 || at < x[0] || at > x[x.length - 1]) return Double.NaN;
      int i = Arrays.binarySearch(x, at);
      if (i >= 0) return y[i];
      int right = -i - 1;
      int left = right - 1;
      double t = (at - x[left]) / (x[right] - x[left]);
      return y[left] + t * (y[right] - y[left]);
    }
  }

  public static Comparison compare(Curve measured, Curve predicted) {
    if (measured.size() == 0 || predicted.size() == 0) return new Comparison(null, null, null, "a curve has no point");
    double range = measured.maxX() - measured.minX();
    double lo = Math.max(measured.minX(), predicted.minX());
    double hi = Math.min(measured.maxX(), predicted.maxX());
    double length = Math.max(0, hi - lo);
    Double overlap = range > 0 ? length / range : null;
    if (!(length > 0)) {
      String why = range > 0 ? "the predicted curve's abscissae do not overlap the measured curve's"
          : "the measured curve has a single abscissa";
      return new Comparison(null, overlap, null, why);
    }
    Double frechet = frechet(measured, predicted);
    double meanAbs = meanAbsInside(measured, lo, hi);
    if (!(meanAbs > 0)) {
      return new Comparison(null, overlap, frechet, "no measured point with a value other than 0 lies inside the overlap");
    }
    double area = areaBetween(measured, predicted, lo, hi) / (length * meanAbs);
    return new Comparison(area, overlap, frechet, frechet == null ? "the measured curve's value range is 0" : null);
  }

  private static double meanAbsInside(Curve measured, double lo, double hi) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < measured.size(); i++) {
      if (measured.x[i] >= lo && measured.x[i] <= hi) {
        sum += Math.abs(measured.y[i]);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** ∫ |p(x) − m(x)| dx over [lo, hi]: on each piece between breakpoints the difference is linear. */
  static double areaBetween(Curve measured, Curve predicted, double lo, double hi) {
    double[] breaks = new double[measured.size() + predicted.size() + 2];
    int n = 0;
    breaks[n++] = lo;
    breaks[n++] = hi;
    for (double x : measured.x) if (x > lo && x < hi) breaks[n++] = x;
    for (double x : predicted.x) if (x > lo && x < hi) breaks[n++] = x;
    Arrays.sort(breaks, 0, n);
    double area = 0;
    double a = breaks[0];
    double da = predicted.valueAt(a) - measured.valueAt(a);
    for (int k = 1; k < n; k++) {
      double b = breaks[k];
      if (b == a) continue;
      double db = predicted.valueAt(b) - measured.valueAt(b);
      area += pieceArea(da, db, b - a);
      a = b;
      da = db;
    }
    return area;
  }

  /** ∫ |d| over a piece of width w where d runs linearly from da to db, split at the crossing where the sign changes. */
  static double pieceArea(double da, double db, double w) {
    if ((da >= 0 && db >= 0) || (da <= 0 && db <= 0)) return (Math.abs(da) + Math.abs(db)) / 2 * w;
    return (da * da + db * db) / (2 * (Math.abs(da) + Math.abs(db))) * w;
  }

  /**
   * The discrete Fréchet distance (Eiter and Mannila's recurrence) between the two curves' points, x divided by the
   * measured x range and y by the measured y range; null where either range is 0. One row of the table is kept.
   */
  static Double frechet(Curve measured, Curve predicted) {
    double xRange = measured.maxX() - measured.minX();
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (double y : measured.y) {
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
    double yRange = yMax - yMin;
    if (!(xRange > 0) || !(yRange > 0)) return null;
    int n = measured.size();
    int m = predicted.size();
    double[] row = new double[m];
    for (int i = 0; i < n; i++) {
      double mx = measured.x[i] / xRange;
      double my = measured.y[i] / yRange;
      double diagonal = Double.NaN;
      for (int j = 0; j < m; j++) {
        double dx = mx - predicted.x[j] / xRange;
        double dy = my - predicted.y[j] / yRange;
        double d = Math.sqrt(dx * dx + dy * dy);
        // squares of legal but far-off points overflow; hypot scales them, at a cost paid only then
        if (d == Double.POSITIVE_INFINITY) d = Math.hypot(dx, dy);
        double above = row[j];
        double reached;
        if (i == 0 && j == 0) reached = d;
        else if (i == 0) reached = Math.max(row[j - 1], d);
        else if (j == 0) reached = Math.max(above, d);
        else reached = Math.max(Math.min(Math.min(above, diagonal), row[j - 1]), d);
        diagonal = above;
        row[j] = reached;
      }
    }
    return row[m - 1];
  }
}
