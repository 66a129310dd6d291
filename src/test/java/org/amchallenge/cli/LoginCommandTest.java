package org.amchallenge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amchallenge.Main;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * login and logout where no server answers: the password read, the config file written privately with its other keys
 * kept, nothing written when the sign-in did not happen. Against a live server: http/LoginCommandLiveTest.
 */
class LoginCommandTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      int exit = Main.run(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  /** An address on this machine where nothing listens: the port was free a moment ago. */
  private static String nobody() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  @DisplayName("the password is the first line of standard input, without its line end, whatever the system's line ends")
  void passwordFromStdin() throws Exception {
    assertArrayEquals("correct horse battery".toCharArray(),
        LoginCommand.passwordFrom(new ByteArrayInputStream("correct horse battery\nsecond line\n".getBytes(StandardCharsets.UTF_8))));
    assertArrayEquals("pässwörd with spaces ".toCharArray(),
        LoginCommand.passwordFrom(new ByteArrayInputStream("pässwörd with spaces \r\n".getBytes(StandardCharsets.UTF_8))));
    assertArrayEquals("no line end".toCharArray(), LoginCommand.passwordFrom(new ByteArrayInputStream("no line end".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  @DisplayName("without a password (an empty standard input, or no terminal to ask on) login exits 2 and writes no config file")
  void noPassword() {
    Path config = dir.resolve("amchallenge/config.yaml");
    Run empty = run("", "login", "--config", config.toString(), "--server", "http://127.0.0.1:9", "--email", "ada@example.org", "--password-stdin");
    assertEquals(ExitCodes.USAGE, empty.exit(), empty.err());
    assertTrue(empty.err().contains("no password on standard input"), empty.err());
    // the tests' JVM reads a pipe, not a terminal: there is no console to ask on
    Run noConsole = run("ignored\n", "login", "--config", config.toString(), "--server", "http://127.0.0.1:9", "--email", "ada@example.org");
    assertEquals(ExitCodes.USAGE, noConsole.exit(), noConsole.err());
    assertTrue(noConsole.err().contains("--password-stdin"), noConsole.err());
    assertFalse(Files.exists(config));
  }

  @Test
  @DisplayName("a server that cannot be reached: login exits 3, says so, and leaves the config file as it was")
  void unreachable() throws Exception {
    Path config = Files.writeString(dir.resolve("config.yaml"), "server: http://old.example\ntoken: the-team-token\n");
    String server = nobody();
    Run run = run("a good long password\n", "login", "--config", config.toString(), "--server", server, "--email", "ada@example.org",
        "--password-stdin");
    assertEquals(ExitCodes.UNREACHABLE, run.exit(), run.err());
    assertTrue(run.err().contains("cannot reach " + server), run.err());
    assertEquals("server: http://old.example\ntoken: the-team-token\n", Files.readString(config));
  }

  @Test
  @DisplayName("the config file is written mode 0600 (its new folder 0700), over a file others could read, with the other keys kept")
  void writtenPrivately() throws Exception {
    Path folder = dir.resolve("xdg/amchallenge");
    Path config = folder.resolve("config.yaml");
    Map<String, Object> settings = new LinkedHashMap<>();
    LoginCommand.keep(settings, "https://am-bench.example", new LoginCommand.Token("amc_pat_first", "11", "laptop", List.of("read")));
    ConfigFile.write(config, settings);
    assertEquals("rw-------", permissions(config));
    assertEquals("rwx------", permissions(folder));
    assertEquals("server: https://am-bench.example\ntoken: amc_pat_first\ntoken_id: \"11\"\n", Files.readString(config));

    Files.writeString(config, "progress: false\nserver: https://am-bench.example\ntoken: amc_pat_first\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, Object> again = ConfigFile.read(config);
    LoginCommand.keep(again, "https://am-bench.example", new LoginCommand.Token("amc_pat_second", "12", "laptop", List.of("read")));
    ConfigFile.write(config, again);
    assertEquals("rw-------", permissions(config));
    assertEquals(Map.of("server", "https://am-bench.example", "token", "amc_pat_second", "token_id", "12", "progress", false), ConfigFile.read(config));
    try (var left = Files.list(folder)) {
      assertEquals(List.of(config), left.toList(), "no temporary file left beside it");
    }
  }

  @Test
  @DisplayName("a team's token found in the config file is kept aside at login and is the one sent again after logout")
  void teamTokenKeptAside() {
    Map<String, Object> settings = new LinkedHashMap<>(Map.of("token", "team-secret"));
    LoginCommand.keep(settings, "https://am-bench.example", new LoginCommand.Token("amc_pat_x", "7", "laptop", List.of("submit")));
    assertEquals("amc_pat_x", settings.get("token"));
    assertEquals("team-secret", settings.get("team_token"));
    LogoutCommand.forget(settings);
    assertEquals(Map.of("server", "https://am-bench.example", "token", "team-secret"), settings);
  }

  @Test
  @DisplayName("logout: nothing to do without a token, a team token left alone, and a personal token kept where the server cannot be reached")
  void logoutWithoutServer() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "progress: false\n");
    Run none = run("", "logout", "--config", config.toString());
    assertEquals(ExitCodes.OK, none.exit(), none.err());
    assertTrue(none.out().contains("nothing to log out of"), none.out());

    Files.writeString(config, "token: team-secret\n");
    Run team = run("", "logout", "--config", config.toString());
    assertEquals(ExitCodes.OK, team.exit(), team.err());
    assertEquals("token: team-secret\n", Files.readString(config));

    String kept = "server: " + nobody() + "\ntoken: amc_pat_abc\ntoken_id: \"5\"\n";
    Files.writeString(config, kept);
    Run unreachable = run("", "logout", "--config", config.toString());
    assertEquals(ExitCodes.UNREACHABLE, unreachable.exit(), unreachable.err());
    assertEquals(kept, Files.readString(config), "kept, to be revoked when the server answers");
    assertNull(ConfigFile.read(dir.resolve("absent.yaml")).get("token"));
  }
}
