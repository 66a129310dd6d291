package org.amchallenge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.amchallenge.Fixtures;
import org.amchallenge.Main;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.domain.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The organizer's and the competitor's commands against a live server, run as a person runs them (in this JVM, each
 * with its config file): publish with inputs and reference, register, submit, list, select, approve, disqualify,
 * close, reveal; and each command's exit code where the server refuses.
 */
class OrganizerCommandsLiveTest {
  private static final String ADMIN = "cli-admin-token";
  private static final String ID = "cli-tracks";
  private static final Instant NOW = Instant.parse("2026-10-01T12:00:00Z");
  private static final String TERMS = "Results may be published only after the workshop.";

  @TempDir Path dir;
  private Server server;
  private String url;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"),
        null, ADMIN, 16 << 20, Clock.fixed(NOW, ZoneOffset.UTC));
    server = Server.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private record Run(int exit, String out, String err) {}

  /** The command as {@code who} runs it: its config file names this server and that one's token. */
  private Run as(Path who, String command, String... args) {
    // a command of two words ("team create") takes the config after both
    List<String> all = new ArrayList<>(List.of(command.split(" ")));
    all.addAll(List.of("--config", who.toString()));
    all.addAll(Arrays.asList(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(all.toArray(String[]::new));
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path config(String name, String token) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, "server: " + url + "\ntoken: " + token + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** An account signed up, a read and submit token made with its session, and its team: the competitor's config file. */
  private Path competitor(String email, String name, String team) throws Exception {
    String secret = accountToken(email, name);
    HttpResponse<String> teamMade = post("/api/teams", secret, null, "{\"name\":\"" + team + "\"}");
    assertEquals(201, teamMade.statusCode(), teamMade.body());
    return config(email.substring(0, email.indexOf('@')), secret);
  }

  /** An account signed up and a read and submit token made with its session, as login makes it: the token. */
  private String accountToken(String email, String name) throws Exception {
    HttpResponse<String> made = post("/api/accounts", null, null, "{\"email\":\"" + email + "\",\"password\":\"a long enough password\",\"name\":\"" + name + "\"}");
    assertEquals(201, made.statusCode(), made.body());
    String cookie = made.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("amc_session=")).findFirst().orElseThrow().split(";")[0];
    String csrf = Json.MAPPER.readTree(made.body()).path("csrf_token").asText();
    HttpResponse<String> token = post("/api/tokens", null, new String[] {"Cookie", cookie, "X-CSRF-Token", csrf},
        "{\"name\":\"cli\",\"scopes\":[\"read\",\"submit\"]}");
    assertEquals(201, token.statusCode(), token.body());
    return Json.MAPPER.readTree(token.body()).path("token").asText();
  }

  private HttpResponse<String> post(String path, String token, String[] headers, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) request.header("Authorization", "Bearer " + token);
    if (headers != null) request.headers(headers);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path, String token) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return Json.MAPPER.readTree(answer.body());
  }

  /** The test fixture's challenge under another id, revealed and its registrations approved by hand. */
  private Path definition() throws IOException {
    String yaml = new String(Fixtures.resource("challenges/test-tracks.yaml"), StandardCharsets.UTF_8).replace("id: test-tracks", "id: " + ID)
        .replace("reveal: on_close", "reveal: manual")
        + "registration:\n  terms: \"" + TERMS + "\"\n  approval: manual\n";
    return Files.writeString(dir.resolve(ID + ".yaml"), yaml);
  }

  /** The submission's id, from the first line submit prints ("submission ID by TEAM at TIME"). */
  private static String submissionId(String printed) {
    assertTrue(printed.startsWith("submission "), printed);
    return printed.substring("submission ".length(), printed.indexOf(' ', "submission ".length()));
  }

  /** A printed table's rows (after the header's dashes), each cut into its cells. */
  private static List<List<String>> rows(String table) {
    List<String> lines = table.lines().toList();
    int dashes = 0;
    while (dashes < lines.size() && !lines.get(dashes).matches("-+( +-+)*")) dashes++;
    return lines.subList(Math.min(dashes + 1, lines.size()), lines.size()).stream()
        .map(l -> Arrays.asList(l.trim().split("\\s{2,}"))).toList();
  }

  @Test
  @DisplayName("publish with inputs and reference; members register, submit, list and select; the organizer approves, "
      + "disqualifies, closes and reveals, and the final ranking lists the disqualified team last")
  void wholeChallenge() throws Exception {
    Path admin = config("admin", ADMIN);
    Path definition = definition();
    Path reference = Files.write(dir.resolve("reference.csv"), Fixtures.resource("reference-data/test-tracks.csv"));
    Path inputs = Files.createDirectories(dir.resolve("inputs"));
    Files.writeString(inputs.resolve("powder.csv"), "size_um,fraction\n15,0.1\n45,0.9\n");
    Files.writeString(inputs.resolve("process.txt"), "laser 285 W, 960 mm/s\n");
    Files.writeString(inputs.resolve(".DS_Store"), "hidden, not uploaded");

    // the dry run stores nothing
    Run preview = as(admin, "publish", definition.toString(), "--reference", reference.toString(), "--inputs", inputs.toString(), "--dry-run");
    assertEquals(0, preview.exit(), preview.err());
    assertTrue(preview.out().contains("is valid: challenge " + ID), preview.out());
    assertTrue(preview.out().contains("reference " + reference + ": 12 rows"), preview.out());
    assertTrue(preview.out().contains("would upload 2 input files: powder.csv, process.txt"), preview.out());
    // the fixture's reference has 12 rows, one a row of the template
    assertTrue(preview.out().contains("the submission template will have 12 rows, from the reference file"), preview.out());
    Run bare = as(admin, "publish", definition.toString(), "--dry-run");
    assertTrue(bare.out().contains("the submission template has its header only: no reference yet (give one with --reference"), bare.out());
    assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(url + "/api/challenges/" + ID)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode(), "nothing published by the dry run");

    Run published = as(admin, "publish", definition.toString(), "--reference", reference.toString(), "--inputs", inputs.toString());
    assertEquals(0, published.exit(), published.err());
    assertTrue(published.out().startsWith("created challenge " + ID + " \"Test tracks\""), published.out());
    assertTrue(published.out().contains("2 input files uploaded (2 new, 0 replaced)"), published.out());
    assertTrue(published.err().contains("input 1/2 powder.csv") && published.err().contains("input 2/2 process.txt"), published.err());
    assertTrue(published.out().contains("reference " + reference + ": 12 rows"), published.out());
    assertTrue(published.out().contains("0 submissions scored again"), published.out());
    JsonNode challenge = getJson("/api/challenges/" + ID, ADMIN);
    assertTrue(challenge.path("has_reference").asBoolean(), challenge.toString());
    assertTrue(challenge.path("inputs").toString().contains("powder.csv"), challenge.path("inputs").toString());
    Run again = as(admin, "publish", definition.toString(), "--inputs", inputs.toString());
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().startsWith("updated challenge " + ID), again.out());
    assertTrue(again.out().contains("(0 new, 2 replaced)"), again.out());

    // members register: the terms shown, then pending until the organizer approves
    Path ada = competitor("ada@example.org", "Ada Lovelace", "Analytical");
    Path bob = competitor("bob@example.org", "Bob Babbage", "Difference");
    Run adaJoins = as(ada, "register", ID, "--accept-terms");
    assertEquals(0, adaJoins.exit(), adaJoins.err());
    assertTrue(adaJoins.err().contains(TERMS), adaJoins.err());
    assertTrue(adaJoins.out().startsWith("registered for " + ID + ": pending"), adaJoins.out());
    assertEquals(0, as(bob, "register", ID, "--accept-terms").exit());
    Run pending = as(admin, "participants", ID);
    assertEquals(0, pending.exit(), pending.err());
    assertEquals(List.of(List.of("ada@example.org", "Ada Lovelace", "pending"), List.of("bob@example.org", "Bob Babbage", "pending")),
        rows(pending.out()).stream().map(r -> r.subList(0, 3)).sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList(), pending.out());
    Path predictions = Files.writeString(dir.resolve("ada.csv"), Fixtures.predictions(10, -5));
    Run early = as(ada, "submit", "--challenge", ID, predictions.toString());
    assertEquals(4, early.exit(), "not approved yet: refused (403)\n" + early.err());
    Run approved = as(admin, "participants", ID, "--approve", "ada@example.org", "--approve", "bob@example.org");
    assertEquals(0, approved.exit(), approved.err());
    assertEquals(List.of("approved ada@example.org", "approved bob@example.org"), approved.out().lines().toList());
    Run csv = as(admin, "participants", ID, "--csv");
    assertTrue(csv.out().startsWith("email,name,orcid,status,terms_sha256,accepted_at,decided_at"), csv.out());
    assertEquals(2, csv.out().lines().filter(l -> l.contains(",approved,")).count(), csv.out());
    assertTrue(csv.out().endsWith("\n"), "the last line ends, so that a shell's prompt starts on its own: " + csv.out());

    // a file saved with semicolons: the server's 422 carries the hint, printed as a problem line of the file
    Path semicolons = Files.writeString(dir.resolve("semicolons.csv"), Fixtures.predictions(10, -5).replace(',', ';'));
    Run hinted = as(ada, "submit", "--challenge", ID, semicolons.toString());
    assertEquals(1, hinted.exit(), hinted.err());
    assertTrue(hinted.err().contains(semicolons + ":1: hint: the file looks semicolon-separated; save it as comma-separated CSV "
        + "(in Excel: CSV UTF-8 (Comma delimited))\n"), hinted.err());

    // each team submits; Ada selects hers
    Run adaSubmits = as(ada, "submit", "--challenge", ID, predictions.toString());
    assertEquals(0, adaSubmits.exit(), adaSubmits.err());
    Run adaAgain = as(ada, "submit", "--challenge", ID, Files.writeString(dir.resolve("ada2.csv"), Fixtures.predictions(5, -2)).toString());
    assertEquals(0, adaAgain.exit(), adaAgain.err());
    String adaSubmission = submissionId(adaSubmits.out());
    String adaLater = submissionId(adaAgain.out());
    Path perfect = Files.writeString(dir.resolve("bob.csv"), Fixtures.predictions(0, 0));
    assertEquals(0, as(bob, "submit", "--challenge", ID, perfect.toString()).exit());
    Run own = as(ada, "submissions", ID);
    assertEquals(0, own.exit(), own.err());
    assertTrue(own.out().startsWith("Analytical in " + ID + ": 2/"), own.out());
    List<List<String>> ownRows = rows(own.out());
    assertEquals(List.of(adaLater, adaSubmission), ownRows.stream().map(r -> r.get(0)).toList(), "newest first: " + own.out());
    assertEquals("2026-10-01 12:00:00", ownRows.get(0).get(1));
    assertEquals("no", ownRows.get(1).get(ownRows.get(1).size() - 1), "not selected yet");
    Run selected = as(ada, "submissions", ID, "--select", adaSubmission);
    assertEquals(0, selected.exit(), selected.err());
    assertEquals("yes", rows(selected.out()).get(1).get(rows(selected.out()).get(1).size() - 1), selected.out());
    assertTrue(selected.out().matches("(?s).*; 1/\\d+ selected for the final ranking\n.*"), selected.out());

    // the organizer sees every submission, disqualifies Bob's team, closes
    Run every = as(admin, "submissions", ID);
    assertEquals(0, every.exit(), every.err());
    assertEquals(List.of("Analytical", "Analytical", "Difference"), rows(every.out()).stream().map(r -> r.get(1)).sorted().toList(), every.out());
    Run onlyBob = as(admin, "submissions", ID, "--team", "Difference");
    assertEquals(List.of("Difference"), rows(onlyBob.out()).stream().map(r -> r.get(1)).toList(), onlyBob.out());
    Run disqualified = as(admin, "disqualify", ID, "--team", "Difference", "--reason", "trained on the test data");
    assertEquals(0, disqualified.exit(), disqualified.err());
    assertTrue(disqualified.out().startsWith("disqualified team Difference (every submission): trained on the test data\n"), disqualified.out());
    java.util.regex.Matcher said = java.util.regex.Pattern.compile("disqualification (\\S+); to undo it before the reveal: "
        + "amchallenge disqualify " + ID + " --undo (\\S+)\n").matcher(disqualified.out());
    assertTrue(said.find() && said.group(1).equals(said.group(2)), disqualified.out());
    assertEquals(said.group(1), getJson("/api/challenges/" + ID + "/disqualifications", ADMIN).at("/disqualifications/0/id").asText());
    assertEquals(2, as(admin, "disqualify", ID, "--undo", said.group(1), "--reason", "no").exit(), "--undo takes no reason");
    Run undone = as(admin, "disqualify", ID, "--undo", said.group(1));
    assertEquals(0, undone.exit(), undone.err());
    assertEquals("reinstated what disqualification " + said.group(1) + " took out of " + ID + "\n", undone.out());
    assertEquals(0, getJson("/api/challenges/" + ID + "/disqualifications", ADMIN).path("disqualifications").size(), "reinstated");
    assertEquals(4, as(admin, "disqualify", ID, "--undo", said.group(1)).exit(), "no such disqualification any more (404)");
    disqualified = as(admin, "disqualify", ID, "--team", "Difference", "--reason", "trained on the test data");
    assertEquals(0, disqualified.exit(), disqualified.err());
    Run closed = as(admin, "close", ID);
    assertEquals(0, closed.exit(), closed.err());
    assertTrue(closed.out().startsWith("closed " + ID + " at " + NOW), closed.out());
    Run late = as(bob, "submit", "--challenge", ID, perfect.toString());
    assertEquals(4, late.exit(), "closed: refused\n" + late.err());

    // the reveal: no terminal and no --yes asks nothing and does nothing; --yes reveals and prints the final ranking
    Run unconfirmed = as(admin, "reveal", ID);
    assertEquals(2, unconfirmed.exit(), unconfirmed.err());
    assertTrue(unconfirmed.err().contains("the reference data"), "what becomes public is said: " + unconfirmed.err());
    assertTrue(unconfirmed.err().contains("pass --yes"), unconfirmed.err());
    assertFalse(getJson("/api/challenges/" + ID, ADMIN).path("status").asText().equals("revealed"));
    Run revealed = as(admin, "reveal", ID, "--yes");
    assertEquals(0, revealed.exit(), revealed.err());
    assertTrue(revealed.out().startsWith("revealed " + ID + " at " + NOW), revealed.out());
    List<List<String>> ranking = rows(revealed.out()).stream().filter(r -> !r.get(0).startsWith("~")).toList();
    assertEquals(2, ranking.size(), revealed.out());
    assertEquals(List.of("1", "Analytical"), ranking.get(0).subList(0, 2), revealed.out());
    List<String> last = ranking.get(ranking.size() - 1);
    assertEquals(List.of("-", "Difference"), last.subList(0, 2), "the disqualified team after the ranked rows: " + revealed.out());
    assertEquals("trained on the test data", last.get(last.size() - 1), revealed.out());
  }

  @Test
  @DisplayName("a competitor signed in makes a team, invites, another joins with the code, and both show it; "
      + "one not the captain cannot invite, a wrong code is refused, and a team's token makes no team")
  void teams() throws Exception {
    Path carol = config("carol", accountToken("carol@example.org", "Carol Jacquard"));
    Path dave = config("dave", accountToken("dave@example.org", "Dave Hollerith"));

    Run created = as(carol, "team create", "Looms");
    assertEquals(0, created.exit(), created.err());
    java.util.regex.Matcher made = java.util.regex.Pattern.compile("^created team Looms \\(id (\\S+)\\); you are its captain\n"
        + "team token, shown this once \\(your account's token submits for the team too\\): (\\S+)\n"
        + "invite members with: amchallenge team invite \\1\n$").matcher(created.out());
    assertTrue(made.matches(), created.out());
    String team = made.group(1);
    assertTrue(made.group(2).length() >= 20 && !made.group(2).startsWith(LoginCommand.PERSONAL_TOKEN_PREFIX), "a team's token: " + created.out());

    Run invited = as(carol, "team invite", team);
    assertEquals(0, invited.exit(), invited.err());
    java.util.regex.Matcher code = java.util.regex.Pattern.compile("^invitation code (\\S+), valid until \\S+\n"
        + "join link: http\\S*/teams/" + team + "/join\\?code=\\1\n"
        + "or from the command line: amchallenge team join " + team + " \\1\n$").matcher(invited.out());
    assertTrue(code.matches(), invited.out());

    assertEquals(4, as(dave, "team join", team, "not-the-code").exit(), "a wrong code: refused (403)");
    Run joined = as(dave, "team join", team, code.group(1));
    assertEquals(0, joined.exit(), joined.err());
    assertEquals("joined team Looms (id " + team + ")\n", joined.out());
    assertEquals(4, as(dave, "team invite", team).exit(), "only the captain invites (403)");

    Run shown = as(dave, "team show", team);
    assertEquals(0, shown.exit(), shown.err());
    assertTrue(shown.out().startsWith("team Looms (id " + team + "), made "), shown.out());
    assertFalse(shown.out().lines().findFirst().orElseThrow().contains("captain"), "Dave is not its captain: " + shown.out());
    assertEquals(List.of(List.of("Carol Jacquard", "carol@example.org", "yes"), List.of("Dave Hollerith", "dave@example.org")),
        rows(shown.out()).stream().sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList(), shown.out());

    Run byTeamToken = as(config("looms", made.group(2)), "team create", "Other");
    assertEquals(2, byTeamToken.exit(), byTeamToken.err());
    assertTrue(byTeamToken.err().contains("your account's token"), byTeamToken.err());
    assertEquals(2, Main.run("team"), "no subcommand: the usage");
  }

  @Test
  @DisplayName("refusals: a competitor's token on organizer commands exits 4 (403), an invalid definition or reference 1 (422) with "
      + "FILE:LINE:COLUMN: field: detail lines, no token 2")
  void refusals() throws Exception {
    Path admin = config("admin", ADMIN);
    Path definition = definition();
    Files.writeString(definition, Files.readString(definition).replace("kind: scalar", "kind: scalr"));
    Run invalid = as(admin, "publish", definition.toString());
    assertEquals(1, invalid.exit(), invalid.err());
    assertTrue(invalid.err().lines().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(definition.toString()) + ":\\d+:\\d+: .*kind.*")),
        invalid.err());

    Path valid = definition();
    Path reference = Files.write(dir.resolve("reference.csv"), Fixtures.resource("reference-data/test-tracks.csv"));
    assertEquals(0, as(admin, "publish", valid.toString(), "--reference", reference.toString()).exit());
    Path badReference = Files.writeString(dir.resolve("bad-reference.csv"),
        "sample_id,quantity,point,component,value\nS1,depth,,,100\nS1,depth,,,abc\n");
    Run rejected = as(admin, "publish", valid.toString(), "--reference", badReference.toString());
    assertEquals(1, rejected.exit(), rejected.err());
    assertTrue(rejected.err().contains(badReference + ":3:"), rejected.err());

    Path ada = competitor("ada@example.org", "Ada Lovelace", "Analytical");
    for (String[] command : List.of(new String[] {"publish", valid.toString()}, new String[] {"close", ID},
        new String[] {"reveal", ID, "--yes"}, new String[] {"participants", ID}, new String[] {"participants", ID, "--approve", "ada@example.org"},
        new String[] {"disqualify", ID, "--team", "Analytical", "--reason", "no"})) {
      Run refused = as(ada, command[0], Arrays.copyOfRange(command, 1, command.length));
      assertEquals(4, refused.exit(), String.join(" ", command) + ": " + refused.err());
    }
    Run unknown = as(ada, "register", "no-such-challenge", "--accept-terms");
    assertEquals(4, unknown.exit(), unknown.err());
    assertEquals(4, as(ada, "submissions", "no-such-challenge").exit());
    Run tooLong = as(admin, "disqualify", ID, "--team", "Analytical", "--reason", "x".repeat(501));
    assertEquals(1, tooLong.exit(), "a reason over 500 characters is invalid input: " + tooLong.err());
    Run noToken = as(config("nobody", "\"\""), "close", ID);
    assertEquals(2, noToken.exit(), noToken.err());
    assertTrue(noToken.err().contains("no token"), noToken.err());
    Run both = as(admin, "disqualify", ID, "S1", "--team", "Analytical", "--reason", "no");
    assertEquals(2, both.exit(), both.err());
    Run early = as(admin, "reveal", ID, "--yes");
    assertEquals(4, early.exit(), early.err());
    assertTrue(early.err().contains("To close it now and reveal, run again with --close-now: amchallenge reveal " + ID + " --close-now"),
        early.err());
    Run asked = as(admin, "reveal", ID);
    assertEquals(4, asked.exit(), "refused before the id is asked for: " + asked.err());
    assertTrue(asked.err().contains(ID + " is open until 2027-01-01T00:00:00Z: a reveal before then ends it early. To close it now"),
        asked.err());
    assertFalse(asked.err().contains("Type the challenge's id"), asked.err());
    Run twice = as(admin, "close", ID);
    assertEquals(0, twice.exit(), twice.err());
    assertEquals(4, as(admin, "close", ID).exit(), "already closed: 409");
  }
}
