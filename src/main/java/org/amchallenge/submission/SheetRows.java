package org.amchallenge.submission;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.amchallenge.tabular.TableRows;

/**
 * The rows of one workbook sheet as text cells, read as the sheet's XML streams by, a row at a time: numbers in
 * their shortest decimal form ({@link CellNumbers}), formulas by their cached value, text stripped, as POI's
 * cells give them. Hand-read (see {@link XmlScanner}) rather than through POI's XSSFSheetXMLHandler, which hands
 * a cell over as formatted text and so cannot tell the number 7 from the text "007".
 */
final class SheetRows implements TableRows, Closeable {
  /** Excel's last column, XFD. */
  private static final int MAX_COLUMNS = 16_384;
  /** Excel's last row. */
  private static final int MAX_ROWS = 1_048_576;

  private static final byte[] ROW = XmlScanner.ascii("row");
  private static final byte[] SHEET_DATA = XmlScanner.ascii("sheetData");
  private static final byte[] C = XmlScanner.ascii("c");
  private static final byte[] V = XmlScanner.ascii("v");
  private static final byte[] IS = XmlScanner.ascii("is");
  private static final byte[] R = XmlScanner.ascii("r");
  private static final byte[] T = XmlScanner.ascii("t");

  /** What a cell holds, from its t attribute. */
  private static final byte NONE = 0;
  private static final byte NUMBER = 1;
  private static final byte SHARED = 2;
  private static final byte TEXT = 3;
  private static final byte BOOLEAN = 4;
  private static final byte ERROR = 5;

  private final InputStream in;
  private final XmlScanner xml;
  private final SharedStrings shared;
  private boolean ended;

  private int line;
  private int width;
  private byte[] types = new byte[16];
  /** Whether the cell has a value (a v or an is element). */
  private boolean[] valued = new boolean[16];
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private String[] texts = new String[16];
  private final XmlScanner.Bytes text = new XmlScanner.Bytes(1 << 10);

  SheetRows(InputStream in, SharedStrings shared) throws IOException {
    this.in = in;
    this.xml = new XmlScanner(in);
    this.shared = shared;
  }

