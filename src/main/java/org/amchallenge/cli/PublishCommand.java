package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.domain.Json;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.submission.TemplateWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Publish or update a challenge from its definition (YAML, or JSON by the .json extension), then upload "
        + "the input files of a folder and the reference CSV, and print what happened: created or updated, the inputs, "
        + "the reference's rows and report, the submissions scored again.",
        "A rejected file's problems are printed one a line as FILE:LINE:COLUMN: field: detail. With --dry-run nothing "
            + "is stored: the server checks the definition, and the reference is checked offline with the server's code."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:published (or, with --dry-run, valid)", "1:a file was rejected; every problem is printed",
        "2:wrong usage, no token, or a file or folder that is not there", "3:the server could not be reached, or failed",
        "4:refused: token, permission, results final after the reveal (401, 403, 404, 409, 413, 429)"})
public final class PublishCommand implements Callable<Integer> {
  /** The names the server takes for an input file; checked before anything is sent, so that a bad name stores nothing. */
  private static final Pattern INPUT_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "FILE", description = "the challenge definition (.yaml, .yml or .json)")
  Path definition;

  @Option(names = "--reference", paramLabel = "CSV", description = "the reference CSV, uploaded after the definition (every submission is scored again)")
  Path reference;

  @Option(names = "--inputs", paramLabel = "DIR", description = "a folder whose files (not its subfolders, not hidden files) are uploaded as the challenge's input files")
  Path inputs;

  @Option(names = "--dry-run", description = "check only: the server validates the definition and stores nothing; the reference is checked offline")
  boolean dryRun;

  @Option(names = "--json", description = "print the server's answers as one JSON object, for scripts")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    for (Path file : Stream.of(definition, reference).filter(p -> p != null).toList()) {
      if (!Files.isRegularFile(file)) {
        System.err.println("no file " + file);
        return ExitCodes.USAGE;
      }
    }
    List<Path> inputFiles = inputFiles();
    if (inputFiles == null) return ExitCodes.USAGE;
    if (!namesTaken(inputFiles)) return ExitCodes.INVALID;
    ApiClient api = ApiClient.withToken(client);
    if (api == null) return ExitCodes.USAGE;

    byte[] text = Files.readAllBytes(definition);
    boolean yaml = !definition.getFileName().toString().toLowerCase().endsWith(".json");
    if (isSeries(text, yaml)) return publishSeries(api, text, yaml);
    HttpResponse<String> published = api.call("POST", "/api/challenges" + (dryRun ? "?dry_run=true" : ""),
        yaml ? "application/yaml" : "application/json", HttpRequest.BodyPublishers.ofByteArray(text));
    if (published == null) return ExitCodes.UNREACHABLE;
    if (published.statusCode() != 200 && published.statusCode() != 201) return ApiClient.refused(published, definition.toString());
    JsonNode answer = Json.MAPPER.readTree(published.body());
    if (dryRun && !answer.has("valid")) {
      // a server older than dry runs takes the query for none: the definition is then stored, which must be said
      System.err.println(api.server() + " does not know dry runs: it " + (published.statusCode() == 201 ? "created" : "updated")
          + " challenge " + answer.path("id").asText() + " from " + definition);
      return ExitCodes.UNREACHABLE;
    }
    if (dryRun) return preview(answer, text, yaml, inputFiles);

    String id = answer.path("id").asText();
    ObjectNode all = Json.MAPPER.createObjectNode().set("challenge", answer);
    if (!json) {
      System.out.println((published.statusCode() == 201 ? "created" : "updated") + " challenge " + id + " \""
          + answer.path("title").asText() + "\" (" + answer.path("status").asText() + ", " + answer.path("quantities").size()
          + " quantities, opens " + answer.path("opens").asText() + ", closes " + answer.path("closes").asText() + ")");
    }
    ArrayNode uploaded = all.putArray("inputs");
    int exit = uploadInputs(api, id, inputFiles, uploaded);
    if (exit != ExitCodes.OK) return exit;
    if (reference != null) {
      HttpResponse<String> replaced = uploadReference(api, id);
      if (replaced == null) return ExitCodes.UNREACHABLE;
      if (replaced.statusCode() != 200) return ApiClient.refused(replaced, reference.toString());
      JsonNode report = Json.MAPPER.readTree(replaced.body());
      all.set("reference", report);
      if (!json) System.out.print(referenceSummary(reference.toString(), report));
    }
    if (json) System.out.println(Json.MAPPER.writeValueAsString(all));
    return ExitCodes.OK;
  }

  /** Whether the file is a series (it lists challenges and has no quantities) rather than a challenge. */
  private static boolean isSeries(byte[] text, boolean yaml) {
    try {
      return org.amchallenge.challenge.SeriesReader.looksLikeSeries(org.amchallenge.challenge.LocatedTree.parse(text, yaml).root());
    } catch (InvalidInputException unreadable) {
      return false;  // the server says what is wrong with it
    }
  }

  /** A series file: POST /api/series; a series has no reference, no inputs and no dry run. */
  private int publishSeries(ApiClient api, byte[] text, boolean yaml) throws IOException, InterruptedException {
    if (reference != null || inputs != null || dryRun) {
      System.err.println(definition + " is a series: --reference, --inputs and --dry-run are for challenges");
      return ExitCodes.USAGE;
    }
    HttpResponse<String> published = api.call("POST", "/api/series", yaml ? "application/yaml" : "application/json",
        HttpRequest.BodyPublishers.ofByteArray(text));
    if (published == null) return ExitCodes.UNREACHABLE;
    if (published.statusCode() != 200 && published.statusCode() != 201) return ApiClient.refused(published, definition.toString());
    JsonNode answer = Json.MAPPER.readTree(published.body());
    if (json) {
      System.out.println(answer.toString());
      return ExitCodes.OK;
    }
    List<String> challenges = new ArrayList<>();
    answer.path("challenges").forEach(c -> challenges.add(c.asText()));
    System.out.println((published.statusCode() == 201 ? "created" : "updated") + " series " + answer.path("id").asText() + " \""
        + answer.path("title").asText() + "\" over " + challenges.size() + " challenges: " + String.join(", ", challenges)
        + "; ranked by " + answer.path("ranking").path("method").asText() + ", in at least "
        + answer.path("ranking").path("min_challenges").asInt());
    return ExitCodes.OK;
  }

  /** The folder's regular files by name, hidden ones left out; none without --inputs; null (and said why) where it is no folder. */
  private List<Path> inputFiles() throws IOException {
    if (inputs == null) return List.of();
    if (!Files.isDirectory(inputs)) {
      System.err.println("no folder " + inputs);
      return null;
    }
    try (Stream<Path> files = Files.list(inputs)) {
      return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted().toList();
    }
  }

  private static boolean namesTaken(List<Path> files) {
    boolean all = true;
    for (Path file : files) {
      if (INPUT_NAME.matcher(file.getFileName().toString()).matches()) continue;
      System.err.println(file + ": input file name: only letters, digits, '.', '_' and '-', at most 128; rename it");
      all = false;
    }
    return all;
  }

  /** Each input PUT in turn, a progress line on standard error for each; the exit code of the first refused. */
  private int uploadInputs(ApiClient api, String id, List<Path> files, ArrayNode uploaded) throws IOException, InterruptedException {
    int replaced = 0;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      String name = file.getFileName().toString();
      System.err.printf("input %d/%d %s (%s)%n", i + 1, files.size(), name, ProgressBar.size(Files.size(file)));
      String type = Files.probeContentType(file);
      HttpResponse<String> put = api.call("PUT", ApiClient.path("challenges", id, "inputs", name),
          type != null ? type : "application/octet-stream", HttpRequest.BodyPublishers.ofFile(file));
      if (put == null) return ExitCodes.UNREACHABLE;
      if (put.statusCode() != 200 && put.statusCode() != 201) return ApiClient.refused(put, file.toString());
      if (put.statusCode() == 200) replaced++;
      uploaded.add(Json.MAPPER.readTree(put.body()));
    }
    if (!json && !files.isEmpty()) {
      System.out.println(files.size() + " input file" + (files.size() == 1 ? "" : "s") + " uploaded (" + (files.size() - replaced)
          + " new, " + replaced + " replaced)");
    }
    return ExitCodes.OK;
  }

  /** The reference PUT, the rescoring's progress polled every 500 ms meanwhile and drawn on a terminal. */
  private HttpResponse<String> uploadReference(ApiClient api, String id) throws IOException, InterruptedException {
    HttpRequest request = api.request(ApiClient.path("challenges", id, "reference")).header("Content-Type", "text/csv")
        .header("Accept", "application/json").PUT(HttpRequest.BodyPublishers.ofFile(reference)).build();
    CompletableFuture<HttpResponse<String>> sent = api.sendAsync(request);
    boolean drawn = false;
    while (!sent.isDone()) {
      Thread.sleep(500);
      if (sent.isDone() || System.console() == null) continue;
      HttpResponse<String> progress = api.get(ApiClient.path("challenges", id, "rescoring"));
      if (progress == null || progress.statusCode() != 200) continue;
      JsonNode state = Json.MAPPER.readTree(progress.body());
      if (!state.path("running").asBoolean() || state.path("total").asInt() == 0) continue;
      System.err.printf("\rrescoring %d/%d submissions", state.path("done").asInt(), state.path("total").asInt());
      drawn = true;
    }
    if (drawn) System.err.println();
    return api.awaited(sent);
  }

  static String referenceSummary(String file, JsonNode answer) {
    StringBuilder out = new StringBuilder("reference " + file + ": " + answer.path("rows").asInt() + " rows");
    JsonNode report = answer.path("report");
    if (report.isObject()) {
      out.append(", ").append(report.path("samples").asInt()).append(" samples; public ").append(report.path("public_rows").asInt())
          .append(" rows, private ").append(report.path("private_rows").asInt()).append(" rows");
    }
    out.append("; ").append(answer.path("rescored_submissions").asInt()).append(" submissions scored again\n");
    if (report.path("quantities").isObject() && report.path("quantities").size() > 0) {
      TextTable table = new TextTable(List.of("quantity", "rows", "with uncertainty"));
      report.path("quantities").fields().forEachRemaining(q -> table.add(List.of(q.getKey(),
          q.getValue().path("rows").asText(), q.getValue().path("with_uncertainty").asText())));
      out.append(table.render());
    }
    return out.append("sha256 ").append(answer.path("reference_sha256").asText()).append('\n').toString();
  }

  /**
   * How many rows the submission template will have: the server's dry run knows no reference, so where --reference
   * gives one the rows are those the server would write from it, made here from the file read offline.
   */
  static String templateLine(String serverTemplate, Challenge challenge, ReferenceData data) {
    String template = data != null ? TemplateWriter.csv(challenge, data) : serverTemplate;
    long rows = template.lines().count() - 1;
    if (rows > 0) return "the submission template will have " + rows + " rows" + (data != null ? ", from the reference file" : "");
    return "the submission template has its header only: no reference yet (give one with --reference to see its rows)";
  }

  /** The dry run's summary: what the server would publish, the inputs that would go, the reference checked offline. */
  private int preview(JsonNode answer, byte[] text, boolean yaml, List<Path> inputFiles) throws IOException {
    ReferenceData data = null;
    Challenge read = null;
    if (reference != null) {
      Path reading = definition;
      try {
        read = ChallengeReader.read(text, yaml);
        reading = reference;
        data = ReferenceReader.read(read, Files.readAllBytes(reference));
      } catch (InvalidInputException invalid) {
        ProblemLines.print(invalid, reading.toString(), System.err);
        return ExitCodes.INVALID;
      }
    }
    if (json) {
      System.out.println(answer.toString());
      return ExitCodes.OK;
    }
    JsonNode challenge = answer.path("challenge");
    System.out.println(definition + " is valid: challenge " + challenge.path("id").asText() + " \"" + challenge.path("title").asText()
        + "\", opens " + challenge.path("opens").asText() + ", closes " + challenge.path("closes").asText());
    TextTable quantities = new TextTable(List.of("quantity", "kind", "unit", "primary", "weight"));
    for (JsonNode q : challenge.path("quantities")) {
      quantities.add(List.of(q.path("id").asText(), q.path("kind").asText(), q.path("unit").asText(), q.path("primary").asText(),
          q.path("weight").asText()));
    }
    System.out.print(quantities.render());
    System.out.println(templateLine(answer.path("template_csv").asText(), read, data));
    if (!inputFiles.isEmpty()) {
      List<String> names = new ArrayList<>();
      inputFiles.forEach(f -> names.add(f.getFileName().toString()));
      System.out.println("would upload " + inputFiles.size() + " input files: " + String.join(", ", names));
    }
    if (data != null) System.out.println("reference " + reference + ": " + data.rows() + " rows, checked offline against the definition");
    System.out.println("nothing was stored (--dry-run)");
    return ExitCodes.OK;
  }
}
