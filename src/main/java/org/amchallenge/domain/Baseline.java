package org.amchallenge.domain;

import java.time.Instant;
import org.amchallenge.scoring.Evaluation;

/**
 * A reference model an organizer adds to a challenge (SPEC "Baselines"): scored like a submission and shown on every
 * board, but no team's, so it never takes a rank and is never in a team's counts. Its file is kept apart, for rescores.
 */
public record Baseline(
    String id,
    String challengeId,
    String name,
    String description,
    Instant addedAt,
    String fileName,
    String format,
    int rows,
    Evaluation evaluation,
    String referenceSha256,
    String scorerVersion) {

  /**
   * What a baseline's row carries as its team id on a board: team ids are UUIDs, so no team's id starts with it, and the
   * boards rank a baseline by the very rules of a submission without a kind of row of their own.
   */
  public static final String TEAM_PREFIX = "baseline:";

  /** The baseline as the boards rank it: a submission of a team of its own, never selected, its public score released as it is. */
  public SubmissionRecord asSubmission() {
    Double released = evaluation.publicPart().ranked() ? evaluation.publicPart().score() : null;
    return new SubmissionRecord(id, challengeId, TEAM_PREFIX + id, name, addedAt, fileName, format, description, rows,
        evaluation, referenceSha256, scorerVersion, released, false);
  }

  public Baseline rescored(Evaluation newEvaluation, String newReferenceSha256, String newScorerVersion) {
    return new Baseline(id, challengeId, name, description, addedAt, fileName, format, rows, newEvaluation, newReferenceSha256,
        newScorerVersion);
  }
}
