package org.amchallenge.store;

/**
 * A submission that the rules refused at the instant its row would have committed, checked in that transaction: the
 * challenge had closed or been revealed, or a member of its team competes in the challenge with another team.
 */
public class NotAdmittedException extends RuntimeException {
  public NotAdmittedException(String message) {
    super(message);
  }

  /** The challenge's reference data changed (on another node) while the file was scored: sending it again scores it anew. */
  public static final class ReferenceChanged extends NotAdmittedException {
    public ReferenceChanged() {
      super("the challenge's reference data changed while this file was scored; nothing was stored and no quota used: send it again");
    }
  }
}
