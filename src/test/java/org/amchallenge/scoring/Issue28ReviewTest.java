package org.amchallenge.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.submission.PredictionReader;
import org.amchallenge.submission.SubmissionFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An adversary's review of issue 28 (curves, distributions, V&V 20, u-pooling): each test states what SPEC's "What a
 * competitor may learn" or the metric definitions require, and fails where main does otherwise. Figures by hand.
 */
class Issue28ReviewTest {
  private static Challenge challenge(String quantities) {
    return ChallengeReader.read(("""
        id: review-28
        title: t
        summary: s
        description: d
        opens: 2026-01-01T00:00:00Z
        closes: 2027-12-31T00:00:00Z
        quantities:
        """ + quantities).getBytes(StandardCharsets.UTF_8), true);
  }

  private static final Challenge CURVES = challenge("""
        - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area}
        - {id: grain_size, unit: um, kind: distribution, distribution: samples, primary: ks}
        - {id: yield_strength, unit: MPa}
      """);
  // three samples, each curve measured at strain 0, 0.5 and 1; no measurement uncertainty anywhere
  private static final ReferenceData DATA = ReferenceReader.read(CURVES, """
      sample_id,quantity,point,value
      A,flow_stress,strain=0,100
      A,flow_stress,strain=0.5,123.4
      A,flow_stress,strain=1,150
      B,flow_stress,strain=0,90
      B,flow_stress,strain=0.5,110
      B,flow_stress,strain=1,120
      C,flow_stress,strain=0,80
      C,flow_stress,strain=0.5,100
      C,flow_stress,strain=1,105
      A,grain_size,obs=1,10
      A,grain_size,obs=2,20
      B,grain_size,obs=1,30
      C,grain_size,obs=1,5
      A,yield_strength,,300
      B,yield_strength,,280
      C,yield_strength,,310
      """.getBytes(StandardCharsets.UTF_8));

  private static Predictions read(Challenge challenge, ReferenceData data, String csv) {
    return new PredictionReader(challenge, data).read(SubmissionFormat.CSV, csv.getBytes(StandardCharsets.UTF_8), null).predictions();
  }

  private static Map<String, Double> metrics(Challenge challenge, ReferenceData data, Predictions p, Map<String, boolean[]> part, String quantity) {
    return Scorer.score(challenge, data, p, part).quantities().get(quantity).metrics();
  }

  // ---- 1. leaks before the reveal ----------------------------------------------------------------------------------

  @Test
  @DisplayName("leak: a curve given for one sample of three is a quantity not given whole, and is refused")
  void curveOfOneSampleIsRefused() {
    Predictions p = read(CURVES, DATA, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,100
        A,flow_stress,strain=1,150
        """);
    assertThrows(InvalidInputException.class, () -> WholeQuantities.check(CURVES, DATA, p),
        "WholeQuantities reads predictions.column(), which is null for curves and distributions, so it never checks them");
  }

  @Test
  @DisplayName("leak: draws for one sample of three are a distribution not given whole, and are refused")
  void drawsOfOneSampleAreRefused() {
    Predictions p = read(CURVES, DATA, """
        sample_id,quantity,point,value
        C,grain_size,,5.5
        """);
    assertThrows(InvalidInputException.class, () -> WholeQuantities.check(CURVES, DATA, p));
  }

  // Every sample is "given" (its curve overlaps the measured range over a positive length), coverage is 1, yet the
  // predicted curves reach one measured abscissa only (A at strain 0.5), so every point-wise figure is that row's:
  // bias = 0 - 123.4. A competitor reads one held-out value per upload, and whether that row is public.
  @Test
  @DisplayName("leak, closed: curves that each overlap the measured range but reach one measured abscissa are refused")
  void tinyCurvesIsolateOneMeasuredRow() {
    Predictions p = read(CURVES, DATA, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0.49,0
        A,flow_stress,strain=0.51,0
        B,flow_stress,strain=0.1,0
        B,flow_stress,strain=0.2,0
        C,flow_stress,strain=0.1,0
        C,flow_stress,strain=0.2,0
        """);
    // scored, bias would be exactly minus A's measured value at strain 0.5: such a file is refused at the upload
    assertThrows(InvalidInputException.class, () -> WholeQuantities.check(CURVES, DATA, p),
        "curves that reach one measured abscissa of nine are not given whole");
  }

