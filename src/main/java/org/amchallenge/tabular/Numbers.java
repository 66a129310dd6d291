package org.amchallenge.tabular;

import java.math.BigDecimal;

/** Strict reading of decimal numbers from text, and their shortest decimal form for labels. */
public final class Numbers {
  private Numbers() {}

  /**
   * The finite number a cell holds, or NaN when it is not a plain decimal number. Java's own parser also
   * takes "NaN", "Infinity", hex floats and a trailing 'd' or 'f', none of which a scientist means.
   */
  public static double parseFinite(String text) {
    if (text.isEmpty() || text.length() > 64) return Double.NaN;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
      if (!allowed) return Double.NaN;
    }
    try {
      // the same correctly rounded double as Double.parseDouble, several times sooner
      double value = ch.randelshofer.fastdoubleparser.JavaDoubleParser.parseDouble(text);
      return Double.isFinite(value) ? value : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** The shortest decimal form of a number: 5.1, not 5.0999999999999996; 1, not 1.0; 0.0001, not 1.0E-4. */
  public static String shortest(double value) {
    if (value == 0) return "0";
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  /**
   * A point label with every number in its shortest form, so that "x=2.50;z=1.0" and "x=2.5;z=1" name the
   * same point. Parts that are not numbers are kept as they are, trimmed.
   */
  public static String canonicalLabel(String label) {
    if (label.isEmpty()) return label;
    String[] parts = label.split(";", -1);
    StringBuilder canonical = new StringBuilder(label.length());
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) canonical.append(';');
      String part = parts[i].strip();
      int equals = part.indexOf('=');
      String name = equals < 0 ? "" : part.substring(0, equals + 1).strip();
      String value = equals < 0 ? part : part.substring(equals + 1).strip();
      double number = parseFinite(value);
      canonical.append(name).append(Double.isNaN(number) ? value : shortest(number));
    }
    return canonical.toString();
  }
}
