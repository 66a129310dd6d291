package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "disqualify", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Disqualify one submission, or (--team) every submission of a team, with the reason: it leaves every ranking, "
        + "and the final board lists it after the ranked rows with the reason. Refused once the challenge is revealed."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:disqualified", "1:refused as invalid: no reason, or one over 500 characters (400, 422)",
        "2:wrong usage: neither or both of SID and --team, or no token", "3:the server could not be reached, or failed",
        "4:refused: token, permission, no such challenge, submission or team, results final after the reveal (401, 403, 404, 409)"})
public final class DisqualifyCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(index = "0", paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Parameters(index = "1", arity = "0..1", paramLabel = "SID", description = "the submission id")
  String submission;

  @Option(names = "--team", paramLabel = "NAME", description = "disqualify every submission of this team instead")
  String team;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, as the final board will show it (500 characters at most)")
  String reason;

  @Option(names = "--json", description = "print the server's answer as it came")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if ((submission == null) == (team == null)) {
      System.err.println("name a submission (SID) or a team (--team NAME), not both");
      return ExitCodes.USAGE;
    }
    ApiClient api = ApiClient.withToken(client);
    if (api == null) return ExitCodes.USAGE;
    Map<String, String> body = new LinkedHashMap<>();
    if (submission != null) body.put("submission", submission);
    else body.put("team", team);
    body.put("reason", reason);
    HttpResponse<String> made = api.json("POST", ApiClient.path("challenges", challenge, "disqualifications"), body);
    if (made == null) return ExitCodes.UNREACHABLE;
    if (made.statusCode() != 201) return ApiClient.refused(made, null);
    JsonNode answer = Json.MAPPER.readTree(made.body());
    System.out.println(json ? made.body() : "disqualified " + (answer.hasNonNull("submission")
        ? "submission " + answer.get("submission").asText() + " of " + answer.path("team").asText()
        : "team " + answer.path("team").asText() + " (every submission)") + ": " + answer.path("reason").asText()
        + " (" + answer.path("id").asText() + ")");
    return ExitCodes.OK;
  }
}
