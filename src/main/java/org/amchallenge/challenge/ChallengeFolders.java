package org.amchallenge.challenge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;

/**
 * The challenge folders as their files change while the server runs: which files are new, changed or gone since
 * the last look (by size and modification time), and a changed challenge read again as the server reads it at
 * start ({@link ChallengeCatalog}), the SHA-256 of its bytes telling a real change from a file merely touched.
 * One look at a time: the watcher that calls it never starts a look before the last one ended.
 */
public final class ChallengeFolders {
  private static final List<String> DEFINITION_ENDINGS = List.of(".yaml", ".yml", ".json");

  private final Path challengesDir;
  private final Path referenceDir;
  /** Each file's size and modification time as last reported (or loaded). */
  private volatile Map<Path, Stamp> seen = Map.of();
  /** Each file's size and modification time at the last look, reported or not. */
  private volatile Map<Path, Stamp> lastLook = Map.of();

  private record Stamp(long size, long modified) {}

  /** What a file is to the server: a challenge's definition, its reference data, or one of its public input files. */
  public enum Role { DEFINITION, REFERENCE, INPUT, SERIES }

  /** A file new, changed or gone since the last look, named as the log shows it (folder/file), with its challenge's id (a series file: its series' id). */
  public record Change(String file, String challengeId, Role role, boolean removed) {}

  /**
   * A changed challenge read again: its source where valid and changed; {@code unchanged} where its bytes are the ones
   * published; the problems of an invalid one; {@code noDefinition} where only a reference or an input file exists.
   */
  public record Reading(ChallengeCatalog.Source source, boolean unchanged, boolean noDefinition, List<Problem> problems) {
    public boolean valid() {
      return source != null;
    }
  }

  public ChallengeFolders(Path challengesDir, Path referenceDir) {
    this.challengesDir = challengesDir;
    this.referenceDir = referenceDir;
  }

  /**
   * The folders' challenges, as the server loads them at start (throws listing every problem), each file's stamp
   * taken first: a file that changes while they are read is seen changed by the first look.
   */
  public List<ChallengeCatalog.Source> load() {
    seen = stamps();
    lastLook = seen;
    return ChallengeCatalog.sources(challengesDir, referenceDir);
  }

  /** The series files as read at start (their stamps taken by {@link #load}); throws where one cannot be read. */
  public List<SeriesFiles.Source> loadSeries() {
    List<Problem> problems = new ArrayList<>();
    List<SeriesFiles.Source> sources = SeriesFiles.read(challengesDir, problems);
    if (!problems.isEmpty()) throw new org.amchallenge.problem.InvalidInputException("Invalid series", problems, problems.size());
    return sources;
  }

  /** A series file read again, or empty where it is gone. */
  public java.util.Optional<SeriesFiles.Source> readSeries(String seriesId) throws IOException {
    for (String ending : DEFINITION_ENDINGS) {
      Path file = SeriesFiles.folder(challengesDir).resolve(seriesId + ending);
      if (Files.isRegularFile(file)) return java.util.Optional.of(SeriesFiles.read(file));
    }
    return java.util.Optional.empty();
  }

  /**
   * The files new, changed or gone since they were last reported. A file is reported once its size and modification
   * time held still from one look to the next, so that a file still being written is not read half-way.
   */
  public List<Change> changes() {
    Map<Path, Stamp> now = stamps();
    Map<Path, Stamp> before = lastLook;
    Map<Path, Stamp> reported = new HashMap<>(seen);
    List<Change> changes = new ArrayList<>();
    now.forEach((file, stamp) -> {
      if (!stamp.equals(reported.get(file)) && stamp.equals(before.get(file))) {
        changes.add(change(file, false));
        reported.put(file, stamp);
      }
    });
    for (Path file : List.copyOf(reported.keySet())) {
      if (!now.containsKey(file) && !before.containsKey(file)) {
        changes.add(change(file, true));
        reported.remove(file);
      }
    }
    lastLook = now;
    seen = Map.copyOf(reported);
    changes.sort(java.util.Comparator.comparing(Change::file));
    return changes;
  }

