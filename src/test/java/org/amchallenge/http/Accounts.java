package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** What the people tests do as a browser or a script would: sign up and in, and call the API with a session or a token. */
final class Accounts {
  static final String PASSWORD = "correct horse battery staple";

  private Accounts() {}

  /**
   * Who calls: a session (its cookie, and the CSRF token its changes carry), a bearer token, or nobody. {@code csrf}
   * null: the session's changes are sent without the header.
   */
  record Credential(String cookie, String csrf, String token, JsonObject account) {
    static final Credential ANYONE = new Credential(null, null, null, null);

    static Credential token(String token) {
      return new Credential(null, null, token, null);
    }

    Credential withoutCsrf() {
      return new Credential(cookie, null, token, account);
    }

    String email() {
      return account.getString("email");
    }
  }

  /** A new account, signed in at once (no mail configured): 201, its session's cookie and CSRF token. */
  static Credential signUp(WebClient client, String email, String name) {
    HttpResponse<Buffer> made = LiveServer.join(client.post("/api/accounts")
        .sendJsonObject(new JsonObject().put("email", email).put("password", PASSWORD).put("name", name)));
    assertEquals(201, made.statusCode(), made.bodyAsString());
    return session(made);
  }

  static Credential signIn(WebClient client, String email, String password) {
    HttpResponse<Buffer> in = LiveServer.join(client.post("/api/sessions")
        .sendJsonObject(new JsonObject().put("email", email).put("password", password)));
    assertEquals(200, in.statusCode(), in.bodyAsString());
    return session(in);
  }

  /** The session an answer opened: the cookie's name=value, the CSRF token of its body. */
  static Credential session(HttpResponse<Buffer> answer) {
    String cookie = answer.cookies().stream().filter(c -> c.startsWith(SessionCookie.NAME + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + answer.cookies()));
    JsonObject body = answer.bodyAsJsonObject();
    return new Credential(cookie.split(";")[0], body.getString("csrf_token"), null, body.getJsonObject("account"));
  }

  static HttpRequest<Buffer> request(WebClient client, HttpMethod method, String path, Credential who) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (who.token() != null) request.bearerTokenAuthentication(who.token());
    if (who.cookie() != null) request.putHeader("Cookie", who.cookie());
    boolean changes = method != HttpMethod.GET && method != HttpMethod.HEAD;
    if (who.csrf() != null && changes) request.putHeader("X-CSRF-Token", who.csrf());
    return request;
  }

  static HttpResponse<Buffer> send(WebClient client, HttpMethod method, String path, Credential who, JsonObject body) {
    HttpRequest<Buffer> request = request(client, method, path, who);
    return LiveServer.join(body == null ? request.send() : request.sendJsonObject(body));
  }

  static HttpResponse<Buffer> get(WebClient client, String path, Credential who) {
    return send(client, HttpMethod.GET, path, who, null);
  }

  static HttpResponse<Buffer> post(WebClient client, String path, Credential who, JsonObject body) {
    return send(client, HttpMethod.POST, path, who, body);
  }

  static HttpResponse<Buffer> sendText(WebClient client, HttpMethod method, String path, Credential who, String type, String body) {
    return LiveServer.join(request(client, method, path, who).putHeader("Content-Type", type).sendBuffer(Buffer.buffer(body)));
  }

  /** A personal access token of the account with these scopes; shown once. */
  static Credential token(WebClient client, Credential who, String name, String... scopes) {
    HttpResponse<Buffer> made = post(client, "/api/tokens", who, new JsonObject().put("name", name).put("scopes", new JsonArray(java.util.List.of(scopes))));
    assertEquals(201, made.statusCode(), made.bodyAsString());
    return new Credential(null, null, made.bodyAsJsonObject().getString("token"), who.account());
  }

  /** A team made by the account (its captain): its id, and its token. */
  static JsonObject team(WebClient client, Credential captain, String name) {
    HttpResponse<Buffer> made = post(client, "/api/teams", captain, new JsonObject().put("name", name));
    assertEquals(201, made.statusCode(), made.bodyAsString());
    return made.bodyAsJsonObject();
  }

  /** The account joins the team through an invitation its captain makes. */
  static HttpResponse<Buffer> join(WebClient client, Credential captain, String teamId, Credential joining) {
    HttpResponse<Buffer> invited = post(client, "/api/teams/" + teamId + "/invitations", captain, null);
    assertEquals(201, invited.statusCode(), invited.bodyAsString());
    return post(client, "/api/teams/" + teamId + "/members", joining, new JsonObject().put("code", invited.bodyAsJsonObject().getString("code")));
  }

  /**
   * The fixture challenge (src/test/resources/fixtures) under another id, open from 2026-01-01 to 2027-01-01, with teams of
   * at most {@code maxTeamSize} and the given {@code registration:} block (null: none).
   */
  static String definition(String id, int maxTeamSize, String registration) {
    String fixture = new String(org.amchallenge.Fixtures.resource("challenges/test-tracks.yaml"), StandardCharsets.UTF_8);
    return fixture.replace("id: test-tracks", "id: " + id) + (fixture.endsWith("\n") ? "" : "\n")
        + "rules: {max_submissions_per_day: 50, max_submissions_total: 100, max_team_size: " + maxTeamSize + ", final_selections: 2}\n"
        + (registration == null ? "" : registration);
  }

  /** A {@code registration:} block: its terms (one line, which the YAML block keeps with its line break), approval and domains. */
  static String registration(String terms, String approval, String... domains) {
    return "registration:\n  terms: |\n    " + terms + "\n  approval: " + approval + "\n  allowed_email_domains: ["
        + String.join(", ", domains) + "]\n";
  }

  /** The fixture's reference data. */
  static String reference() {
    return new String(org.amchallenge.Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8);
  }

  /** The SHA-256 of the text's UTF-8 bytes in lower-case hex, computed here as a participant's client would. */
  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The account accepts the challenge's terms as they read now: 201 with its status. */
  static HttpResponse<Buffer> register(WebClient client, String challenge, Credential who, String terms) {
    return post(client, "/api/challenges/" + challenge + "/participants", who, new JsonObject().put("accept_terms", sha256(terms)));
  }
}
