package org.amchallenge.store;

/**
 * A submission that the rules refused at the instant its row would have committed, checked in that transaction: the
 * challenge had closed or been revealed, or a member of its team competes in the challenge with another team.
 */
public class NotAdmittedException extends RuntimeException {
  public NotAdmittedException(String message) {
    super(message);
  }
}
