package org.amchallenge.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The server as its own Java process, on this test run's class path, as an operator runs it. */
final class ServerProcess implements AutoCloseable {
  static final String ORGANIZER = "organizer-secret-token";

  final int port;
  final Path log;
  private final Process process;

  private ServerProcess(int port, Path log, Process process) {
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** Starts {@code serve} on the challenges of {@code dir}, its data under {@code dir/data}, and waits for /health. */
  static ServerProcess start(Path dir, int port, String logName, String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.amchallenge.Main", "serve", "--host", "127.0.0.1",
        "--port", Integer.toString(port), "--data", dir.resolve("data").toString(), "--challenges", dir.resolve("challenges").toString(),
        "--reference", dir.resolve("reference-data").toString(), "--organizer-token", ORGANIZER));
    command.addAll(List.of(extra));
    Path log = dir.resolve(logName);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerProcess server = new ServerProcess(port, log, process);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    for (int i = 0; i < 300; i++) {
      if (!process.isAlive()) throw new IllegalStateException("the server stopped: " + Files.readString(log));
      try {
        if (http.send(HttpRequest.newBuilder(server.uri("/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return server;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server did not answer /health in 30 s: " + Files.readString(log));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
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
