package org.amchallenge.tabular;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * Byte-level pieces of the fast CSV paths (submissions and reference files): lines, fields without quotes,
 * numbers parsed in place by FastDoubleParser. Anything these do not take sends a file to the general reader.
 */
public final class CsvBytes {
  private CsvBytes() {}

  public static boolean startsWithBom(byte[] bytes) {
    return bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF;
  }

  /** The end of the line starting at {@code from}, before its CR LF or LF. */
  public static int lineEnd(byte[] bytes, int from) {
    int i = from;
    while (i < bytes.length && bytes[i] != '\n') i++;
    return i > from && bytes[i - 1] == '\r' ? i - 1 : i;
  }

  /** Where the line after the one ending at {@code lineEnd} starts. */
  public static int next(byte[] bytes, int lineEnd) {
    int i = lineEnd;
    if (i < bytes.length && bytes[i] == '\r') i++;
    return i + 1;
  }

  /** Cuts a line at its commas, trimming spaces; false where it has a quote or not exactly as many fields as given. */
  public static boolean split(byte[] bytes, int from, int to, int[] starts, int[] ends) {
    int field = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      byte b = i < to ? bytes[i] : (byte) ',';
      if (b == '"') return false;
      if (b == ',') {
        if (field == starts.length) return false;
        int s = start;
        int e = i;
        while (s < e && bytes[s] == ' ') s++;
        while (e > s && bytes[e - 1] == ' ') e--;
        starts[field] = s;
        ends[field] = e;
        field++;
        start = i + 1;
      }
    }
    return field == starts.length;
  }

  /** A plain decimal number, as {@link Numbers#parseFinite} takes it; NaN for anything else. */
  public static double number(byte[] bytes, int from, int to) {
    if (to <= from || to - from > 64) return Double.NaN;
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (!((b >= '0' && b <= '9') || b == '.' || b == '-' || b == '+' || b == 'e' || b == 'E')) return Double.NaN;
    }
    try {
      double value = JavaDoubleParser.parseDouble(bytes, from, to - from);
      return Double.isFinite(value) ? value : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
