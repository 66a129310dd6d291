package org.amchallenge.domain;

import java.time.Instant;

/** One organizer action on a challenge: when, what, and what changed. */
public record AuditEntry(String id, String challengeId, Instant at, String action, String detail) {}