  /** Forgets a file's stamp, so that the next look reads it again: what failed was not the file (the store, a race). */
  public void forget(Change change) {
    Map<Path, Stamp> without = new HashMap<>(seen);
    without.keySet().removeIf(file -> name(file).equals(change.file()));
    seen = Map.copyOf(without);
  }

  /** Reads a challenge again; where the SHA-256 of its files is {@code publishedSha256}, it is not parsed. */
  public Reading read(String challengeId, String publishedSha256) {
    List<Path> definitions = DEFINITION_ENDINGS.stream().map(ending -> challengesDir.resolve(challengeId + ending))
        .filter(Files::isRegularFile).toList();
    if (definitions.isEmpty()) return new Reading(null, false, true, List.of());
    if (definitions.size() > 1) {
      return new Reading(null, false, false, List.of(new Problem(name(definitions.get(0)), 1, 1, "id",
          "challenge id '" + challengeId + "' is used by another file: " + definitions.stream().map(this::name).toList())));
    }
    Path file = definitions.get(0);
    Problems problems = new Problems();
    try {
      byte[] definition = Files.readAllBytes(file);
      Path csv = referenceDir.resolve(challengeId + ".csv");
      if (publishedSha256 != null && Files.isRegularFile(csv)
          && publishedSha256.equals(ChallengeCatalog.Source.sha256(definition, org.amchallenge.tabular.WholeFile.read(csv)))) {
        return new Reading(null, true, false, List.of());
      }
      ChallengeCatalog.Source source = ChallengeCatalog.loadOne(file, definition, referenceDir, problems);
      return problems.isEmpty() && source != null ? new Reading(source, false, false, List.of()) : new Reading(null, false, false, problems.listed());
    } catch (IOException e) {
      return new Reading(null, false, false, List.of(new Problem(name(file), null, null, null, "cannot read: " + e.getMessage())));
    }
  }

  private Change change(Path file, boolean removed) {
    String fileName = file.getFileName().toString();
    if (file.getParent().equals(referenceDir)) return new Change(name(file), stem(fileName), Role.REFERENCE, removed);
    if (file.getParent().equals(challengesDir)) return new Change(name(file), stem(fileName), Role.DEFINITION, removed);
    if (file.getParent().equals(SeriesFiles.folder(challengesDir))) return new Change(name(file), stem(fileName), Role.SERIES, removed);
    return new Change(name(file), file.getParent().getFileName().toString(), Role.INPUT, removed);
  }

  /** A file as the log names it: from its folder's name, e.g. challenges/in625.yaml or challenges/in625/powder.csv. */
  private String name(Path file) {
    Path folder = file.startsWith(challengesDir) ? challengesDir : file.startsWith(referenceDir) ? referenceDir : file.getParent();
    Path relative = folder.relativize(file);
    String base = folder.getFileName() == null ? "" : folder.getFileName() + "/";
    return base + relative.toString().replace(java.io.File.separatorChar, '/');
  }

  private static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? fileName : fileName.substring(0, dot);
  }

  /** Every file the server reads from the folders, with its stamp; a folder that is missing has none. */
  private Map<Path, Stamp> stamps() {
    Map<Path, Stamp> stamps = new HashMap<>();
    for (Path file : list(challengesDir)) {
      String fileName = file.getFileName().toString();
      if (file.equals(SeriesFiles.folder(challengesDir))) {
        SeriesFiles.files(file).forEach(series -> stamp(series, stamps));
      } else if (Files.isDirectory(file)) {
        // as the server serves them: regular files, never a symbolic link (which may lead to the reference data)
        list(file).stream().filter(input -> Files.isRegularFile(input, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(input -> stamp(input, stamps));
      } else if (DEFINITION_ENDINGS.stream().anyMatch(fileName::endsWith)) {
        stamp(file, stamps);
      }
    }
    list(referenceDir).stream().filter(file -> file.getFileName().toString().endsWith(".csv")).forEach(file -> stamp(file, stamps));
    return Map.copyOf(stamps);
  }

  private static void stamp(Path file, Map<Path, Stamp> stamps) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (attributes.isRegularFile()) stamps.put(file, new Stamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
    } catch (IOException gone) {
      // removed between the listing and this look: the next look finds it gone
    }
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
