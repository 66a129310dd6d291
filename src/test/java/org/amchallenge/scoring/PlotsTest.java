package org.amchallenge.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeCatalog;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.submission.PredictionReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a submission's plots draw: PIT values as the scorer computes u-pooling, and long samples thinned evenly. */
class PlotsTest {
  private static final ChallengeEntry ENTRY = entry();

  private static ChallengeEntry entry() {
    String yaml = String.join("\n", "id: plots", "title: t", "opens: 2026-01-01T00:00:00Z", "closes: 2027-01-01T00:00:00Z", "quantities:",
        "  - {id: life, unit: '1', primary: nmae, transform: log10}",
        "  - {id: pores, unit: um, kind: distribution, distribution: samples, primary: ks}", "");
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,value,uncertainty,weight\n"
        + "A,life,,1.2e5,,\nB,life,,3.4e5,,\nC,life,,8.0e4,,\nD,life,,5.0e5,,0\nE,life,,2.0e5,,\n");
    for (int k = 0; k < 5; k++) csv.append("A,pores,obs=").append(k).append(',').append(40 - k).append(",,\n");
    Challenge challenge = ChallengeReader.read(yaml.getBytes(StandardCharsets.UTF_8), true);
    return ChallengeCatalog.entry(challenge, ReferenceReader.read(challenge, csv.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static Predictions predictions() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value,uncertainty\n"
        + "A,life,9.0e4,2.0e4\nB,life,4.1e5,1.5e5\nC,life,1.1e5,3.0e4\nD,life,5.0e5,1.0e5\nE,life,2.5e5,\n");
    // 2500 draws, given from the largest down: the plot sorts them
    for (int k = 2499; k >= 0; k--) csv.append("A,pores,").append(k).append(",\n");
    return new PredictionReader(ENTRY.challenge(), ENTRY.reference())
        .readCsv(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), null).predictions();
  }

  @Test
  @DisplayName("PIT values of a log10 quantity as scipy gives them (expected/plots_pit_log10.py): weight 0 and rows without s left out, sorted")
  void pitOfALogQuantity() throws Exception {
    double[] pit = Plots.of(ENTRY.reference(), predictions(), true).get("life").pit().y();
    List<String> expected = Files.readAllLines(Path.of("src/test/resources/expected/plots_pit_log10.txt"));
    assertEquals(expected.size(), pit.length);
    for (int k = 0; k < pit.length; k++) {
      double u = Double.parseDouble(expected.get(k));
      assertEquals(u, pit[k], 1e-9 * u, "PIT value " + k);
    }
  }

  @Test
  @DisplayName("2500 draws are drawn as 1000 evenly spaced order statistics, the smallest and the largest kept; nothing measured where not asked")
  void drawsThinned() {
    Map<String, Plots.QuantityPlots> hidden = Plots.of(ENTRY.reference(), predictions(), false);
    assertNull(hidden.get("life"), "a scalar quantity has nothing to draw without its measurements");
    Plots.Sample sample = hidden.get("pores").samples().get(0);
    assertNull(sample.measured());
    double[] drawn = sample.predicted().y();
    assertEquals(1000, drawn.length);
    assertEquals(2500, sample.predicted().n());
    assertNull(sample.predicted().x());
    // k of 1000 is the order statistic round(k * 2499 / 999): 0, 1251 for k = 500, 2499
    assertEquals(0, drawn[0]);
    assertEquals(1251, drawn[500]);
    assertEquals(2499, drawn[999]);
    Plots.Sample shown = Plots.of(ENTRY.reference(), predictions(), true).get("pores").samples().get(0);
    assertArrayEquals(new double[] {36, 37, 38, 39, 40}, shown.measured().y());
    assertEquals(5, shown.measured().n());
  }
}
