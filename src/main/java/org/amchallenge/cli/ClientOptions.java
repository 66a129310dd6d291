package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Where the server is and which token to send, for the commands that talk to a server. The token comes
 * from AMC_TOKEN or the config file, so that it stays out of the shell's history and the process list;
 * {@code --token} is still read, as SPEC's command line has it.
 */
public final class ClientOptions {
  @Option(names = "--server", description = "the server's address (AMC_SERVER, or 'server' in the config file; default http://localhost:8080)")
  String server;

  @Option(names = "--token", description = "the token; better AMC_TOKEN or 'token' in the config file, which stay out of the shell's history")
  String token;

  @Option(names = "--config", description = "a YAML file with 'server' and 'token' (AMC_CONFIG; default ~/.config/amchallenge/config.yaml)")
  Path config;

  /** The server, from the option, AMC_SERVER, the config file, or the default, in that order. */
  public String server() throws IOException {
    String chosen = firstOf(server, System.getenv("AMC_SERVER"), fromConfig("server"), "http://localhost:8080");
    return chosen.replaceAll("/+$", "");
  }

  /** The server, as {@link #server()}, for a command that writes the config file, which a {@code --config} may name before it exists. */
  public String serverBeforeConfig() throws IOException {
    if (config != null && !Files.isRegularFile(config)) {
      return firstOf(server, System.getenv("AMC_SERVER"), "http://localhost:8080").replaceAll("/+$", "");
    }
    return server();
  }

  /** The token, or null where none is given: from the option, AMC_TOKEN, or the config file. */
  public String token() throws IOException {
    return firstOf(token, System.getenv("AMC_TOKEN"), fromConfig("token"), null);
  }

  public Path configFile() {
    if (config != null) return config;
    String named = System.getenv("AMC_CONFIG");
    if (named != null && !named.isBlank()) return Path.of(named);
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("amchallenge").resolve("config.yaml");
  }

  private JsonNode settings;

  private String fromConfig(String key) throws IOException {
    if (settings == null) settings = readConfig();
    JsonNode value = settings.get(key);
    return value == null || value.isNull() ? null : value.asText();
  }

  private JsonNode readConfig() throws IOException {
    Path file = configFile();
    if (!Files.isRegularFile(file)) {
      if (config != null) throw new IOException("no config file " + file);
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    warnIfReadableByOthers(file);
    JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    return tree == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : tree;
  }

  /** A token file others can read is a token others have: said once, as ssh does. */
  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        System.err.println("warning: " + file + " can be read by other users; chmod 600 it");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
  }

  private static String firstOf(String... values) {
    for (String value : values) if (value != null && !value.isBlank()) return value.strip();
    return null;
  }
}
