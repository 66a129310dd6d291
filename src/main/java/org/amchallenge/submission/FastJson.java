package org.amchallenge.submission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.tabular.CsvBytes;

/**
 * The fast path for the JSON form ({@code {"predictions": [{...}, ...], "description": "..."}}): the bytes scanned once
 * in place, each row's key bytes looked up and its numbers parsed where they stand, no token, tree or String per row. A
 * body arriving in parts is read a part at a time, the bytes of a row cut by a part's end carried over to the next.
 * It takes only a file with nothing to report and plain rows: at anything else (an unknown field, a value given as
 * text, an escape in a key, a key the reference does not have, JSON it cannot read) it gives up and the general
 * reader (Jackson) reads the file again and names every problem. Written by hand because Jackson's tokens, a String
 * or char copy per field, cost three times the long CSV's fast path per value, and a JSON value has twice its bytes.
 */
public final class FastJson {
  private final FastRows placed;
  private boolean refused;

  public FastJson(Challenge challenge, ReferenceData reference) {
    this.placed = new FastRows(challenge, reference, true);
  }

  /** The predictions of a valid JSON file, or null where the general reader must read it. */
  ParsedSubmission read(byte[] body, String description) {
    scan(body, 0, body.length);
    if (!refused && state != DONE) refused = true;
    return result(description);
  }

  // the bytes of a row (or of the description) that a part's end cut, at the start of a window the next part is appended to
  private byte[] window = new byte[0];
  private int carried;

  /** The most bytes one row (or the description) may have for the fast path: a part is a megabyte or more. */
  private static final int MAX_ITEM = 1 << 20;

  /**
   * Reads the next bytes of a body arriving in parts, {@code part[0, length)}; the array may be reused once this
   * returns. False once the file is not one for the fast path.
   */
  public boolean feedPart(byte[] part, int length) {
    if (refused) return false;
    byte[] b = part;
    int limit = length;
    if (carried > 0) {
      if (window.length < carried + length) window = Arrays.copyOf(window, carried + length);
      System.arraycopy(part, 0, window, carried, length);
      b = window;
      limit = carried + length;
    }
    int stop = scan(b, 0, limit);
    // the rows waiting for their lookup name bytes of these arrays, which are reused next
    if (!placed.flush()) refused = true;
    carried = limit - stop;
    if (carried > MAX_ITEM) refused = true;
    if (refused) return false;
    if (window.length < carried) window = new byte[Math.max(carried, 2 * window.length)];
    System.arraycopy(b, stop, window, 0, carried);
    return true;
  }

  /** The body has ended: its predictions, or null where the general reader must read it. */
  public ParsedSubmission finishParts(String description) {
    if (!refused && carried > 0) {
      // only white space may follow the document
      for (int i = 0; i < carried; i++) if (!space(window[i])) refused = true;
    }
    if (state != DONE) refused = true;
    window = null;
    return result(description);
  }

  private ParsedSubmission result(String description) {
    int rows = refused || !sawPredictions ? -1 : placed.rows();
    return rows <= 0 ? null : new ParsedSubmission(placed.predictions(), rows, described != null ? described : description);
  }

  // where the scan stands in the document
  private static final int START = 0;
  private static final int TOP = 1;
  private static final int ROWS = 2;
  private static final int DONE = 3;
  private int state = START;
  private boolean first = true;
  private boolean sawPredictions;
  private String described;

  /**
   * Reads the whole items of {@code b[at, limit)}: the document's opening, each top-level field, each row, the
   * document's end. Returns where the first item the bytes cut begins (limit where none), or sets {@link #refused}.
   */
  private int scan(byte[] b, int at, int limit) {
    while (!refused) {
      int start = at;
      at = skipSpace(b, at, limit);
      if (at == limit) return state == DONE ? limit : start;
      int next = switch (state) {
        case START -> {
          if (b[at] != '{') yield fail();
          state = TOP;
          yield at + 1;
        }
        case TOP -> topField(b, at, limit);
        case ROWS -> row(b, at, limit);
        default -> fail();
      };
      if (next == CUT) return start;
      at = next;
    }
    return limit;
  }

