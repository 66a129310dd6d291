package org.amchallenge.tabular;

import java.util.ArrayList;
import java.util.List;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;

/** Tells a CSV saved with another separator (Excel's in many locales writes semicolons) from a comma-separated one. */
public final class Delimiters {
  /** As far as a header line is looked for: a header longer than this is not a spreadsheet's. */
  private static final int HEAD = 64 * 1024;

  private Delimiters() {}

  /**
   * The hint at line 1 where the header line has no comma but semicolons, tabs or bars (the most frequent of them
   * named), or null: {@code hint: the file looks semicolon-separated; save it as comma-separated CSV ...}.
   */
  public static Problem hint(byte[] body) {
    int start = CsvBytes.startsWithBom(body) ? 3 : 0;
    int end = Math.min(body.length, start + HEAD);
    int[] counts = new int[3];
    for (int i = start; i < end && body[i] != '\n'; i++) {
      switch (body[i]) {
        case ',' -> {
          return null;
        }
        case ';' -> counts[0]++;
        case '\t' -> counts[1]++;
        case '|' -> counts[2]++;
        default -> { }
      }
    }
    int most = counts[0] >= counts[1] && counts[0] >= counts[2] ? 0 : counts[1] >= counts[2] ? 1 : 2;
    if (counts[most] == 0) return null;
    String looks = List.of("semicolon", "tab", "pipe").get(most);
    return new Problem(null, 1, null, "hint", "the file looks " + looks + "-separated; save it as comma-separated CSV "
        + "(in Excel: CSV UTF-8 (Comma delimited))");
  }

  /** The same rejection with the hint first where the file looks separated by something else than commas. */
  public static InvalidInputException withHint(InvalidInputException invalid, byte[] body) {
    Problem hint = hint(body);
    if (hint == null) return invalid;
    List<Problem> problems = new ArrayList<>(List.of(hint));
    problems.addAll(invalid.problems());
    return new InvalidInputException(invalid.getMessage(), problems.subList(0, Math.min(problems.size(), Problems.LISTED + 1)),
        invalid.total() + 1);
  }
}
