package org.amchallenge.challenge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;

/**
 * Loads every challenge of a folder with its reference data, and checks them all: a server refuses to start
 * on an invalid challenge rather than serve half of it, and lists every problem of every file.
 */
public final class ChallengeCatalog {
  private ChallengeCatalog() {}

  /**
   * A challenge read from its files: the definition's bytes (kept by the store as published), where its
   * reference file is, and the SHA-256 of both files, which tells whether they changed since the store
   * last loaded them. The reference's bytes are not kept: a large one is read again only when asked for.
   */
  public record Source(ChallengeEntry entry, byte[] definition, boolean yaml, Path referenceFile, String sha256) {

    static Source of(ChallengeEntry entry, byte[] definition, boolean yaml, Path referenceFile, byte[] reference) {
      return new Source(entry, definition, yaml, referenceFile, sha256(definition, reference));
    }

    /** The SHA-256 of a definition's and a reference's bytes together, as the store keeps it. */
    static String sha256(byte[] definition, byte[] reference) {
      try {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        digest.update(definition);
        digest.update((byte) 0);
        digest.update(reference);
        return java.util.HexFormat.of().formatHex(digest.digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
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
    try {
      return loadOne(file, Files.readAllBytes(file), referenceDir, problems);
    } catch (IOException e) {
      problems.add(new Problem(file.getFileName().toString(), null, null, null, "cannot read: " + e.getMessage()));
      return null;
    }
  }

  /** The same, from the definition's bytes as already read. */
  static Source loadOne(Path file, byte[] definition, Path referenceDir, Problems problems) {
    String name = file.getFileName().toString();
    try {
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
        byte[] reference = org.amchallenge.tabular.WholeFile.read(csv);
        return Source.of(entry(challenge, ReferenceReader.read(challenge, reference)), definition, yaml, csv, reference);
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
