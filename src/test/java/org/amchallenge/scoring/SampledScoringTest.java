package org.amchallenge.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.submission.PredictionReader;
import org.amchallenge.submission.SubmissionFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Curves and distributions through the scorer's other uses: coverage by samples, the bootstrap's resamples, the
 * Ladder's shares and the per-sample losses of the ranking analysis. Figures are worked by hand in the comments.
 */
class SampledScoringTest {
  private static final Challenge CHALLENGE = ChallengeReader.read("""
      id: sampled-scoring
      title: t
      summary: s
      description: d
      opens: 2026-01-01T00:00:00Z
      closes: 2027-12-31T00:00:00Z
      quantities:
        - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area}
        - {id: grain_size, unit: um, kind: distribution, distribution: samples, primary: ks}
      """.getBytes(StandardCharsets.UTF_8), true);
  private static final ReferenceData DATA = ReferenceReader.read(CHALLENGE, """
      sample_id,quantity,point,value
      A,flow_stress,strain=0,0
      A,flow_stress,strain=1,100
      B,flow_stress,strain=0,50
      B,flow_stress,strain=1,50
      C,flow_stress,strain=0,10
      C,flow_stress,strain=1,20
      A,grain_size,obs=1,10
      A,grain_size,obs=2,20
      B,grain_size,obs=1,30
      C,grain_size,obs=1,5
      """.getBytes(StandardCharsets.UTF_8));

  private static Predictions read(String csv) {
    return new PredictionReader(CHALLENGE, DATA).read(SubmissionFormat.CSV, csv.getBytes(StandardCharsets.UTF_8), null).predictions();
  }

  // A: predicted 10 flat from 0 to 1 against 0 to 100: |d| = |10 - 100x| crosses at x = 0.1; area = 0.1*10/2 + 0.9*90/2 = 41,
  //    over length 1 and mean |m| 50: 0.82.
  // B: predicted 60 at 0 and 1 against 50: area 10, mean |m| 50: 0.2.
  // C: predicted from 2 to 3 only: no overlap, area null, overlap 0, and C counts as not given.
  // grain A: draws {10, 20, 20} against {10, 20}: F_p(10) = 1/3, F_m(10) = 1/2, ks = 1/6; B: {31} against {30}: ks = 1.
  private static final String FILE = """
      sample_id,quantity,point,value
      A,flow_stress,strain=0,10
      A,flow_stress,strain=1,10
      B,flow_stress,strain=0,60
      B,flow_stress,strain=1,60
      C,flow_stress,strain=2,10
      C,flow_stress,strain=3,10
      A,grain_size,,10
      A,grain_size,,20
      A,grain_size,,20
      B,grain_size,,31
      """;

  @Test
  @DisplayName("means over the samples with a figure; coverage counts samples, a curve that misses the measured range not among them")
  void meansAndCoverage() {
    Predictions p = read(FILE);
    Scores all = Scorer.score(CHALLENGE, DATA, p, null);
    Map<String, Double> curve = all.quantities().get("flow_stress").metrics();
    assertEquals((0.82 + 0.2) / 2, curve.get("curve_area"), 1e-12);
    assertEquals((1 + 1 + 0) / 3.0, curve.get("curve_overlap"), 1e-12);
    assertEquals(2 / 3.0, curve.get("coverage"), 1e-12);
    Map<String, Double> grains = all.quantities().get("grain_size").metrics();
    assertEquals((1 / 6.0 + 1) / 2, grains.get("ks"), 1e-12);
    assertEquals(2 / 3.0, grains.get("coverage"), 1e-12);
    assertNull(grains.get("mae"));
    // the overall score is the mean of the two primaries, though unranked below full coverage
    assertEquals(((0.82 + 0.2) / 2 + (1 / 6.0 + 1) / 2) / 2, all.score(), 1e-12);
    assertEquals(false, all.ranked());
    assertEquals(List.of("flow_stress, sample 'C': the predicted curve does not overlap the measured strain range, so its curve_area and frechet are null"
        + " and it does not count in coverage"), Scorer.notes(CHALLENGE, DATA, p));
  }

  @Test
  @DisplayName("a resample counts each sample as often as it was drawn; drawn once each, it is the score on all rows")
  void resamples() {
    Predictions p = read(FILE);
    ReferenceTable curve = DATA.table("flow_stress");
    ReferenceTable grains = DATA.table("grain_size");
    // A twice (two copies), B once: curve_area (2 * 0.82 + 0.2) / 3, ks (2 / 6 + 1) / 3
    Map<String, int[]> rows = Map.of("flow_stress", new int[] {0, 1, 0, 1, 2, 3}, "grain_size", new int[] {0, 1, 0, 1, 2});
    Map<String, int[]> copies = Map.of("flow_stress", new int[] {0, 0, 1, 1, 0, 0}, "grain_size", new int[] {0, 0, 1, 1, 0});
    assertEquals(6, curve.size());
    assertEquals(4, grains.size());
    Double score = Scorer.scoreRows(CHALLENGE, DATA, p, rows, copies);
    assertEquals(((2 * 0.82 + 0.2) / 3 + (2 / 6.0 + 1) / 3) / 2, score, 1e-12);
    Map<String, int[]> once = Map.of("flow_stress", new int[] {0, 1, 2, 3, 4, 5}, "grain_size", new int[] {0, 1, 2, 3});
    Map<String, int[]> first = Map.of("flow_stress", new int[6], "grain_size", new int[4]);
    assertEquals(Scorer.score(CHALLENGE, DATA, p, null).score(), Scorer.scoreRows(CHALLENGE, DATA, p, once, first), 1e-12);
  }

  @Test
  @DisplayName("the Ladder's row shares add up to the score, a sample's figure on its first row; the analysis' per-sample losses are the figures")
  void sharesAndSampleLosses() {
    Predictions p = read(FILE);
    double[] shares = Scorer.rowShares(CHALLENGE, DATA, p, null);
    assertEquals(Scorer.score(CHALLENGE, DATA, p, null).score(), java.util.Arrays.stream(shares).sum(), 1e-12);
    // quantity weights 1 and 1: each share is half the sample's figure over the two samples with one
    assertEquals(0.82 / 2 / 2, shares[0], 1e-12);
    assertEquals(0, shares[1], 0);
    SampleScores.Losses losses = SampleScores.of(CHALLENGE, DATA, p, null);
    assertEquals(0.82, losses.byQuantity().get("flow_stress").get("A"), 1e-12);
    assertEquals(0.2, losses.byQuantity().get("flow_stress").get("B"), 1e-12);
    assertTrue(!losses.byQuantity().get("flow_stress").containsKey("C"));
    assertEquals(1 / 6.0, losses.byQuantity().get("grain_size").get("A"), 1e-12);
    assertEquals((0.82 + 1 / 6.0) / 2, losses.overall().get("A"), 1e-12);
  }
}
