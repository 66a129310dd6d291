package org.amchallenge.submission;

import org.amchallenge.problem.ApiException;

/** The row limit of a text upload, checked on the bytes before any parsing. */
public final class FileLimits {
  private FileLimits() {}

  /**
   * Counts {@code separator} bytes (line ends in CSV, object openings in JSON: each row takes at least one) and
   * refuses the file with 413 past {@code maxRows} plus a header.
   */
  public static void checkRows(byte[] body, byte separator, long maxRows) {
    checkRows(org.amchallenge.tabular.CsvBytes.count(body, separator), maxRows);
  }

  /** {@link #checkRows(byte[], byte, long)} on a count made already. */
  public static void checkRows(long separators, long maxRows) {
    if (separators > maxRows + 1) {
      throw new ApiException(413, "too-many-rows", "the file has more than " + maxRows
          + " rows, the most this server takes in one file; split the predictions or ask the organizer");
    }
  }
}
