package org.amchallenge.submission;

import org.amchallenge.tabular.CsvBytes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;

/**
 * The fast path for the long CSV form, the one large files come in: reads the bytes once, finds each row's
 * reference row from its key bytes, parses numbers in place (FastDoubleParser). It takes only a file with
 * nothing to report: at anything it does not expect (a quote, an unknown key, a bad number, a unit that does
 * not convert, a duplicate, a non-canonical point) it gives up and the general reader reads the file again and reports
 * every problem. Written by hand because a general CSV library makes a String of every cell.
 */
public final class FastLongCsv {
  private static final int SAMPLE = 0;
  private static final int QUANTITY = 1;
  private static final int POINT = 2;
  private static final int COMPONENT = 3;
  private static final int VALUE = 4;
  private static final int UNCERTAINTY = 5;
  private static final int UNIT = 6;
  private static final Map<String, Integer> COLUMNS = Map.of("sample_id", SAMPLE, "quantity", QUANTITY, "point", POINT,
      "component", COMPONENT, "value", VALUE, "uncertainty", UNCERTAINTY, "unit", UNIT);

  private final Challenge challenge;
  private final ReferenceData reference;

  public FastLongCsv(Challenge challenge, ReferenceData reference) {
    this.challenge = challenge;
    this.reference = reference;
  }

  /** The predictions of a valid long CSV, or null where the general reader must read it. */
  public ParsedSubmission read(byte[] body, String description) {
    return finish(body, description);
  }

  // where the next line starts (-1 before the header), and what the header set up
  private int at = -1;
  private boolean refused;
  private int[] fieldOf;
  private FastRows placed;
  private int[] starts;
  private int[] ends;

  /**
   * Reads the lines of {@code body} that end before {@code limit}, which is just after an LF: the part of an upload
   * that has arrived so far (the rest of the array is still being written). False once the file is not one for
   * the fast path; {@link #finish} then gives null.
   */
  public boolean feed(byte[] body, int limit) {
    if (refused) return false;
    if (at < 0) {
      if (limit == 0) return true;
      int start = CsvBytes.startsWithBom(body) ? 3 : 0;
      // the header's LF, the file's first, comes before the limit
      int lineEnd = CsvBytes.lineEnd(body, start);
      fieldOf = header(body, start, lineEnd);
      if (fieldOf == null) return refuse();
      boolean withUncertainty = false;
      for (int field : fieldOf) withUncertainty |= field == UNCERTAINTY;
      placed = new FastRows(challenge, reference, withUncertainty);
      starts = new int[fieldOf.length];
      ends = new int[fieldOf.length];
      at = CsvBytes.next(body, lineEnd);
    }
    while ((at = CsvBytes.skipBlankLines(body, at, limit)) < limit) {
      int newline = CsvBytes.splitLine(body, at, starts, ends);
      if (newline < 0 || !accept(body, fieldOf, starts, ends)) return refuse();
      at = newline + 1;
    }
    // the rows waiting for their lookup name bytes of this array, which the next part may overwrite
    return placed.flush() || refuse();
  }

  /**
   * Reads {@code part[0, limit)}: the next whole lines of the file, in an array of their own (the first part starts
   * with the header). False once the file is not one for the fast path.
   */
  public boolean feedPart(byte[] part, int limit) {
    if (at >= 0) at = 0;
    return feed(part, limit);
  }

  /** Reads what is left, the array's end being the file's: the predictions, or null where the general reader must read it. */
  public ParsedSubmission finish(byte[] body, String description) {
    return feed(body, body.length) ? result(description) : null;
  }

  /** The predictions of the lines fed, the last of them the file's last: null where the general reader must read it. */
  public ParsedSubmission result(String description) {
    int rows = refused || placed == null ? -1 : placed.rows();
    return rows <= 0 ? null : new ParsedSubmission(placed.predictions(), rows, description);
  }

  private boolean refuse() {
    refused = true;
    return false;
  }

  private final int[] from = new int[7];
  private final int[] to = new int[7];

  private boolean accept(byte[] line, int[] fieldOf, int[] starts, int[] ends) {
    // fields the header lacks stay empty (0, 0) from the start of the file
    for (int f = 0; f < fieldOf.length; f++) {
      from[fieldOf[f]] = starts[f];
      to[fieldOf[f]] = ends[f];
    }
    FastRows.Target target = placed.target(line, from[QUANTITY], to[QUANTITY]);
    if (target == null) return false;
    double value = CsvBytes.number(line, from[VALUE], to[VALUE]);
    boolean uncertain = to[UNCERTAINTY] > from[UNCERTAINTY];
    double uncertainty = uncertain ? CsvBytes.number(line, from[UNCERTAINTY], to[UNCERTAINTY]) : Double.NaN;
    if (uncertain && Double.isNaN(uncertainty)) return false;
    return placed.put(target, line, from[SAMPLE], to[SAMPLE], from[POINT], to[POINT], from[COMPONENT], to[COMPONENT], value, uncertainty,
        target.conversion(line, from[UNIT], to[UNIT]));
  }

  /** The field of each header column, or null where the header is not a plain long-form header. */
  private static int[] header(byte[] body, int from, int to) {
    String[] names = new String(body, from, to - from, StandardCharsets.UTF_8).split(",", -1);
    int[] fieldOf = new int[names.length];
    boolean[] given = new boolean[7];
    for (int i = 0; i < names.length; i++) {
      Integer field = COLUMNS.get(names[i].strip().toLowerCase());
      if (field == null || given[field]) return null;
      given[field] = true;
      fieldOf[i] = field;
    }
    return given[SAMPLE] && given[QUANTITY] && given[VALUE] ? fieldOf : null;
  }

}
