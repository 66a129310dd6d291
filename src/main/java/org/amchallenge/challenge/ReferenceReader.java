package org.amchallenge.challenge;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.amchallenge.challenge.ReferenceTable.ReferenceRow;
import org.amchallenge.problem.Problems;
import org.amchallenge.tabular.CsvRows;
import org.amchallenge.tabular.Numbers;

/** Reads a challenge's reference CSV and reports every problem in it with its line and column. */
public final class ReferenceReader {
  static final List<String> COLUMNS = List.of("sample_id", "quantity", "point", "component", "value", "uncertainty", "weight", "censor");
  private static final String TITLE = "Invalid reference data";

  private ReferenceReader() {}

  /**
   * A reference file read as far as it can be before its definition is known: its digest (on another core for a
   * large file) and the fast path's first pass. The offline scorer reads it so while the definition parses.
   */
  public static final class Early {
    private final byte[] csv;
    private final CompletableFuture<String> digest;
    private final FastReferenceCsv.Scan scan;

    private Early(byte[] csv) {
      this.csv = csv;
      // a large file's digest is taken on another core while it is parsed
      this.digest = csv.length > (1 << 20) ? CompletableFuture.supplyAsync(() -> sha256(csv)) : CompletableFuture.completedFuture(sha256(csv));
      this.scan = FastReferenceCsv.scan(csv);
    }
  }

  public static Early early(byte[] csv) {
    return new Early(csv);
  }

  public static ReferenceData read(Challenge challenge, byte[] csv) {
    return read(challenge, early(csv));
  }

  public static ReferenceData read(Challenge challenge, Early early) {
    byte[] csv = early.csv;
    Map<String, ReferenceTable> fast = early.scan == null ? null : FastReferenceCsv.tables(challenge, early.scan);
    if (fast != null) return new ReferenceData(java.util.Collections.unmodifiableMap(fast), early.digest.join());
    Problems problems = new Problems();
    Map<String, List<ReferenceRow>> rows = new LinkedHashMap<>();
    challenge.quantities().forEach(q -> rows.put(q.id(), new ArrayList<>()));
    try (CsvRows csvRows = CsvRows.open(new ByteArrayInputStream(csv), TITLE)) {
      if (!csvRows.next()) {
        problems.add(1, 1, null, "the file is empty; the header is " + String.join(",", COLUMNS));
        problems.throwIfAny(TITLE);
      }
      Map<String, Integer> columns = header(csvRows, problems);
      problems.throwIfAny(TITLE);
      Map<String, Integer> seen = new HashMap<>();
      while (csvRows.next() && !problems.isFull()) {
        if (!csvRows.isBlank()) readRow(challenge, csvRows, columns, rows, seen, problems);
      }
    }
    Map<String, ReferenceTable> tables = new LinkedHashMap<>();
    for (Quantity quantity : challenge.quantities()) {
      if (rows.get(quantity.id()).isEmpty()) problems.add(1, 1, "quantity", "no reference rows for quantity '" + quantity.id() + "'");
      tables.put(quantity.id(), new ReferenceTable(quantity, rows.get(quantity.id())));
    }
    problems.throwIfAny(TITLE);
    return new ReferenceData(java.util.Collections.unmodifiableMap(tables), early.digest.join());
  }

