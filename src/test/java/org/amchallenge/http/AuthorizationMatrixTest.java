package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.amchallenge.Fixtures;
import org.amchallenge.ServerConfig;
import org.amchallenge.domain.Account;
import org.amchallenge.http.Accounts.Credential;
import org.amchallenge.ops.Limits;
import org.amchallenge.people.PeopleConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the router has, called by every kind of caller, against one table of what each may do (SPEC "People").
 * The table is written by hand from SPEC, never computed from the code under test; a route the table does not cover
 * fails the test, and so does a row for a route the server no longer has.
 */
@ExtendWith(VertxExtension.class)
class AuthorizationMatrixTest {
  private static final String A = "matrix-a";
  private static final String B = "matrix-b";
  private static final String SERIES = "matrix-series";
  private static final String TERMS = "Data may be used for publication only after the results paper.";
  private static final String BAD_CSV = "sample_id,quantity,value\nS1,depth,oops\n";

  /**
   * The callers, in the table's column order: anyone; a forged token; a forged personal access token; the token of
   * another team (its members approved in A); this team's token; the session of that other team's captain; this team's
   * member; its captain; an organizer of challenge B; A's reviewer, organizer and owner; the admin token; an account
   * named by --admins; a session without its X-CSRF-Token (changes only: the session of a caller the row allows); the
   * captain's, the owner's and the admin account's personal access tokens with the {@code read} scope only.
   */
  private static final List<String> CALLERS = List.of("anon", "forg", "fpat", "oTeam", "team", "oMem", "memb", "capt", "oOrg", "revw",
      "orgz", "ownr", "adTk", "adAc", "noCs", "cRd", "oRd", "aRd");

