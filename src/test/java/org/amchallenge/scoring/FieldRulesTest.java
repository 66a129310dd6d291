package org.amchallenge.scoring;

import org.amchallenge.challenge.Metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeCatalog;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.leaderboard.Ranking;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.submission.PredictionReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The field's scoring rules: AFRL tolerance bands and tie-breaks, log10 lives with run-outs, row weights. */
class FieldRulesTest {

  private static ChallengeEntry entry(String yaml, String csv) {
    Challenge challenge = ChallengeReader.read(yaml.getBytes(StandardCharsets.UTF_8), true);
    return ChallengeCatalog.entry(challenge, ReferenceReader.read(challenge, csv.getBytes(StandardCharsets.UTF_8)));
  }

  private static Scores score(ChallengeEntry entry, String predictions) {
    Predictions parsed = new PredictionReader(entry.challenge(), entry.reference())
        .readCsv(new ByteArrayInputStream(predictions.getBytes(StandardCharsets.UTF_8)), null).predictions();
    return Scorer.score(entry.challenge(), entry.reference(), parsed, null);
  }

  private static final String HEAD = "title: t\nopens: 2026-01-01T00:00:00Z\ncloses: 2027-01-01T00:00:00Z\n";

  private static final ChallengeEntry AFRL2 = entry("id: afrl-two\n" + HEAD
      + "ranking: {score: total_points, tie_break: [{metric: sae, samples: [B27]}]}\n"
      + "quantities:\n"
      + "  - id: depth_mean\n    unit: um\n    primary: points\n"
      + "    points: {band_unit: sigma, bands: [{within: 0.5, points: 9}, {within: 1.0, points: 3}, {within: 1.5, points: 1}]}\n",
      "sample_id,quantity,value,uncertainty\nB26,depth_mean,100,10\nB27,depth_mean,50,4\n");

  @Test
  @DisplayName("AFRL Challenge 2 bands: within 0.5, 1 and 1.5 sigma earn 9, 3 and 1 points; total_points adds them")
  void afrlBands() {
    // B26: |e| = 4 <= 0.5 * 10 -> 9 points; B27: |e| = 3 <= 1.0 * 4 -> 3 points
    Scores scores = score(AFRL2, "sample_id,quantity,value\nB26,depth_mean,104\nB27,depth_mean,47\n");
    assertEquals(12, scores.quantities().get("depth_mean").metric(Metric.POINTS), 1e-12);
    assertEquals(12.0 / 18, scores.quantities().get("depth_mean").metric(Metric.POINTS_FRACTION), 1e-12);
    assertEquals(12, scores.score(), 1e-12);
    assertEquals(List.of(3.0), scores.tieBreaks()); // sae on B27 alone
  }

  @Test
  @DisplayName("equal points are broken by the sum of absolute errors on B27, then by the earlier submission")
  void afrlTieBreak() {
    // both earn 9 + 3 = 12 points; the later one is closer on B27 (|e| = 1 against 3)
    Scores early = score(AFRL2, "sample_id,quantity,value\nB26,depth_mean,104\nB27,depth_mean,47\n");
    Scores late = score(AFRL2, "sample_id,quantity,value\nB26,depth_mean,97\nB27,depth_mean,47.5\n");
    assertEquals(early.score(), late.score());
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    List<SubmissionRecord> submissions = List.of(
        record("a", "Early", t0, early), record("b", "Late", t0.plusSeconds(60), late));
    List<Ranking.Row> rows = Ranking.overall(AFRL2.challenge(), submissions, org.amchallenge.scoring.Evaluation.Board.PUBLIC);
    assertEquals("Late", rows.get(0).team());
    assertEquals(1, rows.get(0).rank());
    assertEquals(2, rows.get(1).rank());

    List<SubmissionRecord> sameB27 = List.of(record("a", "Early", t0, early), record("c", "Twin", t0.plusSeconds(5), early));
    List<Ranking.Row> tied = Ranking.overall(AFRL2.challenge(), sameB27, org.amchallenge.scoring.Evaluation.Board.PUBLIC);
    assertEquals("Early", tied.get(0).team(), "a full tie is listed by the earlier submission");
    assertEquals(1, tied.get(1).rank(), "and ranked equal");
  }

