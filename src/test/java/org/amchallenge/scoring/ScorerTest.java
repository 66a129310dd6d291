package org.amchallenge.scoring;

import org.amchallenge.challenge.Metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.amchallenge.Fixtures;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.submission.PredictionReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScorerTest {
  private static final ChallengeEntry ENTRY = Fixtures.entry();

  private static Scores scoreAll(String csv) {
    Predictions predictions = new PredictionReader(ENTRY.challenge(), ENTRY.reference())
        .readCsv(new java.io.ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), null).predictions();
    return Scorer.score(ENTRY.challenge(), ENTRY.reference(), predictions, null);
  }

  @Test
  @DisplayName("the overall score is the weighted mean of nmae (weight 1) and nrmse (weight 3)")
  void weightedMean() {
    // depth: every error +10, mean |m| = 500/6, so nmae = 10 / (500/6) = 0.12
    // width: every error -5, rmse = 5, range 210 - 100 = 110, so nrmse = 5/110
    Scores scores = scoreAll(Fixtures.predictions(10, -5));
    assertEquals(0.12, scores.quantities().get("depth").primary(), 1e-12);
    assertEquals(5.0 / 110, scores.quantities().get("width").primary(), 1e-12);
    assertEquals((0.12 + 3 * 5.0 / 110) / 4, scores.score(), 1e-12);
    assertTrue(scores.ranked());
  }

  @Test
  @DisplayName("a submission without every row is scored on what it gives and not ranked overall")
  void partialCoverage() {
    String csv = "sample_id,quantity,value\nS1,depth,110\nS2,depth,55\nS3,depth,88\nS4,depth,132\nS5,depth,66\nS6,depth,99\n"
        + "S1,width,200\nS2,width,100\nS3,width,150\n";
    Scores scores = scoreAll(csv);
    assertEquals(1.0, scores.quantities().get("depth").metric(Metric.COVERAGE), 1e-12);
    assertEquals(0.5, scores.quantities().get("width").metric(Metric.COVERAGE), 1e-12);
    assertEquals(0.0, scores.quantities().get("width").metric(Metric.MAE), 1e-12);
    // every depth 10 % high: mape 10, nmae = sum 0.1 m / sum m = 0.1
    assertEquals(10.0, scores.quantities().get("depth").metric(Metric.MAPE), 1e-9);
    assertFalse(scores.ranked());
  }

  @Test
  @DisplayName("a quantity with no prediction has no primary and leaves the overall score empty")
  void missingQuantity() {
    Scores scores = scoreAll("sample_id,quantity,value\nS1,depth,100\n");
    assertNull(scores.quantities().get("width").primary());
    assertNull(scores.score());
    assertFalse(scores.ranked());
  }

  @Test
  @DisplayName("row shares add up to the score: 10/500/4 per depth row, 25/(6*5*110)*3/4 per width row")
  void rowShares() {
    Predictions predictions = new PredictionReader(ENTRY.challenge(), ENTRY.reference())
        .readCsv(new java.io.ByteArrayInputStream(Fixtures.predictions(10, -5).getBytes(StandardCharsets.UTF_8)), null).predictions();
    double[] shares = Scorer.rowShares(ENTRY.challenge(), ENTRY.reference(), predictions, null);
    assertEquals(12, shares.length);
    for (int i = 0; i < 6; i++) assertEquals(10.0 / 500 / 4, shares[i], 1e-15);
    for (int i = 6; i < 12; i++) assertEquals(25.0 / (6 * 5 * 110) * 3 / 4, shares[i], 1e-15);
    assertEquals((0.12 + 3 * 5.0 / 110) / 4, java.util.Arrays.stream(shares).sum(), 1e-12);
  }
}
