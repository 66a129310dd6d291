package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The challenge keys of curves and distributions of observations, and the reference rows they need. */
class SampledDefinitionTest {
  private static final String HEAD = """
      id: sampled-definition
      title: t
      summary: s
      description: d
      opens: 2026-01-01T00:00:00Z
      closes: 2027-12-31T00:00:00Z
      quantities:
      """;

  private static Challenge read(String quantities) {
    return ChallengeReader.read((HEAD + quantities).getBytes(StandardCharsets.UTF_8), true);
  }

  private static List<Problem> problems(String quantities) {
    return assertThrows(InvalidInputException.class, () -> read(quantities)).problems();
  }

  private static void assertProblem(List<Problem> problems, int line, String field, String words) {
    assertTrue(problems.stream().anyMatch(p -> p.line() == line && field.equals(p.field()) && p.detail().contains(words)),
        () -> "expected line " + line + " " + field + " '" + words + "' in " + problems);
  }

  @Test
  @DisplayName("a curve's abscissa is curve.x, or the point's name; a distribution of observations says distribution: samples")
  void keys() {
    Challenge challenge = read("""
          - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: frechet}
          - {id: creep, unit: "1", kind: curve, point: {name: t, unit: h}}
          - {id: grain_size, unit: um, kind: distribution, distribution: samples, primary: nwasserstein}
          - {id: quantiles, unit: um, kind: distribution, primary: nmae}
        """);
    assertEquals("strain", challenge.quantities().get(0).curveAxis());
    assertEquals("t", challenge.quantities().get(1).curveAxis());
    assertTrue(challenge.quantities().get(2).hasObservations());
    // without distribution: samples, a distribution keeps its values at fixed points (d10, d50, d90)
    assertFalse(challenge.quantities().get(3).bySample());
  }

  @Test
  @DisplayName("each misuse of the keys is refused with its line: no abscissa, a curve metric elsewhere, a point-wise metric for draws")
  void refused() {
    List<Problem> problems = problems("""
          - {id: a, kind: curve, primary: curve_area}
          - {id: b, kind: scalar, primary: frechet}
          - {id: c, kind: distribution, distribution: samples, primary: nmae}
          - {id: d, kind: profile, point: {name: x}, primary: ks}
          - {id: e, kind: scalar, curve: {x: strain}}
          - {id: f, kind: distribution, distribution: quantiles, primary: nmae}
        """);
    assertProblem(problems, 8, "curve", "a curve needs its abscissa's name: curve: {x: strain}");
    assertProblem(problems, 9, "primary", "frechet applies to quantities of kind curve only");
    assertProblem(problems, 10, "primary", "a distribution of observations is ranked by nwasserstein or ks");
    assertProblem(problems, 11, "primary", "ks applies to quantities of kind distribution with distribution: samples only");
    assertProblem(problems, 12, "curve", "only a quantity of kind curve has a curve section");
    assertProblem(problems, 13, "distribution", "the one form is 'samples'");
    assertEquals(6, problems.size(), problems::toString);
  }

  @Test
  @DisplayName("a curve's reference point is its abscissa as a number; anything else is refused with its line")
  void referenceAbscissae() {
    Challenge challenge = read("  - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}}\n");
    String csv = "sample_id,quantity,point,value\nA,flow_stress,strain=0.01,100\nA,flow_stress,eps=0.02,120\nA,flow_stress,strain=two,130\n";
    List<Problem> problems = assertThrows(InvalidInputException.class,
        () -> ReferenceReader.read(challenge, csv.getBytes(StandardCharsets.UTF_8))).problems();
    assertEquals(List.of(3, 4), problems.stream().map(Problem::line).toList(), problems::toString);
    assertTrue(problems.get(0).detail().contains("strain=<number>"), problems::toString);
    ReferenceData good = ReferenceReader.read(challenge, "sample_id,quantity,point,value\nA,flow_stress,strain=0.01,100\nA,flow_stress,strain=2e-2,120\n"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(0.02, good.table("flow_stress").abscissae()[1], 0);
  }
}
