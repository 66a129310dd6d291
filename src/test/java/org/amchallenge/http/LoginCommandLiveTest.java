package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * `amchallenge login`, `submit` and `logout` as a person runs them, each its own Java process against a live server: the
 * password on standard input, the token in the config file and never on the screen, the token revoked at logout.
 */
@ExtendWith(VertxExtension.class)
class LoginCommandLiveTest {
  private static final String TRACKS = "in625-single-track";
  private static final String EMAIL = "ada@example.org";
  private static final String PASSWORD = "a long enough password";

  @TempDir Path dir;
  private LiveServer live;
  private String server;
  private Path config;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.examples(vertx, dir, Instant.parse("2026-10-01T00:00:00Z"), TRACKS);
    server = "http://127.0.0.1:" + live.port;
    config = dir.resolve("xdg/amchallenge/config.yaml");
    var created = LiveServer.join(live.client.post("/api/accounts")
        .sendJsonObject(new JsonObject().put("email", EMAIL).put("password", PASSWORD).put("name", "Ada Lovelace")));
    assertEquals(201, created.statusCode(), created.bodyAsString());
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private record Run(int exit, String out, String err) {}

  /** The command as its own process, with {@code stdin} on its standard input and the config folder in the test's folder. */
  private Run run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.amchallenge.Main"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AMC_") || name.equals("XDG_CONFIG_HOME"));
    builder.environment().put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    Path in = Files.writeString(Files.createTempFile(dir, "in", ".txt"), stdin);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ended");
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private JsonNode settings() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(config.toFile());
  }

  @Test
  @DisplayName("login keeps a read and submit token in a 0600 config file (never printed), submit uploads with it, logout revokes it")
  void loginSubmitLogout() throws Exception {
    Files.createDirectories(config.getParent());
    Files.writeString(config, "progress: false\n");
    Run login = run(PASSWORD + "\n", "login", "--server", server, "--email", EMAIL, "--password-stdin");
    assertEquals(0, login.exit(), login.err());
    assertTrue(login.out().contains("Ada Lovelace <" + EMAIL + ">"), login.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
    JsonNode settings = settings();
    String token = settings.path("token").asText();
    assertTrue(token.startsWith("amc_pat_"), settings.toString());
    assertEquals(server, settings.path("server").asText());
    assertFalse(settings.path("progress").asBoolean(true), "the other keys are kept");
    assertFalse(login.out().contains(token) || login.err().contains(token), "the token is never printed");

    // the token is the account's, with the scopes asked for by default and the name of this computer
    JsonNode me = new ObjectMapper().readTree(live.get("/api/me", token).bodyAsString());
    assertEquals(EMAIL, me.path("account").path("email").asText());
    var tokens = live.get("/api/tokens", token);
    assertEquals(200, tokens.statusCode(), tokens.bodyAsString());
    JsonNode listed = new ObjectMapper().readTree(tokens.bodyAsString());
    JsonNode mine = null;
    for (JsonNode each : listed.isArray() ? listed : listed.path("tokens")) {
      if (each.path("id").asText().equals(settings.path("token_id").asText())) mine = each;
    }
    assertTrue(mine != null && mine.path("name").asText().startsWith("amchallenge CLI on "), listed.toString());
    assertEquals("[\"read\",\"submit\"]", mine.path("scopes").toString());

    // submit reads the token from the config file: the account's team uploads
    var team = LiveServer.join(live.client.post("/api/teams").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("name", "Ada's Lab")));
    assertEquals(201, team.statusCode(), team.bodyAsString());
    Path predictions = dir.resolve("p.csv");
    List<String> reference = Files.readAllLines(Path.of("reference-data", TRACKS + ".csv"));
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,component,value\n");
    for (String line : reference.subList(1, reference.size())) {
      String[] cells = line.split(",", -1);
      csv.append(String.join(",", cells[0], cells[1], cells[2], cells[3], Double.toString(Double.parseDouble(cells[4]) + 2))).append('\n');
    }
    Files.writeString(predictions, csv.toString());
    Run submit = run("", "submit", "--challenge", TRACKS, predictions.toString());
    assertEquals(0, submit.exit(), submit.err());
    assertTrue(submit.out().contains("by Ada's Lab"), submit.out());

    // a second login revokes the token it replaces, with the session it opens
    Run again = run(PASSWORD + "\n", "login", "--server", server, "--email", EMAIL, "--password-stdin", "--token-name", "second");
    assertEquals(0, again.exit(), again.err());
    assertEquals(401, live.get("/api/me", token).statusCode(), "the replaced token is revoked");
    String second = settings().path("token").asText();
    assertEquals(200, live.get("/api/me", second).statusCode());

    Run logout = run("", "logout");
    assertEquals(0, logout.exit(), logout.err());
    assertFalse(settings().has("token"), settings().toString());
    assertFalse(settings().path("progress").asBoolean(true));
    assertEquals(401, live.get("/api/me", second).statusCode(), "the token is revoked on the server");
  }

  @Test
  @DisplayName("a wrong password: login exits 4 with the server's words, and writes no config file")
  void wrongPassword() throws Exception {
    Run login = run("not the password at all\n", "login", "--server", server, "--email", EMAIL, "--password-stdin");
    assertEquals(4, login.exit(), login.err());
    assertTrue(login.err().contains("the email or the password is wrong"), login.err());
    assertFalse(Files.exists(config));
    Run unknown = run(PASSWORD + "\n", "login", "--server", server, "--email", "nobody@example.org", "--password-stdin");
    assertEquals(4, unknown.exit());
    assertTrue(unknown.err().contains("the email or the password is wrong"), "the same words for an unknown email: " + unknown.err());
  }
}
