package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import org.amchallenge.submission.SubmissionFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Upload a prediction file (CSV, JSON or the challenge's XLSX template) and print its scores as a table.",
        "The token is read from AMC_TOKEN or the config file (see --config); a rejected file's problems are printed "
            + "one a line as FILE:LINE:COLUMN: field: detail."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:scored (201)", "1:the file was rejected; every problem is printed", "2:wrong usage or no token",
        "3:the server could not be reached, or failed", "4:refused: token, closed challenge, a limit (401, 403, 404, 409, 429)"})
public final class SubmitCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Option(names = "--challenge", required = true, description = "the challenge id")
  String challenge;

  @Option(names = "--description", description = "the model's description (Markdown), kept with the submission")
  String description;

  @Option(names = "--description-file", description = "a file holding the model's description")
  Path descriptionFile;

  @Option(names = "--method", paramLabel = "FILE.yaml", description = "the method card, a YAML (or JSON) object of the challenge's "
      + "method_form fields, e.g. 'model_class: machine_learning'; a card that breaks the form is refused and the file not scored")
  Path methodFile;

  @Option(names = "--json", description = "print the server's JSON answer (or problem) as it came, for scripts")
  boolean json;

  @Option(names = "--progress", negatable = true, description = "show a progress bar (default: for files of 1 MiB or more on a terminal)")
  Boolean progress;

  @Parameters(paramLabel = "FILE", description = "the prediction file")
  Path file;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String token = client.token();
    if (token == null) {
      System.err.println("no token: set AMC_TOKEN, or 'token' in " + client.configFile() + ", or pass --token");
      return ExitCodes.USAGE;
    }
    if (!Files.isRegularFile(file)) {
      System.err.println("no file " + file);
      return ExitCodes.USAGE;
    }
    String text = descriptionFile != null ? Files.readString(descriptionFile) : description;
    long size = Files.size(file);
    byte[] head = readHead(file);
    SubmissionFormat format = SubmissionFormat.detect(null, file.getFileName().toString(), head);
    ProgressBar bar = ProgressBar.wanted(size, progress) ? new ProgressBar(System.err, "uploading " + file.getFileName(), size) : null;
    String method = methodFile == null ? null : methodCard(methodFile);
    if (methodFile != null && method == null) return ExitCodes.USAGE;
    Body body = text == null && method == null ? raw(format, size, bar) : multipart(format, size, text, method, bar);

    ApiClient api = new ApiClient(client.server(), token);
    HttpRequest request = api.request("/api/challenges/" + challenge + "/submissions").header("Content-Type", body.contentType())
        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body.stream()), body.length())).build();
    HttpResponse<String> response = api.send(request, HttpResponse.BodyHandlers.ofString());
    if (response == null) return ExitCodes.UNREACHABLE;
    if (bar != null) bar.finish();
    if (response.statusCode() != 201) {
      if (json) System.out.println(response.body());
      else ApiClient.printProblems(response.body(), file.toString(), System.err);
      return ExitCodes.ofStatus(response.statusCode());
    }
    System.out.print(json ? response.body() + "\n" : scoresTable(Json.MAPPER.readTree(response.body())));
    return ExitCodes.OK;
  }

  private record Body(String contentType, long length, java.util.function.Supplier<InputStream> stream) {}

  private Body raw(SubmissionFormat format, long size, ProgressBar bar) {
    return new Body(format.mediaType(), size, () -> open(file, bar));
  }

  /** The method card file as a JSON object's text; null (and said why) where it is not a YAML or JSON object. */
  private static String methodCard(Path file) {
    try {
      com.fasterxml.jackson.databind.JsonNode card = new com.fasterxml.jackson.databind.ObjectMapper(
          new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(file.toFile());
      if (card != null && card.isObject()) return Json.MAPPER.writeValueAsString(card);
      System.err.println(file + ": the method card must be an object of field: value lines, e.g. model_class: machine_learning");
    } catch (IOException e) {
      System.err.println(file + ": the method card cannot be read: " + e.getMessage());
    }
    return null;
  }

  /** multipart/form-data with the file, the description and the method card; the JDK's client has no multipart builder. */
  private Body multipart(SubmissionFormat format, long size, String text, String method, ProgressBar bar) {
    String boundary = "amchallenge-" + java.util.UUID.randomUUID();
    String fields = (text == null ? "" : part(boundary, "description", text)) + (method == null ? "" : part(boundary, "method", method));
    byte[] before = (fields + "--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName().toString().replace("\"", "")
        + "\"\r\nContent-Type: " + format.mediaType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] after = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    return new Body("multipart/form-data; boundary=" + boundary, before.length + size + after.length,
        () -> new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(before), open(file, bar),
            new ByteArrayInputStream(after)))));
  }

  private static String part(String boundary, String name, String text) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n";
  }

  private static InputStream open(Path file, ProgressBar bar) {
    try {
      InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
      return bar == null ? in : bar.counting(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] readHead(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(64);
    }
  }

  /** The metrics every table shows, then those some quantity of this challenge has. */
  private static final List<String> ALWAYS = List.of("n", "coverage", "primary", "mae", "rmse", "bias", "r2");
  private static final List<String> WHERE_GIVEN = List.of("within_uncertainty", "chi_rms", "crps", "coverage_95", "l2", "sum_l2",
      "points", "points_fraction", "vv20_within", "vv20_ratio", "u_pooling", "curve_area", "curve_overlap", "frechet",
      "wasserstein", "nwasserstein", "ks");

  static String scoresTable(JsonNode answer) {
    StringBuilder out = new StringBuilder();
    out.append("submission ").append(answer.path("id").asText()).append(" by ").append(answer.path("team").asText())
        .append(" at ").append(answer.path("submitted_at").asText()).append('\n');
    out.append(answer.path("board").asText("public")).append(" board score: ")
        .append(answer.path("score").isNull() ? "none" : answer.path("score").asText())
        .append(answer.path("ranked").asBoolean() ? " (ranked)" : " (not ranked: too few rows given)").append("\n\n");
    Set<String> columns = new LinkedHashSet<>(ALWAYS);
    Iterator<JsonNode> quantities = answer.path("quantities").elements();
    while (quantities.hasNext()) {
      JsonNode metrics = quantities.next();
      WHERE_GIVEN.stream().filter(m -> metrics.hasNonNull(m)).forEach(columns::add);
    }
    List<String> header = new ArrayList<>(List.of("quantity"));
    header.addAll(columns);
    TextTable table = new TextTable(header);
    answer.path("quantities").fields().forEachRemaining(q -> {
      List<String> row = new ArrayList<>(List.of(q.getKey()));
      columns.forEach(m -> row.add(q.getValue().hasNonNull(m) ? q.getValue().get(m).asText() : ""));
      table.add(row);
    });
    out.append(table.render());
    out.append("\nscorer ").append(answer.path("scorer_version").asText()).append(", reference ")
        .append(answer.path("reference_sha256").asText()).append('\n');
    return out.toString();
  }
}
