package org.amchallenge.challenge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.amchallenge.problem.Problems;

/**
 * Reads a series file (YAML or JSON), as {@link ChallengeReader} reads a challenge: every problem listed with its line
 * and column. A series naming a challenge the server does not serve is refused.
 */
public final class SeriesReader {
  private static final Pattern ID = Pattern.compile("[a-z0-9-]{3,64}");
  private static final Set<String> TOP_FIELDS = Set.of("id", "title", "description", "challenges", "ranking");

  private final LocatedTree tree;
  private final Predicate<String> knownChallenge;
  private final Problems problems = new Problems();

  private SeriesReader(LocatedTree tree, Predicate<String> knownChallenge) {
    this.tree = tree;
    this.knownChallenge = knownChallenge;
  }

  /** Reads a series; {@code knownChallenge} says which challenge ids exist. Throws {@code InvalidInputException} listing every problem. */
  public static Series read(byte[] text, boolean yaml, Predicate<String> knownChallenge) {
    return read(text, yaml, knownChallenge, null);
  }

  /** The same, for a file named {@code expectedId}.yaml: the series' id must be its file's name (null: any id). */
  public static Series read(byte[] text, boolean yaml, Predicate<String> knownChallenge, String expectedId) {
    SeriesReader reader = new SeriesReader(tree(text, yaml), knownChallenge);
    Series series = reader.series();
    if (expectedId != null && series.id() != null && !expectedId.equals(series.id())) {
      reader.problem("/id", "id", "the id '" + series.id() + "' must match the file name '" + expectedId + "'");
    }
    reader.problems.sortByPosition();
    reader.problems.throwIfAny("Invalid series definition");
    return series;
  }

  private static LocatedTree tree(byte[] text, boolean yaml) {
    try {
      return LocatedTree.parse(text, yaml);
    } catch (org.amchallenge.problem.InvalidInputException e) {
      throw new org.amchallenge.problem.InvalidInputException("Invalid series definition", e.problems(), e.total());
    }
  }

  /** Whether a document is a series rather than a challenge: a series lists challenges and has no quantities. */
  public static boolean looksLikeSeries(JsonNode root) {
    return root.has("challenges") && !root.has("quantities");
  }

  private Series series() {
    JsonNode root = tree.root();
    rejectUnknownFields(root, "", TOP_FIELDS);
    String id = text(root, "id", true);
    if (id != null && !ID.matcher(id).matches()) problem("/id", "id", "must match [a-z0-9-]{3,64}");
    String title = text(root, "title", true);
    String description = text(root, "description", false);
    List<String> challenges = challenges(root.path("challenges"));
    Series.Ranking ranking = ranking(root.path("ranking"), challenges.size());
    return new Series(id, title == null || title.isEmpty() ? id : title, description == null ? "" : description, challenges, ranking);
  }

  private List<String> challenges(JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      problem("/challenges", "challenges", "list the ids of at least one challenge, e.g. [in625-single-track]");
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String pointer = "/challenges/" + i;
      JsonNode item = node.get(i);
      if (!item.isTextual() || item.asText().isBlank()) {
        problem(pointer, "challenges", "must be a challenge's id");
        continue;
      }
      String id = item.asText().strip();
      if (!seen.add(id)) problem(pointer, "challenges", "'" + id + "' is listed twice");
      else if (!knownChallenge.test(id)) problem(pointer, "challenges", "no challenge '" + id + "' is published on this server");
      else ids.add(id);
    }
    return List.copyOf(ids);
  }

  private Series.Ranking ranking(JsonNode node, int challenges) {
    if (node.isMissingNode() || node.isNull()) return new Series.Ranking(Series.Method.MEAN_RANK, 1);
    rejectUnknownFields(node, "/ranking", Set.of("method", "min_challenges"));
    Series.Method method = Series.Method.MEAN_RANK;
    String text = text(node, "method", false, "/ranking");
    if (text != null) {
      try {
        method = Series.Method.valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problem("/ranking/method", "ranking.method", "'" + text + "' is not one of the allowed values: mean_rank");
      }
    }
    JsonNode min = node.path("min_challenges");
    int minChallenges = 1;
    if (!min.isMissingNode() && !min.isNull()) {
      int most = Math.max(1, challenges);
      if (!min.canConvertToInt() || !min.isIntegralNumber() || min.asInt() < 1 || min.asInt() > most) {
        problem("/ranking/min_challenges", "ranking.min_challenges", "must be a whole number from 1 to " + most + " (the challenges listed)");
      } else {
        minChallenges = min.asInt();
      }
    }
    return new Series.Ranking(method, minChallenges);
  }

  private void rejectUnknownFields(JsonNode node, String path, Set<String> known) {
    if (!node.isObject()) {
      problem(path, path.isEmpty() ? "" : path.substring(1), "must be a mapping of fields");
      return;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) problem(path + "/" + name, name, "unknown field; known fields are " + new java.util.TreeSet<>(known));
    }
  }

  private String text(JsonNode node, String field, boolean required) {
    return text(node, field, required, "");
  }

  private String text(JsonNode node, String field, boolean required, String path) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      if (required) problem(path + "/" + field, field, "is required");
      return null;
    }
    if (!value.isValueNode()) {
      problem(path + "/" + field, field, "must be text");
      return null;
    }
    return value.asText().strip();
  }

  private void problem(String pointer, String field, String detail) {
    problems.add(tree.lineOf(pointer), tree.columnOf(pointer), field, detail);
  }
}
