package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reveal", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Reveal a challenge: the final ranking (the private board), every submission's private scores and residuals, "
        + "the reference data and the results bundle become public, and the results are final. Says so and asks for the "
        + "challenge's id on the terminal unless --yes; then prints the final ranking."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:revealed, the final ranking printed", "1:not confirmed", "2:wrong usage, no token, or no terminal to confirm on without --yes",
        "3:the server could not be reached, or failed",
        "4:refused: token, permission, no such challenge, not closed yet without --close-now, already revealed (401, 403, 404, 409)"})
public final class RevealCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Option(names = "--close-now", description = "close the challenge now if it is still open, then reveal")
  boolean closeNow;

  @Option(names = "--yes", description = "do not ask: for scripts")
  boolean yes;

  @Option(names = "--json", description = "print the server's answer and the final board as JSON")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ApiClient api = ApiClient.withToken(client);
    if (api == null) return ExitCodes.USAGE;
    if (!yes) {
      HttpResponse<String> found = api.get(ApiClient.path("challenges", challenge));
      if (found == null) return ExitCodes.UNREACHABLE;
      if (found.statusCode() != 200) return ApiClient.refused(found, null);
      JsonNode described = Json.MAPPER.readTree(found.body());
      if (!closeNow && stillOpen(described)) {
        // said before the id is typed for nothing: the server refuses such a reveal
        System.err.println(challenge + " is " + described.path("status").asText() + " until " + described.path("closes").asText()
            + ": a reveal before then ends it early. " + closeNowHint(challenge));
        return ExitCodes.REFUSED;
      }
      System.err.print(statement(described, closeNow));
      if (!Confirmation.typed("Type the challenge's id to reveal it: ", challenge, "pass --yes to reveal without asking")) {
        return System.console() == null ? ExitCodes.USAGE : ExitCodes.INVALID;
      }
    }
    HttpResponse<String> revealed = api.json("POST", ApiClient.path("challenges", challenge, "reveal") + (closeNow ? "?close_now=true" : ""), null);
    if (revealed == null) return ExitCodes.UNREACHABLE;
    if (revealed.statusCode() != 200) {
      int exit = ApiClient.refused(revealed, null);
      // the server's words name its API; a user of the command line needs the option
      if (revealed.statusCode() == 409 && !closeNow) System.err.println(closeNowHint(challenge));
      return exit;
    }
    HttpResponse<String> board = api.get(ApiClient.path("challenges", challenge, "leaderboard") + "?board=private");
    if (board == null) return ExitCodes.UNREACHABLE;
    if (board.statusCode() != 200) return ApiClient.refused(board, null);
    JsonNode answer = Json.MAPPER.readTree(revealed.body());
    if (json) {
      ObjectNode both = Json.MAPPER.createObjectNode();
      both.set("reveal", answer);
      both.set("leaderboard", Json.MAPPER.readTree(board.body()));
      System.out.println(both);
      return ExitCodes.OK;
    }
    System.out.println("revealed " + challenge + " at " + answer.path("revealed_at").asText() + "; the final ranking:");
    System.out.print(LeaderboardCommand.table(Json.MAPPER.readTree(board.body())));
    return ExitCodes.OK;
  }

  private static boolean stillOpen(JsonNode challenge) {
    String status = challenge.path("status").asText();
    return status.equals("open") || status.equals("upcoming");
  }

  static String closeNowHint(String challenge) {
    return "To close it now and reveal, run again with --close-now: amchallenge reveal " + challenge + " --close-now";
  }

  /** What the reveal makes public, said before it is asked for, since it cannot be undone. */
  static String statement(JsonNode challenge, boolean closeNow) {
    String id = challenge.path("id").asText();
    StringBuilder text = new StringBuilder("Revealing " + id + " (\"" + challenge.path("title").asText() + "\", " + challenge.path("status").asText()
        + ", closes " + challenge.path("closes").asText() + ") makes public, for good:\n");
    text.append("  - the final ranking (the private board) and each team's move from the public board\n");
    text.append("  - every submission's private scores, its residuals per row, and its model description\n");
    text.append("  - the reference data (the measurements) and the results bundle\n");
    text.append("and the results become final: the reference, the split, the quantities, the rules and the dates no longer change.\n");
    if (closeNow) text.append("The challenge is closed first, now, if it is still open: no upload is taken after.\n");
    return text.toString();
  }
}
