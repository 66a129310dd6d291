package org.amchallenge.problem;

import java.util.List;

/** An input was rejected; carries every problem found (up to {@link Problems#LISTED}) and how many there were. */
public class InvalidInputException extends RuntimeException {
  private final List<Problem> problems;
  private final int total;

  public InvalidInputException(String title, List<Problem> problems, int total) {
    super(title);
    this.problems = List.copyOf(problems);
    this.total = total;
  }

  public InvalidInputException(String title, Problem problem) {
    this(title, List.of(problem), 1);
  }

  public List<Problem> problems() {
    return problems;
  }

  public int total() {
    return total;
  }

  /** Every problem as one line each, for a terminal. */
  public String describe() {
    StringBuilder text = new StringBuilder(getMessage());
    problems.forEach(p -> text.append(System.lineSeparator()).append("  ").append(p.describe()));
    if (total > problems.size()) {
      text.append(System.lineSeparator()).append("  ... and ").append(total - problems.size()).append(" more");
    }
    return text.toString();
  }
}
