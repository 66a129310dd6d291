package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A reference's fast read gives the general reader's tables, whatever the share and order of the quantities' rows. */
class ReferenceReadTest {
  private static final Challenge DEFINITION = ChallengeReader.read(String.join("\n", "id: shares", "title: Shares",
      "opens: 2020-01-01T00:00:00Z", "closes: 2099-01-01T00:00:00Z", "quantities:",
      "  - {id: depth, unit: um, primary: nmae}",
      "  - {id: width, unit: um, primary: nmae}",
      "  - {id: profile, unit: MPa, kind: profile, point: {name: z, unit: mm}, primary: nmae}",
      "  - {id: rare, unit: HV, primary: nmae}",
      "  - {id: strain, unit: '1', kind: tensor, components: [e11, e22, e12], primary: l2}", "").getBytes(StandardCharsets.UTF_8), true);

  /** Rows of four quantities in very unequal shares: per sample one depth, one width, three profile points, and a rare row every 97th sample. */
  private static List<String> rows(int samples) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      rows.add("S" + i + ",depth,,," + (100 + i % 50) + ".5,2");
      rows.add("S" + i + ",width,,," + (80 + i % 30) + ",");
      for (String z : List.of("0.5", "1", "1.5")) rows.add("S" + i + ",profile," + z + ",," + (i % 7) + ".25,1");
      // a hundred points, written with a trailing zero on odd samples: the same points once made canonical
      if (i % 10 == 0) {
        for (int k = 0; k < 100; k++) rows.add("S" + i + ",profile,z=" + (k + 2) + (i % 20 == 10 ? ".50" : ".5") + ",," + k + ",1");
      }
      for (String c : List.of("e11", "e22", "e12")) rows.add("S" + i + ",strain,state=" + (i % 4) + "," + c + ",0.00" + (i % 9) + ",0.0001");
      if (i % 97 == 0) rows.add("S" + i + ",rare,,," + (200 + i % 11) + ",3");
    }
    return rows;
  }

  private static ReferenceData read(List<String> rows, boolean general) {
    List<String> lines = new ArrayList<>(rows);
    // a quoted sample id is the same id to the general reader, and sends the file to it: the fast read gives up at a quote
    if (general) lines.set(0, '"' + lines.get(0).substring(0, lines.get(0).indexOf(',')) + '"' + lines.get(0).substring(lines.get(0).indexOf(',')));
    String csv = "sample_id,quantity,point,component,value,uncertainty\n" + String.join("\n", lines) + "\n";
    return ReferenceReader.read(DEFINITION, csv.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"interleaved, 6,000 samples", "sorted by quantity, 6,000 samples", "shuffled, 6,000 samples", "interleaved, 30 samples",
      "sorted by quantity, 30 samples"})
  @DisplayName("each quantity's table from the fast read equals the general reader's, row for row")
  void fastEqualsGeneral(String shape) {
    List<String> rows = rows(shape.contains("6,000") ? 6_000 : 30);
    if (shape.startsWith("sorted")) rows.sort((a, b) -> a.split(",")[1].compareTo(b.split(",")[1]));
    if (shape.startsWith("shuffled")) Collections.shuffle(rows, new Random(25));
    ReferenceData fast = read(rows, false);
    ReferenceData general = read(rows, true);
    assertEquals(rows.size(), fast.rows());
    for (Quantity q : DEFINITION.quantities()) {
      ReferenceTable f = fast.table(q.id());
      ReferenceTable g = general.table(q.id());
      assertEquals(g.size(), f.size(), q.id());
      assertEquals(rows.stream().filter(r -> r.split(",")[1].equals(q.id())).count(), f.size(), "every row of " + q.id() + " is read");
      assertEquals(g.values().length, f.values().length, "the columns are cut to the rows");
      for (int row = 0; row < g.size(); row++) {
        assertEquals(g.point(row), f.point(f.indexOf(g.sample(row), g.point(row), g.component(row))), "points are made canonical alike");
        int same = f.indexOf(g.sample(row), g.point(row), g.component(row));
        assertEquals(g.values()[row], f.values()[same], q.id() + " row " + row);
        assertEquals(g.uncertainties()[row], f.uncertainties()[same], 0.0, q.id() + " row " + row);
      }
      double[] fastValues = f.values().clone();
      double[] generalValues = g.values().clone();
      java.util.Arrays.sort(fastValues);
      java.util.Arrays.sort(generalValues);
      assertArrayEquals(generalValues, fastValues, q.id());
    }
  }
}
