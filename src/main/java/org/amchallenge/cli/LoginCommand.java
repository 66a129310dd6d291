package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.amchallenge.domain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "login", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Sign in with an account's email and password, and keep a personal access token for this computer in the config "
        + "file (mode 0600; its other keys are kept), which submit and the other commands then send.",
        "The password is asked for on the terminal, or read from the first line of standard input with --password-stdin; "
            + "the token is never printed."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:signed in, the token stored", "2:wrong usage, or no password given", "3:the server could not be reached, or failed",
        "4:refused: the email or the password is wrong, too many tries (429), or no token allowed"})
public final class LoginCommand implements Callable<Integer> {
  /** The prefix of personal access tokens; another token in the config file is a team's, kept aside rather than lost. */
  static final String PERSONAL_TOKEN_PREFIX = "amc_pat_";

  @Mixin
  ClientOptions client;

  @Option(names = "--email", required = true, description = "the account's email")
  String email;

  @Option(names = "--token-name", description = "the token's name on the account page (default: amchallenge CLI on HOST)")
  String tokenName;

  @Option(names = "--scopes", split = ",", defaultValue = "read,submit",
      description = "the token's scopes, of read, submit and organize (default: ${DEFAULT-VALUE})")
  List<String> scopes;

  @Option(names = "--password-stdin", description = "read the password from the first line of standard input, for scripts")
  boolean passwordFromStdin;

  @Override
  public Integer call() throws IOException, InterruptedException {
    char[] password = passwordFromStdin ? passwordFrom(System.in) : passwordFromConsole();
    if (password == null) return ExitCodes.USAGE;
    Path file = client.configFile();
    Map<String, Object> settings = ConfigFile.read(file);
    ServerSession session = ServerSession.open(new ApiClient(client.serverBeforeConfig(), null), email, password);
    Arrays.fill(password, '\0');
    if (session.failure() != null) return session.failure();
    Token token;
    try {
      token = session.createToken(tokenName != null ? tokenName : "amchallenge CLI on " + hostName(), scopes);
      if (token == null) return session.lastExit();
      revokeReplaced(session, settings);
    } finally {
      session.close();
    }
    keep(settings, session.api().server(), token);
    ConfigFile.write(file, settings);
    JsonNode account = session.account();
    System.out.println("signed in to " + session.api().server() + " as " + account.path("name").asText() + " <" + account.path("email").asText()
        + ">; token '" + token.name() + "' (" + String.join(", ", token.scopes()) + ") kept in " + file);
    return ExitCodes.OK;
  }

  /** A token the server just made: its secret, its id (for logout) and what it was named and allowed. */
  record Token(String secret, String id, String name, List<String> scopes) {}

  /** The first line of the stream, without its line end; null (and said why) where there is none. */
  static char[] passwordFrom(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(64 * 1024);
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
    if (line.isEmpty()) {
      System.err.println("no password on standard input");
      return null;
    }
    return line.toCharArray();
  }

  private char[] passwordFromConsole() {
    java.io.Console console = System.console();
    if (console == null) {
      System.err.println("no terminal to ask for the password on: give it on standard input with --password-stdin");
      return null;
    }
    char[] password = console.readPassword("Password for %s: ", email);
    if (password == null || password.length == 0) {
      System.err.println("no password given");
      return null;
    }
    return password;
  }

  /**
   * The token this login replaces, where login made it on the same server: revoked with the session in hand, so that
   * logging in again does not leave a token behind on the server. One of another account is refused there, and kept.
   */
  private static void revokeReplaced(ServerSession session, Map<String, Object> settings) throws InterruptedException {
    Object id = settings.get("token_id");
    if (id == null || !session.api().server().equals(String.valueOf(settings.get("server")))) return;
    session.revokeToken(String.valueOf(id));
  }

  /** The new token in the settings; a team's token found there is kept under {@code team_token}, since it was shown once. */
  static void keep(Map<String, Object> settings, String server, Token token) {
    Object previous = settings.get("token");
    if (previous != null && !String.valueOf(previous).startsWith(PERSONAL_TOKEN_PREFIX) && !settings.containsKey("team_token")) {
      settings.put("team_token", previous);
      System.err.println("the team token that was in the config file is kept as 'team_token'; submit now sends the account's token");
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("server", server);
    ordered.put("token", token.secret());
    ordered.put("token_id", token.id());
    settings.keySet().removeAll(ordered.keySet());
    ordered.putAll(settings);
    settings.clear();
    settings.putAll(ordered);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String named = System.getenv("HOSTNAME");
      return named == null || named.isBlank() ? "this computer" : named;
    }
  }

