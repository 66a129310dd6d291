package org.amchallenge.leaderboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.amchallenge.Fixtures;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.scoring.SampleScores;
import org.amchallenge.submission.PredictionReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The ranking analysis against scipy's figures (src/test/resources/analysis: the script beside its output) and by hand. */
class RankingAnalysisTest {
  private static final JsonNode EXPECTED = expected();

  private static JsonNode expected() {
    try (InputStream in = RankingAnalysisTest.class.getResourceAsStream("/analysis/expected.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) values[i] = array.get(i).asDouble();
    return values;
  }

  private static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) values[i] = array.get(i).asInt();
    return values;
  }

  private static void assertPair(String name) {
    JsonNode pair = EXPECTED.get("pairs").get(name);
    SignedRankTest.PValues p = SignedRankTest.test(doubles(pair.get("a")), doubles(pair.get("b")));
    assertEquals(pair.get("p_less").asDouble(), p.less(), 1e-12, name + ": p that a < b");
    assertEquals(pair.get("p_greater").asDouble(), p.greater(), 1e-12, name + ": p that a > b");
  }

  @Test
  @DisplayName("ten differences, no tie, no zero: the exact one-sided p-values are scipy's")
  void exactWithoutTies() {
    assertPair("exact");
  }

  @Test
  @DisplayName("twelve differences with tied sizes and no zero: still the exact distribution, the statistic rounded as scipy rounds it")
  void exactWithTies() {
    assertPair("exact_ties");
  }

  @Test
  @DisplayName("zero differences: dropped, and the normal approximation with tie and continuity corrections gives scipy's p-values")
  void approximateWithZeros() {
    assertPair("approx_zeros");
  }

  @Test
  @DisplayName("sixty differences with ties: the normal approximation gives scipy's p-values")
  void approximateBeyondFifty() {
    assertPair("approx_ties");
  }

  @Test
  @DisplayName("two identical loss vectors: no evidence either way, both p-values 1")
  void allZero() {
    assertPair("all_zero");
  }

  private static RankingAnalysis.Result smallChallenge(int resamples) {
    JsonNode challenge = EXPECTED.get("challenge");
    List<String> teams = new ArrayList<>();
    challenge.get("teams").forEach(t -> teams.add(t.asText()));
    double[][] losses = new double[teams.size()][];
    for (int t = 0; t < teams.size(); t++) losses[t] = doubles(challenge.get("losses").get(teams.get(t)));
    List<String> samples = new ArrayList<>();
    for (int s = 0; s < losses[0].length; s++) samples.add(String.format("S%02d", s + 1));
    return RankingAnalysis.analyse(new RankingAnalysis.Input(teams, samples, losses, new int[] {1, 2, 3, 4}, false, 7, resamples));
  }

