package org.amchallenge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;

/**
 * An input's problems as every command prints them, whether the offline reader or a server's 422 found them: a title,
 * then one line each as compilers print them, {@code FILE:LINE:COLUMN: field: detail}, so that an editor can jump to each.
 */
public final class ProblemLines {
  private ProblemLines() {}

  /** The rejection's problems; those without a file of their own are in {@code file} (none where null). */
  public static void print(InvalidInputException invalid, String file, PrintStream err) {
    print(invalid.getMessage(), invalid.problems(), invalid.total(), file, err);
  }

  static void print(String title, List<Problem> problems, int total, String file, PrintStream err) {
    if (title != null) err.println(title);
    for (Problem problem : problems) err.println(line(problem, file));
    if (total > problems.size()) err.println("... " + (total - problems.size()) + " more problems not listed");
  }

  /** One problem's line: {@link Problem#describe()} with {@code file} where the problem names none. */
  static String line(Problem problem, String file) {
    return (problem.file() == null && file != null ? problem.inFile(file) : problem).describe();
  }

  /** The problems of a problem answer's {@code problems} array. */
  static List<Problem> fromJson(JsonNode problems) {
    List<Problem> all = new ArrayList<>();
    for (JsonNode each : problems) {
      all.add(new Problem(text(each, "file"), text(each, "sheet"), number(each, "line"), number(each, "column"), text(each, "field"),
          each.path("detail").asText()));
    }
    return all;
  }

  private static String text(JsonNode node, String name) {
    return node.hasNonNull(name) ? node.get(name).asText() : null;
  }

  private static Integer number(JsonNode node, String name) {
    return node.hasNonNull(name) ? node.get(name).asInt() : null;
  }
}
