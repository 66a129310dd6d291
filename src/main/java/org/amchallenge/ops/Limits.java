package org.amchallenge.ops;

/**
 * What one caller may ask of a node: rows per uploaded file, cells per uploaded workbook, seconds for an upload's
 * body to arrive, requests per team or organizer per minute, uploads of one team at once, requests per client
 * address per minute before its caller is known, team registrations per client address per hour, event-stream
 * clients per node and per client address, and seconds for a request's head to arrive. A count of 0 is no limit.
 * {@code behindProxy}: the client address is the one a single proxy in front appended to X-Forwarded-For.
 */
public record Limits(long maxRows, long maxCells, int uploadSeconds, int requestsPerMinute, int uploadsPerTeam,
                     int addressRequestsPerMinute, int registrationsPerHour, int streams, int streamsPerAddress,
                     int headerSeconds, boolean behindProxy) {
  public static final Limits DEFAULTS = new Limits(2_000_000, 1_000_000, 120, 600, 4, 1200, 30, 2000, 32, 20, false);

  /** The first five limits; the others as {@link #DEFAULTS} has them. */
  public Limits(long maxRows, long maxCells, int uploadSeconds, int requestsPerMinute, int uploadsPerTeam) {
    this(maxRows, maxCells, uploadSeconds, requestsPerMinute, uploadsPerTeam, DEFAULTS.addressRequestsPerMinute,
        DEFAULTS.registrationsPerHour, DEFAULTS.streams, DEFAULTS.streamsPerAddress, DEFAULTS.headerSeconds, DEFAULTS.behindProxy);
  }

  /** These limits with a stranger's: requests per address per minute, registrations per address per hour. */
  public Limits withStrangers(int newAddressRequestsPerMinute, int newRegistrationsPerHour) {
    return new Limits(maxRows, maxCells, uploadSeconds, requestsPerMinute, uploadsPerTeam, newAddressRequestsPerMinute,
        newRegistrationsPerHour, streams, streamsPerAddress, headerSeconds, behindProxy);
  }

  /** These limits with others on event-stream clients, per node and per address. */
  public Limits withStreams(int newStreams, int newStreamsPerAddress) {
    return new Limits(maxRows, maxCells, uploadSeconds, requestsPerMinute, uploadsPerTeam, addressRequestsPerMinute,
        registrationsPerHour, newStreams, newStreamsPerAddress, headerSeconds, behindProxy);
  }

  /** These limits with another deadline for a request's head. */
  public Limits withHeaderSeconds(int newHeaderSeconds) {
    return new Limits(maxRows, maxCells, uploadSeconds, requestsPerMinute, uploadsPerTeam, addressRequestsPerMinute,
        registrationsPerHour, streams, streamsPerAddress, newHeaderSeconds, behindProxy);
  }

  /** These limits with the client address read from X-Forwarded-For, or not. */
  public Limits withBehindProxy(boolean newBehindProxy) {
    return new Limits(maxRows, maxCells, uploadSeconds, requestsPerMinute, uploadsPerTeam, addressRequestsPerMinute,
        registrationsPerHour, streams, streamsPerAddress, headerSeconds, newBehindProxy);
  }
}
