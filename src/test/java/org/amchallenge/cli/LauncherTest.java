package org.amchallenge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher script the build writes beside the jar, run on a probe jar that prints what it was given. */
class LauncherTest {
  private static final Path SCRIPT = Path.of("src", "main", "launcher", "amchallenge");

  @TempDir
  Path dir;

  private record Run(int status, String out, String err) {}

  private Path install(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path launcher = folder.resolve("amchallenge");
    Files.copy(SCRIPT, launcher);
    assertTrue(launcher.toFile().setExecutable(true));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
    String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(folder.resolve("amchallenge.jar")); JarOutputStream jar = new JarOutputStream(file, manifest)) {
      jar.putNextEntry(new JarEntry(entry));
      try (var in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
        in.transferTo(jar);
      }
      jar.closeEntry();
    }
    return launcher;
  }

  private Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("AMC_JAVA_OPTS");
    builder.environment().putAll(env);
    Path err = dir.resolve("stderr.txt");
    Process process = builder.redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out, Files.readString(err));
  }

  @Test
  @DisplayName("the launcher runs the jar beside it with the arguments as given, the command-line JVM options, and its exit status")
  void runsTheJarBesideIt() throws Exception {
    Path launcher = install(dir.resolve("target"));
    Run run = run(launcher, Map.of(), "score", "--challenge", "a file with spaces.yaml", "3");
    assertEquals(3, run.status(), run.err());
    assertTrue(run.out().contains("arguments score|--challenge|a file with spaces.yaml|3"), run.out());
    assertTrue(run.out().contains("-XX:+UseParallelGC"), run.out());
    assertEquals("", run.err(), "nothing on stderr but what the program writes");
  }

  @Test
  @DisplayName("the first run after a build writes the class-data archive, the next runs use it, and a newer jar makes it anew")
  void classDataArchive() throws Exception {
    Path launcher = install(dir.resolve("target"));
    Path archive = dir.resolve("target").resolve("amchallenge.jsa");
    Run first = run(launcher, Map.of(), "0");
    assertEquals(0, first.status(), first.err());
    assertTrue(first.out().contains("-XX:ArchiveClassesAtExit="), first.out());
    assertTrue(Files.size(archive) > 0, "the archive is written");
    Run second = run(launcher, Map.of(), "0");
    assertTrue(second.out().contains("-XX:SharedArchiveFile=" + archive.toRealPath()), second.out());
    assertEquals("", second.err());
    try (var leftovers = Files.list(dir.resolve("target"))) {
      assertEquals(List.of("amchallenge", "amchallenge.jar", "amchallenge.jsa"), leftovers.map(p -> p.getFileName().toString()).sorted().toList(),
          "no half-written archive is left behind");
    }
    Files.setLastModifiedTime(dir.resolve("target").resolve("amchallenge.jar"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    Run rebuilt = run(launcher, Map.of(), "0");
    assertTrue(rebuilt.out().contains("-XX:ArchiveClassesAtExit="), "an archive older than the jar is made again: " + rebuilt.out());
  }

  @Test
  @DisplayName("AMC_JAVA_OPTS adds the user's own JVM options, and a link to the launcher finds the jar beside the file it links to")
  void userOptionsAndLinks() throws Exception {
    Path launcher = install(dir.resolve("target"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("amchallenge"), launcher);
    Run run = run(link, Map.of("AMC_JAVA_OPTS", "-Xmx123m -Dprobe=yes"), "0");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("-Xmx123m") && run.out().contains("-Dprobe=yes"), run.out());
  }

  @Test
  @DisplayName("without a jar beside it the launcher says how to build one and exits 2")
  void noJar() throws Exception {
    Path launcher = install(dir.resolve("target"));
    Files.delete(dir.resolve("target").resolve("amchallenge.jar"));
    Run run = run(launcher, Map.of(), "--version");
    assertEquals(2, run.status());
    assertTrue(run.err().contains("mvn -q -B package -DskipTests"), run.err());
    assertFalse(run.out().contains("arguments"));
  }
}
