package org.amchallenge.ops;

/**
 * Who may read the Prometheus metrics. On the API's port ({@code port} {@link #ON_API_PORT}): the bearer of
 * {@code token}, or of the organizer's token (also where {@code token} is null). On a port of their own
 * ({@code port} 0 or more, 0 for one the system chooses) listening on {@code host}: whoever reaches it, or only
 * the bearer of {@code token} where it is set; the API's port then serves none.
 */
public record MetricsAccess(String token, int port, String host) {
  public static final int ON_API_PORT = -1;
  public static final MetricsAccess DEFAULT = new MetricsAccess(null, ON_API_PORT, "127.0.0.1");

  public boolean ownPort() {
    return port != ON_API_PORT;
  }
}
