package org.amchallenge.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes a challenge of six quantities, its reference and the same predictions as workbooks of a million cells
 * (wide: sample_id and a column per quantity with its unit in the header; long: sample_id, quantity, value,
 * uncertainty) and as CSV, for the workbook benchmark, the million-cell test and measuring the jar by hand:
 * {@code java -cp ... org.amchallenge.bench.WorkbookFiles DIR}.
 */
public final class WorkbookFiles {
  /** The most cells a server takes by default. */
  public static final int CELLS = 1_000_000;
  public static final List<String> QUANTITIES = List.of("melt_pool_depth", "melt_pool_width", "melt_pool_length",
      "bead_height", "contact_angle", "porosity");
  private static final List<String> UNITS = List.of("um", "um", "um", "um", "deg", "percent");
  /** Rows of the wide sheet: with its header, sample_id and six quantities, 999,999 cells. */
  public static final int WIDE_ROWS = CELLS / (QUANTITIES.size() + 1) - 1;
  /** Rows of the long sheet: with its header, four columns, 1,000,000 cells. */
  public static final int LONG_ROWS = CELLS / 4 - 1;

  private WorkbookFiles() {}

  public static void main(String[] args) throws IOException {
    writeWide(Path.of(args[0]));
    writeLong(Path.of(args[0]));
  }

  public static String challenge() {
    StringBuilder yaml = new StringBuilder(String.join("\n", "id: bench-workbook", "title: Workbook benchmark",
        "opens: 2020-01-01T00:00:00Z", "closes: 2099-01-01T00:00:00Z", "quantities:", ""));
    for (int q = 0; q < QUANTITIES.size(); q++) {
      yaml.append("  - id: ").append(QUANTITIES.get(q)).append("\n    unit: ").append(UNITS.get(q)).append("\n    primary: nmae\n");
    }
    return yaml.toString();
  }

  static String sample(int i) {
    return "S" + (1_000_000 + i);
  }

  /** Measured and predicted values of sample i, quantity q: decimals of up to six places, as instruments give them. */
  private static double[] values(Random random) {
    double measured = Math.round((50 + 100 * random.nextDouble()) * 1e4) / 1e4;
    double predicted = Math.round((measured + random.nextGaussian() * 5) * 1e6) / 1e6;
    return new double[] {measured, predicted};
  }

  private static double[][][] values() {
    Random random = new Random(11);
    double[][] measured = new double[WIDE_ROWS][QUANTITIES.size()];
    double[][] predicted = new double[WIDE_ROWS][QUANTITIES.size()];
    for (int i = 0; i < WIDE_ROWS; i++) {
      for (int q = 0; q < QUANTITIES.size(); q++) {
        double[] pair = values(random);
        measured[i][q] = pair[0];
        predicted[i][q] = pair[1];
      }
    }
    return new double[][][] {measured, predicted};
  }

  /**
   * Writes C.yaml, R.csv, and the same predictions as wide.xlsx (text in shared strings, as Excel saves it), wide.csv
   * and long.csv (the long form).
   */
  public static void writeWide(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("C.yaml"), challenge());
    double[][][] values = values();
    double[][] measured = values[0];
    double[][] predicted = values[1];
    try (Writer reference = Files.newBufferedWriter(dir.resolve("R.csv"));
         Writer wide = Files.newBufferedWriter(dir.resolve("wide.csv"));
         Writer longForm = Files.newBufferedWriter(dir.resolve("long.csv"))) {
      reference.write("sample_id,quantity,value,uncertainty\n");
      longForm.write("sample_id,quantity,value\n");
      wide.write("sample_id");
      for (int q = 0; q < QUANTITIES.size(); q++) wide.write("," + QUANTITIES.get(q) + " [" + UNITS.get(q) + "]");
      wide.write("\n");
      for (int i = 0; i < WIDE_ROWS; i++) {
        wide.write(sample(i));
        for (int q = 0; q < QUANTITIES.size(); q++) {
          reference.write(sample(i) + "," + QUANTITIES.get(q) + "," + measured[i][q] + ",2\n");
          longForm.write(sample(i) + "," + QUANTITIES.get(q) + "," + predicted[i][q] + "\n");
          wide.write("," + predicted[i][q]);
        }
        wide.write("\n");
      }
    }
    workbook(dir.resolve("wide.xlsx"), sheet -> {
      Row header = sheet.createRow(0);
      header.createCell(0).setCellValue("sample_id");
      for (int q = 0; q < QUANTITIES.size(); q++) header.createCell(q + 1).setCellValue(QUANTITIES.get(q) + " [" + UNITS.get(q) + "]");
      for (int i = 0; i < WIDE_ROWS; i++) {
        Row row = sheet.createRow(i + 1);
        row.createCell(0).setCellValue(sample(i));
        for (int q = 0; q < QUANTITIES.size(); q++) row.createCell(q + 1).setCellValue(predicted[i][q]);
      }
    });
  }

  /** Writes C.yaml, R-long.csv, and the same predictions as long.xlsx (sample_id, quantity, value, uncertainty) and long-as.csv. */
  public static void writeLong(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("C.yaml"), challenge());
    double[][][] values = values();
    double[][] measured = values[0];
    double[][] predicted = values[1];
    int samples = LONG_ROWS / QUANTITIES.size();
    try (Writer reference = Files.newBufferedWriter(dir.resolve("R-long.csv"));
         Writer longForm = Files.newBufferedWriter(dir.resolve("long-as.csv"))) {
      reference.write("sample_id,quantity,value,uncertainty\n");
      longForm.write("sample_id,quantity,value,uncertainty\n");
      for (int i = 0; i < samples; i++) {
        for (int q = 0; q < QUANTITIES.size(); q++) {
          reference.write(sample(i) + "," + QUANTITIES.get(q) + "," + measured[i][q] + ",2\n");
          longForm.write(sample(i) + "," + QUANTITIES.get(q) + "," + predicted[i][q] + ",1.5\n");
        }
      }
    }
    workbook(dir.resolve("long.xlsx"), sheet -> {
      Row header = sheet.createRow(0);
      List<String> names = List.of("sample_id", "quantity", "value", "uncertainty");
      for (int c = 0; c < names.size(); c++) header.createCell(c).setCellValue(names.get(c));
      int r = 1;
      for (int i = 0; i < samples; i++) {
        for (int q = 0; q < QUANTITIES.size(); q++) {
          Row row = sheet.createRow(r++);
          row.createCell(0).setCellValue(sample(i));
          row.createCell(1).setCellValue(QUANTITIES.get(q));
          row.createCell(2).setCellValue(predicted[i][q]);
          row.createCell(3).setCellValue(1.5);
        }
      }
    });
  }

  interface SheetFiller {
    void fill(Sheet sheet);
  }

  private static void workbook(Path file, SheetFiller filler) throws IOException {
    SXSSFWorkbook workbook = new SXSSFWorkbook(new XSSFWorkbook(), 200, true, true);
    try (OutputStream out = Files.newOutputStream(file)) {
      filler.fill(workbook.createSheet("predictions"));
      workbook.write(out);
    } finally {
      workbook.close();
    }
  }
}
