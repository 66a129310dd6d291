package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
 * SPEC "People" walked over HTTP on a real server and its embedded database: accounts and sessions, personal access
 * tokens, site admins and roles per challenge, registration, and teams made by accounts. Four challenges in the folder
 * (owned by the admins): {@code auto} and {@code manual} with terms, {@code nist} for one email domain, {@code free}
 * without registration and for teams of two.
 */
@ExtendWith(VertxExtension.class)
class PeopleTest {
  private static final String TERMS = "Data may be used for publication only after the results paper.";
  /** The terms as the YAML block gives them: with the line break that ends the block. */
  private static final String GIVEN_TERMS = TERMS + "\n";
  private static final String PREDICTIONS = Fixtures.predictions(1, 1);

  @TempDir Path dir;
  private final TestClock clock = new TestClock(TestServer.NOW);
  private LiveServer live;
  private WebClient client;
  private final Credential admin = Credential.token(TestServer.ORGANIZER);

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    write("auto", Accounts.definition("auto", 3, Accounts.registration(TERMS, "auto")));
    write("manual", Accounts.definition("manual", 3, Accounts.registration(TERMS, "manual")));
    write("nist", Accounts.definition("nist", 3, Accounts.registration(TERMS, "auto", "nist.gov")));
    write("free", Accounts.definition("free", 2, null));
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"),
        null, TestServer.ORGANIZER, 1 << 20, clock)
        .withPeople(PeopleConfig.DEFAULT.withAdmins(Set.of(Account.emailKey("root@example.org"))))
        // many accounts and teams from one address: the limits on strangers are another test's
        .withLimits(Limits.DEFAULTS.withStrangers(0, 0).withBehindProxy(true));
    live = LiveServer.of(vertx, config);
    client = live.client;
  }

  private void write(String id, String definition) throws Exception {
    Files.writeString(dir.resolve("challenges/" + id + ".yaml"), definition);
    Files.writeString(dir.resolve("reference-data/" + id + ".csv"), Accounts.reference());
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private Credential signUp(String email) {
    return Accounts.signUp(client, email, email.substring(0, email.indexOf('@')));
  }

  private HttpResponse<Buffer> me(Credential who) {
    return Accounts.get(client, "/api/me", who);
  }

  private HttpResponse<Buffer> upload(String challenge, Credential who, String query) {
    return Accounts.sendText(client, HttpMethod.POST, "/api/challenges/" + challenge + "/submissions" + query, who, "text/csv", PREDICTIONS);
  }

  private HttpResponse<Buffer> signIn(String email, String password) {
    return LiveServer.join(client.post("/api/sessions").sendJsonObject(new JsonObject().put("email", email).put("password", password)));
  }

  /** A problem's body without what differs between any two answers: the request's id. */
  private static JsonObject problem(HttpResponse<Buffer> answer) {
    JsonObject body = answer.bodyAsJsonObject().copy();
    body.remove("request_id");
    return body;
  }

  private static void assertStatus(int expected, HttpResponse<Buffer> answer) {
    assertEquals(expected, answer.statusCode(), answer.bodyAsString());
  }

  // ---- accounts and sessions

  @Test
  @DisplayName("sign-up opens a session (201, HttpOnly SameSite=Lax cookie, a CSRF token); sign-in rotates it; sign-out ends it; changes need the CSRF token")
  void sessions() {
    HttpResponse<Buffer> made = LiveServer.join(client.post("/api/accounts")
        .sendJsonObject(new JsonObject().put("email", "Ada@Example.org").put("password", Accounts.PASSWORD).put("name", "Ada")));
    assertStatus(201, made);
    String cookie = made.cookies().stream().filter(c -> c.startsWith("amc_session=")).findFirst().orElseThrow();
    assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), cookie);
    assertTrue(cookie.contains("Max-Age=" + org.amchallenge.people.PeopleService.SESSION_LIFE.toSeconds()), "lives 14 days: " + cookie);
    assertTrue(cookie.contains("SameSite=Lax"), cookie);
    assertTrue(cookie.contains("Path=/"), cookie);
    assertFalse(cookie.contains("Secure"), "plain HTTP on loopback: no Secure attribute: " + cookie);
    Credential first = Accounts.session(made);
    assertFalse(first.csrf().isBlank());
    assertEquals("Ada@Example.org", first.email());
    HttpResponse<Buffer> mine = me(first);
    assertStatus(200, mine);
    assertEquals(first.csrf(), mine.bodyAsJsonObject().getString("csrf_token"));

    // the same email in other letters' case is the same account; a password under 10 characters is refused
    assertStatus(409, Accounts.post(client, "/api/accounts", Credential.ANYONE,
        new JsonObject().put("email", "ada@EXAMPLE.org").put("password", Accounts.PASSWORD).put("name", "Ada again")));
    HttpResponse<Buffer> shortPassword = Accounts.post(client, "/api/accounts", Credential.ANYONE,
        new JsonObject().put("email", "bea@example.org").put("password", "123456789").put("name", "Bea"));
    assertStatus(422, shortPassword);
    assertEquals("password", shortPassword.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0).getString("field"));

    // a wrong password and an unknown email: the same status, the same problem
    HttpResponse<Buffer> wrong = signIn("ada@example.org", "not the password at all");
    HttpResponse<Buffer> unknown = signIn("nobody@example.org", "not the password at all");
    assertStatus(401, wrong);
    assertStatus(401, unknown);
    assertEquals(problem(wrong), problem(unknown));
    assertEquals(wrong.getHeader("Content-Type"), unknown.getHeader("Content-Type"));
    assertTrue(wrong.cookies().isEmpty(), "no session for a failed sign-in");

    // signing in with the old cookie: a new session, and the old one no longer works
    HttpResponse<Buffer> in = LiveServer.join(client.post("/api/sessions").putHeader("Cookie", first.cookie())
        .sendJsonObject(new JsonObject().put("email", "ADA@example.org").put("password", Accounts.PASSWORD)));
    assertStatus(200, in);
    Credential second = Accounts.session(in);
    assertNotEquals(first.cookie(), second.cookie());
    assertNotEquals(first.csrf(), second.csrf());
    assertStatus(401, me(first));
    assertStatus(200, me(second));

    // a change sent with the cookie: refused without its CSRF token, or with another session's
    JsonObject token = new JsonObject().put("name", "cli").put("scopes", new JsonArray().add("read"));
    assertStatus(403, Accounts.post(client, "/api/tokens", second.withoutCsrf(), token));
    assertStatus(403, Accounts.post(client, "/api/tokens", new Credential(second.cookie(), first.csrf(), null, null), token));
    assertStatus(201, Accounts.post(client, "/api/tokens", second, token));

    // sign-out: refused without the CSRF token, then the cookie is cleared and the session ended on the server
    assertStatus(403, Accounts.send(client, HttpMethod.DELETE, "/api/sessions/current", second.withoutCsrf(), null));
    assertStatus(200, me(second));
    HttpResponse<Buffer> out = Accounts.send(client, HttpMethod.DELETE, "/api/sessions/current", second, null);
    assertStatus(204, out);
    String cleared = out.cookies().stream().filter(c -> c.startsWith("amc_session=")).findFirst().orElseThrow();
    assertTrue(cleared.contains("Max-Age=0"), cleared);
    assertStatus(401, me(second));

    // a session ends when it expires, on the server's clock, though the node kept it a moment ago
    Credential expiring = signUp("expiring@example.org");
    assertStatus(200, me(expiring));
    clock.advance(org.amchallenge.people.PeopleService.SESSION_LIFE.minusSeconds(1));
    assertStatus(200, me(expiring));
    clock.advance(java.time.Duration.ofSeconds(1));
    assertStatus(401, me(expiring));
  }

  @Test
  @DisplayName("repeated failed sign-ins are answered 429 with Retry-After, the right password too, an unknown email alike; after the wait, it signs in")
  void throttled() throws InterruptedException {
    signUp("bo@example.org");
    HttpResponse<Buffer> refused = null;
    int tries = 0;
    while (tries < 20) {
      tries++;
      HttpResponse<Buffer> answer = signIn("bo@example.org", "guess number " + tries);
      if (answer.statusCode() == 429) {
        refused = answer;
        break;
      }
      assertStatus(401, answer);
    }
    assertTrue(refused != null, "still answered 401 after " + tries + " failures");
    assertTrue(tries > 3, "a person mistyping is not throttled at once: 429 after " + (tries - 1) + " failures");
    long wait = Long.parseLong(refused.getHeader("Retry-After"));
    assertTrue(wait >= 1, "Retry-After " + wait);
    assertStatus(429, signIn("bo@example.org", Accounts.PASSWORD));

    // an email without an account is throttled the same way: the answers tell no one which emails have accounts
    int unknownTries = 0;
    HttpResponse<Buffer> unknown;
    do {
      unknownTries++;
      unknown = signIn("nobody-" + "here@example.org", "guess number " + unknownTries);
    } while (unknown.statusCode() == 401 && unknownTries < 20);
    assertEquals(429, unknown.statusCode());
    assertEquals(tries, unknownTries, "the same number of tries before 429");

    // the wait runs on the wall clock, whatever the competition's clock says
    Thread.sleep(wait * 1000 + 200);
    assertStatus(200, signIn("bo@example.org", Accounts.PASSWORD));
  }

  // ---- personal access tokens

  @Test
  @DisplayName("personal access tokens: shown once, listed without their secret, revoked at once; scopes enforced, and no token makes a wider one")
  void personalAccessTokens() {
    Credential cy = signUp("cy@example.org");
    HttpResponse<Buffer> made = Accounts.post(client, "/api/tokens", cy, new JsonObject().put("name", "laptop")
        .put("scopes", new JsonArray().add("read").add("submit")));
    assertStatus(201, made);
    JsonObject token = made.bodyAsJsonObject();
    assertTrue(token.getString("token").startsWith("amc_pat_"), token.encode());
    assertEquals(new JsonArray().add("read").add("submit"), token.getJsonArray("scopes"));
    Credential pat = Credential.token(token.getString("token"));

    HttpResponse<Buffer> listed = Accounts.get(client, "/api/tokens", cy);
    assertStatus(200, listed);
    JsonArray tokens = listed.bodyAsJsonObject().getJsonArray("tokens");
    assertEquals(1, tokens.size());
    assertEquals(token.getString("id"), tokens.getJsonObject(0).getString("id"));
    assertEquals("laptop", tokens.getJsonObject(0).getString("name"));
    assertFalse(listed.bodyAsString().contains(token.getString("token")), "the secret is shown once, at its making");
    assertFalse(tokens.getJsonObject(0).containsKey("token"));

    HttpResponse<Buffer> viaToken = me(pat);
    assertStatus(200, viaToken);
    assertEquals("cy@example.org", viaToken.bodyAsJsonObject().getJsonObject("account").getString("email"));
    assertNull(viaToken.bodyAsJsonObject().getString("csrf_token"), "a token's caller needs no CSRF token");

    // scopes: a read token makes no token and revokes none (both change the account), cannot make a team, cannot upload;
    // a submit token makes no organize token
    Credential read = Accounts.token(client, cy, "reader", "read");
    assertStatus(403, Accounts.post(client, "/api/tokens", read, new JsonObject().put("name", "wider").put("scopes", new JsonArray().add("submit"))));
    assertStatus(403, Accounts.post(client, "/api/tokens", read, new JsonObject().put("name", "same").put("scopes", new JsonArray().add("read"))));
    assertStatus(403, Accounts.post(client, "/api/tokens", pat, new JsonObject().put("name", "wider").put("scopes", new JsonArray().add("organize"))));
    assertStatus(403, Accounts.post(client, "/api/teams", read, new JsonObject().put("name", "Readers")));
    Accounts.team(client, pat, "Cy's Lab");
    assertStatus(403, upload("free", read, ""));
    assertStatus(201, upload("free", pat, ""));
    assertStatus(200, Accounts.get(client, "/api/challenges/free/submissions", read));

    // revoked: refused at once; a second revocation finds nothing
    assertStatus(204, Accounts.send(client, HttpMethod.DELETE, "/api/tokens/" + token.getString("id"), cy, null));
    assertStatus(401, me(pat));
    assertStatus(404, Accounts.send(client, HttpMethod.DELETE, "/api/tokens/" + token.getString("id"), cy, null));
    // another account cannot revoke this one's token
    Credential dee = signUp("dee@example.org");
    String readId = Accounts.get(client, "/api/tokens", cy).bodyAsJsonObject().getJsonArray("tokens").getJsonObject(0).getString("id");
    assertStatus(404, Accounts.send(client, HttpMethod.DELETE, "/api/tokens/" + readId, dee, null));
    assertStatus(200, me(read));
  }

  // ---- site admins and challenge roles

  @Test
  @DisplayName("an admin lets an account create challenges; it publishes one and owns it, grants roles; reviewers read, organizers of another challenge get 403; the audit names who")
  void rolesPerChallenge() {
    Credential ann = signUp("ann@example.org");
    Credential oli = signUp("oli@example.org");
    Credential rev = signUp("rev@example.org");
    Credential cap = signUp("cap@example.org");
    String mine = Accounts.definition("ann-tracks", 3, null);
    assertStatus(403, Accounts.sendText(client, HttpMethod.POST, "/api/challenges", ann, "application/yaml", mine));
    assertStatus(403, Accounts.send(client, HttpMethod.PUT, "/api/accounts/ann@example.org/creator", ann, null));
    assertFalse(me(ann).bodyAsJsonObject().getJsonObject("account").getBoolean("creator"));
    assertStatus(200, Accounts.send(client, HttpMethod.PUT, "/api/accounts/ann@example.org/creator", admin, null));
    assertTrue(me(ann).bodyAsJsonObject().getJsonObject("account").getBoolean("creator"), "an admin's leave shows at once");
    assertStatus(201, Accounts.sendText(client, HttpMethod.POST, "/api/challenges", ann, "application/yaml", mine));
    assertStatus(200, Accounts.sendText(client, HttpMethod.PUT, "/api/challenges/ann-tracks/reference", ann, "text/csv", Accounts.reference()));
    JsonArray annRoles = me(ann).bodyAsJsonObject().getJsonArray("roles");
    assertEquals(new JsonArray().add(new JsonObject().put("challenge", "ann-tracks").put("role", "owner")), annRoles);

    // the owner grants roles; an organizer does not
    assertStatus(200, Accounts.send(client, HttpMethod.PUT, "/api/challenges/ann-tracks/roles/oli@example.org", ann, new JsonObject().put("role", "organizer")));
    assertStatus(200, Accounts.send(client, HttpMethod.PUT, "/api/challenges/ann-tracks/roles/rev@example.org", ann, new JsonObject().put("role", "reviewer")));
    assertStatus(403, Accounts.send(client, HttpMethod.PUT, "/api/challenges/ann-tracks/roles/cap@example.org", oli, new JsonObject().put("role", "reviewer")));
    JsonArray roles = Accounts.get(client, "/api/challenges/ann-tracks/roles", rev).bodyAsJsonObject().getJsonArray("roles");
    assertEquals(3, roles.size(), roles.encode());

    // a team of cap uploads, so that the boards have a row
    JsonObject team = Accounts.team(client, cap, "Cap's Crew");
    assertStatus(201, upload("ann-tracks", cap, ""));

    // the reviewer reads the private board, submissions, participants and the audit, and changes nothing
    String base = "/api/challenges/ann-tracks";
    assertStatus(200, Accounts.get(client, base + "/leaderboard?board=private", rev));
    assertStatus(200, Accounts.get(client, base + "/audit", rev));
    assertStatus(200, Accounts.get(client, base + "/participants", rev));
    assertStatus(403, Accounts.get(client, base + "/leaderboard?board=private", cap));
    assertStatus(403, Accounts.send(client, HttpMethod.POST, base + "/reveal?close_now=true", rev, null));
    assertStatus(403, Accounts.sendText(client, HttpMethod.PUT, base + "/reference", rev, "text/csv", Accounts.reference()));
    assertStatus(403, Accounts.post(client, base + "/webhooks", rev, new JsonObject().put("url", "https://example.org/hook")));
    assertStatus(403, Accounts.get(client, base + "/webhooks", rev));
    assertStatus(403, Accounts.send(client, HttpMethod.PUT, base + "/roles/cap@example.org", rev, new JsonObject().put("role", "reviewer")));

    // ann's organizer on another challenge (auto, the admins'): 403 on every organizer route there, an update of it included
    String other = "/api/challenges/auto";
    assertStatus(403, Accounts.sendText(client, HttpMethod.PUT, other + "/reference", oli, "text/csv", Accounts.reference()));
    assertStatus(403, Accounts.send(client, HttpMethod.POST, other + "/reveal?close_now=true", oli, null));
    assertStatus(403, Accounts.get(client, other + "/audit", oli));
    assertStatus(403, Accounts.get(client, other + "/participants", oli));
    assertStatus(403, Accounts.get(client, other + "/roles", oli));
    assertStatus(403, Accounts.get(client, other + "/webhooks", oli));
    assertStatus(403, Accounts.get(client, other + "/leaderboard?board=private", oli));
    assertStatus(403, Accounts.send(client, HttpMethod.PUT, other + "/participants/cap@example.org", oli, new JsonObject().put("status", "approved")));
    assertStatus(403, Accounts.sendText(client, HttpMethod.POST, "/api/challenges", oli, "application/yaml",
        Accounts.definition("auto", 9, Accounts.registration(TERMS, "auto"))));
    assertEquals(3, Accounts.get(client, other, Credential.ANYONE).bodyAsJsonObject().getJsonObject("rules").getInteger("max_team_size"),
        "the other's challenge unchanged");
    // on its own challenge the organizer acts
    assertStatus(200, Accounts.sendText(client, HttpMethod.PUT, base + "/reference", oli, "text/csv", Accounts.reference().replace("S1,depth,,,100", "S1,depth,,,101")));

    // the audit names the account behind each action
    JsonArray actions = Accounts.get(client, base + "/audit", ann).bodyAsJsonObject().getJsonArray("actions");
    assertTrue(hasAction(actions, "ann@example.org", "published", null), actions.encode());
    assertTrue(hasAction(actions, "ann@example.org", "role", "oli@example.org"), actions.encode());
    assertTrue(hasAction(actions, "ann@example.org", "reference", null), actions.encode());
    assertTrue(hasAction(actions, "oli@example.org", "reference", null), actions.encode());
    assertStatus(200, Accounts.send(client, HttpMethod.PUT, base + "/roles/cap@example.org", admin, new JsonObject().put("role", "reviewer")));
    actions = Accounts.get(client, base + "/audit", ann).bodyAsJsonObject().getJsonArray("actions");
    assertTrue(hasAction(actions, "admin token", "role", "cap@example.org"), actions.encode());
    assertFalse(team.isEmpty());
  }

  private static boolean hasAction(JsonArray actions, String actor, String action, String detailNames) {
    for (int i = 0; i < actions.size(); i++) {
      JsonObject entry = actions.getJsonObject(i);
      if (actor.equals(entry.getString("actor")) && action.equals(entry.getString("action"))
          && (detailNames == null || String.valueOf(entry.getString("detail")).contains(detailNames))) {
        return true;
      }
    }
    return false;
  }

  // ---- registration

  @Test
  @DisplayName("registration: terms versioned by their SHA-256, accepted (auto: approved; manual: pending, then decided), changed terms 409, other domains 403, the list as CSV")
  void registration() {
    JsonObject shown = Accounts.get(client, "/api/challenges/auto", Credential.ANYONE).bodyAsJsonObject().getJsonObject("registration");
    assertEquals(GIVEN_TERMS, shown.getString("terms"));
    assertEquals(Accounts.sha256(GIVEN_TERMS), shown.getString("terms_sha256"));
    assertEquals(Accounts.sha256(shown.getString("terms")), shown.getString("terms_sha256"));
    assertEquals("auto", shown.getString("approval"));
    assertEquals(new JsonArray(), shown.getJsonArray("allowed_email_domains"));

    Credential eve = signUp("eve@example.org");
    assertStatus(409, Accounts.register(client, "auto", eve, TERMS + " (an older version)"));
    assertStatus(409, Accounts.register(client, "auto", eve, TERMS));
    HttpResponse<Buffer> approved = Accounts.register(client, "auto", eve, GIVEN_TERMS);
    assertStatus(201, approved);
    assertEquals("approved", approved.bodyAsJsonObject().getString("status"));
    assertEquals(new JsonArray().add(new JsonObject().put("challenge", "auto").put("status", "approved")),
        me(eve).bodyAsJsonObject().getJsonArray("participations"));

    // manual: pending until an organizer decides
    Credential fay = signUp("fay@example.org");
    Credential gus = signUp("gus@example.org");
    assertEquals("pending", Accounts.register(client, "manual", fay, GIVEN_TERMS).bodyAsJsonObject().getString("status"));
    assertEquals("pending", Accounts.register(client, "manual", gus, GIVEN_TERMS).bodyAsJsonObject().getString("status"));
    assertStatus(200, Accounts.send(client, HttpMethod.PUT, "/api/challenges/manual/participants/fay@example.org", admin, new JsonObject().put("status", "approved")));
    assertStatus(200, Accounts.send(client, HttpMethod.PUT, "/api/challenges/manual/participants/gus@example.org", admin, new JsonObject().put("status", "denied")));
    assertStatus(400, Accounts.send(client, HttpMethod.PUT, "/api/challenges/manual/participants/gus@example.org", admin, new JsonObject().put("status", "maybe")));
    assertStatus(404, Accounts.send(client, HttpMethod.PUT, "/api/challenges/manual/participants/eve@example.org", admin, new JsonObject().put("status", "approved")));
    assertStatus(403, Accounts.register(client, "manual", gus, GIVEN_TERMS));
    JsonArray participants = Accounts.get(client, "/api/challenges/manual/participants", admin).bodyAsJsonObject().getJsonArray("participants");
    assertEquals(2, participants.size());
    for (int i = 0; i < participants.size(); i++) {
      JsonObject p = participants.getJsonObject(i);
      assertEquals(p.getString("email").startsWith("fay") ? "approved" : "denied", p.getString("status"));
      assertEquals(Accounts.sha256(GIVEN_TERMS), p.getString("terms_sha256"));
      assertEquals(TestServer.NOW.toString(), p.getString("accepted_at"));
    }

    // the list as CSV, with the version of the terms each accepted
    HttpResponse<Buffer> csv = LiveServer.join(Accounts.request(client, HttpMethod.GET, "/api/challenges/manual/participants", admin)
        .putHeader("Accept", "text/csv").send());
    assertStatus(200, csv);
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"), csv.getHeader("Content-Type"));
    List<String> lines = csv.bodyAsString().lines().toList();
    assertEquals("email,name,orcid,status,terms_sha256,accepted_at,decided_at", lines.get(0));
    assertEquals(3, lines.size(), csv.bodyAsString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("fay@example.org,fay,,approved," + Accounts.sha256(GIVEN_TERMS) + ",")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("gus@example.org,gus,,denied," + Accounts.sha256(GIVEN_TERMS) + ",")), lines.toString());

    // allowed email domains: a subdomain of one is allowed, another domain refused
    assertStatus(403, Accounts.register(client, "nist", eve, GIVEN_TERMS));
    Credential hal = signUp("hal@lab.nist.gov");
    assertStatus(201, Accounts.register(client, "nist", hal, GIVEN_TERMS));
  }

  @Test
  @DisplayName("a team uploads to a challenge with registration only once every member is an approved participant; a team without accounts never")
  void registeredTeamsOnly() {
    Credential ida = signUp("ida@example.org");
    Credential jon = signUp("jon@example.org");
    JsonObject team = Accounts.team(client, ida, "Ida's Lab");
    assertStatus(200, Accounts.join(client, ida, team.getString("id"), jon));
    Credential token = Credential.token(team.getString("token"));
    assertStatus(403, upload("manual", token, ""));
    Accounts.register(client, "manual", ida, GIVEN_TERMS);
    Accounts.register(client, "manual", jon, GIVEN_TERMS);
    assertStatus(200, Accounts.send(client, HttpMethod.PUT, "/api/challenges/manual/participants/ida@example.org", admin, new JsonObject().put("status", "approved")));
    assertStatus(403, upload("manual", token, ""));
    assertStatus(403, upload("manual", ida, ""));
    assertStatus(200, Accounts.send(client, HttpMethod.PUT, "/api/challenges/manual/participants/jon@example.org", admin, new JsonObject().put("status", "approved")));
    assertStatus(201, upload("manual", token, ""));
    assertStatus(201, upload("manual", jon, ""));

    // a team made before accounts (a token, members by name): still uploads where there is no registration, never where there is
    HttpResponse<Buffer> legacy = LiveServer.join(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", "Old Timers")
        .put("members", new JsonArray().add("Kim").add("Lee"))));
    assertStatus(201, legacy);
    Credential old = Credential.token(legacy.bodyAsJsonObject().getString("token"));
    assertStatus(201, upload("free", old, ""));
    assertStatus(200, Accounts.get(client, "/api/challenges/free/submissions", old));
    assertStatus(403, upload("auto", old, ""));
  }

  // ---- teams

  @Test
  @DisplayName("teams: made by a captain, joined by invitation (a forged or expired code refused), left, a new token revoking the old at once")
  void teams() {
    Credential cap = signUp("cap@example.org");
    Credential mem = signUp("mem@example.org");
    Credential out = signUp("out@example.org");
    HttpResponse<Buffer> made = Accounts.post(client, "/api/teams", cap, new JsonObject().put("name", "Meltwater"));
    assertStatus(201, made);
    JsonObject team = made.bodyAsJsonObject();
    assertTrue(team.getBoolean("captain"));
    String id = team.getString("id");
    String base = "/api/teams/" + id;

    // invitations: the captain's only; a code joins; a forged or an expired one does not
    assertStatus(403, Accounts.post(client, base + "/invitations", mem, null));
    HttpResponse<Buffer> invited = Accounts.post(client, base + "/invitations", cap, null);
    assertStatus(201, invited);
    assertEquals(TestServer.NOW.plus(Duration.ofDays(7)).toString(), invited.bodyAsJsonObject().getString("expires_at"));
    String link = invited.bodyAsJsonObject().getString("url");
    assertTrue(link.startsWith("/teams/" + id + "/join?code="), "without a public URL configured, a link on this server: " + link);
    assertStatus(403, Accounts.post(client, base + "/members", mem, new JsonObject().put("code", "forged-" + invited.bodyAsJsonObject().getString("code"))));
    HttpResponse<Buffer> joined = Accounts.post(client, base + "/members", mem, new JsonObject().put("code", invited.bodyAsJsonObject().getString("code")));
    assertStatus(200, joined);
    assertFalse(joined.bodyAsJsonObject().getBoolean("captain"));
    JsonArray members = Accounts.get(client, base, mem).bodyAsJsonObject().getJsonArray("accounts");
    assertEquals(2, members.size(), members.encode());
    String expiring = Accounts.post(client, base + "/invitations", cap, null).bodyAsJsonObject().getString("code");
    clock.advance(Duration.ofDays(8));
    assertStatus(403, Accounts.post(client, base + "/members", out, new JsonObject().put("code", expiring)));
    assertEquals(2, Accounts.get(client, base, cap).bodyAsJsonObject().getJsonArray("accounts").size());

    // a member leaves by itself while the team competes nowhere; another cannot remove it, the captain can
    assertStatus(403, Accounts.send(client, HttpMethod.DELETE, base + "/members/mem@example.org", out, null));
    assertStatus(204, Accounts.send(client, HttpMethod.DELETE, base + "/members/mem@example.org", mem, null));
    assertStatus(200, Accounts.join(client, cap, id, mem));
    assertStatus(204, Accounts.send(client, HttpMethod.DELETE, base + "/members/mem@example.org", cap, null));
    assertStatus(200, Accounts.join(client, cap, id, mem));

    // a member who uploaded with the team to a running challenge stays until it closes
    assertStatus(201, upload("free", mem, ""));
    assertStatus(409, Accounts.send(client, HttpMethod.DELETE, base + "/members/mem@example.org", mem, null));
    assertStatus(409, Accounts.send(client, HttpMethod.DELETE, base + "/members/mem@example.org", cap, null));
    JsonObject meAsMember = me(mem).bodyAsJsonObject();
    assertEquals(id, meAsMember.getJsonArray("teams").getJsonObject(0).getString("id"));
    assertFalse(meAsMember.getJsonArray("teams").getJsonObject(0).getBoolean("captain"));

    // a new team token: the captain's (not a member's), the old one refused at once, the new one the team's
    Credential oldToken = Credential.token(team.getString("token"));
    assertStatus(200, Accounts.get(client, "/api/challenges/free/submissions", oldToken));
    assertStatus(403, Accounts.post(client, base + "/token", mem, null));
    HttpResponse<Buffer> renewed = Accounts.post(client, base + "/token", cap, null);
    assertStatus(201, renewed);
    Credential newToken = Credential.token(renewed.bodyAsJsonObject().getString("token"));
    assertStatus(401, Accounts.get(client, "/api/challenges/free/submissions", oldToken));
    assertStatus(401, upload("free", oldToken, ""));
    HttpResponse<Buffer> listed = Accounts.get(client, "/api/challenges/free/submissions", newToken);
    assertStatus(200, listed);
    assertEquals(1, listed.bodyAsJsonObject().getJsonArray("submissions").size());
    // an admin issues one too (a team whose captain lost everything)
    HttpResponse<Buffer> byAdmin = Accounts.post(client, base + "/token", admin, null);
    assertStatus(201, byAdmin);
    assertStatus(401, Accounts.get(client, "/api/challenges/free/submissions", newToken));

    // once the challenge closed, the member who competed may leave (signed in again: its session of June has expired)
    clock.set(java.time.Instant.parse("2027-01-01T00:00:01Z"));
    assertStatus(401, Accounts.send(client, HttpMethod.DELETE, base + "/members/mem@example.org", mem, null));
    Credential memAgain = Accounts.signIn(client, "mem@example.org", Accounts.PASSWORD);
    assertStatus(204, Accounts.send(client, HttpMethod.DELETE, base + "/members/mem@example.org", memAgain, null));
    assertEquals(1, Accounts.get(client, base, memAgain).bodyAsJsonObject().getJsonArray("accounts").size());
  }

  @Test
  @DisplayName("team size and one team per account per challenge: checked at join (409 naming the limit) and at a team's first upload")
  void teamRules() {
    Credential a1 = signUp("a1@example.org");
    Credential a2 = signUp("a2@example.org");
    Credential a3 = signUp("a3@example.org");
    JsonObject two = Accounts.team(client, a1, "Pair");
    assertStatus(200, Accounts.join(client, a1, two.getString("id"), a2));
    assertStatus(201, upload("free", a1, ""));
    // free takes teams of 2: a third member is refused once the team competes there
    HttpResponse<Buffer> third = Accounts.join(client, a1, two.getString("id"), a3);
    assertStatus(409, third);
    assertTrue(third.bodyAsJsonObject().getString("detail").contains("at most 2"), third.bodyAsString());

    // a team of three made before it competes: refused at its first upload, naming the limit
    Credential b1 = signUp("b1@example.org");
    Credential b2 = signUp("b2@example.org");
    JsonObject three = Accounts.team(client, b1, "Trio");
    assertStatus(200, Accounts.join(client, b1, three.getString("id"), b2));
    assertStatus(200, Accounts.join(client, b1, three.getString("id"), a3));
    HttpResponse<Buffer> tooLarge = upload("free", b1, "");
    assertStatus(409, tooLarge);
    assertTrue(tooLarge.bodyAsJsonObject().getString("detail").contains("at most 2"), tooLarge.bodyAsString());

    // one team per account per challenge: a2 competes in free with Pair, and cannot join a team that competes there too
    Credential c1 = signUp("c1@example.org");
    JsonObject solo = Accounts.team(client, c1, "Solo");
    assertStatus(201, upload("free", c1, ""));
    HttpResponse<Buffer> elsewhere = Accounts.join(client, c1, solo.getString("id"), a2);
    assertStatus(409, elsewhere);
    assertTrue(elsewhere.bodyAsJsonObject().getString("detail").contains("another team"), elsewhere.bodyAsString());
    // nor upload with a team of its own there
    JsonObject own = Accounts.team(client, a2, "A2 Alone");
    HttpResponse<Buffer> twice = upload("free", Credential.token(own.getString("token")), "");
    assertTrue(twice.statusCode() == 403 || twice.statusCode() == 409, twice.bodyAsString());
  }

  @Test
  @DisplayName("what an adversary found: sign-in from another site or as a form is refused; role holders do not compete; removal tells "
      + "no one whether an email has an account; guesses from one address do not lock the owner out elsewhere")
  void adversary() {
    Credential eve = signUp("eve@example.org");
    // login CSRF: a form of another site (text/plain) or a cross-site fetch cannot sign the browser in
    HttpResponse<Buffer> asForm = LiveServer.join(client.post("/api/sessions").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer(new JsonObject().put("email", "eve@example.org").put("password", Accounts.PASSWORD).encode())));
    assertStatus(415, asForm);
    assertTrue(asForm.cookies().isEmpty(), "no session for a form's body");
    HttpResponse<Buffer> crossSite = LiveServer.join(client.post("/api/sessions").putHeader("Sec-Fetch-Site", "cross-site")
        .sendJsonObject(new JsonObject().put("email", "eve@example.org").put("password", Accounts.PASSWORD)));
    assertStatus(403, crossSite);
    assertStatus(403, LiveServer.join(client.post("/api/accounts").putHeader("Origin", "http://evil.example")
        .sendJsonObject(new JsonObject().put("email", "x@example.org").put("password", Accounts.PASSWORD).put("name", "X"))));

    // a reviewer, who reads the reference, does not upload to the challenge it reviews
    Credential rev = signUp("rev2@example.org");
    Accounts.team(client, rev, "Insiders");
    assertStatus(200, Accounts.send(client, HttpMethod.PUT, "/api/challenges/free/roles/rev2@example.org", admin, new JsonObject().put("role", "reviewer")));
    HttpResponse<Buffer> insider = upload("free", rev, "");
    assertStatus(403, insider);
    assertTrue(insider.bodyAsJsonObject().getString("detail").contains("role on this challenge"), insider.bodyAsString());

    // removing a member by email: the same answer for an email with an account and one without
    JsonObject team = Accounts.team(client, eve, "Eve's");
    HttpResponse<Buffer> ghost = Accounts.send(client, HttpMethod.DELETE, "/api/teams/" + team.getString("id") + "/members/ghost@example.org", eve, null);
    HttpResponse<Buffer> real = Accounts.send(client, HttpMethod.DELETE, "/api/teams/" + team.getString("id") + "/members/rev2@example.org", eve, null);
    assertStatus(404, ghost);
    assertStatus(404, real);
    assertEquals(ghost.bodyAsJsonObject().getString("detail").replace("ghost@example.org", "E"),
        real.bodyAsJsonObject().getString("detail").replace("rev2@example.org", "E"));
    Credential mallory = signUp("mallory@example.org");
    assertStatus(403, Accounts.send(client, HttpMethod.DELETE, "/api/teams/" + team.getString("id") + "/members/ghost@example.org", mallory, null));

    // eight wrong guesses from one address; the owner, from another, signs in at once
    for (int i = 0; i < 8; i++) {
      LiveServer.join(client.post("/api/sessions").putHeader("X-Forwarded-For", "203.0.113.9")
          .sendJsonObject(new JsonObject().put("email", "eve@example.org").put("password", "wrong guess " + i)));
    }
    HttpResponse<Buffer> owner = LiveServer.join(client.post("/api/sessions").putHeader("X-Forwarded-For", "198.51.100.7")
        .sendJsonObject(new JsonObject().put("email", "eve@example.org").put("password", Accounts.PASSWORD)));
    assertStatus(200, owner);
  }

  @Test
  @DisplayName("uploads by a member's session (with its CSRF token) or 'submit' token land on its team; in two teams, ?team= names which")
  void uploadsAsMember() {
    Credential cap = signUp("cap@example.org");
    Credential mem = signUp("mem@example.org");
    JsonObject team = Accounts.team(client, cap, "Upstream");
    assertStatus(200, Accounts.join(client, cap, team.getString("id"), mem));
    assertStatus(403, upload("free", mem.withoutCsrf(), ""));
    HttpResponse<Buffer> bySession = upload("free", mem, "");
    assertStatus(201, bySession);
    assertEquals("Upstream", bySession.bodyAsJsonObject().getString("team"));
    Credential submit = Accounts.token(client, cap, "ci", "submit");
    HttpResponse<Buffer> byToken = upload("free", submit, "");
    assertStatus(201, byToken);
    assertEquals("Upstream", byToken.bodyAsJsonObject().getString("team"));
    JsonArray listed = Accounts.get(client, "/api/challenges/free/submissions", Credential.token(team.getString("token")))
        .bodyAsJsonObject().getJsonArray("submissions");
    assertEquals(2, listed.size());
    // the member reads its team's submission
    assertStatus(200, Accounts.get(client, "/api/challenges/free/submissions/" + bySession.bodyAsJsonObject().getString("id"), cap));

    // an account in two teams that compete nowhere yet: it names the team, and then competes with that one
    Credential zed = signUp("zed@example.org");
    JsonObject first = Accounts.team(client, zed, "Zed One");
    JsonObject second = Accounts.team(client, zed, "Zed Two");
    HttpResponse<Buffer> ambiguous = upload("free", zed, "");
    assertStatus(400, ambiguous);
    assertTrue(ambiguous.bodyAsJsonObject().getString("detail").contains("?team="), ambiguous.bodyAsString());
    HttpResponse<Buffer> named = upload("free", zed, "?team=" + second.getString("id"));
    assertStatus(201, named);
    assertEquals("Zed Two", named.bodyAsJsonObject().getString("team"));
    assertStatus(201, upload("free", zed, ""));
    assertStatus(409, upload("free", zed, "?team=" + first.getString("id")));
    assertStatus(409, upload("free", zed, "?team=" + team.getString("id")));
  }
}
