package org.amchallenge.leaderboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.amchallenge.Fixtures;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.submission.PredictionReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  private static final ChallengeEntry ENTRY = Fixtures.entry();
  private static final double[] DEPTH = {100, 50, 80, 120, 60, 90};
  private static final double[] WIDTH = {200, 100, 150, 210, 120, 170};

  /** Every prediction off by the same factor: depth (1 + a), width (1 + b). */
  private static Predictions relative(double a, double b) {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 0; i < 6; i++) {
      csv.append("S").append(i + 1).append(",depth,").append(DEPTH[i] * (1 + a)).append('\n');
      csv.append("S").append(i + 1).append(",width,").append(WIDTH[i] * (1 + b)).append('\n');
    }
    return new PredictionReader(ENTRY.challenge(), ENTRY.reference())
        .readCsv(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), null).predictions();
  }

  private static final Bootstrap.Draws DRAWS = Bootstrap.draws(ENTRY.reference(), null, 7, 1000);

  @Test
  @DisplayName("depth 10 % high on every sample has nmae 0.1 on every resample, so its interval is [0.1, 0.1]")
  void constantRelativeError() {
    // width exact: nrmse 0 on every resample, so the score is (1 * 0.1 + 3 * 0) / 4 = 0.025 whichever samples are drawn
    double[] scores = Bootstrap.scores(ENTRY.challenge(), ENTRY.reference(), relative(0.10, 0), DRAWS);
    double[] interval = Bootstrap.interval(scores);
    assertEquals(0.025, interval[0], 1e-12);
    assertEquals(0.025, interval[1], 1e-12);
  }

  @Test
  @DisplayName("a model whose errors differ from sample to sample gets an interval of some width around its score")
  void noisyModel() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    double[] errors = {1, -12, 3, 20, -2, 7};
    for (int i = 0; i < 6; i++) {
      csv.append("S").append(i + 1).append(",depth,").append(DEPTH[i] + errors[i]).append('\n');
      csv.append("S").append(i + 1).append(",width,").append(WIDTH[i] + errors[5 - i]).append('\n');
    }
    Predictions predictions = new PredictionReader(ENTRY.challenge(), ENTRY.reference())
        .readCsv(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), null).predictions();
    double[] interval = Bootstrap.interval(Bootstrap.scores(ENTRY.challenge(), ENTRY.reference(), predictions, DRAWS));
    // full-data score by hand: depth nmae = 45 / 500 = 0.09; width rmse = sqrt((49+4+400+9+144+1)/6), range 110
    double score = (0.09 + 3 * Math.sqrt(607.0 / 6) / 110) / 4;
    assertTrue(interval[0] < score && score < interval[1], () -> interval[0] + " < " + score + " < " + interval[1]);
    assertTrue(interval[1] - interval[0] > 0.01);
  }

  @Test
  @DisplayName("equal models cannot be told apart; a model five times worse on every sample can")
  void leaderComparison() {
    double[] leader = Bootstrap.scores(ENTRY.challenge(), ENTRY.reference(), relative(0.10, 0.02), DRAWS);
    double[] twin = Bootstrap.scores(ENTRY.challenge(), ENTRY.reference(), relative(0.10, 0.02), DRAWS);
    double[] worse = Bootstrap.scores(ENTRY.challenge(), ENTRY.reference(), relative(0.50, 0.10), DRAWS);
    assertTrue(Bootstrap.indistinguishable(twin, leader));
    assertFalse(Bootstrap.indistinguishable(worse, leader));
  }

  @Test
  @DisplayName("the same seed draws the same resamples")
  void seeded() {
    Bootstrap.Draws again = Bootstrap.draws(ENTRY.reference(), null, 7, 1000);
    assertArrayEquals(DRAWS.rows().get(999).get("depth"), again.rows().get(999).get("depth"));
    assertEquals(6, DRAWS.rows().get(0).get("depth").length, "six samples drawn, one depth row each");
  }
}
