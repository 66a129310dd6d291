package org.amchallenge.submission;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.scoring.Predictions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An adversary's review of issue 28's readers: rows a user meant that are skipped or misread without a word. */
class Issue28ReadersReviewTest {
  private static final Challenge CHALLENGE = ChallengeReader.read("""
      id: review-28-readers
      title: t
      summary: s
      description: d
      opens: 2026-01-01T00:00:00Z
      closes: 2027-12-31T00:00:00Z
      quantities:
        - {id: flow_stress, unit: MPa, kind: curve, curve: {x: strain}, primary: curve_area}
      """.getBytes(StandardCharsets.UTF_8), true);
  // a sample named as labs often do, "#1"
  private static final ReferenceData DATA = ReferenceReader.read(CHALLENGE, """
      sample_id,quantity,point,value
      #1,flow_stress,strain=0,100
      #1,flow_stress,strain=0.5,120
      B,flow_stress,strain=0,90
      B,flow_stress,strain=0.5,110
      """.getBytes(StandardCharsets.UTF_8));

  private static Predictions read(String csv) {
    return new PredictionReader(CHALLENGE, DATA).read(SubmissionFormat.CSV, csv.getBytes(StandardCharsets.UTF_8), null).predictions();
  }

  @Test
  @DisplayName("a long file's rows of sample '#1' (a sample the reference and the template list) are read, not taken for note rows")
  void sampleStartingWithHashIsRead() {
    Predictions p = read("""
        sample_id,quantity,point,value
        #1,flow_stress,strain=0,101
        #1,flow_stress,strain=0.5,119
        B,flow_stress,strain=0,90
        B,flow_stress,strain=0.5,111
        """);
    assertTrue(p.sampled("flow_stress").y().containsKey("#1"), "sample '#1' was skipped as a '#' note row, without a problem");
  }

  @Test
  @DisplayName("a spreadsheet error (#N/A) in a long file's first column is a problem on its line, not a skipped row")
  void spreadsheetErrorInFirstColumnIsAProblem() {
    assertThrows(InvalidInputException.class, () -> read("""
        value,sample_id,quantity,point
        #N/A,B,flow_stress,strain=0
        111,B,flow_stress,strain=0.5
        101,#1,flow_stress,strain=0
        119,#1,flow_stress,strain=0.5
        """), "the #N/A row is skipped: B's curve silently loses its first point");
  }

  @Test
  @DisplayName("a wide (x, y) pair whose x column carries a unit ('strain [%]') is refused or converted, not read as plain numbers")
  void abscissaColumnUnitIsNotDropped() {
    // 50 [%] is 0.5; read as 50 the curve lies past the measured strains and the unit is dropped without a word
    assertThrows(InvalidInputException.class, () -> read("""
        sample_id,strain [%],flow_stress
        #1,0,101
        #1,50,119
        B,0,90
        B,50,111
        """));
  }

  @Test
  @DisplayName("a wide file with both a point column and a curve's x column says which one gives the abscissa")
  void pointAndAbscissaColumnsTogether() {
    // point says strain=0.5, the strain column 0.3: the point column is ignored for the curve without a word
    assertThrows(InvalidInputException.class, () -> read("""
        sample_id,point,strain,flow_stress
        B,strain=0,0,90
        B,strain=0.5,0.3,111
        """));
  }
}
