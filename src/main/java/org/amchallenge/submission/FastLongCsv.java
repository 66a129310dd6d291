package org.amchallenge.submission;

import org.amchallenge.tabular.CsvBytes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.scoring.Predictions;

/**
 * The fast path for the long CSV form, the one large files come in: reads the bytes once, finds each row's
 * reference row from its key bytes, parses numbers in place (FastDoubleParser). It takes only a file with
 * nothing to report: at anything it does not expect (a quote, an unknown key, a bad number, a unit, a
 * duplicate, a non-canonical point) it gives up and the general reader reads the file again and reports
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
  private Target[] targets;
  private int[] starts;
  private int[] ends;
  private int rows;
  private boolean withUncertainty;

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
      for (int field : fieldOf) withUncertainty |= field == UNCERTAINTY;
      targets = targets();
      starts = new int[fieldOf.length];
      ends = new int[fieldOf.length];
      at = CsvBytes.next(body, lineEnd);
    }
    while ((at = CsvBytes.skipBlankLines(body, at, limit)) < limit) {
      int newline = CsvBytes.splitLine(body, at, starts, ends);
      if (newline < 0 || !accept(body, fieldOf, starts, ends, targets)) return refuse();
      rows++;
      at = newline + 1;
    }
    return true;
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
    if (refused || rows == 0) return null;
    Predictions predictions = new Predictions();
    for (Target target : targets) {
      if (target.column != null) predictions.put(target.quantity.id(), target.column);
    }
    return new ParsedSubmission(predictions, rows, description);
  }

  private boolean refuse() {
    refused = true;
    return false;
  }

  /** Where a quantity's rows go, made on its first row. */
  private final class Target {
    final Quantity quantity;
    final byte[][] names;
    final ReferenceTable table;
    Predictions.Column column;
    boolean[] seen;
    int last = -1;

    Target(Quantity quantity) {
      this.quantity = quantity;
      this.table = reference.table(quantity.id());
      this.names = java.util.stream.Stream.concat(java.util.stream.Stream.of(quantity.id()), quantity.aliases().stream())
          .map(name -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    boolean named(byte[] line, int from, int to) {
      for (byte[] name : names) {
        if (name.length == to - from && CsvBytes.same(name, 0, line, from, name.length)) return true;
      }
      return false;
    }
  }

  private Target[] targets() {
    return challenge.quantities().stream().filter(q -> q.transform() == Quantity.Transform.NONE).map(Target::new).toArray(Target[]::new);
  }

  private final int[] from = new int[7];
  private final int[] to = new int[7];

  /** The quantity of the row before, tried first: files come a quantity at a time. */
  private Target previous;

  private boolean accept(byte[] line, int[] fieldOf, int[] starts, int[] ends, Target[] targets) {
    // fields the header lacks stay empty (0, 0) from the start of the file
    for (int f = 0; f < fieldOf.length; f++) {
      from[fieldOf[f]] = starts[f];
      to[fieldOf[f]] = ends[f];
    }
    if (to[UNIT] > from[UNIT] || to[SAMPLE] == from[SAMPLE]) return false;
    Target target = previous != null && previous.named(line, from[QUANTITY], to[QUANTITY]) ? previous : null;
    for (int t = 0; target == null && t < targets.length; t++) {
      if (targets[t].named(line, from[QUANTITY], to[QUANTITY])) target = targets[t];
    }
    if (target == null) return false;
    previous = target;
    int row = target.table.rowIndex().find(line, from[SAMPLE], to[SAMPLE], from[POINT], to[POINT], from[COMPONENT], to[COMPONENT],
        target.last + 1);
    if (row < 0) return false;
    target.last = row;
    double value = CsvBytes.number(line, from[VALUE], to[VALUE]);
    double uncertainty = to[UNCERTAINTY] > from[UNCERTAINTY] ? CsvBytes.number(line, from[UNCERTAINTY], to[UNCERTAINTY]) : Double.NaN;
    if (Double.isNaN(value) || uncertainty < 0 || (to[UNCERTAINTY] > from[UNCERTAINTY] && Double.isNaN(uncertainty))) return false;
    // out of the scorable range: the general reader names the row's problem
    if (!RowSink.scorable(value) || (!Double.isNaN(uncertainty) && !RowSink.scorableUncertainty(uncertainty))) return false;
    if (target.column == null) {
      // a file without uncertainties shares the table's all-NaN column, which is never written
      target.column = withUncertainty ? Predictions.Column.empty(target.table.size())
          : new Predictions.Column(Predictions.Column.nans(target.table.size()), target.table.unknownColumn());
      target.seen = new boolean[target.table.size()];
    }
    if (target.seen[row]) return false;
    target.seen[row] = true;
    target.column.values()[row] = value;
    if (withUncertainty) target.column.uncertainties()[row] = uncertainty;
    return true;
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