  // The measured abscissae are public, but which of them the public part holds is not. curve_overlap on a part divides
  // by the part's measured x range, and its mean runs over the part's samples: a figure of the split alone.
  @Test
  @DisplayName("leak: curve_overlap on a split-by-point part tells which abscissae are public, from one upload, whatever the values")
  void curveOverlapTellsThePublicPointsOfASample() {
    Predictions p = read(CURVES, DATA, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,100
        A,flow_stress,strain=0.5,100
        """);
    boolean[] first = {true, true, false, false, false, false, false, false, false};   // A at 0 and 0.5 public
    boolean[] last = {false, true, true, false, false, false, false, false, false};    // A at 0.5 and 1 public
    Double withFirst = metrics(CURVES, DATA, p, Map.of("flow_stress", first), "flow_stress").get("curve_overlap");
    Double withLast = metrics(CURVES, DATA, p, Map.of("flow_stress", last), "flow_stress").get("curve_overlap");
    assertEquals(withFirst, withLast, "curve_overlap is 1 where A's public points are {0, 0.5}, 0 where they are {0.5, 1}");
  }

  @Test
  @DisplayName("leak: curve_overlap's mean on a split-by-sample part tells which samples are public, from one upload")
  void curveOverlapTellsThePublicSamples() {
    // A covers all of [0, 1], B half of it, C a quarter: the mean over the public samples names the subset
    Predictions p = read(CURVES, DATA, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,1
        A,flow_stress,strain=1,1
        B,flow_stress,strain=0,1
        B,flow_stress,strain=0.5,1
        C,flow_stress,strain=0,1
        C,flow_stress,strain=0.25,1
        """);
    boolean[] aPublic = {true, true, true, false, false, false, false, false, false};
    boolean[] bPublic = {false, false, false, true, true, true, false, false, false};
    assertEquals(metrics(CURVES, DATA, p, Map.of("flow_stress", aPublic), "flow_stress").get("curve_overlap"),
        metrics(CURVES, DATA, p, Map.of("flow_stress", bPublic), "flow_stress").get("curve_overlap"),
        "1.0 when only A is public, 0.5 when only B is: the split read off a figure that needs no measured value");
  }

  // V&V 20 leaves out rows with u_val = 0: with no measurement uncertainty in the reference, a file that gives u_num
  // on one row only makes vv20_ratio = |p - m| / u_num of that row. Here |310 - 300| / 5 = 2.
  @Test
  @DisplayName("leak, closed: u_num on one row only, which would make vv20_ratio that row's |error| / u_num, is refused")
  void vv20OfOneRow() {
    Predictions p = read(CURVES, DATA, """
        sample_id,quantity,point,value,u_num
        A,yield_strength,,310,5
        B,yield_strength,,280,
        C,yield_strength,,310,
        """);
    // scored, vv20_ratio would be A's |p - m| / u_num alone: u_num goes on every row of a quantity or on none
    assertEquals(2.0, metrics(CURVES, DATA, p, null, "yield_strength").get("vv20_ratio"), 1e-12);
    assertThrows(InvalidInputException.class, () -> WholeQuantities.check(CURVES, DATA, p));
  }

  // u-pooling over the rows with s > 0: s on A only, p = m + s, u = Phi(-1) = 0.15865525393145707 (scipy), and the
  // u-pooling of one u is u^2/2 + (1 - u)^2/2 = 0.36651623566859803 (scipy, make-by-hand in the comment).
  @Test
  @DisplayName("leak, closed: an uncertainty on one row only, which would make u_pooling a function of that row's error, is refused")
  void uPoolingOfOneRow() {
    Predictions p = read(CURVES, DATA, """
        sample_id,quantity,point,value,uncertainty
        A,yield_strength,,302,2
        B,yield_strength,,280,
        C,yield_strength,,310,
        """);
    // scored, u_pooling would be (u^2 + (1 - u)^2) / 2 of A's u alone: an uncertainty goes on every row or on none
    assertEquals(0.36651623566859803, metrics(CURVES, DATA, p, null, "yield_strength").get("u_pooling"), 1e-12);
    assertThrows(InvalidInputException.class, () -> WholeQuantities.check(CURVES, DATA, p));
  }

  // ---- ranking integrity ------------------------------------------------------------------------------------------