  /** A session opened for one command: its cookie and CSRF token sent with each request, ended by {@link #close}. */
  static final class ServerSession implements AutoCloseable {
    private static final String COOKIE = "amc_session";
    private final ApiClient api;
    private String cookie;
    private String csrfToken;
    private JsonNode account;
    private Integer failure;
    private int lastExit = ExitCodes.OK;

    private ServerSession(ApiClient api) {
      this.api = api;
    }

    /** Signs in; {@link #failure} is the exit code where that failed (and said why). */
    static ServerSession open(ApiClient api, String email, char[] password) throws InterruptedException, IOException {
      ServerSession session = new ServerSession(api);
      String body = Json.MAPPER.writeValueAsString(Map.of("email", email, "password", new String(password)));
      HttpResponse<String> response = api.send(api.request("/api/sessions").header("Content-Type", "application/json")
          .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (response == null) {
        session.failure = ExitCodes.UNREACHABLE;
      } else if (response.statusCode() != 200) {
        session.failure = refused(response);
      } else {
        JsonNode answer = Json.MAPPER.readTree(response.body());
        session.account = answer.path("account");
        session.csrfToken = answer.path("csrf_token").asText(null);
        session.cookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(COOKIE + "="))
            .map(c -> c.split(";", 2)[0]).findFirst().orElse(null);
        if (session.cookie == null || session.csrfToken == null) {
          System.err.println(api.server() + " answered the sign-in without a session; is it an amchallenge server?");
          session.failure = ExitCodes.UNREACHABLE;
        }
      }
      return session;
    }

    ApiClient api() {
      return api;
    }

    JsonNode account() {
      return account;
    }

    Integer failure() {
      return failure;
    }

    int lastExit() {
      return lastExit;
    }

    private HttpRequest.Builder request(String path) {
      return api.request(path).header("Cookie", cookie).header("X-CSRF-Token", csrfToken).header("Accept", "application/json");
    }

    /** A new personal access token; null where the server refused (and said why). */
    Token createToken(String name, List<String> scopes) throws InterruptedException, IOException {
      String body = Json.MAPPER.writeValueAsString(Map.of("name", name, "scopes", scopes));
      HttpResponse<String> response = api.send(request("/api/tokens").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (response == null) {
        lastExit = ExitCodes.UNREACHABLE;
        return null;
      }
      if (response.statusCode() != 201) {
        lastExit = refused(response);
        return null;
      }
      JsonNode token = Json.MAPPER.readTree(response.body());
      if (!token.hasNonNull("token") || !token.hasNonNull("id")) {
        System.err.println(api.server() + " answered without the token and its id");
        lastExit = ExitCodes.UNREACHABLE;
        return null;
      }
      List<String> granted = new java.util.ArrayList<>();
      token.path("scopes").forEach(s -> granted.add(s.asText()));
      return new Token(token.path("token").asText(), token.path("id").asText(), token.path("name").asText(name), granted);
    }

    /** Revokes a token of the account; one already gone or not the account's is let be. */
    void revokeToken(String id) throws InterruptedException {
      api.send(request("/api/tokens/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    }

    /** Signs out, so that the session does not outlive the command. */
    @Override
    public void close() throws InterruptedException {
      if (cookie == null) return;
      HttpResponse<Void> response = api.send(request("/api/sessions/current").DELETE().build(), HttpResponse.BodyHandlers.discarding());
      if (response != null && response.statusCode() != 204) {
        System.err.println("warning: the session was not ended (" + response.statusCode() + "); it expires on its own");
      }
    }

    private static int refused(HttpResponse<String> response) {
      ApiClient.printProblems(response.body(), null, System.err);
      response.headers().firstValue("Retry-After").ifPresent(seconds -> System.err.println("try again in " + seconds + " s"));
      return ExitCodes.ofStatus(response.statusCode());
    }
  }
}
