package org.amchallenge.submission;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.nio.charset.StandardCharsets;
import org.amchallenge.tabular.Numbers;

/**
 * The text of a workbook's number cell: the shortest decimal form of its number, exactly as {@link Numbers#shortest}
 * gives it, made without a BigDecimal and mostly without {@link Double#toString}, which cost most of the time of
 * reading a sheet of numbers. A decimal of at most 15 significant digits is the shortest that reads as its double
 * (two such decimals never read as the same double), and Java's Double.toString gives those digits; so a cell
 * written so (0.15), or that Excel wrote with 17 digits for a number typed with fewer (9.1999999999999993 for 9.2),
 * needs no double formatted. Other numbers, full-precision ones, go through Double.toString as before.
 */
final class CellNumbers {
  /** Where the reasoning above was checked against Double.toString: normal numbers, 15 integer digits at most. */
  private static final double SMALLEST = 1e-16;
  private static final double LARGEST = 1e15;

  private CellNumbers() {}

  /** The text of a number cell whose bytes are {@code b[from, to)}; text that is not a finite number as written, for the reader of the column to report. */
  static String text(byte[] b, int from, int to) {
    while (from < to && b[from] <= ' ') from++;
    while (to > from && b[to - 1] <= ' ') to--;
    String plain = shortPlain(b, from, to);
    if (plain != null) return plain;
    double value;
    try {
      value = JavaDoubleParser.parseDouble(b, from, to - from);
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!Double.isFinite(value)) return new String(b, from, to - from, StandardCharsets.UTF_8);
    if (value == 0) return "0";
    Decimal decimal = new Decimal();
    if (Math.abs(value) >= SMALLEST && Math.abs(value) < LARGEST && decimal.read(b, from, to)) {
      decimal.roundTo15();
      String rounded = decimal.text();
      if (JavaDoubleParser.parseDouble(rounded) == value) return rounded;
    }
    return plain(value);
  }

  static String text(String raw) {
    byte[] b = raw.getBytes(StandardCharsets.UTF_8);
    return text(b, 0, b.length);
  }

  /** {@link Numbers#shortest}: the digits of {@link Double#toString} with trailing zeros stripped and without an exponent. */
  static String plain(double value) {
    if (value == 0) return "0";
    byte[] java = Double.toString(value).getBytes(StandardCharsets.US_ASCII);
    Decimal decimal = new Decimal();
    decimal.read(java, 0, java.length);
    return decimal.text();
  }

  /**
   * The text of a plain decimal of at most 15 significant digits and 15 integer digits, without its leading and
   * trailing zeros; null for any other text; 17 characters at most.
   */
  static String shortPlain(byte[] b, int from, int to) {
    if (to == from || to - from > 17) return null;
    int i = b[from] == '-' ? from + 1 : from;
    int firstDigit = -1;
    int lastDigit = -1;
    int dot = -1;
    for (int k = i; k < to; k++) {
      byte c = b[k];
      if (c == '.' && dot < 0) {
        dot = k;
      } else if (c < '0' || c > '9') {
        return null;
      } else if (c != '0') {
        if (firstDigit < 0) firstDigit = k;
        lastDigit = k;
      }
    }
    if (i == to || (dot == i && to == i + 1)) return null; // "-", "." or "-."
    if (firstDigit < 0) return "0";
    int end = dot < 0 ? to : dot;
    int integerDigits = firstDigit < end ? end - firstDigit : 0;
    int significant = lastDigit - firstDigit + 1 - (dot > firstDigit && dot < lastDigit ? 1 : 0);
    if (integerDigits > 15 || significant > 15) return null;
    int fractionEnd = dot >= 0 && lastDigit > dot ? lastDigit + 1 : -1;
    if (integerDigits > 0 && firstDigit == i && (fractionEnd < 0 ? end : fractionEnd) == to) {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1); // already in its shortest form
    }
    StringBuilder out = new StringBuilder(to - from + 1);
    if (i > from) out.append('-');
    if (integerDigits == 0) out.append('0');
    for (int k = firstDigit; k < end; k++) out.append((char) b[k]);
    for (int k = dot; k < fractionEnd; k++) out.append((char) b[k]);
    return out.toString();
  }

  /** A decimal number as its significant digits and the place of its point: 0.digits times ten to the point. */
  private static final class Decimal {
    private final byte[] digits = new byte[32];
    private int count;
    private int point;
    private boolean negative;

    /** Reads a decimal (a sign, digits with one point, an exponent); false for any other text. */
    boolean read(byte[] b, int from, int to) {
      int i = from;
      negative = i < to && b[i] == '-';
      if (i < to && (b[i] == '-' || b[i] == '+')) i++;
      boolean sawPoint = false;
      for (; i < to; i++) {
        byte c = b[i];
        if (c == '.' && !sawPoint) {
          sawPoint = true;
          point += count;
        } else if (c == 'e' || c == 'E') {
          return exponent(b, i + 1, to, sawPoint);
        } else if (c < '0' || c > '9') {
          return false;
        } else if (count > 0 || c != '0') {
          if (count == digits.length) return false;
          digits[count++] = c;
        } else if (sawPoint) {
          point--; // a zero between the point and the first digit
        }
      }
      if (!sawPoint) point += count;
      return count > 0;
    }

    private boolean exponent(byte[] b, int from, int to, boolean sawPoint) {
      if (!sawPoint) point += count;
      try {
        point += Integer.parseInt(new String(b, from, to - from, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        return false;
      }
      return count > 0;
    }

    /** Rounds half up to 15 significant digits. */
    void roundTo15() {
      if (count <= 15) return;
      boolean up = digits[15] >= '5';
      count = 15;
      for (int k = 14; up && k >= 0; k--) {
        up = digits[k] == '9';
        digits[k] = up ? (byte) '0' : (byte) (digits[k] + 1);
      }
      if (up) {
        System.arraycopy(digits, 0, digits, 1, 14);
        digits[0] = '1';
        point++;
      }
    }

    /** Its plain text: no exponent, no trailing zeros. */
    String text() {
      while (count > 1 && digits[count - 1] == '0') count--;
      StringBuilder out = new StringBuilder(count + Math.abs(point) + 3);
      if (negative) out.append('-');
      if (point <= 0) out.append("0.");
      for (int k = point; k < 0; k++) out.append('0');
      for (int k = 0; k < count; k++) {
        if (k == point && k > 0) out.append('.');
        out.append((char) digits[k]);
      }
      for (int k = count; k < point; k++) out.append('0');
      return out.toString();
    }
  }
}
