package org.amchallenge.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Ladder's threshold worked out by hand: sqrt(n) times the sample sd of the paired row differences. */
class LadderTest {
  private static final double[] BEST = {0.10, 0.20, 0.30, 0.40}; // score 1.0

  @Test
  @DisplayName("an improvement of 0.02 under a threshold of 0.0258 is refused: the board repeats 1.0")
  void smallImprovementRefused() {
    double[] next = {0.09, 0.21, 0.28, 0.40}; // score 0.98
    // differences -0.01, 0.01, -0.02, 0: mean -0.005; squared deviations 2.5e-5, 2.25e-4, 2.25e-4, 2.5e-5 sum to 5e-4
    // sample sd = sqrt(5e-4 / 3) = 0.0129099; threshold = sqrt(4) * 0.0129099 = 0.0258199
    assertEquals(2 * Math.sqrt(5e-4 / 3), Ladder.standardError(next, BEST), 1e-12);
    assertEquals(1.0, Ladder.release(0.98, next, 1.0, BEST, false, 6));
  }

  @Test
  @DisplayName("an improvement of 0.2 on every row is accepted and released rounded")
  void largeImprovementAccepted() {
    double[] next = {0.05, 0.15, 0.25, 0.35}; // every row 0.05 better: the differences have sd 0, score 0.8
    assertEquals(0, Ladder.standardError(next, BEST), 1e-15);
    assertEquals(0.8, Ladder.release(0.8, next, 1.0, BEST, false, 6));
    assertEquals(0.812, Ladder.release(0.8123456, next, 1.0, BEST, false, 3), "released to 3 significant digits");
  }

  @Test
  @DisplayName("one row much better is not significant: 0.9 is not below 1.0 - 0.1")
  void oneRowBetterRefused() {
    double[] next = {0.0, 0.20, 0.30, 0.40};
    // differences -0.1, 0, 0, 0: mean -0.025, squared deviations 0.005625 + 3 * 0.000625 = 0.0075; sd = 0.05; threshold 0.1
    assertEquals(0.1, Ladder.standardError(next, BEST), 1e-12);
    assertEquals(1.0, Ladder.release(0.9, next, 1.0, BEST, false, 6));
  }

  @Test
  @DisplayName("for points, higher is better: the release moves up only past the threshold; a first submission is released as is")
  void pointsMoveUp() {
    double[] best = {3, 3, 1, 0};
    double[] next = {3, 3, 3, 3};  // differences 0, 0, 2, 3: mean 1.25, deviations -1.25, -1.25, 0.75, 1.75; ss 6.75; sd 1.5
    assertEquals(2 * 1.5, Ladder.standardError(next, best), 1e-12);
    assertEquals(12.0, Ladder.release(12, next, 7.0, best, true, 6)); // 12 > 7 + 3
    // {3, 3, 1, 1} sums to 8: differences 0, 0, 0, 1 have sd 0.5, threshold 1.0, and 8 is not above 7 + 1
    assertEquals(7.0, Ladder.release(8, new double[] {3, 3, 1, 1}, 7.0, best, true, 6));
    assertEquals(5.0, Ladder.release(5.0, best, null, best, true, 6));
  }
}
