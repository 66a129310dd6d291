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

@Command(name = "participants", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"List a challenge's participants (email, name, status, when they accepted the terms), or approve, deny or "
        + "remove some: each change is printed, then nothing else is listed.",
        "--csv writes the server's export (with the terms' version each accepted) to standard output."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:listed, or every change made", "1:a change was refused as invalid (400)", "2:wrong usage or no token",
        "3:the server could not be reached, or failed", "4:refused: token, permission, no such challenge or participant (401, 403, 404)"})
public final class ParticipantsCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Option(names = "--approve", paramLabel = "EMAIL", description = "approve this participant (repeatable)")
  List<String> approve = new ArrayList<>();

  @Option(names = "--deny", paramLabel = "EMAIL", description = "deny this participant (repeatable)")
  List<String> deny = new ArrayList<>();

  @Option(names = "--remove", paramLabel = "EMAIL", description = "remove this participant (repeatable)")
  List<String> remove = new ArrayList<>();

  @Option(names = "--csv", description = "write the participants as CSV")
  boolean csv;

  @Option(names = "--json", description = "print the server's JSON as it came")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ApiClient api = ApiClient.withToken(client);
    if (api == null) return ExitCodes.USAGE;
    List<Map.Entry<String, String>> changes = new ArrayList<>();
    approve.forEach(email -> changes.add(Map.entry(email, "approved")));
    deny.forEach(email -> changes.add(Map.entry(email, "denied")));
    remove.forEach(email -> changes.add(Map.entry(email, "removed")));
    if (!changes.isEmpty()) return decide(api, changes);
    if (csv) {
      HttpResponse<String> export = api.send(api.request(ApiClient.path("challenges", challenge, "participants"))
          .header("Accept", "text/csv").GET().build(), HttpResponse.BodyHandlers.ofString());
      if (export == null) return ExitCodes.UNREACHABLE;
      if (export.statusCode() != 200) return ApiClient.refused(export, null);
      System.out.print(export.body() + (export.body().isEmpty() || export.body().endsWith("\n") ? "" : "\n"));
      return ExitCodes.OK;
    }
    HttpResponse<String> listed = api.get(ApiClient.path("challenges", challenge, "participants"));
    if (listed == null) return ExitCodes.UNREACHABLE;
    if (listed.statusCode() != 200) return ApiClient.refused(listed, null);
    System.out.print(json ? listed.body() + "\n" : table(Json.MAPPER.readTree(listed.body())));
    return ExitCodes.OK;
  }

  /** Every change asked for, each said as it is made; the exit code of the first refused, the others still tried. */
  private int decide(ApiClient api, List<Map.Entry<String, String>> changes) throws IOException, InterruptedException {
    int exit = ExitCodes.OK;
    for (Map.Entry<String, String> change : changes) {
      HttpResponse<String> decided = api.json("PUT", ApiClient.path("challenges", challenge, "participants", change.getKey()),
          Map.of("status", change.getValue()));
      if (decided == null) return ExitCodes.UNREACHABLE;
      if (decided.statusCode() != 200) {
        System.err.print(change.getKey() + ": ");
        int refused = ApiClient.refused(decided, null);
        if (exit == ExitCodes.OK) exit = refused;
        continue;
      }
      System.out.println(json ? decided.body() : change.getValue() + " " + change.getKey());
    }
    return exit;
  }

  static String table(JsonNode answer) {
    JsonNode participants = answer.path("participants");
    if (participants.isEmpty()) return "no participant yet\n";
    TextTable table = new TextTable(List.of("email", "name", "status", "accepted_at"));
    for (JsonNode p : participants) {
      table.add(List.of(p.path("email").asText(), p.path("name").asText(), p.path("status").asText(), p.path("accepted_at").asText()));
    }
    return table.render();
  }
}
