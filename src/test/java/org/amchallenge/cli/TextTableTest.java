package org.amchallenge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.amchallenge.domain.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TextTableTest {

  /** Where each cell starts on a line, in terminal columns: after two spaces or more, as a reader's eye splits it. */
  private static List<Integer> starts(String line, int cells) {
    List<Integer> at = new java.util.ArrayList<>();
    int column = 0;
    for (String part : line.split("(?<=  )(?=\\S)")) {
      if (at.isEmpty() || !part.isBlank()) at.add(column);
      column += TextTable.width(part);
    }
    return at.subList(0, Math.min(at.size(), cells));
  }

  @Test
  @DisplayName("every column is as wide as its widest cell or header: a text column starts at the same terminal column on "
      + "every line, with wide characters, combining accents and a line break in a cell")
  void columnsAlign() {
    String table = new TextTable(List.of("team", "95% interval", "reason"))
        .add(List.of("Analytical", "0.42944 to 0.84375", "trained on\nthe test data"))
        .add(List.of("解析機関", "0.1 to 0.2 ~", "x"))
        .add(List.of("Cafe\u0301", "", "late"))
        .render();
    List<String> lines = table.lines().toList();
    assertEquals(5, lines.size(), table);
    assertEquals("----------  ------------------  ------------------------", lines.get(1), "widths 10 (the longest name), 18 and 24");
    for (String line : List.of(lines.get(0), lines.get(2), lines.get(3))) {
      assertEquals(List.of(0, 12, 32), starts(line, 3), table);
    }
    assertTrue(lines.get(2).endsWith("trained on the test data"), "a line break in a cell is a space: " + table);
    assertEquals(List.of(0, 32), starts(lines.get(4), 2), "Café with a combining accent takes 4 columns, the interval none: " + table);
  }

  @Test
  @DisplayName("a board's figures are shown to 6 significant digits, so the final ranking at full precision stays narrow")
  void figuresRounded() throws Exception {
    String board = "{\"challenge\":\"c\",\"board\":\"private\",\"rows\":["
        + "{\"rank\":1,\"team\":\"A\",\"score\":0.42943984247977407,\"score_interval\":[0.3999999871,0.84375123456],"
        + "\"quantities\":{\"depth\":12.3456789},\"entries\":3,\"last_submission\":\"2026-10-01T12:00:00Z\"},"
        + "{\"rank\":2,\"team\":\"B\",\"score\":1234567.89,\"score_interval\":[1000000,2000000.5],\"indistinguishable_from_leader\":true,"
        + "\"quantities\":{\"depth\":-0.000123456789},\"entries\":10,\"last_submission\":\"2026-10-01T12:00:00Z\"}]}";
    String table = LeaderboardCommand.table(Json.MAPPER.readTree(board));
    List<String> lines = table.lines().toList();
    // rounded by hand: 0.429439|84 -> 0.42944(0), 0.399999|987 -> 0.4, 0.843751|23 -> 0.843751, 12.3456|789 -> 12.3457,
    // 1234567.89 -> 1234570, 2000000.5 -> 2000000 (6 digits), -0.000123456|789 -> -0.000123457
    assertEquals(List.of("1", "A", "0.42944", "0.4 to 0.843751", "12.3457", "3"),
        List.of(lines.get(3).trim().split("\\s{2,}")).subList(0, 6), table);
    assertEquals(List.of("2", "B", "1234570", "1000000 to 2000000 ~", "-0.000123457", "10"),
        List.of(lines.get(4).trim().split("\\s{2,}")).subList(0, 6), table);
    assertEquals("1.5E-9", LeaderboardCommand.figure(Json.MAPPER.readTree("1.5e-9")), "far from 1: with an exponent");
    assertEquals("0", LeaderboardCommand.figure(Json.MAPPER.readTree("0.0")));
  }
}
