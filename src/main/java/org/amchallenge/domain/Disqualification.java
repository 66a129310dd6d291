package org.amchallenge.domain;

import java.time.Instant;

/**
 * An organizer's decision that a submission ({@code submissionId} set), or every submission of a team ({@code submissionId}
 * null), is out of every ranking, with the reason shown on the final board.
 */
public record Disqualification(String id, String challengeId, String submissionId, String teamId, String teamName,
                               String reason, String actor, Instant at) {

  /** Whether it takes this submission out of the rankings. */
  public boolean covers(SubmissionRecord submission) {
    return submission.teamId().equals(teamId) && (submissionId == null || submissionId.equals(submission.id()));
  }
}
