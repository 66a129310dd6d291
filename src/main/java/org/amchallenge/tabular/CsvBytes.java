package org.amchallenge.tabular;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte-level pieces of the fast CSV paths (submissions and reference files): lines, fields without quotes,
 * numbers parsed in place by FastDoubleParser. Anything these do not take sends a file to the general reader.
 */
public final class CsvBytes {
  private CsvBytes() {}

  /** Eight bytes of an array as one long, to look for a byte in eight at once (SWAR): no library does this on a byte[]. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long COMMAS = ONES * ',';
  private static final long NEWLINES = ONES * '\n';
  private static final long QUOTES = ONES * '"';

  /** The high bit of each byte of {@code word} equal to the byte repeated in {@code pattern}; exact up to the first such byte. */
  private static long matches(long word, long pattern) {
    long x = word ^ pattern;
    return (x - ONES) & ~x & HIGHS;
  }

  /** The first comma, LF or quote at or after {@code i}, or the array's length. */
  private static int special(byte[] bytes, int i) {
    for (; i + 8 <= bytes.length; i += 8) {
      long word = (long) LONGS.get(bytes, i);
      long found = matches(word, COMMAS) | matches(word, NEWLINES) | matches(word, QUOTES);
      if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
    }
    while (i < bytes.length && bytes[i] != ',' && bytes[i] != '\n' && bytes[i] != '"') i++;
    return i;
  }

  private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

  /** How many bytes of the array are {@code b}: eight at a time, each byte's match exact (not only the first's). */
  public static long count(byte[] bytes, byte b) {
    return count(bytes, 0, bytes.length, b);
  }

  /** How many times {@code b} stands in {@code bytes[from, to)}, eight bytes at a time. */
  public static long count(byte[] bytes, int from, int to, byte b) {
    long pattern = ONES * (b & 0xff);
    long count = 0;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(bytes, i) ^ pattern;
      count += Long.bitCount(~(((x & LOWS) + LOWS) | x | LOWS));
    }
    for (; i < to; i++) if (bytes[i] == b) count++;
    return count;
  }

  /**
   * Cuts the line starting at {@code from} at its commas in one pass, trimming spaces, and gives where it ends:
   * the index of its LF, or the array's length for a last line without one. -1 where the line has a quote or not
   * exactly as many fields as given. A CR before the LF is not part of the last field.
   */
  public static int splitLine(byte[] bytes, int from, int[] starts, int[] ends) {
    int field = 0;
    int start = from;
    for (int i = from; ; i++) {
      i = special(bytes, i);
      boolean last = i == bytes.length || bytes[i] == '\n';
      if ((!last && bytes[i] == '"') || field == starts.length) return -1;
      int s = start;
      int e = last && i > s && bytes[i - 1] == '\r' ? i - 1 : i;
      while (s < e && bytes[s] == ' ') s++;
      while (e > s && bytes[e - 1] == ' ') e--;
      starts[field] = s;
      ends[field] = e;
      field++;
      if (last) return field == starts.length ? i : -1;
      start = i + 1;
    }
  }

  /** Where the first line at or after {@code from} that is not empty starts, or the array's length. */
  public static int skipBlankLines(byte[] bytes, int from) {
    return skipBlankLines(bytes, from, bytes.length);
  }

  /** The same, looking no further than {@code limit}, which is just after an LF or the array's length. */
  public static int skipBlankLines(byte[] bytes, int from, int limit) {
    while (from < limit && blankLine(bytes, from)) from = next(bytes, lineEnd(bytes, from));
    return from;
  }

  /** Whether the line starting at {@code from} is empty (LF, CR LF, or the end of the array). */
  static boolean blankLine(byte[] bytes, int from) {
    return from >= bytes.length || bytes[from] == '\n' || (bytes[from] == '\r' && (from + 1 == bytes.length || bytes[from + 1] == '\n'));
  }

  /** Whether {@code length} bytes of {@code a} from {@code aFrom} equal those of {@code b} from {@code bFrom}, eight at a time. */
  public static boolean same(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
    int k = 0;
    for (; k + 8 <= length; k += 8) {
      if ((long) LONGS.get(a, aFrom + k) != (long) LONGS.get(b, bFrom + k)) return false;
    }
    for (; k < length; k++) {
      if (a[aFrom + k] != b[bFrom + k]) return false;
    }
    return true;
  }

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

  /**
   * A plain decimal number, as {@link Numbers#parseFinite} takes it; NaN for anything else. Instead of a pass over
   * every byte, the ends are checked: the parser takes Java's syntax, and what that has beyond digits, sign, point
   * and exponent (white space, NaN, Infinity, a d or f suffix, hexadecimal) shows in the first or last byte or as
   * an x after a leading 0.
   */
  public static double number(byte[] bytes, int from, int to) {
    if (to <= from || to - from > 64) return Double.NaN;
    byte first = bytes[from];
    byte last = bytes[to - 1];
    if (!(digit(first) || first == '.' || first == '-' || first == '+') || !(digit(last) || last == '.')) return Double.NaN;
    int zero = first == '-' || first == '+' ? from + 1 : from;
    if (zero + 1 < to && bytes[zero] == '0' && (bytes[zero + 1] == 'x' || bytes[zero + 1] == 'X')) return Double.NaN;
    try {
      double value = JavaDoubleParser.parseDouble(bytes, from, to - from);
      return Double.isFinite(value) ? value : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static boolean digit(byte b) {
    return b >= '0' && b <= '9';
  }
}
