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

  /** A client with the caller's token; null (and said how to give one) where there is none. */
  static ApiClient withToken(ClientOptions client) throws IOException {
    String token = client.token();
    if (token == null) {
      System.err.println("no token: set AMC_TOKEN, or 'token' in " + client.configFile() + " (amchallenge login), or pass --token");
      return null;
    }
    return new ApiClient(client.server(), token);
  }

  /** A JSON or text answer; null where the server could not be reached. */
  HttpResponse<String> call(String method, String path, String contentType, HttpRequest.BodyPublisher body) throws InterruptedException {
    HttpRequest.Builder builder = request(path).header("Accept", "application/json").method(method, body);
    if (contentType != null) builder.header("Content-Type", contentType);
    return send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws InterruptedException {
    return call("GET", path, null, HttpRequest.BodyPublishers.noBody());
  }

  /** A request with a JSON body (none where {@code body} is null). */
  HttpResponse<String> json(String method, String path, Object body) throws InterruptedException, IOException {
    if (body == null) return call(method, path, null, HttpRequest.BodyPublishers.noBody());
    return call(method, path, "application/json", HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
  }

  /** A path of the API from its segments, each encoded (an email's @, a team name's spaces). */
  static String path(String... segments) {
    StringBuilder path = new StringBuilder("/api");
    for (String segment : segments) {
      path.append('/').append(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return path.toString();
  }

  /** A query parameter's value, encoded. */
  static String query(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The exit code of a refusal, its problems printed (those without a file of their own in {@code file}). */
  static int refused(HttpResponse<String> response, String file) {
    printProblems(response.body(), file, System.err);
    response.headers().firstValue("Retry-After").ifPresent(seconds -> System.err.println("try again in " + seconds + " s"));
    return ExitCodes.ofStatus(response.statusCode());
  }

  /** A request sent while the caller does something else (polls the progress of what it asked). */
  java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The answer of {@link #sendAsync}, or null where the server could not be reached (which is said on standard error). */
  HttpResponse<String> awaited(java.util.concurrent.CompletableFuture<HttpResponse<String>> sent) throws InterruptedException {
    try {
      return sent.get();
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println(unreachable(server, e.getCause() instanceof IOException io ? io : new IOException(e.getCause())));
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
   * A problem answer: its title, then one line per problem as compilers print them ({@code file:line:column: field: detail},
   * see {@link ProblemLines}), so that an editor can jump to each; a body that is not a problem is printed as it came.
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
    String title = problem.path("title").asText("refused") + (problem.has("status") ? " (" + problem.get("status").asInt() + ")" : "");
    JsonNode problems = problem.path("problems");
    if (!problems.isArray() || problems.isEmpty()) {
      err.println(title);
      if (problem.hasNonNull("detail")) err.println(problem.get("detail").asText());
      return;
    }
    ProblemLines.print(title, ProblemLines.fromJson(problems), problem.path("total_problems").asInt(problems.size()), file, err);
  }
}
