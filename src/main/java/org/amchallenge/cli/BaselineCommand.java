package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import org.amchallenge.submission.SubmissionFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A challenge's baselines from the command line: add one (an organizer's token), list them, remove one. */
@Command(name = "baseline", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Add a baseline to a challenge (a prediction file, in any form a submission takes, scored like one and shown "
        + "on every board unranked), list a challenge's baselines, or remove one. Adding and removing take the token of one "
        + "of the challenge's organizers."},
    subcommands = {BaselineCommand.Add.class, BaselineCommand.ListAll.class, BaselineCommand.Remove.class},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:done", "1:the file was rejected, or a name is missing or too long; every problem is printed (400, 413, 422)",
        "2:wrong usage, or no token", "3:the server could not be reached, or failed",
        "4:refused: token, not an organizer of this challenge, no such challenge or baseline, a name taken (401, 403, 404, 409)"})
public final class BaselineCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return ExitCodes.USAGE;
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Upload FILE as a baseline named --name; prints its id and its scores.")
  static final class Add implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "ID", description = "the challenge id")
    String challenge;

    @Parameters(index = "1", paramLabel = "FILE", description = "the prediction file (CSV, JSON or XLSX)")
    Path file;

    @Option(names = "--name", required = true, paramLabel = "N", description = "the baseline's name, as the boards show it")
    String name;

    @Option(names = "--description", paramLabel = "D", description = "what the baseline is (Markdown), shown on the challenge's page")
    String description;

    @Option(names = "--json", description = "print the server's answer as it came")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
      if (!Files.isRegularFile(file)) {
        System.err.println("no file " + file);
        return ExitCodes.USAGE;
      }
      ApiClient api = ApiClient.withToken(client);
      if (api == null) return ExitCodes.USAGE;
      byte[] bytes = Files.readAllBytes(file);
      SubmissionFormat format = SubmissionFormat.detect(null, file.getFileName().toString(), java.util.Arrays.copyOf(bytes, Math.min(64, bytes.length)));
      String path = ApiClient.path("challenges", challenge, "baselines") + "?name=" + ApiClient.query(name)
          + (description == null ? "" : "&description=" + ApiClient.query(description));
      HttpResponse<String> made = api.call("POST", path, format.mediaType(), HttpRequest.BodyPublishers.ofByteArray(bytes));
      if (made == null) return ExitCodes.UNREACHABLE;
      if (made.statusCode() != 201) {
        if (json) System.out.println(made.body());
        return ApiClient.refused(made, file.toString());
      }
      JsonNode answer = Json.MAPPER.readTree(made.body());
      System.out.println(json ? made.body() : "baseline " + answer.path("id").asText() + " '" + answer.path("name").asText()
          + "' added to " + challenge + ": public score " + LeaderboardCommand.figure(answer.path("score"))
          + (answer.path("private").has("score") ? ", private score " + LeaderboardCommand.figure(answer.path("private").path("score")) : "")
          + "\nit is shown on every board, unranked; to remove it: amchallenge baseline remove " + challenge + " " + answer.path("id").asText());
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List a challenge's baselines: id, name, score, added.")
  static final class ListAll implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "the challenge id")
    String challenge;

    @Option(names = "--json", description = "print the server's answer as it came")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
      ApiClient api = new ApiClient(client.server(), client.token());
      HttpResponse<String> listed = api.get(ApiClient.path("challenges", challenge, "baselines"));
      if (listed == null) return ExitCodes.UNREACHABLE;
      if (listed.statusCode() != 200) return ApiClient.refused(listed, null);
      if (json) {
        System.out.println(listed.body());
        return ExitCodes.OK;
      }
      JsonNode baselines = Json.MAPPER.readTree(listed.body()).path("baselines");
      if (baselines.isEmpty()) {
        System.out.println(challenge + " has no baseline");
        return ExitCodes.OK;
      }
      TextTable table = new TextTable(List.of("id", "name", "public score", "added", "description"));
      for (JsonNode b : baselines) {
        String description = b.path("description").asText("");
        table.add(List.of(b.path("id").asText(), b.path("name").asText(), LeaderboardCommand.figure(b.path("score")),
            b.path("added_at").asText(), description.length() > 60 ? description.substring(0, 57) + "..." : description.replace('\n', ' ')));
      }
      System.out.print(table.render());
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove baseline BID from every board of challenge ID.")
  static final class Remove implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "ID", description = "the challenge id")
    String challenge;

    @Parameters(index = "1", paramLabel = "BID", description = "the baseline's id, as add and list print it")
    String baseline;

    @Override
    public Integer call() throws IOException, InterruptedException {
      ApiClient api = ApiClient.withToken(client);
      if (api == null) return ExitCodes.USAGE;
      HttpResponse<String> removed = api.json("DELETE", ApiClient.path("challenges", challenge, "baselines", baseline), null);
      if (removed == null) return ExitCodes.UNREACHABLE;
      if (removed.statusCode() != 204) return ApiClient.refused(removed, null);
      System.out.println("baseline " + baseline + " removed from " + challenge);
      return ExitCodes.OK;
    }
  }
}
