package org.amchallenge.submission;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.tabular.CsvBytes;
import org.amchallenge.units.UnitConversion;

/**
 * The fast path for the wide CSV form (sample_id, an optional point, a column per quantity with its unit in the
 * header): the bytes read once, numbers parsed in place. It takes only a file with nothing to report; at anything
 * else (a quote, a comment row, an unknown column or key, a bad number) it gives up and the general reader reads the
 * file again and names every problem.
 */
final class FastWideCsv {
  private final FastRows placed;

  FastWideCsv(Challenge challenge, ReferenceData reference) {
    this.placed = new FastRows(challenge, reference, false);
  }

  /** The predictions of a valid wide CSV, or null where the general reader must read it. */
  ParsedSubmission read(byte[] body, String description) {
    int start = CsvBytes.startsWithBom(body) ? 3 : 0;
    int lineEnd = CsvBytes.lineEnd(body, start);
    String[] names = new String(body, start, lineEnd - start, StandardCharsets.UTF_8).split(",", -1);
    int sampleAt = -1;
    int pointAt = -1;
    FastRows.Target[] targets = new FastRows.Target[names.length];
    UnitConversion.Conversion[] conversions = new UnitConversion.Conversion[names.length];
    for (int i = 0; i < names.length; i++) {
      String header = names[i].strip();
      Matcher withUnit = PredictionReader.UNIT_IN_HEADER.matcher(header);
      String name = withUnit.matches() ? withUnit.group(1).strip() : header;
      byte[] unit = (withUnit.matches() ? withUnit.group(2).strip() : "").getBytes(StandardCharsets.UTF_8);
      if (header.contains("\"")) return null;
      if (name.equalsIgnoreCase("sample_id") && sampleAt < 0) {
        sampleAt = i;
      } else if (name.equalsIgnoreCase("point") && pointAt < 0) {
        pointAt = i;
      } else {
        byte[] named = name.getBytes(StandardCharsets.UTF_8);
        targets[i] = placed.target(named, 0, named.length);
        if (targets[i] == null) return null;
        conversions[i] = targets[i].conversion(unit, 0, unit.length);
        if (conversions[i] == null) return null;
      }
    }
    if (sampleAt < 0) return null;
    int[] starts = new int[names.length];
    int[] ends = new int[names.length];
    for (int at = CsvBytes.next(body, lineEnd); (at = CsvBytes.skipBlankLines(body, at, body.length)) < body.length; ) {
      int newline = CsvBytes.splitLine(body, at, starts, ends);
      if (newline < 0) return null;
      if (ends[sampleAt] > starts[sampleAt] && body[starts[sampleAt]] == '#') return null;
      int pointFrom = pointAt < 0 ? 0 : starts[pointAt];
      int pointTo = pointAt < 0 ? 0 : ends[pointAt];
      for (int i = 0; i < targets.length; i++) {
        if (targets[i] == null || ends[i] == starts[i]) continue;
        double value = CsvBytes.number(body, starts[i], ends[i]);
        if (!placed.put(targets[i], body, starts[sampleAt], ends[sampleAt], pointFrom, pointTo, 0, 0, value, Double.NaN, conversions[i])) {
          return null;
        }
      }
      at = newline + 1;
    }
    int rows = placed.rows();
    return rows <= 0 ? null : new ParsedSubmission(placed.predictions(), rows, description);
  }
}