  // curve_area divides by the overlap's length, and a sample counts as given (coverage 1) once its curve overlaps the
  // measured range at all. A sliver on the easy start of each curve, exact there (m = 100 + 46.8 x on [0, 0.5] for A,
  // 90 + 40 x for B, 80 + 40 x for C), scores curve_area 0 and ranks; the honest straight lines from the first to the
  // last measured point score above 0 (A misses 123.4 by 1.6 at 0.5, B by 5, C by 7.5).
  @Test
  @DisplayName("ranking, closed: a sliver of each curve, on its easiest stretch, is refused rather than beating whole curves")
  void sliverDoesNotWin() {
    Challenge curveOnly = challenge("""
          - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area}
        """);
    ReferenceData data = ReferenceReader.read(curveOnly, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,100
        A,flow_stress,strain=0.5,123.4
        A,flow_stress,strain=1,150
        B,flow_stress,strain=0,90
        B,flow_stress,strain=0.5,110
        B,flow_stress,strain=1,120
        C,flow_stress,strain=0,80
        C,flow_stress,strain=0.5,100
        C,flow_stress,strain=1,105
        """.getBytes(StandardCharsets.UTF_8));
    Scores whole = Scorer.score(curveOnly, data, read(curveOnly, data, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,100
        A,flow_stress,strain=1,150
        B,flow_stress,strain=0,90
        B,flow_stress,strain=1,120
        C,flow_stress,strain=0,80
        C,flow_stress,strain=1,105
        """), null);
    Predictions sliverFile = read(curveOnly, data, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,100
        A,flow_stress,strain=0.001,100.0468
        B,flow_stress,strain=0,90
        B,flow_stress,strain=0.001,90.04
        C,flow_stress,strain=0,80
        C,flow_stress,strain=0.001,80.04
        """);
    assertTrue(whole.ranked());
    // scored, the sliver would rank first with curve_area 0: a curve must span min_coverage of the measured abscissae
    assertEquals(0.0, Scorer.score(curveOnly, data, sliverFile, null).score(), 1e-12);
    assertThrows(InvalidInputException.class, () -> WholeQuantities.check(curveOnly, data, sliverFile));
  }

  // ---- 3. correctness --------------------------------------------------------------------------------------------

  // log10: measured 1, 10, 100 at strain 0, 0.5, 1 is a straight line in log10 space; the predicted curve through (0, 1)
  // and (1, 100) is that same line there, so curve_area = 0. The point-wise figures interpolate in linear space first:
  // p(0.5) = 50.5, |log10(50.5) - 1| / 3 = 0.23443045937288712 (numpy). One quantity, two predicted curves.
  @Test
  @DisplayName("log10: the point-wise figures of a curve interpolate the same polyline as curve_area (in the transformed space)")
  void logCurveInterpolatesOnePolyline() {
    Challenge log = challenge("""
          - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area, transform: log10}
        """);
    ReferenceData data = ReferenceReader.read(log, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,1
        A,flow_stress,strain=0.5,10
        A,flow_stress,strain=1,100
        """.getBytes(StandardCharsets.UTF_8));
    Predictions p = read(log, data, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,1
        A,flow_stress,strain=1,100
        """);
    Map<String, Double> m = metrics(log, data, p, null, "flow_stress");
    assertEquals(0.0, m.get("curve_area"), 1e-12);
    assertEquals(0.0, m.get("mae"), 1e-12, "mae is 0.23443 on a curve whose curve_area is 0");
  }

  // The memo of Predictions.remember is keyed by quantity (and sample, first row, count): nothing of the reference.
  @Test
  @DisplayName("Predictions.remember: the same predictions scored against another reference give that reference's figures")
  void rememberIsPerReference() {
    Predictions p = read(CURVES, DATA, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,100
        A,flow_stress,strain=1,150
        B,flow_stress,strain=0,90
        B,flow_stress,strain=1,120
        C,flow_stress,strain=0,80
        C,flow_stress,strain=1,105
        """);
    ReferenceData moved = ReferenceReader.read(CURVES, DATA_TEXT_MOVED.getBytes(StandardCharsets.UTF_8));
    Scorer.score(CURVES, DATA, p, null);
    Double afterFirst = metrics(CURVES, moved, p, null, "flow_stress").get("mae");
    Predictions fresh = read(CURVES, moved, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,100
        A,flow_stress,strain=1,150
        B,flow_stress,strain=0,90
        B,flow_stress,strain=1,120
        C,flow_stress,strain=0,80
        C,flow_stress,strain=1,105
        """);
    assertEquals(metrics(CURVES, moved, fresh, null, "flow_stress").get("mae"), afterFirst);
  }

  /** DATA with sample A measured at strain 0.25 instead of 0.5 (and 125 there). */
  private static final String DATA_TEXT_MOVED = """
      sample_id,quantity,point,value
      A,flow_stress,strain=0,100
      A,flow_stress,strain=0.25,125
      A,flow_stress,strain=1,150
      B,flow_stress,strain=0,90
      B,flow_stress,strain=0.5,110
      B,flow_stress,strain=1,120
      C,flow_stress,strain=0,80
      C,flow_stress,strain=0.5,100
      C,flow_stress,strain=1,105
      A,grain_size,obs=1,10
      A,grain_size,obs=2,20
      B,grain_size,obs=1,30
      C,grain_size,obs=1,5
      A,yield_strength,,300
      B,yield_strength,,280
      C,yield_strength,,310
      """;

  // scoreRows' memo key for a sample's figures is (quantity, sample, first row, number of rows): rows {0, 1} and {0, 2}
  // of A share it. On {0, 2} (strain 0 and 1; predicted flat 100): area of |100 - (100 + 50x)| = 25, length 1, mean |m|
  // 125: 0.2. On {0, 1} (strain 0 and 0.5): area of |100 - (100 + 46.8x)| over [0, 0.5] = 5.85, / (0.5 * 111.7).
  @Test
  @DisplayName("bootstrap memo: two different row sets of one sample with the same first row and count are not one figure")
  void drawnSamplesMemoKeys() {
    Challenge curveOnly = challenge("""
          - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area}
        """);
    ReferenceData data = ReferenceReader.read(curveOnly, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,100
        A,flow_stress,strain=0.5,123.4
        A,flow_stress,strain=1,150
        """.getBytes(StandardCharsets.UTF_8));
    Predictions p = read(curveOnly, data, """
        sample_id,quantity,point,value
        A,flow_stress,strain=0,100
        A,flow_stress,strain=1,100
        """);
    Scorer.scoreRows(curveOnly, data, p, Map.of("flow_stress", new int[] {0, 1}), Map.of("flow_stress", new int[] {0, 0}));
    Double second = Scorer.scoreRows(curveOnly, data, p, Map.of("flow_stress", new int[] {0, 2}), Map.of("flow_stress", new int[] {0, 0}));
    assertEquals(0.2, second, 1e-12);
  }

  @Test
  @DisplayName("a NaN among draws or observations gives NaN or a refusal, never a loop that does not end")
  void nanDoesNotHang() throws InterruptedException {
    assertTrue(ends(() -> ValidationMetrics.wasserstein(new double[] {1, Double.NaN}, new double[] {1, 2})), "wasserstein loops forever");
    assertTrue(ends(() -> ValidationMetrics.ks(new double[] {1, Double.NaN}, new double[] {1, 2})), "ks loops forever");
  }

  /** Whether {@code work} ends within a second; a loop that does not is stopped, so that it burns no core for the rest of the run. */
  @SuppressWarnings({"deprecation", "removal"})
  private static boolean ends(Runnable work) throws InterruptedException {
    Thread thread = new Thread(work, "review-28-nan");
    thread.setDaemon(true);
    thread.start();
    thread.join(1000);
    if (!thread.isAlive()) return true;
    thread.stop(); // Java 17 still stops a thread that never looks at its interrupt flag
    return false;
  }

  // ---- 2. cost ---------------------------------------------------------------------------------------------------

  // Fréchet compares every predicted point of a sample with every measured one, on each part: 10,000 predicted points
  // per sample against 1,000 measured ones is 10,000,000 pairs, and three such samples pass the 20,000,000 one file may
  // ask for (about a tenth of a second of a core); the file is refused before any of it is computed.
  @Test
  @DisplayName("cost: curves whose points times the measured points pass the cap are refused before Fréchet runs")
  void frechetCost() {
    Challenge curveOnly = challenge("""
          - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: frechet}
        """);
    int measured = 1_000;
    StringBuilder reference = new StringBuilder("sample_id,quantity,point,value\n");
    for (String sample : List.of("A", "B", "C")) {
      for (int i = 0; i < measured; i++) reference.append(sample).append(",flow_stress,strain=").append(i / (double) measured).append(",1\n");
    }
    ReferenceData data = ReferenceReader.read(curveOnly, reference.toString().getBytes(StandardCharsets.UTF_8));
    Map<String, double[]> x = new java.util.LinkedHashMap<>();
    Map<String, double[]> y = new java.util.LinkedHashMap<>();
    for (String sample : List.of("A", "B")) {
      double[] px = new double[SAMPLE_POINTS];
      for (int j = 0; j < SAMPLE_POINTS; j++) px[j] = j / (double) (SAMPLE_POINTS - 1);
      x.put(sample, px);
      y.put(sample, new double[SAMPLE_POINTS]);
    }
    Predictions two = new Predictions();
    two.put("flow_stress", new Predictions.Sampled(x, y));
    // two samples' 20,000,000 pairs are the most; they are not refused for their cost (min_coverage refuses them)
    var refused = assertThrows(InvalidInputException.class, () -> WholeQuantities.check(curveOnly, data, two));
    assertTrue(refused.problems().stream().noneMatch(p -> p.detail().contains("Fréchet")), refused.problems()::toString);
    x.put("C", x.get("A"));
    y.put("C", y.get("A"));
    Predictions three = new Predictions();
    three.put("flow_stress", new Predictions.Sampled(x, y));
    var tooMany = assertThrows(InvalidInputException.class, () -> WholeQuantities.check(curveOnly, data, three));
    assertEquals(1, tooMany.problems().size(), tooMany.problems()::toString);
    assertTrue(tooMany.problems().get(0).detail().contains("come to 30000000, above the 20000000"), tooMany.problems()::toString);
  }

  private static final int SAMPLE_POINTS = 10_000;
}
