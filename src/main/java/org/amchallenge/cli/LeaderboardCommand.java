package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import org.amchallenge.scoring.Rounding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "leaderboard", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print a challenge's leaderboard as a table: rank, team, score with its 95 %% interval, each quantity's primary metric, "
        + "entries; figures to 6 significant digits (--json and --csv keep the server's).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:printed", "2:wrong usage", "3:the server could not be reached, or failed",
        "4:refused: no such challenge, quantity or board, or the private board before the reveal without the organizer's token"})
public final class LeaderboardCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Option(names = "--quantity", description = "one quantity's board")
  String quantity;

  @Option(names = "--private", description = "the private board (the final ranking): the organizer's token, or anyone's after the reveal")
  boolean privateBoard;

  @Option(names = "--board", paramLabel = "BOARD", description = "public, private (as --private) or post_reveal: the uploads after the "
      + "reveal, each dated, where the challenge keeps that board")
  String board;

  @Option(names = "--json", description = "print the server's JSON as it came")
  boolean json;

  @Option(names = "--csv", description = "print the board as CSV")
  boolean csv;

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<String> query = new ArrayList<>();
    if (quantity != null) query.add("quantity=" + URLEncoder.encode(quantity, StandardCharsets.UTF_8));
    if (privateBoard) query.add("board=private");
    else if (board != null) query.add("board=" + URLEncoder.encode(board, StandardCharsets.UTF_8));
    ApiClient api = new ApiClient(client.server(), client.token());
    HttpRequest request = api.request("/api/challenges/" + challenge + "/leaderboard" + (query.isEmpty() ? "" : "?" + String.join("&", query)))
        .header("Accept", csv ? "text/csv" : "application/json").GET().build();
    HttpResponse<String> response = api.send(request, HttpResponse.BodyHandlers.ofString());
    if (response == null) return ExitCodes.UNREACHABLE;
    if (response.statusCode() != 200) {
      ApiClient.printProblems(response.body(), null, System.err);
      return ExitCodes.ofStatus(response.statusCode());
    }
    System.out.print(json || csv ? response.body() + (response.body().endsWith("\n") ? "" : "\n") : table(Json.MAPPER.readTree(response.body())));
    return ExitCodes.OK;
  }

  static String table(JsonNode board) {
    JsonNode rows = board.path("rows");
    List<String> quantities = new ArrayList<>();
    if (rows.size() > 0) rows.get(0).path("quantities").fieldNames().forEachRemaining(quantities::add);
    boolean intervals = false;
    for (JsonNode row : rows) intervals |= row.hasNonNull("score_interval");
    List<String> header = new ArrayList<>(List.of("rank", "team", "score"));
    if (intervals) header.add("95% interval");
    header.addAll(quantities);
    header.addAll(List.of("entries", "last submission"));
    boolean dated = board.path("board").asText().equals("post_reveal");
    if (dated) header.add("submitted");
    boolean disqualified = false;
    for (JsonNode row : rows) disqualified |= row.path("disqualified").isObject();
    if (disqualified) header.add("disqualified");
    TextTable table = new TextTable(header);
    for (JsonNode row : rows) {
      // a baseline is listed where its score puts it, unranked, and named as one
      boolean baseline = row.path("baseline").asBoolean(false);
      List<String> cells = new ArrayList<>(List.of(text(row.path("rank")).isEmpty() ? "-" : row.path("rank").asText(),
          row.path("team").asText() + (baseline ? " (baseline)" : ""), figure(row.path("score"))));
      if (intervals) {
        JsonNode interval = row.path("score_interval");
        cells.add(interval.isArray() && interval.size() == 2 ? figure(interval.get(0)) + " to " + figure(interval.get(1))
            + (row != rows.get(0) && row.path("indistinguishable_from_leader").asBoolean() ? " ~" : "") : "");
      }
      quantities.forEach(q -> cells.add(figure(row.path("quantities").path(q))));
      cells.add(text(row.path("entries")));
      cells.add(text(row.path("last_submission")));
      if (dated) cells.add(text(row.path("submitted_at")));
      if (disqualified) cells.add(row.path("disqualified").path("reason").asText(""));
      table.add(cells);
    }
    String title = board.path("challenge").asText() + ", " + board.path("board").asText() + " board"
        + (board.hasNonNull("quantity") ? ", " + board.get("quantity").asText() : "")
        + (board.hasNonNull("updated_at") ? ", updated " + board.get("updated_at").asText() : "") + "\n";
    if (rows.isEmpty()) return title + "no ranked submission yet\n";
    return title + table.render() + (intervals ? "~: not distinguishable from the leader (95 % bootstrap over samples)\n" : "");
  }

  /** Significant digits a table shows: the server's default precision; --json and --csv keep every digit it sent. */
  static final int TABLE_DIGITS = 6;

  /**
   * A score or metric as the table shows it, rounded to {@link #TABLE_DIGITS} significant digits: after the reveal the
   * server answers at full precision, and seventeen digits make the final ranking too wide to read.
   */
  static String figure(JsonNode value) {
    if (!value.isNumber() || value.isIntegralNumber()) return text(value);
    double rounded = Rounding.round(value.doubleValue(), TABLE_DIGITS);
    if (!Double.isFinite(rounded)) return Double.toString(rounded);
    java.math.BigDecimal digits = java.math.BigDecimal.valueOf(rounded).stripTrailingZeros();
    // plain digits where they stay short (1234570, 0.000123457), else with an exponent as Java writes it
    return rounded == 0 || Math.abs(rounded) >= 1e-6 && Math.abs(rounded) < 1e15 ? digits.toPlainString() : digits.toString();
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode() ? "" : value.asText();
  }
}
