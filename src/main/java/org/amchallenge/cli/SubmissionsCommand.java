package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submissions", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"List submissions: a competitor's token lists the team's own, with the quota left and the final selections; "
        + "an organizer's or reviewer's lists every submission of the challenge (id, team, time UTC, scores, selected, disqualified).",
        "--select and --unselect mark a submission of the team for the final ranking (or unmark it) before the list is printed."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:listed (every selection changed)", "2:wrong usage or no token", "3:the server could not be reached, or failed",
        "4:refused: token, no such challenge or submission, the selections full or final (401, 403, 404, 409)"})
public final class SubmissionsCommand implements Callable<Integer> {
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Option(names = "--select", paramLabel = "SID", description = "mark this submission for the final ranking (repeatable)")
  List<String> select = new ArrayList<>();

  @Option(names = "--unselect", paramLabel = "SID", description = "unmark it (repeatable)")
  List<String> unselect = new ArrayList<>();

  @Option(names = "--team", paramLabel = "NAME", description = "organizers: only this team's submissions")
  String team;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "organizers: submitted on this UTC day or after")
  String from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "organizers: submitted on this UTC day or before")
  String to;

  @Option(names = "--json", description = "print the server's JSON as it came")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ApiClient api = ApiClient.withToken(client);
    if (api == null) return ExitCodes.USAGE;
    for (String sid : select) {
      int exit = changeSelection(api, sid, "POST", "selected");
      if (exit != ExitCodes.OK) return exit;
    }
    for (String sid : unselect) {
      int exit = changeSelection(api, sid, "DELETE", "unselected");
      if (exit != ExitCodes.OK) return exit;
    }
    List<String> query = new ArrayList<>();
    if (team != null) query.add("team=" + ApiClient.query(team));
    if (from != null) query.add("from=" + ApiClient.query(from));
    if (to != null) query.add("to=" + ApiClient.query(to));
    HttpResponse<String> listed = api.get(ApiClient.path("challenges", challenge, "submissions") + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    if (listed == null) return ExitCodes.UNREACHABLE;
    if (listed.statusCode() != 200) return ApiClient.refused(listed, null);
    JsonNode answer = Json.MAPPER.readTree(listed.body());
    System.out.print(json ? listed.body() + "\n" : answer.has("quota") ? ownTable(answer) : everyTable(answer));
    return ExitCodes.OK;
  }

  private int changeSelection(ApiClient api, String sid, String method, String done) throws IOException, InterruptedException {
    HttpResponse<String> changed = api.json(method, ApiClient.path("challenges", challenge, "submissions", sid, "select"), null);
    if (changed == null) return ExitCodes.UNREACHABLE;
    if (changed.statusCode() != 200) return ApiClient.refused(changed, null);
    if (!json) System.err.println(done + " " + sid);
    return ExitCodes.OK;
  }

  /** A team's own list: what is left of its quota and selections, then its submissions, newest first. */
  static String ownTable(JsonNode answer) {
    JsonNode today = answer.path("quota").path("today");
    JsonNode total = answer.path("quota").path("total");
    JsonNode selections = answer.path("selections");
    StringBuilder out = new StringBuilder(answer.path("team").asText() + " in " + answer.path("challenge").asText() + ": "
        + today.path("used").asText() + "/" + today.path("limit").asText() + " submissions today (again from "
        + today.path("resets_at").asText() + "), " + total.path("used").asText() + "/" + total.path("limit").asText()
        + " in all; " + selections.path("used").asText() + "/" + selections.path("limit").asText() + " selected for the final ranking\n");
    JsonNode submissions = answer.path("submissions");
    if (submissions.isEmpty()) return out.append("no submission yet\n").toString();
    TextTable table = new TextTable(List.of("id", "time (UTC)", "file", "score", "ranked", "selected"));
    for (JsonNode s : newestFirst(submissions)) {
      table.add(List.of(s.path("id").asText(), time(s.path("submitted_at")), text(s.path("file_name")), text(s.path("score")),
          yesNo(s.path("ranked")), yesNo(s.path("selected"))));
    }
    return out.append(table.render()).toString();
  }

  /** Every submission, as an organizer reads them: both scores, and why one is disqualified. */
  static String everyTable(JsonNode answer) {
    JsonNode submissions = answer.path("submissions");
    if (submissions.isEmpty()) return "no submission\n";
    TextTable table = new TextTable(List.of("id", "team", "time (UTC)", "public", "private", "selected", "disqualified"));
    for (JsonNode s : submissions) {
      JsonNode disqualified = s.path("disqualified");
      table.add(List.of(s.path("id").asText(), s.path("team").asText(), time(s.path("submitted_at")), text(s.path("public").path("score")),
          text(s.path("private").path("score")), yesNo(s.path("selected")), disqualified.isObject() ? disqualified.path("reason").asText() : ""));
    }
    return table.render();
  }

  /**
   * The submissions by time, newest first, as the organizer's list comes: the server gives a team's oldest first.
   * Reversed before the stable sort so that two of the same second still come newest first.
   */
  static List<JsonNode> newestFirst(JsonNode submissions) {
    List<JsonNode> sorted = new ArrayList<>();
    submissions.forEach(s -> sorted.add(0, s));
    sorted.sort(java.util.Comparator.comparing((JsonNode s) -> instant(s.path("submitted_at"))).reversed());
    return sorted;
  }

  private static Instant instant(JsonNode time) {
    try {
      return Instant.parse(time.asText());
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.MIN;
    }
  }

  private static String time(JsonNode instant) {
    try {
      return UTC.format(Instant.parse(instant.asText()));
    } catch (java.time.format.DateTimeParseException e) {
      return instant.asText();
    }
  }

  private static String yesNo(JsonNode flag) {
    return flag.isBoolean() ? flag.asBoolean() ? "yes" : "no" : "";
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode() ? "" : value.asText();
  }
}
