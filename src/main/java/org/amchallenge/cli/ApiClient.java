package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.amchallenge.domain.Json;

/** The few requests the commands make, and how a problem answer is printed. */
final class ApiClient {
  private final String server;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ApiClient(String server, String token) {
    this.server = server;
    this.token = token;
  }

  String server() {
    return server;
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + path));
    if (token != null) builder.header("Authorization", "Bearer " + token);
    return builder;
  }

  /** The answer, or null where the server could not be reached (which is said on standard error). */
  <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws InterruptedException {
    try {
      return http.send(request, body);
    } catch (IOException e) {
      System.err.println(unreachable(server, e));
      return null;
    }
  }

  /** Why a server could not be reached, in words: the JDK's client often gives no message at all. */
  private static String unreachable(String server, IOException e) {
    String why = e instanceof java.net.ConnectException ? "connection refused"
        : e instanceof java.net.http.HttpTimeoutException ? "timed out" : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return "cannot reach " + server + ": " + why;
  }

  /**
   * A problem answer, one line per problem as compilers print them ({@code file:line:column: detail}), so
   * that an editor can jump to each; a body that is not a problem is printed as it came.
   */
  static void printProblems(String body, String file, PrintStream err) {
    JsonNode problem;
    try {
      problem = Json.MAPPER.readTree(body);
    } catch (IOException notJson) {
      err.println(body);
      return;
    }
    if (problem == null || !problem.isObject()) {
      err.println(body);
      return;
    }
    err.println(problem.path("title").asText("refused") + (problem.has("status") ? " (" + problem.get("status").asInt() + ")" : ""));
    JsonNode problems = problem.path("problems");
    if (!problems.isArray() || problems.isEmpty()) {
      if (problem.hasNonNull("detail")) err.println(problem.get("detail").asText());
      return;
    }
    for (JsonNode each : problems) {
      StringBuilder where = new StringBuilder(each.hasNonNull("file") ? each.get("file").asText() : file == null ? "" : file);
      if (each.hasNonNull("sheet")) where.append("[").append(each.get("sheet").asText()).append("]");
      if (each.hasNonNull("line")) where.append(":").append(each.get("line").asInt());
      if (each.hasNonNull("column")) where.append(":").append(each.get("column").asInt());
      err.println(where + (where.length() > 0 ? ": " : "") + each.path("detail").asText());
    }
    int total = problem.path("total_problems").asInt(problems.size());
    if (total > problems.size()) err.println("... " + (total - problems.size()) + " more problems not listed");
  }
}