  @Override
  public boolean next() {
    try {
      return readRow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int line() {
    return line;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public String cell(int column) {
    if (column < 0 || column >= width) return "";
    String cell = texts[column];
    if (cell == null) texts[column] = cell = text(column);
    return cell;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private boolean readRow() throws IOException {
    for (int i = 0; i < width; i++) {
      types[i] = NONE;
      texts[i] = null;
    }
    width = 0;
    text.length = 0;
    while (!ended) {
      if (!xml.nextTag() || (xml.kind == XmlScanner.END && xml.is(SHEET_DATA))) {
        ended = true;
        break;
      }
      if (xml.kind == XmlScanner.END || !xml.is(ROW)) continue;
      line = xml.attribute(R) ? rowNumber() : line + 1;
      if (xml.kind == XmlScanner.START) readCells();
      return true;
    }
    return false;
  }

  private void readCells() throws IOException {
    int column = -1;
    for (;;) {
      xml.nextTagInside();
      if (xml.kind == XmlScanner.END) return;
      if (!xml.is(C)) {
        xml.skipElement();
        continue;
      }
      column = xml.attribute(R) ? columnOf() : column + 1;
      if (column >= MAX_COLUMNS) throw new IllegalStateException("row " + line + " has a cell past the last column, XFD");
      readCell(column, xml.attribute(T) ? typeOf() : NUMBER);
    }
  }

  /** The value (v) or inline text (is) of the cell whose tag was just read; a formula (f) is passed over for its cached value. */
  private void readCell(int column, byte type) throws IOException {
    int start = text.length;
    boolean value = false;
    if (xml.kind == XmlScanner.START) {
      for (xml.nextTagInside(); xml.kind != XmlScanner.END; xml.nextTagInside()) {
        if (xml.is(V) && !value) {
          xml.readText(text);
          value = true;
        } else if (xml.is(IS)) {
          text.length = start;
          xml.readRichText(text);
          type = TEXT;
          value = true;
        } else {
          xml.skipElement();
        }
      }
    }
    put(column, type, value, start);
  }

  private void put(int column, byte type, boolean value, int start) {
    if (column >= types.length) {
      int size = Math.min(MAX_COLUMNS, Math.max(column + 1, types.length * 2));
      types = Arrays.copyOf(types, size);
      valued = Arrays.copyOf(valued, size);
      starts = Arrays.copyOf(starts, size);
      ends = Arrays.copyOf(ends, size);
      texts = Arrays.copyOf(texts, size);
    }
    types[column] = type;
    valued[column] = value;
    starts[column] = start;
    ends[column] = text.length;
    texts[column] = null;
    width = Math.max(width, column + 1);
  }

  /** The row number of a row tag's r attribute. */
  private int rowNumber() {
    byte[] a = xml.attributeBytes();
    long number = 0;
    for (int i = xml.valueStart(); i < xml.valueEnd(); i++) {
      if (a[i] < '0' || a[i] > '9' || number > MAX_ROWS) throw badReference("row", a);
      number = number * 10 + a[i] - '0';
    }
    if (number < 1 || number > MAX_ROWS) throw badReference("row", a);
    return (int) number;
  }

  /** The 0-based column of a cell tag's r attribute, "B7" being 1. */
  private int columnOf() {
    byte[] a = xml.attributeBytes();
    int column = 0;
    int i = xml.valueStart();
    for (; i < xml.valueEnd(); i++) {
      int letter = a[i] >= 'a' ? a[i] - 'a' : a[i] - 'A';
      if (letter < 0 || letter >= 26) break;
      column = column * 26 + letter + 1;
      if (column > MAX_COLUMNS) throw badReference("cell", a);
    }
    if (column == 0) throw badReference("cell", a);
    return column - 1;
  }

  private IllegalStateException badReference(String what, byte[] a) {
    String reference = new String(a, xml.valueStart(), Math.min(20, xml.valueEnd() - xml.valueStart()), StandardCharsets.UTF_8);
    return new IllegalStateException("after row " + line + " a " + what + " has the reference '" + reference + "'");
  }

  private byte typeOf() {
    byte[] a = xml.attributeBytes();
    int length = xml.valueEnd() - xml.valueStart();
    byte first = length == 0 ? 0 : a[xml.valueStart()];
    if (length == 1) {
      return switch (first) {
        case 's' -> SHARED;
        case 'b' -> BOOLEAN;
        case 'e' -> ERROR;
        case 'n' -> NUMBER;
        default -> TEXT; // d: a date in ISO 8601, kept as written
      };
    }
    return TEXT; // str (a formula's text) and inlineStr
  }

  private String text(int column) {
    boolean value = valued[column];
    return switch (types[column]) {
      case NUMBER -> value ? CellNumbers.text(text.data, starts[column], ends[column]) : "";
      case SHARED -> value ? shared.get(sharedIndex(column)) : "";
      case TEXT -> value ? decodeEscapes(new String(text.data, starts[column], ends[column] - starts[column], StandardCharsets.UTF_8)).strip() : "";
      case BOOLEAN -> value && raw(column).equals("1") ? "true" : "false";
      case ERROR -> "#ERROR";
      default -> "";
    };
  }

  private String raw(int column) {
    return new String(text.data, starts[column], ends[column] - starts[column], StandardCharsets.ISO_8859_1).strip();
  }

  private int sharedIndex(int column) {
    long index = 0;
    int start = starts[column];
    int end = ends[column];
    while (start < end && text.data[start] <= ' ') start++;
    while (end > start && text.data[end - 1] <= ' ') end--;
    if (start == end) throw new IllegalStateException("row " + line + " has a shared string cell without its index");
    for (int i = start; i < end; i++) {
      byte b = text.data[i];
      if (b < '0' || b > '9' || index > Integer.MAX_VALUE) {
        throw new IllegalStateException("row " + line + " has a shared string cell whose index is '" + raw(column) + "'");
      }
      index = index * 10 + b - '0';
    }
    return index > Integer.MAX_VALUE ? -1 : (int) index;
  }

  /** Excel's escapes of characters XML cannot hold, _x000D_ for a carriage return, decoded as POI's XSSFRichTextString does. */
  static String decodeEscapes(String text) {
    int at = text.indexOf("_x");
    if (at < 0) return text;
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    for (; at >= 0; at = text.indexOf("_x", at + 1)) {
      if (at < from || at + 7 > text.length() || text.charAt(at + 6) != '_') continue;
      int code = 0;
      boolean hex = true;
      for (int i = at + 2; i < at + 6 && hex; i++) {
        int digit = Character.digit(text.charAt(i), 16);
        hex = digit >= 0 && text.charAt(i) < 128;
        code = code * 16 + digit;
      }
      if (!hex) continue;
      out.append(text, from, at).append((char) code);
      from = at + 7;
    }
    return from == 0 ? text : out.append(text, from, text.length()).toString();
  }
}
