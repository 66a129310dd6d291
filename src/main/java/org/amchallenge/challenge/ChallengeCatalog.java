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

  /** Reads {@code challenges/*.yaml|yml|json} and {@code reference/<id>.csv}; throws listing every problem. */
  public static List<ChallengeEntry> load(Path challengesDir, Path referenceDir) {
    Problems problems = new Problems();
    List<ChallengeEntry> entries = new ArrayList<>();
    for (Path file : definitionFiles(challengesDir, problems)) {
      ChallengeEntry entry = loadOne(file, referenceDir, problems);
      if (entry == null) continue;
      if (entries.stream().anyMatch(e -> e.id().equals(entry.id()))) {
        problems.add(new Problem(file.getFileName().toString(), 1, 1, "id", "challenge id '" + entry.id() + "' is used by another file"));
      } else {
        entries.add(entry);
      }
    }
    problems.throwIfAny("Invalid challenges");
    return List.copyOf(entries);
  }

  /** One challenge from its definition file and its reference CSV; null with problems recorded where invalid. */
  static ChallengeEntry loadOne(Path file, Path referenceDir, Problems problems) {
    String name = file.getFileName().toString();
    try {
      Challenge challenge = ChallengeReader.read(Files.readAllBytes(file), !name.endsWith(".json"));
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
        return entry(challenge, ReferenceReader.read(challenge, Files.readAllBytes(csv)));
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
