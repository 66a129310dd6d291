package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "close", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Close a challenge now, before its closing time: no upload is taken after, selections are final; the reveal is a step of its own.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:closed", "2:wrong usage or no token", "3:the server could not be reached, or failed",
        "4:refused: token, permission, no such challenge, already closed or revealed (401, 403, 404, 409)"})
public final class CloseCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Option(names = "--json", description = "print the server's answer as it came")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ApiClient api = ApiClient.withToken(client);
    if (api == null) return ExitCodes.USAGE;
    HttpResponse<String> closed = api.json("POST", ApiClient.path("challenges", challenge, "close"), null);
    if (closed == null) return ExitCodes.UNREACHABLE;
    if (closed.statusCode() != 200) return ApiClient.refused(closed, null);
    JsonNode answer = Json.MAPPER.readTree(closed.body());
    System.out.println(json ? closed.body() : "closed " + challenge + " at " + answer.path("closes").asText()
        + "; reveal it with: amchallenge reveal " + challenge);
    return ExitCodes.OK;
  }
}