  @Test
  @DisplayName("four teams on twelve samples: Holm-adjusted p-values of every ordered pair, and the significant pairs, as scipy and Holm's rule give them")
  void holmAdjusted() {
    JsonNode expected = EXPECTED.get("challenge");
    RankingAnalysis.Result result = smallChallenge(0);
    List<String> teams = result.input().teams();
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        if (a != b) assertEquals(expected.get("p_values").get(teams.get(a)).get(teams.get(b)).asDouble(), result.pValues()[a][b], 1e-12, teams.get(a) + " < " + teams.get(b));
      }
    }
    List<String> superior = result.superior().stream().map(pair -> teams.get(pair[0]) + teams.get(pair[1])).toList();
    List<String> wanted = new ArrayList<>();
    expected.get("superior").forEach(pair -> wanted.add(pair.get(0).asText() + pair.get(1).asText()));
    assertEquals(wanted, superior);
  }

  @Test
  @DisplayName("four teams: the ranks under the mean, the median, rank-then-aggregate and test-then-rank are scipy's, ties sharing the best rank")
  void rankingMethods() {
    JsonNode expected = EXPECTED.get("challenge");
    RankingAnalysis.Result result = smallChallenge(0);
    for (String method : List.of("aggregate_then_rank_mean", "aggregate_then_rank_median", "rank_then_aggregate", "test_then_rank")) {
      assertArrayEquals(ints(expected.get(method)), result.methods().get(method), method);
    }
    assertArrayEquals(new int[] {1, 2, 3, 4}, result.methods().get("official"));
  }

  @Test
  @DisplayName("Kendall's tau-b between two rankings with ties is scipy's kendalltau")
  void kendallTau() {
    for (JsonNode c : EXPECTED.get("kendall")) {
      assertEquals(c.get("tau").asDouble(), RankingAnalysis.tau(ints(c.get("x")), ints(c.get("y"))), 1e-12);
    }
  }

  @Test
  @DisplayName("the bucket sort of the differences' keys orders keys as Arrays.sort does: spread, tied, clustered in one bucket, few")
  void bucketSortAgreesWithArraysSort() {
    Random random = new Random(5);
    for (int shape = 0; shape < 4; shape++) {
      int n = shape == 3 ? 40 : 10_000;
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        double d = switch (shape) {
          case 0 -> random.nextDouble() * 0.05 * (random.nextBoolean() ? 1 : -1);
          case 1 -> i % 7 == 0 ? 0.125 : Math.round(random.nextDouble() * 100) / 100.0;
          case 2 -> i == 0 ? 1e-300 : 1 + random.nextDouble() * 1e-9;  // one tiny key spreads the range: the rest share a bucket
          default -> random.nextGaussian();
        };
        keys[i] = (Double.doubleToRawLongBits(Math.abs(d)) << 1) | (d > 0 ? 1 : 0);
      }
      long[] expected = keys.clone();
      java.util.Arrays.sort(expected);
      SignedRankTest.sort(keys, new long[n], new int[(1 << 14) + 2], n);
      assertArrayEquals(expected, keys, "shape " + shape);
    }
  }

  @Test
  @DisplayName("ranks 1, 2, 2, 4: ties share the best rank")
  void tiesShareTheBestRank() {
    assertArrayEquals(new int[] {1, 2, 2, 4}, RankingAnalysis.ranksOf(new double[] {0.1, 0.2, 0.2, 0.3}));
  }

  private static RankingAnalysis.Input random(int teams, int samples, long seed, double[] offsets) {
    Random random = new Random(seed);
    double[][] losses = new double[teams][samples];
    for (int t = 0; t < teams; t++) {
      for (int s = 0; s < samples; s++) losses[t][s] = offsets[t] + random.nextDouble();
    }
    List<String> names = new ArrayList<>();
    List<String> sampleNames = new ArrayList<>();
    for (int t = 0; t < teams; t++) names.add("T" + t);
    for (int s = 0; s < samples; s++) sampleNames.add("S" + s);
    int[] official = RankingAnalysis.ranksOf(RankingAnalysis.aggregate(losses, false));
    return new RankingAnalysis.Input(names, sampleNames, losses, official, false, 11, 500);
  }

  @Test
  @DisplayName("a team far ahead is first in every resample, its interval [1, 1]")
  void farAheadIsAlwaysFirst() {
    RankingAnalysis.Result result = RankingAnalysis.analyse(random(5, 30, 3, new double[] {-10, 0, 0, 0, 0}));
    assertEquals(500, result.rankCounts()[0][1]);
    assertEquals(1, result.medians()[0]);
    assertArrayEquals(new int[] {1, 1}, result.intervals()[0]);
  }

  @Test
  @DisplayName("two teams with identical losses share their rank in every resample")
  void identicalTeamsShareRanks() {
    RankingAnalysis.Input in = random(4, 25, 5, new double[] {0, 0, 0.1, 0.2});
    in.losses()[1] = in.losses()[0].clone();
    RankingAnalysis.Result result = RankingAnalysis.analyse(in);
    assertArrayEquals(result.rankCounts()[0], result.rankCounts()[1]);
    assertEquals(1.0, result.pValues()[0][1]);
    assertEquals(result.methods().get("rank_then_aggregate")[0], result.methods().get("rank_then_aggregate")[1]);
  }

  @Test
  @DisplayName("the same seed gives the same bootstrap, another seed another one")
  void bootstrapBySeed() {
    RankingAnalysis.Input in = random(6, 20, 9, new double[] {0, 0.05, 0.1, 0.15, 0.2, 0.25});
    RankingAnalysis.Result once = RankingAnalysis.analyse(in);
    RankingAnalysis.Result again = RankingAnalysis.analyse(in);
    RankingAnalysis.Result other = RankingAnalysis.analyse(new RankingAnalysis.Input(in.teams(), in.samples(), in.losses(), in.official(), false, 12, 500));
    assertTrue(java.util.Arrays.deepEquals(once.rankCounts(), again.rankCounts()));
    assertArrayEquals(once.tau(), again.tau());
    assertTrue(!java.util.Arrays.deepEquals(once.rankCounts(), other.rankCounts()));
  }

  @Test
  @DisplayName("total points: higher is better, so the team with the most points ranks first under every method")
  void higherIsBetter() {
    RankingAnalysis.Input lower = random(3, 20, 4, new double[] {0, 1, 2});
    double[][] points = new double[3][];
    for (int t = 0; t < 3; t++) points[t] = java.util.Arrays.stream(lower.losses()[t]).map(v -> 10 - v).toArray();
    RankingAnalysis.Result result = RankingAnalysis.analyse(new RankingAnalysis.Input(lower.teams(), lower.samples(), points, new int[] {1, 2, 3}, true, 1, 200));
    result.methods().forEach((method, ranks) -> assertArrayEquals(new int[] {1, 2, 3}, ranks, method));
    assertTrue(result.pValues()[0][2] < 0.05);
  }

  private static final ChallengeEntry ENTRY = Fixtures.entry();

  @Test
  @DisplayName("per-sample figures of a total_points challenge are the sample's points times the quantity's weight: 3, 7 and 20 um off score 4, 2, 0 points, weight 2")
  void perSamplePoints() {
    String yaml = String.join("\n", "id: points-test", "title: Points", "opens: 2026-01-01T00:00:00Z", "closes: 2027-01-01T00:00:00Z",
        "split: {public_fraction: 0.5, seed: 1, by: sample}", "ranking: {score: total_points}", "quantities:",
        "  - {id: depth, unit: um, primary: points, weight: 2,",
        "     points: {band_unit: absolute, bands: [{within: 5, points: 4}, {within: 10, points: 2}]}}", "");
    var challenge = org.amchallenge.challenge.ChallengeReader.read(yaml.getBytes(StandardCharsets.UTF_8), true);
    String reference = "sample_id,quantity,point,component,value,uncertainty,weight,censor\nS1,depth,,,100,,,\nS2,depth,,,100,,,\nS3,depth,,,100,,,\n";
    ChallengeEntry entry = org.amchallenge.challenge.ChallengeCatalog.entry(challenge,
        org.amchallenge.challenge.ReferenceReader.read(challenge, reference.getBytes(StandardCharsets.UTF_8)));
    Predictions predictions = new PredictionReader(entry.challenge(), entry.reference()).readCsv(new ByteArrayInputStream(
        "sample_id,quantity,value\nS1,depth,103\nS2,depth,93\nS3,depth,120\n".getBytes(StandardCharsets.UTF_8)), null).predictions();
    SampleScores.Losses points = SampleScores.of(entry.challenge(), entry.reference(), predictions, null);
    assertEquals(Map.of("S1", 8.0, "S2", 4.0, "S3", 0.0), points.overall());
    assertEquals(Map.of("S1", 4.0, "S2", 2.0, "S3", 0.0), points.byQuantity().get("depth"));
  }

  @Test
  @DisplayName("per-sample losses: depth 10 um high (nmae scale: mean |m| 83.33 over all rows) and width 20 um high (nrmse scale: range 110), weights 1 and 3")
  void perSampleLosses() {
    Predictions predictions = new PredictionReader(ENTRY.challenge(), ENTRY.reference())
        .readCsv(new ByteArrayInputStream(Fixtures.predictions(10, 20).getBytes(StandardCharsets.UTF_8)), null).predictions();
    SampleScores.Losses losses = SampleScores.of(ENTRY.challenge(), ENTRY.reference(), predictions, null);
    double depth = 10 / (500.0 / 6);
    double width = 20 / 110.0;
    assertEquals(List.of("S1", "S2", "S3", "S4", "S5", "S6"), List.copyOf(losses.overall().keySet()));
    for (Map.Entry<String, Double> sample : losses.overall().entrySet()) {
      assertEquals((depth + 3 * width) / 4, sample.getValue(), 1e-12, sample.getKey());
      assertEquals(depth, losses.byQuantity().get("depth").get(sample.getKey()), 1e-12);
      assertEquals(width, losses.byQuantity().get("width").get(sample.getKey()), 1e-12);
    }
  }
}
