package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.amchallenge.domain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "disqualify", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Disqualify one submission, or (--team) every submission of a team, with the reason: it leaves every ranking, "
        + "and the final board lists it after the ranked rows with the reason. Prints the disqualification's id, which --undo "
        + "takes to reinstate what it took out. Both are refused once the challenge is revealed."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:disqualified, or reinstated", "1:refused as invalid: no reason, or one over 500 characters (400, 422)",
        "2:wrong usage: not one of SID, --team and --undo, no --reason to disqualify, or no token",
        "3:the server could not be reached, or failed",
        "4:refused: token, permission, no such challenge, submission, team or disqualification, results final after the reveal (401, 403, 404, 409)"})
public final class DisqualifyCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(index = "0", paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Parameters(index = "1", arity = "0..1", paramLabel = "SID", description = "the submission id")
  String submission;

  @Option(names = "--team", paramLabel = "NAME", description = "disqualify every submission of this team instead")
  String team;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why, as the final board will show it (500 characters at most)")
  String reason;

  @Option(names = "--undo", paramLabel = "DID", description = "reinstate what this disqualification took out (its id, as disqualify printed it)")
  String undo;

  @Option(names = "--json", description = "print the server's answer as it came")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (Stream.of(submission, team, undo).filter(Objects::nonNull).count() != 1) {
      System.err.println("name one of a submission (SID), a team (--team NAME) or a disqualification to undo (--undo DID)");
      return ExitCodes.USAGE;
    }
    if ((undo == null) != (reason != null)) {
      System.err.println(undo == null ? "say why with --reason TEXT" : "--undo takes no --reason");
      return ExitCodes.USAGE;
    }
    ApiClient api = ApiClient.withToken(client);
    if (api == null) return ExitCodes.USAGE;
    return undo != null ? reinstate(api) : disqualify(api);
  }

  private int disqualify(ApiClient api) throws IOException, InterruptedException {
    Map<String, String> body = new LinkedHashMap<>();
    if (submission != null) body.put("submission", submission);
    else body.put("team", team);
    body.put("reason", reason);
    HttpResponse<String> made = api.json("POST", ApiClient.path("challenges", challenge, "disqualifications"), body);
    if (made == null) return ExitCodes.UNREACHABLE;
    if (made.statusCode() != 201) return ApiClient.refused(made, null);
    System.out.println(json ? made.body() : disqualified(challenge, Json.MAPPER.readTree(made.body())));
    return ExitCodes.OK;
  }

  /** What was taken out and why, then the disqualification's id with the command that undoes it. */
  static String disqualified(String challenge, JsonNode answer) {
    String id = answer.path("id").asText();
    return "disqualified " + (answer.hasNonNull("submission")
        ? "submission " + answer.get("submission").asText() + " of " + answer.path("team").asText()
        : "team " + answer.path("team").asText() + " (every submission)") + ": " + answer.path("reason").asText() + "\n"
        + "disqualification " + id + "; to undo it before the reveal: amchallenge disqualify " + challenge + " --undo " + id;
  }

  private int reinstate(ApiClient api) throws IOException, InterruptedException {
    HttpResponse<String> undone = api.json("DELETE", ApiClient.path("challenges", challenge, "disqualifications", undo), null);
    if (undone == null) return ExitCodes.UNREACHABLE;
    if (undone.statusCode() != 204) return ApiClient.refused(undone, null);
    System.out.println(json ? "{\"reinstated\":" + Json.MAPPER.writeValueAsString(undo) + "}"
        : "reinstated what disqualification " + undo + " took out of " + challenge);
    return ExitCodes.OK;
  }
}
