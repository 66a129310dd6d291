package org.amchallenge.store;

import java.time.Instant;
import org.amchallenge.scoring.Evaluation;

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
    String scorerVersion) {}
