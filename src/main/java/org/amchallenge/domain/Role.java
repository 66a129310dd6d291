package org.amchallenge.domain;

/**
 * What an account may do on one challenge (SPEC "challenge roles"): the owner manages the roles, an organizer does
 * everything an organizer route does, a reviewer reads the private board, submissions, participants and audit.
 */
public enum Role {
  REVIEWER, ORGANIZER, OWNER;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Role of(String id) {
    return valueOf(id.toUpperCase(java.util.Locale.ROOT));
  }

  /** Whether this role changes the challenge: publishes, replaces the reference, reveals, manages webhooks and participants. */
  public boolean changes() {
    return this != REVIEWER;
  }
}
