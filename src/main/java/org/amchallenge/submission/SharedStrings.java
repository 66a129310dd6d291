package org.amchallenge.submission;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A workbook's shared strings (where Excel keeps every text cell's text), kept as UTF-8 bytes rather than an
 * object each, and made text as cells first ask for them. Everything is held in pages of 256 KiB: in a small heap
 * G1 places a larger array apart (a humongous object), and a run of those forces full collections.
 */
final class SharedStrings {
  static final SharedStrings NONE = new SharedStrings();
  private static final byte[] SI = XmlScanner.ascii("si");
  /** Most bytes of text, and most strings, that are read: a workbook at the server's cell limit has far fewer. */
  private static final long MAX_TEXT = 64 << 20;
  private static final int MAX_STRINGS = 1 << 22;
  private static final int PAGE_BYTES = 1 << 18;
  private static final int PAGE_ENTRIES = 1 << 15;

  private final List<byte[]> text = new ArrayList<>();
  private int used = PAGE_BYTES;
  private long textBytes;
  /** String i: its page of text, its offset there and its length, as page << 48 | offset << 28 | length. */
  private final List<long[]> places = new ArrayList<>();
  private final List<String[]> made = new ArrayList<>();
  private int count;

  private SharedStrings() {}

  static SharedStrings read(InputStream in) throws IOException {
    SharedStrings strings = new SharedStrings();
    XmlScanner xml = new XmlScanner(in);
    XmlScanner.Bytes one = new XmlScanner.Bytes(256);
    while (xml.nextTag()) {
      if (xml.kind == XmlScanner.END || !xml.is(SI)) continue;
      one.length = 0;
      xml.readRichText(one);
      strings.add(one.data, one.length);
    }
    return strings;
  }

  private void add(byte[] bytes, int length) {
    if (count == MAX_STRINGS) throw new IllegalStateException("it holds more than " + MAX_STRINGS + " shared strings, more than this server reads");
    textBytes += length;
    if (textBytes > MAX_TEXT) throw new IllegalStateException("its shared strings hold more than " + (MAX_TEXT >> 20) + " MiB of text, more than this server reads");
    if (text.isEmpty() || used + length > PAGE_BYTES) {
      text.add(new byte[Math.max(PAGE_BYTES, length)]);
      used = 0;
    }
    System.arraycopy(bytes, 0, text.get(text.size() - 1), used, length);
    if (count % PAGE_ENTRIES == 0) places.add(new long[PAGE_ENTRIES]);
    places.get(count / PAGE_ENTRIES)[count % PAGE_ENTRIES] = (long) (text.size() - 1) << 48 | (long) used << 28 | length;
    used += length;
    count++;
  }

  int size() {
    return count;
  }

  /** String i, stripped, with Excel's escapes of characters XML cannot hold (_x000D_) decoded. */
  String get(int index) {
    if (index < 0 || index >= count) {
      throw new IllegalStateException("a cell names shared string " + index + ", and the workbook has " + count);
    }
    while (made.size() <= index / PAGE_ENTRIES) made.add(null);
    String[] page = made.get(index / PAGE_ENTRIES);
    if (page == null) made.set(index / PAGE_ENTRIES, page = new String[PAGE_ENTRIES]);
    String string = page[index % PAGE_ENTRIES];
    if (string == null) {
      long place = places.get(index / PAGE_ENTRIES)[index % PAGE_ENTRIES];
      byte[] bytes = text.get((int) (place >>> 48));
      String decoded = new String(bytes, (int) (place >>> 28) & 0xFFFFF, (int) place & 0xFFFFFFF, StandardCharsets.UTF_8);
      page[index % PAGE_ENTRIES] = string = SheetRows.decodeEscapes(decoded).strip();
    }
    return string;
  }
}
