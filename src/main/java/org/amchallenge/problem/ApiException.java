package org.amchallenge.problem;

/** A request that cannot be served, with the HTTP status and problem type it is answered with. */
public class ApiException extends RuntimeException {
  private final int status;
  private final String type;
  private final java.util.Map<String, String> headers;

  public ApiException(int status, String type, String detail) {
    this(status, type, detail, java.util.Map.of());
  }

  /** With response headers, e.g. Retry-After on a 429. */
  public ApiException(int status, String type, String detail, java.util.Map<String, String> headers) {
    super(detail);
    this.status = status;
    this.type = type;
    this.headers = java.util.Map.copyOf(headers);
  }

  public java.util.Map<String, String> headers() {
    return headers;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "not-found", detail);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "unauthorized", detail);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "forbidden", detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "conflict", detail);
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "bad-request", detail);
  }
}
