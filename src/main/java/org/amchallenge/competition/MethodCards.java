package org.amchallenge.competition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amchallenge.challenge.MethodForm;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;

/** A submission's method card checked against its challenge's form, and the part of it a caller may read. */
public final class MethodCards {
  public static final String TITLE = "The method card does not fit the challenge's form";

  private MethodCards() {}

  /**
   * The card as kept (each value in its field's form), null where none was given and none is required; throws
   * listing every field's problem (422), before the file is scored.
   */
  public static Map<String, Object> checked(MethodForm form, Map<String, Object> card) {
    List<MethodForm.CardProblem> problems = new ArrayList<>();
    Map<String, Object> kept = form.check(card == null ? Map.of() : card, problems);
    if (!problems.isEmpty()) {
      List<Problem> listed = problems.stream().map(p -> new Problem(null, null, null, "method." + p.field(), p.detail())).toList();
      throw new InvalidInputException(TITLE, listed, listed.size());
    }
    return card == null && kept.isEmpty() ? null : java.util.Collections.unmodifiableMap(kept);
  }

  /** The fields of a submission's card whose {@code shown} lets this caller read them now, in the form's order. */
  public static Map<String, Object> shown(MethodForm form, SubmissionRecord submission, boolean organizer, boolean revealed) {
    return form.shown(submission.method(), organizer, revealed);
  }
}