  /** Returned by an item's reader where the bytes end inside it. */
  private static final int CUT = -2;

  private int fail() {
    refused = true;
    return -1;
  }

  private static final byte[] PREDICTIONS = "predictions".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DESCRIPTION = "description".getBytes(StandardCharsets.US_ASCII);

  /** A top-level field (after a comma unless the first), or the document's end. */
  private int topField(byte[] b, int at, int limit) {
    if (b[at] == '}') {
      state = DONE;
      return at + 1;
    }
    if (!first) {
      if (b[at] != ',') return fail();
      at = skipSpace(b, at + 1, limit);
      if (at == limit) return CUT;
    }
    int nameEnd = plainString(b, at, limit);
    if (nameEnd < 0) return nameEnd == CUT ? CUT : fail();
    int colon = skipSpace(b, nameEnd, limit);
    if (colon == limit) return CUT;
    if (b[colon] != ':') return fail();
    int value = skipSpace(b, colon + 1, limit);
    if (value == limit) return CUT;
    if (named(b, at + 1, nameEnd - 1, PREDICTIONS) && !sawPredictions) {
      if (b[value] != '[') return fail();
      sawPredictions = true;
      first = true;
      state = ROWS;
      return value + 1;
    }
    if (named(b, at + 1, nameEnd - 1, DESCRIPTION) && described == null) {
      int end = anyString(b, value, limit);
      if (end < 0) return end == CUT ? CUT : fail();
      described = decode(b, value, end);
      if (described == null) return fail();
      first = false;
      return end;
    }
    return fail();
  }

