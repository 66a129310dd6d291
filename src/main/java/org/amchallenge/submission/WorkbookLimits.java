package org.amchallenge.submission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.amchallenge.problem.ApiException;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;

/**
 * Looks inside an uploaded workbook before Apache POI builds it in memory: the worksheets' cells are counted
 * and the bytes it expands to are summed, streaming, so that a workbook of millions of cells or a zip bomb is
 * refused (413) at the cost of one pass of inflation. Written by hand because POI learns these only once it
 * has built the sheets (its own zip-bomb guard checks the compression ratio, which a bomb can keep modest).
 */
public final class WorkbookLimits {
  /** Most bytes a workbook's parts may expand to, all together. */
  static final long MAX_EXPANDED = 256L << 20;
  private static final byte[] CELL = "<c".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private WorkbookLimits() {}

  public static void check(byte[] body, long maxCells) {
    long expanded = 0;
    long cells = 0;
    byte[] buffer = new byte[64 << 10];
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        boolean sheet = entry.getName().startsWith("xl/worksheets/") && entry.getName().endsWith(".xml");
        int matched = 0;
        for (int n; (n = zip.read(buffer)) > 0; ) {
          expanded += n;
          if (expanded > MAX_EXPANDED) {
            throw new ApiException(413, "too-large", "the workbook expands to more than " + (MAX_EXPANDED >> 20)
                + " MiB, the most this server opens; save the predictions as CSV");
          }
          if (!sheet) continue;
          for (int i = 0; i < n; i++) {
            // "<c" then a space or '>' opens a cell element ("<col" and "<cols" do not match)
            if (matched == CELL.length) {
              if (buffer[i] == ' ' || buffer[i] == '>') cells++;
              matched = 0;
            }
            matched = buffer[i] == CELL[matched] ? matched + 1 : buffer[i] == CELL[0] ? 1 : 0;
          }
          if (cells > maxCells) {
            throw new ApiException(413, "too-many-cells", "the workbook has more than " + maxCells
                + " cells, the most this server opens; save the predictions as CSV");
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // IllegalArgumentException: an entry name that is not valid UTF-8
      throw new InvalidInputException(PredictionReader.TITLE, Problem.of("the file is not a readable XLSX workbook: " + e.getMessage()));
    }
  }
}
