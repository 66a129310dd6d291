package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RowIndexTest {

  @Test
  @DisplayName("every key is found at its row whatever the hint, keys of any length (the first short, later ones long), and none that is absent")
  void findsEveryKey() {
    Random random = new Random(5);
    int rows = 5000;
    String[] samples = new String[rows];
    String[] points = new String[rows];
    String[] components = new String[rows];
    Map<String, Integer> expected = new HashMap<>();
    for (int row = 0; row < rows; row++) {
      // the first key is one byte long, so the packed keys outgrow the room made for them at the first one
      samples[row] = row == 0 ? "A" : "S" + "x".repeat(random.nextInt(30)) + row + (row % 7 == 0 ? "試料" : "");
      points[row] = row % 3 == 0 ? "" : "x=" + random.nextInt(5);
      components[row] = row % 4 == 0 ? "" : "e" + random.nextInt(3);
      expected.put(ReferenceTable.key(samples[row], points[row], components[row]), row);
    }
    // the fast reader's way (a sample's bytes as they stand in a file) and the general reader's (Strings)
    RowIndex.Keys keys = new RowIndex.Keys(rows);
    for (int row = 0; row < rows; row++) {
      byte[] line = ("," + samples[row] + ",").getBytes(StandardCharsets.UTF_8);
      keys.row(line, 1, line.length - 1, points[row], components[row]);
    }
    for (RowIndex index : List.of(new RowIndex(keys), new RowIndex(samples, points, components))) {
      assertEquals(0, index.duplicates());
      List<Integer> order = new ArrayList<>(expected.values());
      Collections.shuffle(order, random);
      int last = -1;
      for (int row : order) {
        byte[] line = (samples[row] + "," + points[row] + "," + components[row]).getBytes(StandardCharsets.UTF_8);
        int s = samples[row].getBytes(StandardCharsets.UTF_8).length;
        int p = s + 1 + points[row].length();
        // hints: the row after the last one found (as a reader gives it), the row itself, and one out of range
        for (int hint : new int[] {last + 1, row, rows + 3, -1}) {
          assertEquals(row, index.find(line, 0, s, s + 1, p, p + 1, line.length, hint), samples[row]);
        }
        assertEquals(row, expected.get(ReferenceTable.key(index.sample(row), points[row], components[row])));
        last = row;
      }
      byte[] absent = "S-none,,".getBytes(StandardCharsets.UTF_8);
      assertEquals(-1, index.find(absent, 0, 6, 7, 7, 8, 8, 0));
    }
    String[] twice = {"A", "B", "A"};
    String[] none = {"", "", ""};
    assertEquals(1, new RowIndex(twice, none, none).duplicates());
  }
}
