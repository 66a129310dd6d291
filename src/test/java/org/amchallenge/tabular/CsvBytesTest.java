package org.amchallenge.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CsvBytesTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** What the general reader takes: Double.parseDouble of digits, sign, point and exponent only. */
  private static double general(String text) {
    return Numbers.parseFinite(text);
  }

  @Test
  @DisplayName("a number in place is what Double.parseDouble makes of digits, sign, point and exponent, NaN for anything else")
  void numbers() {
    String[] cases = {"1", "-2.5", "+.5", "5.", "1e5", "1E-3", "0.1", "007", "-0", "123456.789012", "1e400", "-1e400", "NaN", "-NaN",
        "Infinity", "-Infinity", "0x1p3", "-0x1.8p1", "0X10P0", "1d", "2.5f", "1D", "3F", " 1", "1 ", "\t1", "1\t", "1 2", "1e", "e5", ".",
        "-", "+", "1..2", "1e5.5", "--1", "1,5", "１", "1_000", "0x", "00x1p1"};
    for (String text : cases) {
      byte[] b = bytes("," + text + ",");
      assertEquals(general(text), CsvBytes.number(b, 1, b.length - 1), 0, () -> "'" + text + "'");
    }
    assertEquals(100.0, CsvBytes.number(bytes("1e2"), 0, 3), 0);
    assertTrue(Double.isNaN(CsvBytes.number(bytes("0x1p3"), 0, 5)));
    assertTrue(Double.isNaN(CsvBytes.number(bytes("1d"), 0, 2)));

    String alphabet = "0123456789.-+eExXpPdDfF NaIity\t";
    Random random = new Random(17);
    for (int n = 0; n < 50_000; n++) {
      char[] chars = new char[1 + random.nextInt(10)];
      for (int i = 0; i < chars.length; i++) chars[i] = alphabet.charAt(random.nextInt(random.nextBoolean() ? 13 : alphabet.length()));
      String text = new String(chars);
      byte[] b = bytes(text);
      double expected = general(text);
      double actual = CsvBytes.number(b, 0, b.length);
      assertTrue(Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual), () -> "'" + text + "': " + expected + " vs " + actual);
    }
  }

  @Test
  @DisplayName("a line is cut at its commas in one pass, spaces trimmed, CR before LF dropped, quotes and wrong counts refused")
  void lines() {
    byte[] b = bytes("a, b ,c\r\nlonger_sample_name_here,melt_pool_depth,123.456789\nlast,x,");
    int[] starts = new int[3];
    int[] ends = new int[3];
    assertEquals(8, indexOfLf(b, 0));
    assertEquals(indexOfLf(b, 0), CsvBytes.splitLine(b, 0, starts, ends));
    assertArrayEquals(new String[] {"a", "b", "c"}, fields(b, starts, ends));
    int second = indexOfLf(b, 0) + 1;
    assertEquals(indexOfLf(b, second), CsvBytes.splitLine(b, second, starts, ends));
    assertArrayEquals(new String[] {"longer_sample_name_here", "melt_pool_depth", "123.456789"}, fields(b, starts, ends));
    int third = indexOfLf(b, second) + 1;
    assertEquals(b.length, CsvBytes.splitLine(b, third, starts, ends));
    assertArrayEquals(new String[] {"last", "x", ""}, fields(b, starts, ends));

    assertEquals(-1, CsvBytes.splitLine(bytes("a,\"b\",c\n"), 0, starts, ends));
    assertEquals(-1, CsvBytes.splitLine(bytes("a,b\n"), 0, starts, ends));
    assertEquals(-1, CsvBytes.splitLine(bytes("a,b,c,d\n"), 0, starts, ends));
    assertEquals(-1, CsvBytes.splitLine(bytes("a,b,c\"\n"), 0, starts, ends));

    assertTrue(CsvBytes.blankLine(bytes("\n"), 0));
    assertTrue(CsvBytes.blankLine(bytes("\r\n"), 0));
    assertTrue(CsvBytes.blankLine(bytes("x\r"), 1));
    assertFalse(CsvBytes.blankLine(bytes("\rx\n"), 0));
    assertFalse(CsvBytes.blankLine(bytes(" \n"), 0));
    byte[] gaps = bytes("\n\r\n\nrow\n\n");
    assertEquals(4, CsvBytes.skipBlankLines(gaps, 0));
    assertEquals(4, CsvBytes.skipBlankLines(gaps, 4));
    assertEquals(gaps.length, CsvBytes.skipBlankLines(gaps, 8));
  }

  @Test
  @DisplayName("random lines of every length cut the same as String.split, whatever falls on an eight-byte boundary")
  void randomLines() {
    Random random = new Random(5);
    String alphabet = "abcXYZ019. _-é";
    for (int n = 0; n < 20_000; n++) {
      int fields = 1 + random.nextInt(6);
      String[] parts = new String[fields];
      for (int f = 0; f < fields; f++) {
        StringBuilder part = new StringBuilder();
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) part.append(alphabet.charAt(random.nextInt(alphabet.length())));
        parts[f] = part.toString();
      }
      String prefix = "x".repeat(random.nextInt(9)) + "\n";
      String line = String.join(",", parts);
      String ending = switch (random.nextInt(3)) { case 0 -> "\n"; case 1 -> "\r\n"; default -> ""; };
      byte[] b = bytes(prefix + line + ending + (ending.isEmpty() ? "" : "next,line"));
      int[] starts = new int[fields];
      int[] ends = new int[fields];
      int from = prefix.length();
      int expectedEnd = ending.isEmpty() ? b.length : indexOfLf(b, from);
      assertEquals(expectedEnd, CsvBytes.splitLine(b, from, starts, ends), line);
      String[] expected = Arrays.stream(line.split(",", -1)).map(s -> s.replaceAll("^ +| +$", "")).toArray(String[]::new);
      assertArrayEquals(expected, fields(b, starts, ends), line);
      if (fields > 1) assertEquals(-1, CsvBytes.splitLine(b, from, new int[fields - 1], new int[fields - 1]), line);
    }
  }

  @Test
  @DisplayName("byte ranges compare equal only where every byte is, eight at a time and the rest one by one")
  void sameBytes() {
    byte[] a = bytes("melt_pool_depth,melt_pool_depth,melt_pool_depti");
    assertTrue(CsvBytes.same(a, 0, a, 16, 15));
    assertFalse(CsvBytes.same(a, 0, a, 32, 15));
    assertTrue(CsvBytes.same(a, 0, a, 32, 14));
    assertFalse(CsvBytes.same(bytes("abcdefgh"), 0, bytes("abcdefgX"), 0, 8));
    assertTrue(CsvBytes.same(bytes("abc"), 0, bytes("xabc"), 1, 3));
  }

  private static int indexOfLf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) if (b[i] == '\n') return i;
    return b.length;
  }

  private static String[] fields(byte[] b, int[] starts, int[] ends) {
    String[] out = new String[starts.length];
    for (int f = 0; f < out.length; f++) out[f] = new String(b, starts[f], ends[f] - starts[f], StandardCharsets.UTF_8);
    return out;
  }

  @Test
  @DisplayName("bytes are counted exactly, eight at a time, wherever they fall and whatever bytes sit beside them")
  void counting() {
    Random random = new Random(3);
    for (int n = 0; n < 2_000; n++) {
      byte[] b = new byte[random.nextInt(70)];
      for (int i = 0; i < b.length; i++) b[i] = (byte) (random.nextInt(4) == 0 ? '\n' : random.nextInt(256));
      long expected = 0;
      for (byte x : b) if (x == '\n') expected++;
      assertEquals(expected, CsvBytes.count(b, (byte) '\n'));
      long braces = 0;
      for (byte x : b) if (x == '{') braces++;
      assertEquals(braces, CsvBytes.count(b, (byte) '{'));
    }
    assertEquals(16, CsvBytes.count(bytes("\n".repeat(16)), (byte) '\n'));
    assertEquals(0, CsvBytes.count(bytes("\u0b0b\u0a0a"), (byte) 0));
  }
}
