package org.amchallenge.domain;

import java.time.Instant;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.scoring.Scorer;

/** A stored submission: who sent what when, and its scores on each part (the file itself is kept apart). */
public record SubmissionRecord(
    String id,
    String challengeId,
    String teamId,
    String teamName,
    Instant submittedAt,
    String fileName,
    String format,
    String description,
    int rows,
    Evaluation evaluation,
    String referenceSha256,
    String scorerVersion,
    Double releasedScore,
    boolean selected,
    java.util.Map<String, Object> method,
    boolean postReveal) {

  /** A submission of the competition (not after its reveal), without a method card. */
  public SubmissionRecord(String id, String challengeId, String teamId, String teamName, Instant submittedAt, String fileName,
                          String format, String description, int rows, Evaluation evaluation, String referenceSha256,
                          String scorerVersion, Double releasedScore, boolean selected) {
    this(id, challengeId, teamId, teamName, submittedAt, fileName, format, description, rows, evaluation, referenceSha256,
        scorerVersion, releasedScore, selected, null, false);
  }

  /** The same submission with its method card (SPEC "Method cards"), its fields as checked against the form. */
  public SubmissionRecord withMethod(java.util.Map<String, Object> card) {
    return new SubmissionRecord(id, challengeId, teamId, teamName, submittedAt, fileName, format, description, rows,
        evaluation, referenceSha256, scorerVersion, releasedScore, selected, card, postReveal);
  }

  /** Whether this is an organizer's baseline as the boards rank it ({@link Baseline#asSubmission}), not a team's upload. */
  public boolean baseline() {
    return teamId.startsWith(Baseline.TEAM_PREFIX);
  }

  public SubmissionRecord rescored(Evaluation newEvaluation, String newReferenceSha256) {
    return new SubmissionRecord(id, challengeId, teamId, teamName, submittedAt, fileName, format, description, rows,
        newEvaluation, newReferenceSha256, Scorer.VERSION, releasedScore, selected, method, postReveal);
  }

  public SubmissionRecord withReleasedScore(Double released) {
    return new SubmissionRecord(id, challengeId, teamId, teamName, submittedAt, fileName, format, description, rows,
        evaluation, referenceSha256, scorerVersion, released, selected, method, postReveal);
  }
}
