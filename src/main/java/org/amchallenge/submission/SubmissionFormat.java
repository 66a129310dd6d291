package org.amchallenge.submission;

import java.util.Locale;

/** The forms a prediction file may take. */
public enum SubmissionFormat {
  CSV("text/csv"), JSON("application/json"), XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  private final String mediaType;

  SubmissionFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The format a content type, a file name or the first bytes point to; CSV when nothing says otherwise. */
  public static SubmissionFormat detect(String contentType, String fileName, byte[] head) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    if (type.contains("spreadsheetml") || name.endsWith(".xlsx") || startsWithZip(head)) return XLSX;
    if (type.contains("json") || name.endsWith(".json")) return JSON;
    if (type.contains("csv") || name.endsWith(".csv")) return CSV;
    return firstNonBlank(head) == '{' ? JSON : CSV;
  }

  private static boolean startsWithZip(byte[] head) {
    return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
  }

  private static int firstNonBlank(byte[] head) {
    for (byte b : head) {
      if (!Character.isWhitespace(b) && (b & 0xff) != 0xEF && (b & 0xff) != 0xBB && (b & 0xff) != 0xBF) return b;
    }
    return -1;
  }
}
