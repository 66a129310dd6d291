package org.amchallenge.store;

/**
 * An organizer's change refused in the transaction that would have stored it: the challenge was revealed meanwhile (its
 * results are final), or the same change is already stored; another node's request may have come first.
 */
public class RefusedChangeException extends RuntimeException {
  public RefusedChangeException(String message) {
    super(message);
  }
}
