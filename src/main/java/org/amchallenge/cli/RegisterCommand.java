package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "register", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Join a challenge that asks for registration: prints its terms, asks you to type yes on the terminal "
        + "(or --accept-terms), and registers with the account's token, accepting that version of the terms (its SHA-256). "
        + "Prints whether you are approved or pending an organizer's approval."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:registered (approved or pending), or no registration needed", "1:the terms not accepted",
        "2:wrong usage, no token, or no terminal to ask on without --accept-terms", "3:the server could not be reached, or failed",
        "4:refused: token, the email's domain not allowed, the terms changed meanwhile, no such challenge (401, 403, 404, 409)"})
public final class RegisterCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Option(names = "--accept-terms", description = "accept the terms printed without being asked: for scripts, once you have read them")
  boolean acceptTerms;

  @Option(names = "--json", description = "print the server's answer as it came")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ApiClient api = ApiClient.withToken(client);
    if (api == null) return ExitCodes.USAGE;
    HttpResponse<String> found = api.get(ApiClient.path("challenges", challenge));
    if (found == null) return ExitCodes.UNREACHABLE;
    if (found.statusCode() != 200) return ApiClient.refused(found, null);
    JsonNode registration = Json.MAPPER.readTree(found.body()).path("registration");
    if (!registration.isObject()) {
      System.out.println(challenge + " asks for no registration: make a team (or join one) and submit");
      return ExitCodes.OK;
    }
    String version = registration.path("terms_sha256").asText();
    System.err.println("Terms of " + challenge + " (version " + version + "):\n");
    System.err.println(registration.path("terms").asText().strip() + "\n");
    if (!acceptTerms && !Confirmation.typed("Type yes to accept these terms: ", "yes", "pass --accept-terms once you have read the terms above")) {
      return System.console() == null ? ExitCodes.USAGE : ExitCodes.INVALID;
    }
    HttpResponse<String> registered = api.json("POST", ApiClient.path("challenges", challenge, "participants"), Map.of("accept_terms", version));
    if (registered == null) return ExitCodes.UNREACHABLE;
    if (registered.statusCode() != 201) return ApiClient.refused(registered, null);
    String status = Json.MAPPER.readTree(registered.body()).path("status").asText();
    System.out.println(json ? registered.body() : "registered for " + challenge + ": " + status
        + (status.equals("pending") ? " (an organizer approves each participant; you can upload once approved)" : ""));
    return ExitCodes.OK;
  }
}
