package org.amchallenge.challenge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.amchallenge.problem.ApiException;

/**
 * What the reveal makes final (SPEC "The reveal, and what is final"): the reference, the dates, the split, the
 * quantities with their metrics and weights, the ranking rules, the final selections and the template a stored
 * file is read again with, since each of them decides a final score or rank. The title, summary, description,
 * material, process, the submission limits and a quantity's display name stay free.
 */
public final class FinalFields {
  private FinalFields() {}

  /**
   * The final fields whose values differ between two definitions and their reference data (SHA-256, null where
   * there is none), named as the definition file spells them ("closes", "split.seed", "quantities.depth.weight",
   * "reference"), in the file's order.
   */
  public static List<String> changed(Challenge before, String referenceBefore, Challenge after, String referenceAfter) {
    List<String> changed = new ArrayList<>(changed(before, after));
    if (!Objects.equals(referenceBefore, referenceAfter)) changed.add("reference");
    return List.copyOf(changed);
  }

  /** The final fields of the definition whose values differ, named as in {@link #changed(Challenge, String, Challenge, String)}. */
  public static List<String> changed(Challenge before, Challenge after) {
    Fields fields = new Fields(before, after);
    fields.compare("opens", Challenge::opens);
    fields.compare("closes", Challenge::closes);
    fields.compare("reveal", Challenge::reveal);
    fields.compare("rules.final_selections", c -> c.rules().finalSelections());
    fields.compare("split.public_fraction", c -> c.split().publicFraction());
    fields.compare("split.seed", c -> c.split().seed());
    fields.compare("split.by", c -> c.split().by());
    fields.compare("ranking.score", c -> c.ranking().score());
    fields.compare("ranking.ladder", c -> c.ranking().ladder());
    fields.compare("ranking.min_coverage", c -> c.ranking().minCoverage());
    fields.compare("ranking.precision", c -> c.ranking().precision());
    fields.compare("ranking.tie_break", c -> c.ranking().tieBreak());
    fields.compare("ranking.bootstrap", c -> c.ranking().bootstrap());
    quantities(fields, before, after);
    fields.compare("template", Challenge::template);
    return List.copyOf(fields.changed);
  }

  /** A set of quantities that differs is named whole; otherwise each quantity's final fields are compared. */
  private static void quantities(Fields fields, Challenge before, Challenge after) {
    List<String> ids = before.quantities().stream().map(Quantity::id).toList();
    if (!ids.equals(after.quantities().stream().map(Quantity::id).toList())) {
      fields.changed.add("quantities");
      return;
    }
    Map<String, Quantity> afterById = after.quantities().stream().collect(Collectors.toMap(Quantity::id, q -> q));
    for (Quantity old : before.quantities()) {
      Quantity now = afterById.get(old.id());
      String prefix = "quantities." + old.id() + ".";
      compare(fields, prefix + "unit", old, now, Quantity::unit);
      compare(fields, prefix + "kind", old, now, Quantity::kind);
      compare(fields, prefix + "primary", old, now, Quantity::primary);
      compare(fields, prefix + "weight", old, now, Quantity::weight);
      compare(fields, prefix + "transform", old, now, Quantity::transform);
      compare(fields, prefix + "aliases", old, now, Quantity::aliases);
      compare(fields, prefix + "point", old, now, Quantity::point);
      compare(fields, prefix + "components", old, now, Quantity::components);
      compare(fields, prefix + "points", old, now, Quantity::points);
    }
  }

  private static void compare(Fields fields, String name, Quantity before, Quantity after, Function<Quantity, Object> field) {
    if (!Objects.equals(field.apply(before), field.apply(after))) fields.changed.add(name);
  }

  /**
   * The 409 refusing a change of final fields: the problem names each of them, and says what may still change.
   */
  public static ApiException refusal(String challengeId, List<String> fields) {
    return new ApiException(409, "results-final", "challenge '" + challengeId + "' is revealed and its results are final: "
        + String.join(", ", fields) + " cannot change (its title, summary, description, "
        + "material, process and input files can)");
  }

  /** Two definitions and the names of the fields found different so far. */
  private record Fields(Challenge before, Challenge after, List<String> changed) {
    Fields(Challenge before, Challenge after) {
      this(before, after, new ArrayList<>());
    }

    void compare(String name, Function<Challenge, Object> field) {
      if (!Objects.equals(field.apply(before), field.apply(after))) changed.add(name);
    }
  }
}