  /**
   * o: allowed (a read succeeds; a change may be refused for its probe's invalid body: any answer but 401, 403 and 5xx);
   * n: allowed, but the probe names nothing there (no sign-in provider is configured, no link was mailed): a 4xx but 401 or 403;
   * -: 401; x: 403; h: 404, refused as if it did not exist; .: not probed (a read needs no CSRF token).
   * Changes that cannot be undone come last: a new team token, a member removed, sign-out.
   */
  private static final String TABLE = """
                                                                  anon forg fpat oTeam team oMem memb capt oOrg revw orgz ownr adTk adAc noCs cRd oRd aRd
      GET    /                                                    o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /challenges/:id                                      o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /series/:seriesId                                    o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /challenges/:id/analysis                             o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /assets/                                             o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /webjars/                                            o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /health                                              o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /openapi.yaml                                        o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /api-docs                                            o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /sign-in                                             o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /sign-up                                             o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /account                                             o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /teams/:teamId                                       o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /teams/:teamId/join                                  o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /console                                             o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /console/new                                         o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /console/challenges/:id                              o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /reset-password                                      o    o    o    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /auth/verify                                         n    n    n    n     n    n    n    n    n    n    n    n    n    n    .    n   n   n
      GET    /auth/oidc/:provider                                 n    n    n    n     n    n    n    n    n    n    n    n    n    n    .    n   n   n
      GET    /auth/oidc/:provider/callback                        n    n    n    n     n    n    n    n    n    n    n    n    n    n    .    n   n   n
      GET    /metrics                                             -    -    -    -     -    -    -    -    -    -    -    -    o    -    .    -   -   -
      POST   /api/accounts                                        o    -    -    o     o    o    o    o    o    o    o    o    o    o    o    o   o   o
      POST   /api/sessions                                        o    -    -    o     o    o    o    o    o    o    o    o    o    o    o    o   o   o
      GET    /api/auth/providers                                  o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      POST   /api/accounts/verification                           -    -    -    x     x    o    o    o    o    o    o    o    x    o    x    o   o   o
      POST   /api/accounts/password-reset                         o    -    -    o     o    o    o    o    o    o    o    o    o    o    x    o   o   o
      POST   /api/accounts/password                               o    -    -    o     o    o    o    o    o    o    o    o    o    o    x    o   o   o
      GET    /api/me                                              -    -    -    x     x    o    o    o    o    o    o    o    x    o    .    o   o   o
      GET    /api/me/challenges                                   -    -    -    x     x    o    o    o    o    o    o    o    o    o    .    o   o   o
      POST   /api/tokens                                          -    -    -    x     x    o    o    o    o    o    o    o    x    o    x    x   x   x
      GET    /api/tokens                                          -    -    -    x     x    o    o    o    o    o    o    o    x    o    .    o   o   o
      DELETE /api/tokens/:tokenId                                 -    -    -    x     x    o    o    o    o    o    o    o    x    o    x    x   x   x
      PUT    /api/accounts/:email/creator                         -    -    -    x     x    x    x    x    x    x    x    x    o    o    x    x   x   x
      PUT    /api/accounts/:email/verified                        -    -    -    x     x    x    x    x    x    x    x    x    o    o    x    x   x   x
      DELETE /api/accounts/:email/creator                         -    -    -    x     x    x    x    x    x    x    x    x    o    o    x    x   x   x
      GET    /api/backup                                          -    -    -    x     x    x    x    x    x    x    x    x    o    o    .    x   x   x
      POST   /api/teams                                           o    -    -    o     o    o    o    o    o    o    o    o    o    o    x    x   x   x
      GET    /api/teams/:teamId                                   -    -    -    x     x    o    o    o    o    o    o    o    x    o    .    o   o   o
      POST   /api/teams/:teamId/invitations                       -    -    -    x     x    x    x    o    x    x    x    x    x    o    x    x   x   x
      POST   /api/teams/:teamId/members                           -    -    -    x     x    o    o    o    o    o    o    o    x    o    x    x   x   x
      GET    /api/challenges                                      o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /api/metrics                                         o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      POST   /api/challenges                                      -    -    -    x     x    x    x    x    o    x    o    o    o    o    x    x   x   x
      GET    /api/challenges/:id                                  o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /api/series                                          o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      POST   /api/series                                          -    -    -    x     x    x    x    x    o    x    o    o    o    o    x    x   x   x
      GET    /api/series/:seriesId                                o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /api/series/:seriesId/leaderboard                    o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /api/series/:seriesId/leaderboard/events             o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /api/challenges/:id/inputs/:file                     o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /api/challenges/:id/template.csv                     o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /api/challenges/:id/template.xlsx                    o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      PUT    /api/challenges/:id/reference                        -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      GET    /api/challenges/:id/reference                        x    -    -    x     x    x    x    x    x    o    o    o    o    o    .    x   x   x
      POST   /api/challenges/:id/reveal                           -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      GET    /api/challenges/:id/audit                            -    -    -    x     x    x    x    x    x    o    o    o    o    o    .    x   x   x
      GET    /api/challenges/:id/rescoring                        -    -    -    x     x    x    x    x    x    o    o    o    o    o    .    x   x   x
      PUT    /api/challenges/:id/inputs/:file                     -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      DELETE /api/challenges/:id/inputs/:file                     -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      POST   /api/challenges/:id/disqualifications                -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      GET    /api/challenges/:id/disqualifications                x    -    -    x     x    x    x    x    x    o    o    o    o    o    .    x   x   x
      DELETE /api/challenges/:id/disqualifications/:did           -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      GET    /api/challenges/:id/roles                            -    -    -    x     x    x    x    x    x    o    o    o    o    o    .    x   x   x
      PUT    /api/challenges/:id/roles/:email                     -    -    -    x     x    x    x    x    x    x    x    o    o    o    x    x   x   x
      DELETE /api/challenges/:id/roles/:email                     -    -    -    x     x    x    x    x    x    x    x    o    o    o    x    x   x   x
      POST   /api/challenges/:id/participants                     -    -    -    x     x    o    o    o    o    o    o    o    x    o    x    x   x   x
      GET    /api/challenges/:id/participants                     -    -    -    x     x    x    x    x    x    o    o    o    o    o    .    x   x   x
      PUT    /api/challenges/:id/participants/:email              -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      POST   /api/challenges/:id/submissions                      -    -    -    o     o    o    o    o    x    x    x    x    x    x    x    x   x   x
      GET    /api/challenges/:id/submissions                      -    -    -    o     o    o    o    o    x    o    o    o    o    o    .    o   x   x
      GET    /api/challenges/:id/submissions/:sid/file            -    -    -    h     o    h    o    o    x    o    o    o    o    o    .    o   x   x
      GET    /api/challenges/:id/submissions/:sid                 h    -    -    h     o    h    o    o    h    o    o    o    o    o    .    o   h   h
      POST   /api/challenges/:id/submissions/:sid/select          -    -    -    h     o    h    o    o    x    x    x    x    x    x    x    x   x   x
      DELETE /api/challenges/:id/submissions/:sid/select          -    -    -    h     o    h    o    o    x    x    x    x    x    x    x    x   x   x
      GET    /api/challenges/:id/leaderboard                      x    -    -    x     x    x    x    x    x    o    o    o    o    o    .    x   x   x
      GET    /api/challenges/:id/leaderboard/events               o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      GET    /api/challenges/:id/export                           x    -    -    x     x    x    x    x    x    o    o    o    o    o    .    x   x   x
      POST   /api/challenges/:id/webhooks                         -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      GET    /api/challenges/:id/webhooks                         -    -    -    x     x    x    x    x    x    x    o    o    o    o    .    x   x   x
      DELETE /api/challenges/:id/webhooks/:hid                    -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      GET    /api/challenges/:id/history                          o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      POST   /api/challenges/:id/baselines                        -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      GET    /api/challenges/:id/baselines                        o    -    -    o     o    o    o    o    o    o    o    o    o    o    .    o   o   o
      DELETE /api/challenges/:id/baselines/:bid                   -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      GET    /api/challenges/:id/analysis                         x    -    -    x     x    x    x    x    x    o    o    o    o    o    .    x   x   x
      POST   /api/teams/:teamId/token                             -    -    -    x     x    x    x    o    x    x    x    x    o    o    x    x   x   x
      DELETE /api/teams/:teamId/members/:email                    -    -    -    x     x    x    x    o    x    x    x    x    x    o    x    x   x   x
      POST   /api/challenges/:id/close                            -    -    -    x     x    x    x    x    x    x    o    o    o    o    x    x   x   x
      DELETE /api/sessions/current                                o    -    -    o     o    o    o    o    o    o    o    o    o    o    x    o   o   o
      """;

