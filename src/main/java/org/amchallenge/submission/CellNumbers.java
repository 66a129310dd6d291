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
      return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
    if (!Double.isFinite(value)) return new String(b, from, to - from, StandardCharsets.UTF_8);
    if (value == 0) return "0";
    String rounded = Math.abs(value) >= SMALLEST && Math.abs(value) < LARGEST ? rounded(b, from, to, value) : null;
    return rounded != null ? rounded : plain(value);
  }

  static String text(String raw) {
    byte[] b = raw.getBytes(StandardCharsets.UTF_8);
    return text(b, 0, b.length);
  }

  /**
   * The text of a plain decimal of at most 15 significant digits and 15 integer digits, without its leading and
   * trailing zeros; null for any other text; 17 characters at most.
   */
  static String shortPlain(byte[] b, int from, int to) {
    int n = to - from;
    if (n == 0 || n > 17) return null;
    int i = b[from] == '-' ? from + 1 : from;
    int firstDigit = -1;
    int lastDigit = -1;
    int dot = -1;
    for (int k = i; k < to; k++) {
      byte c = b[k];
      if (c == '.' && dot < 0) {
        dot = k;
      } else if (c >= '0' && c <= '9') {
        if (c != '0') {
          if (firstDigit < 0) firstDigit = k;
          lastDigit = k;
        }
      } else {
        return null;
      }
    }
    if (i == to || (dot == i && to == i + 1)) return null; // "", "-", "." or "-."
    if (firstDigit < 0) return "0";
    int end = dot < 0 ? to : dot;
    int integerDigits = firstDigit < end ? end - firstDigit : 0;
    int significant = lastDigit - firstDigit + 1 - (dot > firstDigit && dot < lastDigit ? 1 : 0);
    if (integerDigits > 15 || significant > 15) return null;
    boolean negative = i > from;
    int fractionEnd = dot >= 0 && lastDigit > dot ? lastDigit + 1 : -1;
    if (integerDigits > 0 && firstDigit == i && (fractionEnd < 0 ? end == to : fractionEnd == to)) {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1); // already in its shortest form
    }
    StringBuilder out = new StringBuilder(n + 1);
    if (negative) out.append('-');
    if (integerDigits == 0) out.append('0');
    else for (int k = firstDigit; k < end; k++) out.append((char) b[k]);
    if (fractionEnd > 0) for (int k = dot; k < fractionEnd; k++) out.append((char) b[k]);
    return out.toString();
  }

  /** The decimal's digits rounded to 15 significant, where those read as the same double; null otherwise. */
  private static String rounded(byte[] b, int from, int to, double value) {
    byte[] digits = new byte[24];
    int count = 0;
    int point = 0;
    boolean sawPoint = false;
    int exponent = 0;
    int i = from;
    boolean negative = b[i] == '-';
    if (b[i] == '-' || b[i] == '+') i++;
    for (; i < to; i++) {
      byte c = b[i];
      if (c >= '0' && c <= '9') {
        if (count == 0 && c == '0') {
          if (sawPoint) point--; // a zero between the point and the first digit
          continue;
        }
        if (count == digits.length) return null;
        digits[count++] = c;
      } else if (c == '.' && !sawPoint) {
        sawPoint = true;
        point += count;
      } else if (c == 'e' || c == 'E') {
        try {
          exponent = Integer.parseInt(new String(b, i + 1, to - i - 1, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
          return null;
        }
        break;
      } else {
        return null;
      }
    }
    if (count == 0) return null;
    if (!sawPoint) point += count;
    // the number is 0.digits times ten to the point
    point += exponent;
    if (count > 15) {
      boolean up = digits[15] >= '5';
      count = 15;
      for (int k = 14; up && k >= 0; k--) {
        if (digits[k] == '9') {
          digits[k] = '0';
        } else {
          digits[k]++;
          up = false;
        }
      }
      if (up) {
        System.arraycopy(digits, 0, digits, 1, 14);
        digits[0] = '1';
        point++;
      }
    }
    while (count > 1 && digits[count - 1] == '0') count--;
    StringBuilder out = new StringBuilder(count + 8);
    if (negative) out.append('-');
    if (point <= 0) {
      out.append("0.");
      for (int k = point; k < 0; k++) out.append('0');
      for (int k = 0; k < count; k++) out.append((char) digits[k]);
    } else if (point >= count) {
      for (int k = 0; k < count; k++) out.append((char) digits[k]);
      for (int k = count; k < point; k++) out.append('0');
    } else {
      for (int k = 0; k < point; k++) out.append((char) digits[k]);
      out.append('.');
      for (int k = point; k < count; k++) out.append((char) digits[k]);
    }
    String candidate = out.toString();
    return JavaDoubleParser.parseDouble(candidate) == value ? candidate : null;
  }

  /** {@link Numbers#shortest}: the digits of {@link Double#toString} with trailing zeros stripped and without an exponent. */
  static String plain(double value) {
    if (value == 0) return "0";
    String s = Double.toString(value);
    boolean negative = s.charAt(0) == '-';
    int e = s.indexOf('E');
    int end = e < 0 ? s.length() : e;
    int exponent = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
    StringBuilder digits = new StringBuilder(24);
    int point = 0;
    for (int i = negative ? 1 : 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '.') point = digits.length();
      else digits.append(c);
    }
    point += exponent;
    int lead = 0;
    while (digits.charAt(lead) == '0') lead++;
    int trail = digits.length();
    while (digits.charAt(trail - 1) == '0') trail--;
    point -= lead;
    String significant = digits.substring(lead, trail);
    StringBuilder out = new StringBuilder(significant.length() + 8);
    if (negative) out.append('-');
    if (point <= 0) {
      out.append("0.");
      for (int i = point; i < 0; i++) out.append('0');
      out.append(significant);
    } else if (point >= significant.length()) {
      out.append(significant);
      for (int i = significant.length(); i < point; i++) out.append('0');
    } else {
      out.append(significant, 0, point).append('.').append(significant, point, significant.length());
    }
    return out.toString();
  }
}
