package org.amchallenge.submission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.io.input.ReaderInputStream;

/**
 * A forward-only reader of the element tags and text of one part of a workbook (a sheet, the shared strings):
 * names without their namespace prefix, text with its entity and character references resolved. Written by hand
 * for the sheets, where a scan of bytes is several times faster than a SAX or StAX parser and keeps no object per
 * cell; it reads the little of XML a workbook's parts use, and refuses a document type declaration as POI's parser does.
 */
final class XmlScanner {
  static final int START = 1;
  static final int EMPTY = 2;
  static final int END = 3;

  private InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;

  /**
   * The tag just read: its kind, and where its local name and its attributes lie in the buffer, valid until the
   * scan reads on.
   */
  int kind;
  private int nameStart;
  private int nameEnd;
  private int attributesStart;
  private int attributesEnd;
  private int valueStart;
  private int valueEnd;

  XmlScanner(InputStream in) throws IOException {
    this.in = in;
    fill();
    boolean utf16 = limit >= 2 && ((buffer[0] == (byte) 0xFE && buffer[1] == (byte) 0xFF) || (buffer[0] == (byte) 0xFF && buffer[1] == (byte) 0xFE));
    if (utf16) {
      // a part saved as UTF-16, which XML allows: read through as UTF-8, the one form the scan knows
      this.in = Utf16.asUtf8(new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOf(buffer, limit)), in));
      pos = 0;
      limit = 0;
    }
  }

  /** Apart, so that the classes it needs are loaded only for the rare part that needs them. */
  private static final class Utf16 {
    static InputStream asUtf8(InputStream utf16) throws IOException {
      return ReaderInputStream.builder().setReader(new InputStreamReader(utf16, StandardCharsets.UTF_16)).setCharset(StandardCharsets.UTF_8).get();
    }
  }

  /** Most bytes of one tag, or of the text of one row, that are read: a cell holds at most 32,767 characters. */
  static final int MAX_TEXT = 16 << 20;

  /** A growable array of bytes, up to a limit. */
  static final class Bytes {
    byte[] data;
    int length;
    private final int limit;

    Bytes(int capacity) {
      this(capacity, MAX_TEXT);
    }

    Bytes(int capacity, int limit) {
      data = new byte[capacity];
      this.limit = limit;
    }

    void add(int b) {
      if (length == data.length) grow(1);
      data[length++] = (byte) b;
    }

    void add(byte[] from, int offset, int count) {
      if (length + count > data.length) grow(count);
      System.arraycopy(from, offset, data, length, count);
      length += count;
    }

    /** The UTF-8 bytes of a code point. */
    void addCodePoint(int c) {
      if (c < 0x80) {
        add(c);
      } else if (c < 0x800) {
        add(0xC0 | c >> 6);
        add(0x80 | c & 0x3F);
      } else if (c < 0x10000) {
        add(0xE0 | c >> 12);
        add(0x80 | c >> 6 & 0x3F);
        add(0x80 | c & 0x3F);
      } else {
        add(0xF0 | c >> 18);
        add(0x80 | c >> 12 & 0x3F);
        add(0x80 | c >> 6 & 0x3F);
        add(0x80 | c & 0x3F);
      }
    }

    private void grow(int more) {
      long wanted = Math.max((long) data.length * 2, (long) length + more);
      if (wanted > limit) {
        if ((long) length + more > limit) {
          throw new IllegalStateException("it holds more than " + (limit >> 20) + " MiB of text in one place, more than this server reads");
        }
        wanted = limit;
      }
      data = Arrays.copyOf(data, (int) wanted);
    }
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  boolean is(byte[] localName) {
    return Arrays.equals(buffer, nameStart, nameEnd, localName, 0, localName.length);
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) return false;
    pos = 0;
    limit = n;
    return true;
  }

  private int read() throws IOException {
    if (pos == limit && !fill()) return -1;
    return buffer[pos++] & 0xFF;
  }

  private int readOrFail() throws IOException {
    int b = read();
    if (b < 0) throw ended();
    return b;
  }

  static IllegalStateException ended() {
    return new IllegalStateException("a part of it ends in the middle of its XML");
  }

  /** Moves through the next element tag, passing text, comments and declarations by; false at the end of the part. */
  boolean nextTag() throws IOException {
    for (;;) {
      int i = pos;
      while (i < limit && buffer[i] != '<') i++;
      if (i == limit) {
        pos = limit;
        if (!fill()) return false;
        continue;
      }
      pos = i + 1;
      if (readTag(null)) return true;
    }
  }

  /** Moves through the next element tag, which must come before the part ends (the element open holds it). */
  void nextTagInside() throws IOException {
    if (!nextTag()) throw ended();
  }

  /** Reads what follows a '<': an element's tag (true), or a comment, declaration or CDATA section (false; the CDATA's text to {@code text} where given). */
  private boolean readTag(Bytes text) throws IOException {
    if (pos == limit && !fill()) throw ended();
    byte first = buffer[pos];
    if (first == '?') {
      skipPast('?', '>');
      return false;
    }
    if (first == '!') {
      pos++;
      readMarkup(text);
      return false;
    }
    int close = tagEnd();
    kind = START;
    int i = pos;
    if (first == '/') {
      kind = END;
      i++;
    }
    nameStart = i;
    for (byte b; i < close && (b = buffer[i]) != '/' && b > ' '; i++) {
      if (b == ':') nameStart = i + 1;
    }
    nameEnd = i;
    attributesStart = i;
    attributesEnd = close;
    int last = close - 1;
    while (last > i && buffer[last] <= ' ') last--;
    if (kind == START && last >= i && buffer[last] == '/') kind = EMPTY;
    pos = close + 1;
    return true;
  }

  /** Where the tag that starts at pos ends (its '>'), with the whole tag brought into the buffer. */
  private int tagEnd() throws IOException {
    int quote = 0;
    int i = pos;
    for (;;) {
      for (; i < limit; i++) {
        byte b = buffer[i];
        if (quote != 0) {
          if (b == quote) quote = 0;
        } else if (b == '>') {
          return i;
        } else if (b == '"' || b == '\'') {
          quote = b;
        }
      }
      if (pos > 0) {
        System.arraycopy(buffer, pos, buffer, 0, limit - pos);
        i -= pos;
        limit -= pos;
        pos = 0;
      }
      if (limit == buffer.length) {
        if (buffer.length >= MAX_TEXT) throw new IllegalStateException("it has a tag longer than " + (MAX_TEXT >> 20) + " MiB");
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) throw ended();
      limit += n;
    }
  }

  private void readMarkup(Bytes text) throws IOException {
    int b = readOrFail();
    if (b == '-') {
      readOrFail();
      skipPast('-', '-', '>');
    } else if (b == '[') {
      for (int i = 0; i < "CDATA[".length(); i++) readOrFail();
      int before = -1;
      int last = -1;
      for (;;) {
        b = readOrFail();
        if (b == '>' && last == ']' && before == ']') break;
        if (before >= 0 && text != null) text.add(before);
        before = last;
        last = b;
      }
    } else {
      throw new IllegalStateException("it declares a document type, which a workbook's XML does not");
    }
  }

  private void skipPast(int first, int second) throws IOException {
    int last = -1;
    for (int b; (b = readOrFail()) != second || last != first; ) last = b;
  }

  private void skipPast(int first, int second, int third) throws IOException {
    int before = -1;
    int last = -1;
    for (int b; (b = readOrFail()) != third || last != second || before != first; ) {
      before = last;
      last = b;
    }
  }

  /** Moves past the end of the element whose start tag was just read. */
  void skipElement() throws IOException {
    if (kind != START) return;
    int depth = 1;
    while (depth > 0) {
      nextTagInside();
      if (kind == START) depth++;
      else if (kind == END) depth--;
    }
  }

  /** True when the tag just read has the attribute; its value is then {@link #value()}. */
  boolean attribute(byte[] key) {
    byte[] a = buffer;
    int n = attributesEnd;
    int i = attributesStart;
    while (i < n) {
      while (i < n && a[i] <= ' ') i++;
      int nameStart = i;
      while (i < n && a[i] != '=' && a[i] > ' ') i++;
      boolean match = i - nameStart == key.length && Arrays.equals(a, nameStart, i, key, 0, key.length);
      while (i < n && a[i] != '"' && a[i] != '\'') i++;
      if (i == n) return false;
      byte quote = a[i++];
      int start = i;
      while (i < n && a[i] != quote) i++;
      if (match) {
        valueStart = start;
        valueEnd = i;
        return true;
      }
      i++;
    }
    return false;
  }

  /** The value of the attribute whose name, after any prefix, is {@code local} and which has a prefix (as r:id has); null where none. */
  String prefixedAttribute(byte[] local) {
    byte[] a = buffer;
    int i = attributesStart;
    while (i < attributesEnd) {
      while (i < attributesEnd && a[i] <= ' ') i++;
      int nameStart = i;
      int colon = -1;
      while (i < attributesEnd && a[i] != '=' && a[i] > ' ') {
        if (a[i] == ':') colon = i;
        i++;
      }
      boolean match = colon > nameStart && i - colon - 1 == local.length && Arrays.equals(a, colon + 1, i, local, 0, local.length);
      while (i < attributesEnd && a[i] != '"' && a[i] != '\'') i++;
      if (i == attributesEnd) return null;
      byte quote = a[i++];
      int start = i;
      while (i < attributesEnd && a[i] != quote) i++;
      if (match) {
        valueStart = start;
        valueEnd = i;
        return valueText();
      }
      i++;
    }
    return null;
  }

  /** The value of the attribute as text, its references resolved; null where the tag has none. */
  String attributeText(byte[] key) {
    return attribute(key) ? valueText() : null;
  }

  private String valueText() {
    Bytes text = new Bytes(valueEnd - valueStart + 4);
    for (int i = valueStart; i < valueEnd; i++) {
      if (buffer[i] != '&') {
        text.add(buffer[i]);
        continue;
      }
      int end = i + 1;
      while (end < valueEnd && buffer[end] != ';') end++;
      if (end == valueEnd) throw new IllegalStateException("it has a reference that does not end");
      resolve(new String(buffer, i + 1, end - i - 1, StandardCharsets.US_ASCII), text);
      i = end;
    }
    return new String(text.data, 0, text.length, StandardCharsets.UTF_8);
  }

  int valueStart() {
    return valueStart;
  }

  int valueEnd() {
    return valueEnd;
  }

  byte[] attributeBytes() {
    return buffer;
  }

  /**
   * Reads the text of the element whose start tag was just read into {@code text}, through its end tag; any
   * element inside it is passed over.
   */
  void readText(Bytes text) throws IOException {
    if (kind != START) return;
    for (;;) {
      int i = pos;
      byte b = 0;
      while (i < limit && (b = buffer[i]) != '<' && b != '&') i++;
      text.add(buffer, pos, i - pos);
      if (i == limit) {
        pos = limit;
        if (!fill()) throw ended();
        continue;
      }
      pos = i + 1;
      if (b == '&') {
        reference(text);
      } else if (readTag(text)) {
        if (kind == END) return;
        skipElement();
      }
    }
  }

  /** An entity or character reference, after its '&'. */
  private void reference(Bytes text) throws IOException {
    byte[] ref = new byte[12];
    int n = 0;
    for (int b; (b = readOrFail()) != ';'; ) {
      if (n == ref.length) throw new IllegalStateException("it has a reference that does not end: &" + new String(ref, StandardCharsets.US_ASCII));
      ref[n++] = (byte) b;
    }
    resolve(new String(ref, 0, n, StandardCharsets.US_ASCII), text);
  }

  /** Appends what the entity or character reference of that name (amp, #65, #x41) stands for. */
  private static void resolve(String name, Bytes text) {
    switch (name) {
      case "amp" -> text.add('&');
      case "lt" -> text.add('<');
      case "gt" -> text.add('>');
      case "quot" -> text.add('"');
      case "apos" -> text.add('\'');
      default -> {
        int code;
        try {
          code = name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16)
              : name.startsWith("#") ? Integer.parseInt(name.substring(1)) : -1;
        } catch (NumberFormatException e) {
          code = -1;
        }
        if (code < 0 || code > Character.MAX_CODE_POINT) throw new IllegalStateException("it has an unknown reference &" + name + ";");
        text.addCodePoint(code);
      }
    }
  }

  private static final byte[] T = ascii("t");
  private static final byte[] R = ascii("r");

  /**
   * Reads a rich text element (a shared string's si, a cell's is) whose start tag was just read into {@code text}:
   * its runs' text where it has runs, else its own t, as POI's XSSFRichTextString gives it; phonetic runs are left out.
   */
  void readRichText(Bytes text) throws IOException {
    if (kind != START) return;
    int start = text.length;
    boolean runs = false;
    for (;;) {
      nextTagInside();
      if (kind == END) return;
      if (kind == EMPTY) continue;
      if (is(T)) {
        readText(text);
      } else if (is(R)) {
        if (!runs) text.length = start;
        runs = true;
        readRun(text);
      } else {
        skipElement();
      }
    }
  }

  private void readRun(Bytes text) throws IOException {
    for (;;) {
      nextTagInside();
      if (kind == END) return;
      if (kind == START && is(T)) readText(text);
      else skipElement();
    }
  }
}
