package org.amchallenge.scoring;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceTable;

/**
 * A submission's scores on each part of the reference: the public part (the public board while the
 * challenge runs), the private part (the final ranking) and all rows (what the offline scorer prints).
 */
public record Evaluation(Scores publicPart, Scores privatePart, Scores all, java.util.List<String> notes) {

  /** Without notes: a stored evaluation keeps its scores only; notes are told in the upload's answer. */
  public Evaluation(Scores publicPart, Scores privatePart, Scores all) {
    this(publicPart, privatePart, all, java.util.List.of());
  }

  public Evaluation {
    notes = notes == null || notes.isEmpty() ? java.util.List.of() : java.util.List.copyOf(notes);
  }

  /** Reference rows from which the three parts are scored side by side: below it, handing work over costs more than it saves. */
  private static final int SIDE_BY_SIDE = 100_000;

  public static Evaluation of(Challenge challenge, ReferenceData reference, Map<String, boolean[]> publicRows,
                              Map<String, boolean[]> privateRows, Predictions predictions) {
    int rows = reference.tables().values().stream().mapToInt(ReferenceTable::size).sum();
    java.util.List<String> notes = Scorer.notes(challenge, reference, predictions);
    if (rows < SIDE_BY_SIDE) {
      return new Evaluation(
          Scorer.score(challenge, reference, predictions, publicRows),
          Scorer.score(challenge, reference, predictions, privateRows),
          Scorer.score(challenge, reference, predictions, null), notes);
    }
    // a million-row file: all rows on another core while this one scores the two boards (each part reads the
    // same columns and writes nothing shared)
    CompletableFuture<Scores> all = CompletableFuture.supplyAsync(() -> Scorer.score(challenge, reference, predictions, null));
    Scores publicPart = Scorer.score(challenge, reference, predictions, publicRows);
    Scores privatePart = Scorer.score(challenge, reference, predictions, privateRows);
    try {
      return new Evaluation(publicPart, privatePart, all.join(), notes);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  public Scores part(Board board) {
    return switch (board) {
      case PUBLIC -> publicPart;
      case PRIVATE -> privatePart;
      case POST_REVEAL -> all;
    };
  }

  /** The boards of a challenge: the public and private parts while it runs, and all rows for uploads after its reveal. */
  public enum Board {
    PUBLIC, PRIVATE, POST_REVEAL;

    public String id() {
      return name().toLowerCase();
    }
  }
}
