package org.amchallenge.submission;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A workbook's shared strings (where Excel keeps every text cell's text), kept as one array of UTF-8 bytes rather
 * than an object each, and made text as cells first ask for them.
 */
final class SharedStrings {
  static final SharedStrings NONE = new SharedStrings(new byte[0], new int[] {0}, 0);
  private static final byte[] SI = XmlScanner.ascii("si");
  /** Most bytes of text, and most strings, that are read: a workbook at the server's cell limit has far fewer. */
  private static final int MAX_TEXT = 64 << 20;
  private static final int MAX_STRINGS = 1 << 22;

  private final byte[] text;
  /** String i is the bytes from ends[i] to ends[i + 1]. */
  private final int[] ends;
  private final int count;
  /** The strings made so far: a long sheet names each sample and quantity many times. */
  private String[] made;

  private SharedStrings(byte[] text, int[] ends, int count) {
    this.text = text;
    this.ends = ends;
    this.count = count;
  }

  static SharedStrings read(InputStream in) throws IOException {
    XmlScanner xml = new XmlScanner(in);
    XmlScanner.Bytes text = new XmlScanner.Bytes(1 << 12, MAX_TEXT);
    int[] ends = new int[1024];
    int count = 0;
    while (xml.nextTag()) {
      if (xml.kind == XmlScanner.END || !xml.is(SI)) continue;
      xml.readRichText(text);
      if (count == MAX_STRINGS) throw new IllegalStateException("it holds more than " + MAX_STRINGS + " shared strings, more than this server reads");
      if (count + 1 == ends.length) ends = Arrays.copyOf(ends, ends.length * 2);
      ends[++count] = text.length;
    }
    return new SharedStrings(Arrays.copyOf(text.data, text.length), ends, count);
  }

  int size() {
    return count;
  }

  /** String i, stripped, with Excel's escapes of characters XML cannot hold (_x000D_) decoded. */
  String get(int index) {
    if (index < 0 || index >= count) {
      throw new IllegalStateException("a cell names shared string " + index + ", and the workbook has " + count);
    }
    if (made == null) made = new String[count];
    String string = made[index];
    if (string == null) {
      string = SheetRows.decodeEscapes(new String(text, ends[index], ends[index + 1] - ends[index], StandardCharsets.UTF_8)).strip();
      made[index] = string;
    }
    return string;
  }
}