  // a row's text fields, one after the other in one buffer (sample, point, component, quantity, unit), and its numbers
  private static final int SAMPLE = 0;
  private static final int POINT = 1;
  private static final int COMPONENT = 2;
  private static final int QUANTITY = 3;
  private static final int UNIT = 4;
  private static final int VALUE = 5;
  private static final int UNCERTAINTY = 6;
  private static final byte[][] FIELDS = Arrays.stream(new String[] {"sample_id", "point", "component", "quantity", "unit", "value", "uncertainty"})
      .map(name -> name.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
  private final int[] from = new int[5];
  private final int[] to = new int[5];

  /** A row (after a comma unless the first), or the end of the rows. */
  private int row(byte[] b, int at, int limit) {
    if (b[at] == ']') {
      state = TOP;
      first = false;
      return at + 1;
    }
    if (!first) {
      if (b[at] != ',') return fail();
      at = skipSpace(b, at + 1, limit);
      if (at == limit) return CUT;
    }
    if (b[at] != '{') return fail();
    Arrays.fill(from, 0);
    Arrays.fill(to, 0);
    int given = 0;
    double value = Double.NaN;
    double uncertainty = Double.NaN;
    at++;
    for (boolean firstField = true; ; firstField = false) {
      at = skipSpace(b, at, limit);
      if (at == limit) return CUT;
      if (b[at] == '}') {
        at++;
        break;
      }
      if (!firstField) {
        if (b[at] != ',') return fail();
        at = skipSpace(b, at + 1, limit);
        if (at == limit) return CUT;
      }
      int nameEnd = plainString(b, at, limit);
      if (nameEnd < 0) return nameEnd == CUT ? CUT : fail();
      int field = field(b, at + 1, nameEnd - 1);
      if (field < 0 || (given & (1 << field)) != 0) return fail();
      given |= 1 << field;
      int colon = skipSpace(b, nameEnd, limit);
      if (colon == limit) return CUT;
      if (b[colon] != ':') return fail();
      int v = skipSpace(b, colon + 1, limit);
      if (v == limit) return CUT;
      int end;
      if (b[v] == 'n') {
        // null: no value given; the general reader says a missing value is empty
        if (v + 4 > limit) return CUT;
        if (b[v + 1] != 'u' || b[v + 2] != 'l' || b[v + 3] != 'l' || field == VALUE) return fail();
        end = v + 4;
      } else if (b[v] == '"') {
        if (field == VALUE || field == UNCERTAINTY) return fail();
        end = plainString(b, v, limit);
        if (end < 0) return end == CUT ? CUT : fail();
        from[field] = v + 1;
        to[field] = end - 1;
      } else {
        end = number(b, v, limit);
        if (end < 0) return end == CUT ? CUT : fail();
        if (field == VALUE) value = CsvBytes.number(b, v, end);
        else if (field == UNCERTAINTY) uncertainty = CsvBytes.number(b, v, end);
        else if (field == POINT || field == COMPONENT) {
          // a number as key (a point 0.5) is taken as written; the general reader takes any other spelling of it
          from[field] = v;
          to[field] = end;
        } else {
          return fail();
        }
      }
      at = end;
    }
    if ((given & (1 << VALUE)) == 0) return fail();
    FastRows.Target target = placed.target(b, from[QUANTITY], to[QUANTITY]);
    if (target == null || !placed.put(target, b, from[SAMPLE], to[SAMPLE], from[POINT], to[POINT], from[COMPONENT], to[COMPONENT],
        value, uncertainty, target.conversion(b, from[UNIT], to[UNIT]))) {
      return fail();
    }
    first = false;
    return at;
  }

  private static int field(byte[] b, int from, int to) {
    for (int f = 0; f < FIELDS.length; f++) if (named(b, from, to, FIELDS[f])) return f;
    return -1;
  }

  private static boolean named(byte[] b, int from, int to, byte[] name) {
    return to - from == name.length && CsvBytes.same(name, 0, b, from, name.length);
  }

  /**
   * A string without escapes, control characters or spaces around its text, from its opening quote: where it ends
   * (after the closing quote), {@link #CUT}, or -1.
   */
  private static int plainString(byte[] b, int at, int limit) {
    if (b[at] != '"') return -1;
    for (int i = at + 1; i < limit; i++) {
      byte c = b[i];
      if (c == '"') return i == at + 1 || (b[at + 1] != ' ' && b[i - 1] != ' ') ? i + 1 : -1;
      if (c == '\\' || (c >= 0 && c < 0x20)) return -1;
    }
    return CUT;
  }

  /** Any string, escapes and all, from its opening quote: where it ends, {@link #CUT}, or -1. */
  private static int anyString(byte[] b, int at, int limit) {
    if (b[at] != '"') return -1;
    for (int i = at + 1; i < limit; i++) {
      if (b[i] == '\\') i++;
      else if (b[i] == '"') return i + 1;
    }
    return CUT;
  }

  /** A string literal's text, escapes decoded by Jackson; null where it is not valid JSON. */
  private static String decode(byte[] b, int from, int to) {
    try {
      return org.amchallenge.domain.Json.MAPPER.readValue(b, from, to - from, String.class);
    } catch (IOException invalid) {
      return null;
    }
  }

  /**
   * A number as JSON writes it ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}), checked here because the
   * parser it goes to takes more: where it ends, {@link #CUT}, or -1.
   */
  private static int number(byte[] b, int at, int limit) {
    int i = at;
    if (i < limit && b[i] == '-') i++;
    if (i == limit) return CUT;
    if (b[i] == '0') i++;
    else if (b[i] >= '1' && b[i] <= '9') i = digits(b, i, limit);
    else return -1;
    if (i < limit && b[i] == '.') {
      int d = digits(b, i + 1, limit);
      if (d == i + 1) return d == limit ? CUT : -1;
      i = d;
    }
    if (i < limit && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < limit && (b[i] == '+' || b[i] == '-')) i++;
      int d = digits(b, i, limit);
      if (d == i) return d == limit ? CUT : -1;
      i = d;
    }
    // a number is cut unless something follows it in these bytes
    return i == limit ? CUT : i;
  }

  private static int digits(byte[] b, int i, int limit) {
    while (i < limit && b[i] >= '0' && b[i] <= '9') i++;
    return i;
  }

  private static boolean space(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private static int skipSpace(byte[] b, int at, int limit) {
    while (at < limit && space(b[at])) at++;
    return at;
  }
}