  private static Map<String, Integer> header(CsvRows csv, Problems problems) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < csv.width(); i++) {
      String name = csv.cell(i).toLowerCase();
      if (!COLUMNS.contains(name)) problems.add(csv.line(), i + 1, name, "unknown column; the columns are " + String.join(",", COLUMNS));
      else if (columns.putIfAbsent(name, i) != null) problems.add(csv.line(), i + 1, name, "column given twice");
    }
    for (String required : Set.of("sample_id", "quantity", "value")) {
      if (!columns.containsKey(required)) problems.add(csv.line(), 1, required, "required column is missing");
    }
    return columns;
  }

  private static void readRow(Challenge challenge, CsvRows csv, Map<String, Integer> columns,
                              Map<String, List<ReferenceRow>> rows, Map<String, Integer> seen, Problems problems) {
    int line = csv.line();
    int before = problems.total();
    String sample = cell(csv, columns, "sample_id");
    String quantityId = cell(csv, columns, "quantity");
    if (sample.isEmpty()) problems.add(line, column(columns, "sample_id"), "sample_id", "is empty");
    Quantity quantity = challenge.quantity(quantityId).orElse(null);
    if (quantity == null) {
      problems.add(line, column(columns, "quantity"), "quantity", "unknown quantity '" + quantityId + "'");
      return;
    }
    String point = Numbers.canonicalLabel(cell(csv, columns, "point"));
    String component = cell(csv, columns, "component");
    checkShape(quantity, point, component, line, columns, problems);
    double value = number(csv, columns, "value", Double.NaN, line, problems, true);
    double uncertainty = number(csv, columns, "uncertainty", Double.NaN, line, problems, false);
    double weight = number(csv, columns, "weight", 1.0, line, problems, false);
    if (uncertainty < 0) problems.add(line, column(columns, "uncertainty"), "uncertainty", "must not be negative");
    if (weight < 0) problems.add(line, column(columns, "weight"), "weight", "must not be negative");
    String censor = cell(csv, columns, "censor").toLowerCase();
    if (!censor.isEmpty() && !censor.equals("lower")) problems.add(line, column(columns, "censor"), "censor", "must be empty or 'lower'");
    if (quantity.transform() == Quantity.Transform.LOG10 && !(value > 0)) {
      problems.add(line, column(columns, "value"), "value", "must be positive for a log10 quantity");
    }
    if (quantity.points() != null && quantity.points().bandUnit() == Quantity.BandUnit.SIGMA && weight > 0 && !(uncertainty > 0)) {
      problems.add(line, column(columns, "uncertainty"), "uncertainty", "sigma bands need a positive uncertainty on every row");
    }
    Integer earlier = seen.putIfAbsent(quantityId + '\u0000' + ReferenceTable.key(sample, point, component), line);
    if (earlier != null) problems.add(line, 1, "sample_id", "duplicate row; the same key is on line " + earlier);
    if (problems.total() == before) {
      rows.get(quantityId).add(new ReferenceRow(sample, point, component, value, uncertainty, weight, censor.equals("lower")));
    }
  }

  private static void checkShape(Quantity quantity, String point, String component, int line,
                                 Map<String, Integer> columns, Problems problems) {
    if (quantity.kind().hasPoints() && point.isEmpty()) {
      problems.add(line, column(columns, "point"), "point", "a " + quantity.kind().id() + " quantity needs a point");
    } else if (!quantity.kind().hasPoints() && !point.isEmpty()) {
      problems.add(line, column(columns, "point"), "point", "a scalar quantity has no point");
    } else if (quantity.isCurve() && Double.isNaN(Abscissa.of(quantity, point))) {
      problems.add(line, column(columns, "point"), "point", "a point of the curve " + quantity.id() + " is its abscissa, "
          + quantity.curveAxis() + "=<number> (e.g. " + quantity.curveAxis() + "=0.02)");
    }
    if (quantity.kind().hasComponents() && !quantity.components().contains(component)) {
      problems.add(line, column(columns, "component"), "component", "must be one of " + quantity.components());
    } else if (!quantity.kind().hasComponents() && !component.isEmpty()) {
      problems.add(line, column(columns, "component"), "component", "only tensor quantities have components");
    }
  }

  private static double number(CsvRows csv, Map<String, Integer> columns, String name, double fallback, int line,
                               Problems problems, boolean required) {
    String text = cell(csv, columns, name);
    if (text.isEmpty()) {
      if (required) problems.add(line, column(columns, name), name, "is empty");
      return fallback;
    }
    double value = Numbers.parseFinite(text);
    if (Double.isNaN(value)) problems.add(line, column(columns, name), name, "'" + text + "' is not a finite number");
    return value;
  }

  private static String cell(CsvRows csv, Map<String, Integer> columns, String name) {
    Integer column = columns.get(name);
    return column == null ? "" : csv.cell(column).strip();
  }

  private static int column(Map<String, Integer> columns, String name) {
    return columns.getOrDefault(name, 0) + 1;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
