package org.amchallenge.domain;

import java.time.Instant;

/** One organizer action on a challenge: when, what, what changed, and who did it (an account's email, or the admin token). */
public record AuditEntry(String id, String challengeId, Instant at, String action, String detail, String actor) {

  public AuditEntry(String id, String challengeId, Instant at, String action, String detail) {
    this(id, challengeId, at, action, detail, null);
  }
}
