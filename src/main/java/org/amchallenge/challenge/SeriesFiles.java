package org.amchallenge.challenge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.amchallenge.problem.Problem;

/**
 * The series files of a challenges folder, {@code challenges/series/<series-id>.yaml|yml|json}, read as bytes: they are
 * checked against the challenges the server serves once those are published ({@link SeriesReader}).
 */
public final class SeriesFiles {
  /** The folder of the series, inside the challenges folder. */
  public static final String FOLDER = "series";

  private SeriesFiles() {}

  /** A series file as read: its name as the log and problems name it (series/x.yaml), its bytes, and their SHA-256. */
  public record Source(String file, String stem, byte[] definition, boolean yaml, String sha256) {

    /** The series read from the file, each problem named with the file; throws {@code InvalidInputException}. */
    public Series read(java.util.function.Predicate<String> knownChallenge) {
      try {
        return SeriesReader.read(definition, yaml, knownChallenge, stem);
      } catch (org.amchallenge.problem.InvalidInputException e) {
        throw new org.amchallenge.problem.InvalidInputException("Invalid series definition",
            e.problems().stream().map(p -> p.file() == null ? p.inFile(file) : p).toList(), e.total());
      }
    }
  }

  public static Path folder(Path challengesDir) {
    return challengesDir.resolve(FOLDER);
  }

  /** Every series file of the folder, by name; a file that cannot be read is a problem. */
  public static List<Source> read(Path challengesDir, List<Problem> problems) {
    List<Source> sources = new ArrayList<>();
    for (Path file : files(folder(challengesDir))) {
      try {
        sources.add(read(file));
      } catch (IOException e) {
        problems.add(new Problem(FOLDER + "/" + file.getFileName(), null, null, null, "cannot read: " + e.getMessage()));
      }
    }
    return List.copyOf(sources);
  }

  /** One series file. */
  public static Source read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String name = file.getFileName().toString();
    return new Source(FOLDER + "/" + name, name.substring(0, name.lastIndexOf('.')), bytes, !name.endsWith(".json"),
        ChallengeReader.sha256(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** The series files of a folder (none where it does not exist), by name. */
  public static List<Path> files(Path folder) {
    if (!Files.isDirectory(folder)) return List.of();
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).filter(SeriesFiles::isDefinition).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static boolean isDefinition(Path file) {
    String name = file.getFileName().toString();
    return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
  }
}
