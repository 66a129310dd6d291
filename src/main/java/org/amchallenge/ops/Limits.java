package org.amchallenge.ops;

/**
 * What one caller may ask of a node: rows per uploaded file, cells per uploaded workbook, seconds for an
 * upload's body to arrive, requests per token per minute (0: no limit), and uploads of one team at once.
 */
public record Limits(long maxRows, long maxCells, int uploadSeconds, int requestsPerMinute, int uploadsPerTeam) {
  public static final Limits DEFAULTS = new Limits(2_000_000, 1_000_000, 120, 600, 4);
}
