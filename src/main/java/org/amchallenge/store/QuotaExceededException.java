package org.amchallenge.store;

/** A team has used its submissions for the day, or in all; checked in the transaction that would store one more. */
public class QuotaExceededException extends RuntimeException {
  private final boolean daily;

  public QuotaExceededException(boolean daily, String message) {
    super(message);
    this.daily = daily;
  }

  public boolean daily() {
    return daily;
  }
}
