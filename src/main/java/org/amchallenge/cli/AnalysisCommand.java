package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analysis", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print how far a challenge's final ranking can be trusted (each team's rank under every ranking method, its bootstrap "
        + "median rank and 95 %% interval, how many teams it is significantly better than), and write analysis.json, analysis.html "
        + "and challenger.csv.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:printed and written", "2:wrong usage", "3:the server could not be reached, or failed, or a file could not be written",
        "4:refused: no such challenge, or before the reveal without an organizer's or reviewer's token"})
public final class AnalysisCommand implements Callable<Integer> {
  private static final List<String> METHODS = List.of("official", "aggregate_then_rank_mean", "aggregate_then_rank_median",
      "rank_then_aggregate", "test_then_rank");

  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Option(names = "--out", paramLabel = "DIR", description = "where the three files are written (default: the current folder)")
  Path out = Path.of(".");

  @Override
  public Integer call() throws IOException, InterruptedException {
    ApiClient api = new ApiClient(client.server(), client.token());
    List<String> bodies = new ArrayList<>();
    for (String type : List.of("application/json", "text/html", "text/csv")) {
      HttpRequest request = api.request("/api/challenges/" + challenge + "/analysis").header("Accept", type).GET().build();
      HttpResponse<String> response = api.send(request, HttpResponse.BodyHandlers.ofString());
      if (response == null) return ExitCodes.UNREACHABLE;
      if (response.statusCode() != 200) {
        ApiClient.printProblems(response.body(), null, System.err);
        return ExitCodes.ofStatus(response.statusCode());
      }
      bodies.add(response.body());
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("analysis.json"), bodies.get(0), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("analysis.html"), bodies.get(1), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("challenger.csv"), bodies.get(2), StandardCharsets.UTF_8);
    JsonNode analysis = Json.MAPPER.readTree(bodies.get(0));
    System.out.print(table(analysis));
    System.out.println(analysis.path("summary").asText());
    System.out.println("written: " + out.resolve("analysis.json") + ", " + out.resolve("analysis.html") + ", " + out.resolve("challenger.csv"));
    return ExitCodes.OK;
  }

  static String table(JsonNode analysis) {
    List<String> header = new ArrayList<>(List.of("team"));
    METHODS.forEach(method -> header.add(method.replace("aggregate_then_rank_", "").replace('_', ' ')));
    header.addAll(List.of("bootstrap median", "95% interval", "better than"));
    TextTable table = new TextTable(header);
    for (JsonNode team : analysis.path("teams")) {
      String name = team.asText();
      List<String> cells = new ArrayList<>(List.of(name));
      METHODS.forEach(method -> cells.add(analysis.path("ranking_methods").path(method).path(name).asText("-")));
      JsonNode ranks = analysis.path("bootstrap").path("ranks").path(name);
      cells.add(ranks.path("median").asText("-"));
      cells.add(ranks.has("interval") ? ranks.path("interval").get(0).asText() + "-" + ranks.path("interval").get(1).asText() : "-");
      int wins = 0;
      for (JsonNode pair : analysis.path("significance").path("superior")) if (pair.get(0).asText().equals(name)) wins++;
      cells.add(Integer.toString(wins));
      table.add(cells);
    }
    return table.render();
  }
}