  private static SubmissionRecord record(String id, String team, Instant at, Scores scores) {
    return new SubmissionRecord(id, "afrl-two", team, team, at, null, "csv", null, 2,
        new Evaluation(scores, scores, scores), "sha", Scorer.VERSION, null, false);
  }

  @Test
  @DisplayName("fatigue lives are scored on log10, and a prediction at or past a run-out has no error")
  void log10WithRunOuts() {
    ChallengeEntry fatigue = entry("id: fatigue\n" + HEAD
        + "quantities:\n  - id: life\n    unit: '1'\n    primary: nmae\n    transform: log10\n",
        "sample_id,quantity,value,censor\nF1,life,100000,\nF2,life,10000000,lower\nF3,life,10000000,lower\n");
    // F1: log10(1e6) - log10(1e5) = 1; F2: 2e7 reaches the run-out 1e7: 0; F3: log10(1e6) - log10(1e7) = -1
    Scores scores = score(fatigue, "sample_id,quantity,value\nF1,life,1000000\nF2,life,20000000\nF3,life,1000000\n");
    assertEquals(2.0 / 3, scores.quantities().get("life").metric(Metric.MAE), 1e-12);
    assertEquals(0, scores.quantities().get("life").metric(Metric.BIAS), 1e-12);
    assertEquals((2.0 / 3) / ((5 + 7 + 7) / 3.0), scores.quantities().get("life").primary(), 1e-12); // mae / mean |log10 m|
  }

  @Test
  @DisplayName("a row of weight 0 is left out; weights multiply points in absolute bands")
  void weights() {
    ChallengeEntry strain = entry("id: strain\n" + HEAD
        + "ranking: {score: total_points}\n"
        + "quantities:\n  - id: exx\n    unit: '1'\n    kind: profile\n    primary: points\n"
        + "    points: {band_unit: absolute, bands: [{within: 2.5e-4, points: 3}, {within: 5.0e-4, points: 2}, {within: 7.5e-4, points: 1}]}\n",
        "sample_id,quantity,point,value,weight\nP,exx,x=1,0.001,1\nP,exx,x=2,0.001,0.5\nP,exx,x=3,0.001,0\n");
    // x=1: |e| = 3e-4 -> 2 points * 1; x=2: |e| = 1e-4 -> 3 points * 0.5; x=3: weight 0, left out
    Scores scores = score(strain, "sample_id,quantity,point,value\nP,exx,x=1,0.0013\nP,exx,x=2,0.0009\nP,exx,x=3,5\n");
    assertEquals(3.5, scores.score(), 1e-12);
    assertEquals(2, scores.quantities().get("exx").metric(Metric.N), 0);
    assertEquals(3.5 / (3 * 1.5), scores.quantities().get("exx").metric(Metric.POINTS_FRACTION), 1e-12);
  }

  @Test
  @DisplayName("a distribution is given by its summaries per sample, each a point, and scored row by row")
  void distributionSummaries() {
    ChallengeEntry grains = entry("id: grains\n" + HEAD
        + "quantities:\n  - id: grain_size\n    unit: um\n    kind: distribution\n    primary: nmae\n",
        "sample_id,quantity,point,value\nB1,grain_size,n,412\nB1,grain_size,mean,38.5\nB1,grain_size,median,31.0\nB1,grain_size,sd,22.4\n");
    // errors: n +8, mean -1.5, median +1, sd -0.4: mae = 10.9 / 4
    Scores scores = score(grains, "sample_id,quantity,point,value,unit\nB1,grain_size,n,420,\nB1,grain_size,mean,0.037,mm\n"
        + "B1,grain_size,median,32,um\nB1,grain_size,sd,22,\n");
    assertEquals(10.9 / 4, scores.quantities().get("grain_size").metric(Metric.MAE), 1e-9);
    assertEquals(4, scores.quantities().get("grain_size").metric(Metric.N), 0);
  }
}
