package org.amchallenge.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server as its own Java process, on this test run's class path, as an operator runs it. */
final class ServerProcess implements AutoCloseable {
  static final String ORGANIZER = "organizer-secret-token";

  /** The port the server got (it was started with port 0), read from its log. */
  final int port;
  final Path log;
  private final Process process;

  private ServerProcess(int port, Path log, Process process) {
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** The line the server logs once it listens, with the port it got: "amchallenge serving N challenges on http://host:port/". */
  private static final Pattern SERVING = Pattern.compile("amchallenge serving \\d+ challenges on http://[^\\s/]+:(\\d+)/");

  /**
   * Starts {@code serve --port 0} on the challenges of {@code dir}, its data under {@code dir/data}, reads the port the
   * system gave it from its log line, and waits for /health there.
   */
  static ServerProcess start(Path dir, String logName, String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.amchallenge.Main", "serve", "--host", "127.0.0.1",
        "--port", "0", "--data", dir.resolve("data").toString(), "--challenges", dir.resolve("challenges").toString(),
        "--reference", dir.resolve("reference-data").toString(), "--organizer-token", ORGANIZER));
    command.addAll(List.of(extra));
    Path log = dir.resolve(logName);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    ServerProcess server = null;
    for (int i = 0; i < 300; i++) {
      if (!process.isAlive()) throw new IllegalStateException("the server stopped: " + Files.readString(log));
      if (server == null) {
        // read as bytes: a line being written may end in half a character
        Matcher serving = SERVING.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
        if (serving.find()) server = new ServerProcess(Integer.parseInt(serving.group(1)), log, process);
      }
      if (server != null) {
        try {
          if (http.send(HttpRequest.newBuilder(server.uri("/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return server;
          }
        } catch (IOException notYet) {
          // not answering yet: asked again after the pause
        }
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server did not answer /health in 30 s: " + Files.readString(log));
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no flush; what the disk holds is all there is. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: the node drains and stops; returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill();
  }
}
