package org.amchallenge.submission;

import java.util.Map;
import org.amchallenge.scoring.Predictions;

/** A prediction file read into columns, with the model description and the method card it carried, if any. */
public record ParsedSubmission(Predictions predictions, int rows, String description, Map<String, Object> method) {
  public ParsedSubmission(Predictions predictions, int rows, String description) {
    this(predictions, rows, description, null);
  }

  /** The same file with the method card it carried (a JSON body's "method", a workbook's method sheet); null: none. */
  public ParsedSubmission withMethod(Map<String, Object> card) {
    return new ParsedSubmission(predictions, rows, description, card);
  }
}
