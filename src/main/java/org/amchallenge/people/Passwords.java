package org.amchallenge.people;

import io.vertx.core.Future;

/** SKELETON (helper P replaces): Argon2id hashes, computed off the event loop. */
public final class Passwords {
  public static final int MIN_LENGTH = 10;

  public Passwords(io.vertx.core.Vertx vertx) {}

  /** The password's Argon2id hash, as one string with its parameters and salt. */
  public Future<String> hash(String password) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Whether the password matches the hash; with a null hash, a dummy verification of the same cost, then false. */
  public Future<Boolean> verify(String password, String hash) {
    throw new UnsupportedOperationException("skeleton");
  }
}
