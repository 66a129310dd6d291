package org.amchallenge.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One thing wrong with an input: where it is (file, line, column, field) and what is wrong. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String file, String sheet, Integer line, Integer column, String field, String detail) {

  public Problem(String file, Integer line, Integer column, String field, String detail) {
    this(file, null, line, column, field, detail);
  }

  public static Problem at(int line, int column, String field, String detail) {
    return new Problem(null, null, line, column, field, detail);
  }

  public static Problem of(String detail) {
    return new Problem(null, null, null, null, null, detail);
  }

  public Problem inFile(String name) {
    return new Problem(name, sheet, line, column, field, detail);
  }

  public Problem inSheet(String name) {
    return new Problem(file, name, line, column, field, detail);
  }

  /** "file:line:column field: detail", as a compiler would print it. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    if (file != null) text.append(file).append(':');
    if (sheet != null) text.append('[').append(sheet).append("]:");
    if (line != null) text.append(line).append(':');
    if (column != null) text.append(column).append(':');
    if (text.length() > 0) text.append(' ');
    if (field != null) text.append(field).append(": ");
    return text.append(detail).toString();
  }
}
