package org.amchallenge.submission;

import org.amchallenge.scoring.Predictions;

/** A prediction file read into columns, with the model description it carried, if any. */
public record ParsedSubmission(Predictions predictions, int rows, String description) {}