  /** Sessions tried, in this order, as the one sent without its CSRF token: the first the row allows. */
  private static final List<String> SESSIONS = List.of("ownr", "orgz", "capt", "memb", "oMem", "adAc", "revw", "oOrg");

  @TempDir Path dir;
  private LiveServer live;
  private HttpClient http;
  private final Map<String, Credential> callers = new LinkedHashMap<>();
  private String teamId;
  private String submissionId;
  private Credential spare;
  private String webjar;

  /** One probe of a route: the request sent, its path with every parameter given, and a body that changes nothing. */
  private record Probe(HttpMethod method, String path, String type, String body) {}

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"),
        null, TestServer.ORGANIZER, 1 << 20, Clock.fixed(TestServer.NOW, ZoneOffset.UTC))
        .withPeople(PeopleConfig.DEFAULT.withAdmins(Set.of(Account.emailKey("root@example.org"))))
        // hundreds of requests from one address: the limits on strangers are not what this test is about
        .withLimits(Limits.DEFAULTS.withStrangers(0, 0));
    live = LiveServer.of(vertx, config);
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    var client = live.client;
    Credential anyone = Credential.ANYONE;
    Credential admin = Credential.token(TestServer.ORGANIZER);
    Credential owner = Accounts.signUp(client, "ann@example.org", "Ann Owner");
    Credential organizer = Accounts.signUp(client, "oli@example.org", "Oli Organizer");
    Credential reviewer = Accounts.signUp(client, "rev@example.org", "Rev Reviewer");
    Credential otherOrganizer = Accounts.signUp(client, "quinn@example.org", "Quinn Elsewhere");
    Credential captain = Accounts.signUp(client, "cap@example.org", "Cap Captain");
    Credential member = Accounts.signUp(client, "mem@example.org", "Mem Member");
    spare = Accounts.signUp(client, "spa@example.org", "Spa Spare");
    Credential otherCaptain = Accounts.signUp(client, "xav@example.org", "Xav Other");
    Credential root = Accounts.signUp(client, "root@example.org", "Root Admin");
    // named by --admins, but its email unproven (this server sends no mail): not an admin until the admin token vouches for it
    assertFalse(root.account().getBoolean("admin"), "whoever signs up first with an admin's email is not an admin");
    assertEquals(200, Accounts.send(client, HttpMethod.PUT, "/api/accounts/root@example.org/verified", admin, null).statusCode());
    assertTrue(Accounts.send(client, HttpMethod.GET, "/api/me", root, null).bodyAsJsonObject().getJsonObject("account").getBoolean("admin"),
        "an account named by --admins, its email vouched for, is an admin");

    // challenge A: published by its owner, whom an admin let create challenges; B: by the admin token, with an organizer
    assertEquals(200, Accounts.send(client, HttpMethod.PUT, "/api/accounts/ann@example.org/creator", admin, null).statusCode());
    String definition = Accounts.definition(A, 3, Accounts.registration(TERMS, "auto"));
    assertEquals(201, Accounts.sendText(client, HttpMethod.POST, "/api/challenges", owner, "application/yaml", definition).statusCode());
    assertEquals(200, Accounts.sendText(client, HttpMethod.PUT, "/api/challenges/" + A + "/reference", owner, "text/csv",
        Accounts.reference()).statusCode());
    grant(owner, A, "oli@example.org", "organizer");
    grant(owner, A, "rev@example.org", "reviewer");
    assertEquals(201, Accounts.sendText(client, HttpMethod.POST, "/api/challenges", admin, "application/yaml",
        Accounts.definition(B, 3, null)).statusCode());
    grant(admin, B, "quinn@example.org", "organizer");
    assertEquals(201, Accounts.sendText(client, HttpMethod.POST, "/api/series", admin, "application/yaml",
        "id: " + SERIES + "\ntitle: Matrix\nchallenges: [" + A + ", " + B + "]\n").statusCode());

    // team T: captain, member and a spare member, all approved in A, with one submission; team O of another captain
    JsonObject team = Accounts.team(client, captain, "Team Tee");
    teamId = team.getString("id");
    assertEquals(200, Accounts.join(client, captain, teamId, member).statusCode());
    assertEquals(200, Accounts.join(client, captain, teamId, spare).statusCode());
    JsonObject other = Accounts.team(client, otherCaptain, "Team Oh");
    for (Credential c : List.of(captain, member, spare, otherCaptain)) {
      HttpResponse<Buffer> registered = Accounts.register(client, A, c, TERMS + "\n");
      assertEquals(201, registered.statusCode(), registered.bodyAsString());
    }
    HttpResponse<Buffer> uploaded = live.upload(A, team.getString("token"), "text/csv", Buffer.buffer(Fixtures.predictions(1, 1)));
    assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
    submissionId = uploaded.bodyAsJsonObject().getString("id");

    // a public input file of A, and a file of a webjar the pages load
    Path inputs = Files.createDirectories(dir.resolve("challenges").resolve(A));
    Files.writeString(inputs.resolve("tracks.csv"), "sample_id,power_w\nS1,200\n");
    java.util.regex.Matcher loaded = java.util.regex.Pattern.compile("href=\"(/webjars/[^\"]+)\"")
        .matcher(new String(AuthorizationMatrixTest.class.getResourceAsStream("/web/api.html").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(loaded.find(), "the API page loads a webjar");
    webjar = loaded.group(1);

    callers.put("anon", anyone);
    callers.put("forg", Credential.token("forged-" + java.util.UUID.randomUUID()));
    callers.put("fpat", Credential.token("amc_pat_" + java.util.UUID.randomUUID().toString().replace("-", "")));
    callers.put("oTeam", Credential.token(other.getString("token")));
    callers.put("team", Credential.token(team.getString("token")));
    callers.put("oMem", otherCaptain);
    callers.put("memb", member);
    callers.put("capt", captain);
    callers.put("oOrg", otherOrganizer);
    callers.put("revw", reviewer);
    callers.put("orgz", organizer);
    callers.put("ownr", owner);
    callers.put("adTk", admin);
    callers.put("adAc", root);
    callers.put("cRd", Accounts.token(client, captain, "captain reads", "read"));
    callers.put("oRd", Accounts.token(client, owner, "owner reads", "read"));
    callers.put("aRd", Accounts.token(client, root, "admin reads", "read"));
  }

  private void grant(Credential by, String challenge, String email, String role) {
    HttpResponse<Buffer> granted = Accounts.send(live.client, HttpMethod.PUT, "/api/challenges/" + challenge + "/roles/" + email, by,
        new JsonObject().put("role", role));
    assertEquals(200, granted.statusCode(), granted.bodyAsString());
  }

  @AfterEach
  void stop() {
    LiveServer.join(http.close());
    live.close();
  }

  /** The table's rows: route ("METHOD /path") to the expected answer of each caller, in the table's order. */
  private static Map<String, Map<String, Character>> table() {
    Map<String, Map<String, Character>> rows = new LinkedHashMap<>();
    List<String> lines = TABLE.lines().filter(line -> !line.isBlank()).toList();
    assertEquals(CALLERS, List.of(lines.get(0).trim().split("\\s+")), "the table's columns");
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.trim().split("\\s+");
      assertEquals(2 + CALLERS.size(), cells.length, "cells of " + line.trim());
      Map<String, Character> row = new LinkedHashMap<>();
      for (int i = 0; i < CALLERS.size(); i++) row.put(CALLERS.get(i), cells[2 + i].charAt(0));
      rows.put(cells[0] + " " + cells[1], row);
    }
    return rows;
  }

  /** The request that probes a route: its parameters filled with this test's objects, a body that is invalid or harmless. */
  private Probe probe(String route) {
    String method = route.substring(0, route.indexOf(' '));
    String template = route.substring(route.indexOf(' ') + 1);
    String email = template.startsWith("/api/accounts/") ? "nobody@example.org" : spare.email();
    String path = template.replace("/assets/", "/assets/app.css").replace("/webjars/", webjar)
        .replace(":id", template.startsWith("/challenges/") || template.startsWith("/api/challenges/") ? A : ":id")
        .replace(":seriesId", SERIES).replace(":teamId", teamId).replace(":tokenId", "no-such-token").replace(":sid", submissionId).replace(":hid", "no-such-hook").replace(":did", "no-such-disqualification")
        .replace(":bid", "no-such-baseline")
        .replace(":file", "tracks.csv").replace(":provider", "orcid").replace(":email", email);
    if (path.endsWith("/leaderboard")) path += "?board=private";
    HttpMethod verb = HttpMethod.valueOf(method);
    if (verb == HttpMethod.GET || verb == HttpMethod.DELETE) return new Probe(verb, path, null, null);
    if (route.equals("POST /api/challenges")) return new Probe(verb, path, "application/yaml", "id: [unclosed");
    if (path.endsWith("/reference") || path.endsWith("/submissions")) return new Probe(verb, path, "text/csv", BAD_CSV);
    boolean bodyless = path.endsWith("/invitations") || path.endsWith("/token") || path.endsWith("/reveal") || path.endsWith("/select")
        || path.endsWith("/creator") || path.endsWith("/verified") || path.endsWith("/close");
    return bodyless ? new Probe(verb, path, null, null) : new Probe(verb, path, "application/json", "not json");
  }

  /** The probe's answer: its status and the start of its body; an event stream is closed once its head arrived. */
  private String call(Probe probe, Credential who) {
    RequestOptions options = new RequestOptions().setMethod(probe.method()).setHost("127.0.0.1").setPort(live.port).setURI(probe.path());
    if (who.token() != null) options.putHeader("Authorization", "Bearer " + who.token());
    if (who.cookie() != null) options.putHeader("Cookie", who.cookie());
    if (who.csrf() != null && probe.method() != HttpMethod.GET) options.putHeader("X-CSRF-Token", who.csrf());
    if (probe.type() != null) options.putHeader("Content-Type", probe.type());
    // the answer's handlers are set on the event loop as it arrives: set later, from this thread, its body could be gone
    return LiveServer.join(http.request(options).compose(request -> (probe.body() == null ? request.send() : request.send(Buffer.buffer(probe.body())))
        .compose(AuthorizationMatrixTest::answer)));
  }

  private static Future<String> answer(HttpClientResponse response) {
    if (String.valueOf(response.getHeader("Content-Type")).startsWith("text/event-stream")) {
      response.exceptionHandler(closed -> { });  // closed by this test, once its head arrived
      response.request().connection().close();
      return Future.succeededFuture(response.statusCode() + " (event stream)");
    }
    // a binary answer (a workbook, a bundle) is shown as its length only
    return response.body().map(body -> response.statusCode() + " " + (String.valueOf(response.getHeader("Content-Type")).matches("(text/|application/(problem\\+)?json).*")
        ? body.toString() : "(" + body.length() + " bytes of " + response.getHeader("Content-Type") + ")"));
  }

  /** Whether the answer is the cell's: a read allowed must succeed (its probe names objects that exist), a change allowed may be refused for its body. */
  private static boolean matches(char expected, HttpMethod method, int status) {
    return switch (expected) {
      case '-' -> status == 401;
      case 'x' -> status == 403;
      case 'h' -> status == 404;
      case 'n' -> status / 100 == 4 && status != 401 && status != 403 && status != 429;
      case 'o' -> method == HttpMethod.GET ? status / 100 == 2 : status != 401 && status != 403 && status != 429 && status < 500;
      default -> throw new IllegalArgumentException("no such cell: " + expected);
    };
  }

  @Test
  @DisplayName("every route against every kind of caller answers as the one table says: 401, 403, hidden (404) or allowed")
  void everyRouteEveryCaller() {
    Map<String, Map<String, Character>> table = table();
    Set<String> served = new TreeSet<>(live.routes());
    Set<String> uncovered = new TreeSet<>(served);
    uncovered.removeAll(table.keySet());
    assertTrue(uncovered.isEmpty(), "routes the table does not cover: " + uncovered);
    Set<String> gone = new TreeSet<>(table.keySet());
    gone.removeAll(served);
    assertTrue(gone.isEmpty(), "rows of the table for routes the server does not have: " + gone);

    List<String> wrong = new ArrayList<>();
    int probes = 0;
    for (Map.Entry<String, Map<String, Character>> row : table.entrySet()) {
      Probe probe = probe(row.getKey());
      // the callers refused first: an allowed caller's probe may change what the others find (a token replaced, a session ended)
      List<String> order = new ArrayList<>(CALLERS);
      order.sort(java.util.Comparator.comparing(caller -> row.getValue().get(caller) == 'o'));
      for (String caller : order) {
        char expected = row.getValue().get(caller);
        if (expected == '.') continue;
        Credential who = caller.equals("noCs") ? withoutCsrf(row.getValue()) : callers.get(caller);
        String answer;
        try {
          answer = call(probe, who);
        } catch (AssertionError e) {
          throw new AssertionError(row.getKey() + " as " + caller + ": " + e.getMessage(), e);
        }
        probes++;
        int status = Integer.parseInt(answer.substring(0, 3));
        if (!matches(expected, probe.method(), status)) {
          wrong.add(row.getKey() + " as " + caller + ": expected " + expected + ", got " + answer.substring(0, Math.min(200, answer.length())));
        }
        // a new team token: this team's token is the new one from here on (the old one is refused at once)
        if (row.getKey().equals("POST /api/teams/:teamId/token") && status == 201) {
          callers.put("team", Credential.token(new JsonObject(answer.substring(4)).getString("token")));
        }
      }
    }
    System.out.printf("authorization matrix: %d routes x %d callers, %d probes%n", table.size(), CALLERS.size(), probes);
    assertTrue(wrong.isEmpty(), wrong.size() + " answers differ from the table:\n" + String.join("\n", wrong));
  }

  /** The session of a caller this row allows, without its CSRF token: the token, not the session, is what refuses it. */
  private Credential withoutCsrf(Map<String, Character> row) {
    String allowed = SESSIONS.stream().filter(s -> row.get(s) == 'o').findFirst().orElse("ownr");
    return callers.get(allowed).withoutCsrf();
  }

  @Test
  @DisplayName("a refused caller's upload is answered 401 or 403 at once, from its headers: the large body that never comes is not waited for")
  void refusedBeforeTheBody() {
    String path = "/api/challenges/" + A + "/submissions";
    Map<String, Integer> refusals = new LinkedHashMap<>();
    refusals.put("anon", 401);
    refusals.put("forg", 401);
    refusals.put("fpat", 401);
    refusals.put("cRd", 403);
    refusals.put("oOrg", 403);
    refusals.put("adTk", 403);
    for (Map.Entry<String, Integer> refused : refusals.entrySet()) {
      assertEquals(refused.getValue(), headersOnly(path, callers.get(refused.getKey())), refused.getKey());
    }
    assertEquals(403, headersOnly(path, callers.get("capt").withoutCsrf()), "a session without its CSRF token");
  }

  /** Sends the headers of a 50 MB upload and never its body; the status must come back within two seconds. */
  private int headersOnly(String path, Credential who) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(live.port).setURI(path)
        .putHeader("Content-Type", "text/csv").putHeader("Content-Length", Long.toString(50L << 20));
    if (who.token() != null) options.putHeader("Authorization", "Bearer " + who.token());
    if (who.cookie() != null) options.putHeader("Cookie", who.cookie());
    if (who.csrf() != null) options.putHeader("X-CSRF-Token", who.csrf());
    long start = System.nanoTime();
    int status = LiveServer.join(http.request(options).compose(request -> {
      request.sendHead();
      return request.response();
    }).map(HttpClientResponse::statusCode).timeout(2, java.util.concurrent.TimeUnit.SECONDS));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 2000, "answered in " + millis + " ms");
    return status;
  }
}
