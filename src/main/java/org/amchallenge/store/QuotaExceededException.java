package org.amchallenge.store;

/** A team has used its submissions for the day, or in all; checked in the transaction that would store one more. */
public class QuotaExceededException extends RuntimeException {
  private final boolean daily;

  public QuotaExceededException(boolean daily, String message) {
    super(message);
    this.daily = daily;
  }

  /** The team has made all {@code total} submissions the challenge allows. */
  public static QuotaExceededException total(int total) {
    return new QuotaExceededException(false, "the team has made all " + total + " submissions this challenge allows");
  }

  /** The team has made its {@code perDay} submissions of today. */
  public static QuotaExceededException daily(int perDay) {
    return new QuotaExceededException(true, "the team has made its " + perDay + " submissions of today (UTC)");
  }

  public boolean daily() {
    return daily;
  }
}
