package org.amchallenge.scoring;

import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;

/**
 * A submission's scores on each part of the reference: the public part (the public board while the
 * challenge runs), the private part (the final ranking) and all rows (what the offline scorer prints).
 */
public record Evaluation(Scores publicPart, Scores privatePart, Scores all) {

  public static Evaluation of(Challenge challenge, ReferenceData reference, Map<String, boolean[]> publicRows,
                              Map<String, boolean[]> privateRows, Predictions predictions) {
    return new Evaluation(
        Scorer.score(challenge, reference, predictions, publicRows),
        Scorer.score(challenge, reference, predictions, privateRows),
        Scorer.score(challenge, reference, predictions, null));
  }

  public Scores part(Board board) {
    return board == Board.PUBLIC ? publicPart : privatePart;
  }

  /** The two boards of a challenge. */
  public enum Board {
    PUBLIC, PRIVATE;

    public String id() {
      return name().toLowerCase();
    }
  }
}
