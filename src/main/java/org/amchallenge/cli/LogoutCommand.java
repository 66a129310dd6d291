package org.amchallenge.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "logout", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Revoke the personal access token that login kept in the config file, and remove it from the file (its other keys are kept).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:the token revoked and removed, or none was there", "3:the server could not be reached, or failed: the token is kept, to try again",
        "4:the server refused to revoke it: removed from the file all the same; revoke it on the account page"})
public final class LogoutCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path file = client.configFile();
    Map<String, Object> settings = ConfigFile.read(file);
    Object token = settings.get("token");
    if (token == null) {
      System.out.println("no token in " + file + ": nothing to log out of");
      return ExitCodes.OK;
    }
    if (!String.valueOf(token).startsWith(LoginCommand.PERSONAL_TOKEN_PREFIX)) {
      System.err.println("the token in " + file + " is a team's, not one login made: left as it is");
      return ExitCodes.OK;
    }
    int exit = ExitCodes.OK;
    Object id = settings.get("token_id");
    String server = settings.containsKey("server") ? String.valueOf(settings.get("server")) : client.serverBeforeConfig();
    if (id == null) {
      System.err.println("warning: the token's id is not in " + file + ", so it was not revoked; revoke it on the account page");
    } else {
      ApiClient api = new ApiClient(server, String.valueOf(token));
      HttpResponse<String> response = api.send(api.request("/api/tokens/" + URLEncoder.encode(String.valueOf(id), StandardCharsets.UTF_8))
          .header("Accept", "application/json").DELETE().build(), HttpResponse.BodyHandlers.ofString());
      if (response == null) return ExitCodes.UNREACHABLE;
      // 401 and 404: the token is no longer valid there, revoked already
      if (response.statusCode() >= 500) {
        ApiClient.printProblems(response.body(), null, System.err);
        return ExitCodes.UNREACHABLE;
      }
      if (response.statusCode() != 204 && response.statusCode() != 401 && response.statusCode() != 404) {
        ApiClient.printProblems(response.body(), null, System.err);
        System.err.println("the token was not revoked; revoke it on the account page");
        exit = ExitCodes.REFUSED;
      }
    }
    forget(settings);
    ConfigFile.write(file, settings);
    System.out.println("logged out of " + server + "; the token is removed from " + file);
    return exit;
  }

  /** Removes the token; a team's token that login kept aside is the one sent again. */
  static void forget(Map<String, Object> settings) {
    settings.remove("token");
    settings.remove("token_id");
    Object team = settings.remove("team_token");
    if (team != null) {
      settings.put("token", team);
      System.err.println("the team token kept aside at login is 'token' again");
    }
  }
}
