package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "series", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Without ID, list the series: id, title, challenges, ranking. With ID, print the series board as a table: rank, "
        + "team, each challenge's rank (its final rank once revealed, its public rank before), challenges ranked, mean rank.",
        "A series is published as a challenge is: amchallenge publish challenges/series/ID.yaml."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:printed", "2:wrong usage", "3:the server could not be reached, or failed", "4:refused: no such series"})
public final class SeriesCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", arity = "0..1", description = "a series id: its board; without it, the list of series")
  String series;

  @Option(names = "--json", description = "print the server's JSON as it came")
  boolean json;

  @Option(names = "--csv", description = "print the series board as CSV")
  boolean csv;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (series == null && csv) {
      System.err.println("--csv prints a series board: name the series (amchallenge series ID --csv)");
      return ExitCodes.USAGE;
    }
    ApiClient api = new ApiClient(client.server(), client.token());
    String path = series == null ? ApiClient.path("series") : ApiClient.path("series", series, "leaderboard");
    HttpRequest request = api.request(path).header("Accept", csv ? "text/csv" : "application/json").GET().build();
    HttpResponse<String> response = api.send(request, HttpResponse.BodyHandlers.ofString());
    if (response == null) return ExitCodes.UNREACHABLE;
    if (response.statusCode() != 200) {
      ApiClient.printProblems(response.body(), null, System.err);
      return ExitCodes.ofStatus(response.statusCode());
    }
    if (json || csv) {
      System.out.print(response.body() + (response.body().endsWith("\n") ? "" : "\n"));
    } else {
      JsonNode body = Json.MAPPER.readTree(response.body());
      System.out.print(series == null ? list(body) : table(body));
    }
    return ExitCodes.OK;
  }

  static String list(JsonNode answer) {
    JsonNode all = answer.path("series");
    if (all.isEmpty()) return "no series on this server\n";
    TextTable table = new TextTable(List.of("series", "title", "challenges", "ranking"));
    for (JsonNode one : all) {
      List<String> challenges = new ArrayList<>();
      one.path("challenges").forEach(c -> challenges.add(c.asText()));
      table.add(List.of(one.path("id").asText(), one.path("title").asText(), String.join(", ", challenges),
          one.path("ranking").path("method").asText() + ", ranked in at least " + one.path("ranking").path("min_challenges").asInt()));
    }
    return table.render();
  }

  /** The series board; each challenge's column says which board its ranks come from (final, or public before the reveal). */
  static String table(JsonNode board) {
    List<String> header = new ArrayList<>(List.of("rank", "team"));
    List<String> ids = new ArrayList<>();
    for (JsonNode challenge : board.path("challenges")) {
      ids.add(challenge.path("id").asText());
      header.add(challenge.path("id").asText() + (challenge.hasNonNull("board") ? " (" + challenge.path("board").asText() + ")" : ""));
    }
    header.addAll(List.of("challenges ranked", "mean rank"));
    TextTable table = new TextTable(header);
    for (JsonNode row : board.path("rows")) {
      List<String> cells = new ArrayList<>(List.of(row.hasNonNull("rank") ? row.path("rank").asText() : "-", row.path("team").asText()));
      ids.forEach(id -> cells.add(row.path("ranks").hasNonNull(id) ? row.path("ranks").path(id).asText() : ""));
      cells.add(row.path("challenges_ranked").asText());
      cells.add(row.hasNonNull("mean_rank") ? LeaderboardCommand.figure(row.path("mean_rank")) : "");
      table.add(cells);
    }
    String title = "series " + board.path("series").asText() + ", mean rank over the challenges a team is ranked in; ranked once in at least "
        + board.path("min_challenges").asInt() + "\n";
    if (board.path("rows").isEmpty()) return title + "no team ranked in any of its challenges yet\n";
    return title + table.render() + "-: ranked in fewer challenges than the series asks\n";
  }
}
