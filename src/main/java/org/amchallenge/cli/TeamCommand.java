package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A competitor's team from the command line, with the account's token that {@code login} keeps: make, invite, join, show. */
@Command(name = "team", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Make a team (you are its captain), invite members, join one with an invitation code, or show one. "
        + "Each needs the personal access token of your account (amchallenge login), with the submit scope but for show."},
    subcommands = {TeamCommand.Create.class, TeamCommand.Invite.class, TeamCommand.Join.class, TeamCommand.Show.class},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:done", "1:refused as invalid: a name that is empty or too long (400, 422)", "2:wrong usage, or no account's token",
        "3:the server could not be reached, or failed",
        "4:refused: token, not the captain, no such team, an invitation not valid for it, a team full or another of yours "
            + "in the same challenge (401, 403, 404, 409, 429)"})
public final class TeamCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return ExitCodes.USAGE;
  }

  /** A client with an account's token; null (and said why) where there is none, or the token is a team's. */
  static ApiClient withAccountToken(ClientOptions client) throws IOException {
    ApiClient api = ApiClient.withToken(client);
    if (api == null) return null;
    if (!client.token().startsWith(LoginCommand.PERSONAL_TOKEN_PREFIX)) {
      // a team's token would make a team of the old kind, with no account and no captain, rather than refuse
      System.err.println("this needs your account's token (amc_pat_...), not a team's: amchallenge login --email E");
      return null;
    }
    return api;
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Make a team with your account as its captain; prints its id and its team token, which is shown once.")
  static final class Create implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "NAME", description = "the team's name, as the boards show it")
    String name;

    @Option(names = "--json", description = "print the server's answer as it came")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
      ApiClient api = withAccountToken(client);
      if (api == null) return ExitCodes.USAGE;
      HttpResponse<String> made = api.json("POST", ApiClient.path("teams"), Map.of("name", name));
      if (made == null) return ExitCodes.UNREACHABLE;
      if (made.statusCode() != 201) return ApiClient.refused(made, null);
      System.out.println(json ? made.body() : created(Json.MAPPER.readTree(made.body())));
      return ExitCodes.OK;
    }

    static String created(JsonNode team) {
      String id = team.path("id").asText();
      return "created team " + team.path("name").asText() + " (id " + id + "); you are its captain\n"
          + "team token, shown this once (your account's token submits for the team too): " + team.path("token").asText() + "\n"
          + "invite members with: amchallenge team invite " + id;
    }
  }

  @Command(name = "invite", mixinStandardHelpOptions = true,
      description = "As the team's captain, make an invitation code (valid 7 days) and the link to join with it.")
  static final class Invite implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "TEAM_ID", description = "the team's id")
    String team;

    @Option(names = "--json", description = "print the server's answer as it came")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
      ApiClient api = withAccountToken(client);
      if (api == null) return ExitCodes.USAGE;
      HttpResponse<String> made = api.json("POST", ApiClient.path("teams", team, "invitations"), null);
      if (made == null) return ExitCodes.UNREACHABLE;
      if (made.statusCode() != 201) return ApiClient.refused(made, null);
      System.out.println(json ? made.body() : invitation(team, api.server(), Json.MAPPER.readTree(made.body())));
      return ExitCodes.OK;
    }

    static String invitation(String team, String server, JsonNode answer) {
      String url = answer.path("url").asText();
      String code = answer.path("code").asText();
      // a server without a public URL gives the link's path: it is on the server this command talks to
      return "invitation code " + code + ", valid until " + answer.path("expires_at").asText() + "\n"
          + "join link: " + (url.startsWith("/") ? server + url : url) + "\n"
          + "or from the command line: amchallenge team join " + team + " " + code;
    }
  }

  @Command(name = "join", mixinStandardHelpOptions = true, description = "Join a team with the invitation code its captain gave you.")
  static final class Join implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "TEAM_ID", description = "the team's id")
    String team;

    @Parameters(index = "1", paramLabel = "CODE", description = "the invitation code")
    String code;

    @Option(names = "--json", description = "print the server's answer as it came")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
      ApiClient api = withAccountToken(client);
      if (api == null) return ExitCodes.USAGE;
      HttpResponse<String> joined = api.json("POST", ApiClient.path("teams", team, "members"), Map.of("code", code));
      if (joined == null) return ExitCodes.UNREACHABLE;
      if (joined.statusCode() != 200) return ApiClient.refused(joined, null);
      JsonNode answer = Json.MAPPER.readTree(joined.body());
      System.out.println(json ? joined.body() : "joined team " + answer.path("name").asText() + " (id " + answer.path("id").asText() + ")");
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show a team: its name and its members (names, ORCID iDs, the captain; emails to its members).")
  static final class Show implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "TEAM_ID", description = "the team's id")
    String team;

    @Option(names = "--json", description = "print the server's answer as it came")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
      ApiClient api = ApiClient.withToken(client);
      if (api == null) return ExitCodes.USAGE;
      HttpResponse<String> found = api.get(ApiClient.path("teams", team));
      if (found == null) return ExitCodes.UNREACHABLE;
      if (found.statusCode() != 200) return ApiClient.refused(found, null);
      System.out.print(json ? found.body() + "\n" : shown(Json.MAPPER.readTree(found.body())));
      return ExitCodes.OK;
    }

    static String shown(JsonNode team) {
      StringBuilder out = new StringBuilder("team " + team.path("name").asText() + " (id " + team.path("id").asText() + "), made "
          + team.path("created_at").asText() + (team.path("captain").asBoolean() ? "; you are its captain" : "") + "\n");
      JsonNode accounts = team.path("accounts");
      if (accounts.isEmpty()) return out.append("no member with an account\n").toString();
      boolean emails = false;
      for (JsonNode a : accounts) emails |= a.has("email");
      List<String> header = new ArrayList<>(List.of("name"));
      if (emails) header.add("email");
      header.addAll(List.of("orcid", "captain"));
      TextTable table = new TextTable(header);
      for (JsonNode a : accounts) {
        List<String> row = new ArrayList<>(List.of(a.path("name").asText()));
        if (emails) row.add(a.path("email").asText(""));
        row.add(a.hasNonNull("orcid") ? a.get("orcid").asText() : "");
        row.add(a.path("captain").asBoolean() ? "yes" : "");
        table.add(row);
      }
      return out.append(table.render()).toString();
    }
  }
}
