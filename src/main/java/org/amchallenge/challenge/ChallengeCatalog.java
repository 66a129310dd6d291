package org.amchallenge.challenge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.amchallenge.leaderboard.SplitAssignment;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;

/**
 * Loads every challenge of a folder with its reference data, and checks them all: a server refuses to start
 * on an invalid challenge rather than serve half of it, and lists every problem of every file.
 */
public final class ChallengeCatalog {
  private ChallengeCatalog() {}

  /** A challenge read from its files, with the bytes it was read from (kept by the store as published). */
  public record Source(ChallengeEntry entry, byte[] definition, boolean yaml, byte[] reference) {
    /** The SHA-256 of both files: tells whether the files changed since the store last loaded them. */
    public String sha256() {
      byte[] both = new byte[definition.length + reference.length + 1];
      System.arraycopy(definition, 0, both, 0, definition.length);
      System.arraycopy(reference, 0, both, definition.length + 1, reference.length);
      return ReferenceReader.sha256(both);
    }
  }

  /** Reads {@code challenges/*.yaml|yml|json} and {@code reference/<id>.csv}; throws listing every problem. */
  public static List<ChallengeEntry> load(Path challengesDir, Path referenceDir) {
    return sources(challengesDir, referenceDir).stream().map(Source::entry).toList();
  }

  /** The challenges of the folders with the bytes they came from; throws listing every problem. */
  public static List<Source> sources(Path challengesDir, Path referenceDir) {
    Problems problems = new Problems();
    List<Source> sources = new ArrayList<>();
    for (Path file : definitionFiles(challengesDir, problems)) {
      Source source = loadOne(file, referenceDir, problems);
      if (source == null) continue;
      if (sources.stream().anyMatch(e -> e.entry().id().equals(source.entry().id()))) {
        problems.add(new Problem(file.getFileName().toString(), 1, 1, "id", "challenge id '" + source.entry().id() + "' is used by another file"));
      } else {
        sources.add(source);
      }
    }
    problems.throwIfAny("Invalid challenges");
    return List.copyOf(sources);
  }

  /** One challenge from its definition file and its reference CSV; null with problems recorded where invalid. */
  static Source loadOne(Path file, Path referenceDir, Problems problems) {
    String name = file.getFileName().toString();
    try {
      byte[] definition = Files.readAllBytes(file);
      boolean yaml = !name.endsWith(".json");
      Challenge challenge = ChallengeReader.read(definition, yaml);
      String expected = name.substring(0, name.lastIndexOf('.'));
      if (!expected.equals(challenge.id())) {
        problems.add(new Problem(name, 1, 1, "id", "the id '" + challenge.id() + "' must match the file name '" + expected + "'"));
      }
      Path csv = referenceDir.resolve(challenge.id() + ".csv");
      if (!Files.isRegularFile(csv)) {
        problems.add(new Problem(name, null, null, null, "no reference data: expected " + csv));
        return null;
      }
      try {
        byte[] reference = Files.readAllBytes(csv);
        return new Source(entry(challenge, ReferenceReader.read(challenge, reference)), definition, yaml, reference);
      } catch (InvalidInputException e) {
        e.problems().forEach(p -> problems.add(p.inFile(csv.getFileName().toString())));
        return null;
      }
    } catch (InvalidInputException e) {
      e.problems().forEach(p -> problems.add(p.inFile(name)));
      return null;
    } catch (IOException e) {
      problems.add(new Problem(name, null, null, null, "cannot read: " + e.getMessage()));
      return null;
    }
  }

  /** A challenge with its reference data and its seeded split. */
  public static ChallengeEntry entry(Challenge challenge, ReferenceData reference) {
    Map<String, boolean[]> publicRows = SplitAssignment.publicRows(challenge, reference);
    return new ChallengeEntry(challenge, reference, publicRows, SplitAssignment.privateRows(publicRows));
  }

  private static List<Path> definitionFiles(Path dir, Problems problems) {
    if (!Files.isDirectory(dir)) {
      problems.add(new Problem(dir.toString(), null, null, null, "the challenges folder does not exist"));
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml") || f.toString().endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      problems.add(new Problem(dir.toString(), null, null, null, "cannot list: " + e.getMessage()));
      return List.of();
    }
  }
}
