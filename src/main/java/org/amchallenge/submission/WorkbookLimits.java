package org.amchallenge.submission;

import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.amchallenge.problem.ApiException;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;

/**
 * Looks inside an uploaded workbook before it is read: the cells of its parts are counted and the bytes it expands
 * to are summed, streaming, so that a workbook of millions of cells or a zip bomb is refused (413) at the cost of one
 * pass of inflation. Written by hand because POI learns these only as it reads the sheets (its own zip-bomb guard
 * checks the compression ratio, which a bomb can keep modest). The zip is read through its central directory, as
 * the reader reads it, so every entry the reader could open is counted, whatever its name.
 */
public final class WorkbookLimits {
  /** Most bytes a workbook's parts may expand to, all together. */
  static final long MAX_EXPANDED = 256L << 20;

  private WorkbookLimits() {}

  public static void check(byte[] body, long maxCells) {
    long expanded = 0;
    CellCounter cells = new CellCounter();
    byte[] buffer = new byte[64 << 10];
    try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(body)).get()) {
      for (Enumeration<ZipArchiveEntry> entries = zip.getEntries(); entries.hasMoreElements(); ) {
        ZipArchiveEntry entry = entries.nextElement();
        if (entry.isDirectory()) continue;
        cells.startPart();
        try (InputStream in = zip.getInputStream(entry)) {
          for (int n; (n = in.read(buffer)) >= 0; ) {
            expanded += n;
            if (expanded > MAX_EXPANDED) {
              throw new ApiException(413, "too-large", "the workbook expands to more than " + (MAX_EXPANDED >> 20)
                  + " MiB, the most this server opens; save the predictions as CSV");
            }
            cells.count(buffer, n);
            if (cells.count > maxCells) {
              throw new ApiException(413, "too-many-cells", "the workbook has more than " + maxCells
                  + " cells, the most this server opens; save the predictions as CSV");
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException refused) throw refused;
      throw new InvalidInputException(PredictionReader.TITLE, Problem.of("the file is not a readable XLSX workbook: " + e.getMessage()));
    }
  }

  /** Counts the elements named c (a cell), with any namespace prefix: "<c", "<x:c", then a space, '/' or '>'. */
  private static final class CellCounter {
    long count;
    /** -1: outside a tag's name; else how many bytes of the name were read, the last ':' resetting it. */
    private int name = -1;
    private boolean isC;

    void startPart() {
      name = -1;
    }

    void count(byte[] bytes, int length) {
      for (int i = 0; i < length; i++) {
        byte b = bytes[i];
        if (b == '<') {
          name = 0;
        } else if (name >= 0) {
          if (b == ' ' || b == '>' || b == '/' || b == '\t' || b == '\r' || b == '\n') {
            if (name == 1 && isC) count++;
            name = -1;
          } else if (b == ':') {
            name = 0;
          } else {
            isC = name == 0 && b == 'c';
            name++;
          }
        }
      }
    }
  }
}
