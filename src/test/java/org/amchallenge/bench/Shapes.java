package org.amchallenge.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The prediction files of issue 25's shapes, seeded, as modelers' scripts and spreadsheets write them, for two
 * challenges: {@code shapes} (six scalar quantities with units, some with the reference's uncertainties) and
 * {@code fields} (a profile quantity with points and a tensor quantity with components). Each shape holds
 * {@code values} predicted values (the workbook as many as the server's default cell limit allows).
 *
 * <pre>mvn -B -o -q package -DskipTests
 * java -cp target/test-classes:target/amchallenge.jar org.amchallenge.bench.Shapes OUTDIR [values]</pre>
 *
 * writes OUTDIR/challenges/{shapes,fields}.yaml, OUTDIR/reference-data/{shapes,fields}.csv and the files of {@link #SHAPES}.
 */
public final class Shapes {
  /** The server's default {@code --max-cells}: the workbook fills it. */
  static final int MAX_CELLS = 1_000_000;
  static final int DEFAULT_VALUES = 1_000_000;

  /** One shape: its file in OUTDIR, the challenge it is for, and the content type it is uploaded with. */
  record Shape(String name, String file, String challenge, String contentType) {}

  static final List<Shape> SHAPES = List.of(
      new Shape("long-ordered", "long-ordered.csv", "shapes", "text/csv"),
      new Shape("long-shuffled", "long-shuffled.csv", "shapes", "text/csv"),
      new Shape("wide", "wide.csv", "shapes", "text/csv"),
      new Shape("json", "predictions.json", "shapes", "application/json"),
      new Shape("fields", "fields.csv", "fields", "text/csv"),
      new Shape("xlsx", "workbook.xlsx", "shapes", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

  /** A scalar quantity: its unit, the range its measurements fall in, the scatter of the predictions, another unit it may be written in. */
  private record Scalar(String id, String unit, double low, double high, double scatter, String otherUnit, double perOther, String primary) {}

  private static final List<Scalar> SCALARS = List.of(
      new Scalar("melt_pool_depth", "um", 50, 150, 5, "mm", 1000, "nmae"),
      new Scalar("melt_pool_width", "um", 80, 200, 6, "mm", 1000, "nmae"),
      new Scalar("yield_strength", "MPa", 600, 900, 20, "GPa", 1000, "nmae"),
      new Scalar("ultimate_tensile_strength", "MPa", 850, 1100, 25, "GPa", 1000, "nmae"),
      new Scalar("elongation", "%", 20, 45, 3, null, 1, "mape"),
      new Scalar("hardness", "HV", 220, 320, 10, null, 1, "nmae"));

  private static final String[] COMPONENTS = {"e11", "e22", "e33", "e23", "e13", "e12"};
  /** Points along each profile, and loading states of each grain. */
  private static final int PROFILE_POINTS = 50;
  private static final int STATES = 6;

  private Shapes() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: Shapes OUTDIR [values]   (values: default " + DEFAULT_VALUES + ")");
      System.exit(2);
    }
    int values = args.length == 2 ? Integer.parseInt(args[1].replace("_", "").replace(",", "")) : DEFAULT_VALUES;
    // POI logs through Log4j's API, whose default would warn on stderr that no Log4j implementation is there
    System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    long start = System.nanoTime();
    write(Path.of(args[0]), values);
    System.out.printf("wrote %d values a shape to %s in %.1f s%n", values, args[0], (System.nanoTime() - start) / 1e9);
  }

  /** Writes the challenges, their references and every shape's file into {@code dir}. */
  static void write(Path dir, int values) throws IOException {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    Files.writeString(dir.resolve("challenges/shapes.yaml"), shapesChallenge());
    Files.writeString(dir.resolve("challenges/fields.yaml"), fieldsChallenge());
    writeScalars(dir, values);
    writeFields(dir, values);
  }

  private static final String HEAD = "title: Benchmark shapes\nopens: 2020-01-01T00:00:00Z\ncloses: 2099-01-01T00:00:00Z\n"
      + "rules: {max_submissions_per_day: 1000000, max_submissions_total: 1000000}\nranking: {bootstrap: 0, min_coverage: 0}\n";

  private static String shapesChallenge() {
    StringBuilder yaml = new StringBuilder("id: shapes\n").append(HEAD).append("quantities:\n");
    for (Scalar q : SCALARS) {
      yaml.append("  - id: ").append(q.id()).append("\n    unit: '").append(q.unit()).append("'\n    kind: scalar\n    primary: ")
          .append(q.primary()).append('\n');
    }
    return yaml.toString();
  }

  private static String fieldsChallenge() {
    return "id: fields\n" + HEAD + """
        quantities:
          - id: residual_strain_xx
            unit: '1e-6'
            kind: profile
            point: {name: x, unit: mm}
            primary: nrmse
          - id: grain_elastic_strain
            unit: '1'
            kind: tensor
            point: {name: state}
            components: [e11, e22, e33, e23, e13, e12]
            primary: l2
        """;
  }

  // ---- the scalar challenge

  /** Row k of the reference (and of every shape) is sample k / 6, quantity k % 6. */
  private static String sample(int k) {
    return "S" + (1_000_000 + k / SCALARS.size());
  }

  private static void writeScalars(Path dir, int values) throws IOException {
    Random random = new Random(25);
    int n = values;
    double[] measured = new double[n];
    double[] predicted = new double[n];
    double[] scatter = new double[n];
    for (int k = 0; k < n; k++) {
      Scalar q = SCALARS.get(k % SCALARS.size());
      measured[k] = round(q.low() + (q.high() - q.low()) * random.nextDouble(), 10);
      predicted[k] = offGrid(measured[k] + q.scatter() * random.nextGaussian(), 1000);
      scatter[k] = round(q.scatter() * (0.5 + random.nextDouble()), 1000);
    }
    try (Writer csv = writer(dir.resolve("reference-data/shapes.csv"))) {
      csv.write("sample_id,quantity,value,uncertainty\n");
      for (int k = 0; k < n; k++) {
        Scalar q = SCALARS.get(k % SCALARS.size());
        csv.write(sample(k) + "," + q.id() + "," + measured[k] + "," + referenceUncertainty(k) + "\n");
      }
    }
    int[] shuffled = shuffled(n, new Random(2025));
    try (Writer ordered = writer(dir.resolve("long-ordered.csv")); Writer mixed = writer(dir.resolve("long-shuffled.csv"))) {
      ordered.write("sample_id,quantity,value,uncertainty,unit\n");
      mixed.write("sample_id,quantity,value,uncertainty,unit\n");
      for (int k = 0; k < n; k++) {
        ordered.write(longRow(k, predicted, scatter));
        mixed.write(longRow(shuffled[k], predicted, scatter));
      }
    }
    try (Writer json = writer(dir.resolve("predictions.json"))) {
      json.write("{\"predictions\":[\n");
      for (int i = 0; i < n; i++) {
        int k = shuffled[i];
        String[] row = unitRow(k, predicted, scatter);
        json.write("{\"sample_id\":\"" + sample(k) + "\",\"quantity\":\"" + SCALARS.get(k % SCALARS.size()).id() + "\",\"value\":" + row[0]);
        if (!row[1].isEmpty()) json.write(",\"uncertainty\":" + row[1]);
        if (!row[2].isEmpty()) json.write(",\"unit\":\"" + row[2] + "\"");
        json.write(i == n - 1 ? "}\n" : "},\n");
      }
      json.write("]}\n");
    }
    // the wide form: one row per sample, a column per quantity, its unit in the header (two in another unit than the quantity's)
    try (Writer wide = writer(dir.resolve("wide.csv"))) {
      StringBuilder header = new StringBuilder("sample_id");
      for (Scalar q : SCALARS) header.append(',').append(q.id()).append(" [").append(wideUnit(q)).append(']');
      wide.write(header.append('\n').toString());
      int samples = (n + SCALARS.size() - 1) / SCALARS.size();
      for (int s = 0; s < samples; s++) wide.write(wideRow(s, n, predicted).append('\n').toString());
    }
    // an Excel export of the same wide table, as many rows as the cell limit allows
    int rows = workbookRows(n);
    try (SXSSFWorkbook workbook = new SXSSFWorkbook(200); OutputStream out = Files.newOutputStream(dir.resolve("workbook.xlsx"))) {
      // plain 32-bit zip records, as Excel writes them: with POI's default (Zip64Mode.AsNeeded) each part ends in a
      // Zip64 data descriptor, which java.util.zip.ZipInputStream misreads, and the server's upload refuses the file (422)
      workbook.setZip64Mode(Zip64Mode.Never);
      Sheet sheet = workbook.createSheet("Predictions");
      Row header = sheet.createRow(0);
      header.createCell(0).setCellValue("sample_id");
      for (int c = 0; c < SCALARS.size(); c++) header.createCell(c + 1).setCellValue(SCALARS.get(c).id() + " [" + wideUnit(SCALARS.get(c)) + "]");
      for (int s = 0; s < rows; s++) {
        Row row = sheet.createRow(s + 1);
        row.createCell(0).setCellValue(sample(s * SCALARS.size()));
        for (int c = 0; c < SCALARS.size(); c++) {
          int k = s * SCALARS.size() + c;
          if (k < n) row.createCell(c + 1).setCellValue(inWideUnit(SCALARS.get(c), predicted[k]));
        }
      }
      workbook.write(out);
      workbook.dispose();
    }
  }

  /** The workbook's rows below its header: a sample each, as many as fit in the cell limit with the header's cells. */
  private static int workbookRows(int values) {
    return Math.min((values + SCALARS.size() - 1) / SCALARS.size(), MAX_CELLS / (SCALARS.size() + 1) - 1);
  }

  /** How many values a shape's file holds when {@code values} were asked for: all of them, but the workbook only what its cells allow. */
  static long valuesIn(Shape shape, int values) {
    return shape.name().equals("xlsx") ? Math.min(values, (long) workbookRows(values) * SCALARS.size()) : values;
  }

  /** The reference's uncertainty: known for depth, yield strength and elongation, for every other sample's width, unknown for the rest. */
  private static String referenceUncertainty(int k) {
    return switch (k % SCALARS.size()) {
      case 0 -> "4.0";
      case 1 -> (k / SCALARS.size()) % 2 == 0 ? "5.0" : "";
      case 2 -> "15";
      case 4 -> "2.0";
      default -> "";
    };
  }

  /**
   * Row k's value, uncertainty and unit as written: one row in eight names the quantity's unit, one in eight
   * another unit it converts from (the value and uncertainty converted), the rest none; one row in nine has no uncertainty.
   */
  private static String[] unitRow(int k, double[] predicted, double[] scatter) {
    Scalar q = SCALARS.get(k % SCALARS.size());
    String uncertainty = k % 9 == 4 ? "" : Double.toString(scatter[k]);
    // by sample and quantity together, so that each quantity has rows of each kind
    int kind = (k + k / SCALARS.size()) % 8;
    if (kind == 0) return new String[] {Double.toString(predicted[k]), uncertainty, q.unit()};
    if (kind == 1 && q.otherUnit() != null) {
      return new String[] {Double.toString(predicted[k] / q.perOther()), uncertainty.isEmpty() ? "" : Double.toString(scatter[k] / q.perOther()), q.otherUnit()};
    }
    return new String[] {Double.toString(predicted[k]), uncertainty, ""};
  }

  private static String longRow(int k, double[] predicted, double[] scatter) {
    String[] row = unitRow(k, predicted, scatter);
    return sample(k) + "," + SCALARS.get(k % SCALARS.size()).id() + "," + row[0] + "," + row[1] + "," + row[2] + "\n";
  }

  /** Width in mm and tensile strength in GPa, as a spreadsheet might keep them; the others in the quantity's unit. */
  private static String wideUnit(Scalar q) {
    return q.id().equals("melt_pool_width") || q.id().equals("ultimate_tensile_strength") ? q.otherUnit() : q.unit();
  }

  private static double inWideUnit(Scalar q, double value) {
    return wideUnit(q).equals(q.unit()) ? value : value / q.perOther();
  }

  private static StringBuilder wideRow(int s, int n, double[] predicted) {
    StringBuilder row = new StringBuilder(sample(s * SCALARS.size()));
    for (int c = 0; c < SCALARS.size(); c++) {
      int k = s * SCALARS.size() + c;
      row.append(',');
      if (k < n) row.append(inWideUnit(SCALARS.get(c), predicted[k]));
    }
    return row;
  }

  // ---- the profile and tensor challenge: half the values each

  private static void writeFields(Path dir, int values) throws IOException {
    Random random = new Random(27);
    int profileRows = values / 2;
    int tensorRows = values - profileRows;
    String[] reference = new String[values];
    String[] predictions = new String[values];
    for (int r = 0; r < profileRows; r++) {
      String key = "P" + (100_000 + r / PROFILE_POINTS) + ",residual_strain_xx,x=" + shortest((r % PROFILE_POINTS) * 0.25) + ",";
      double measured = round(-600 + 1200 * random.nextDouble(), 10);
      double predicted = offGrid(measured + 80 * random.nextGaussian(), 100);
      reference[r] = key + "," + measured + ",50\n";
      predictions[r] = key + "," + predicted + "," + (r % 9 == 4 ? "" : round(40 + 40 * random.nextDouble(), 10)) + "," + (r % 8 == 0 ? "1e-6" : "") + "\n";
    }
    for (int r = 0; r < tensorRows; r++) {
      int point = r / COMPONENTS.length;
      String key = "G" + (100_000 + point / STATES) + ",grain_elastic_strain,state=S" + (1 + point % STATES) + "," + COMPONENTS[r % COMPONENTS.length];
      double measured = round(2e-3 * random.nextGaussian(), 1e7);
      double predicted = offGrid(measured + 1e-4 * random.nextGaussian(), 1e8);
      reference[profileRows + r] = key + "," + measured + ",1.0e-4\n";
      predictions[profileRows + r] = key + "," + predicted + "," + (r % 9 == 4 ? "" : round(1e-4 * (0.5 + random.nextDouble()), 1e8)) + ",\n";
    }
    try (Writer csv = writer(dir.resolve("reference-data/fields.csv"))) {
      csv.write("sample_id,quantity,point,component,value,uncertainty\n");
      for (String row : reference) csv.write(row);
    }
    int[] order = shuffled(values, new Random(2027));
    try (Writer csv = writer(dir.resolve("fields.csv"))) {
      csv.write("sample_id,quantity,point,component,value,uncertainty,unit\n");
      for (int i : order) csv.write(predictions[i]);
    }
  }

  // ---- helpers

  private static Writer writer(Path file) throws IOException {
    return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
  }

  private static double round(double value, double perUnit) {
    return Math.round(value * perUnit) / perUnit;
  }

  /**
   * Rounded to the grid, then half a step past it: no error then equals twice the reference's uncertainty or 1.96
   * times the predicted one (both on coarser grids), where the last bit of a unit conversion could tip a row in or out.
   */
  private static double offGrid(double value, double perUnit) {
    return (Math.round(value * perUnit) * 10 + 5) / (perUnit * 10);
  }

  /** A point's number in its shortest decimal form, as SPEC asks of labels (1, not 1.0). */
  private static String shortest(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** 0 .. n-1 in a seeded random order (Fisher-Yates). */
  private static int[] shuffled(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
