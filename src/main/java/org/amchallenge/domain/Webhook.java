package org.amchallenge.domain;

import java.time.Instant;
import java.util.List;

/** A URL an organizer wants told of a challenge's events, and the secret that signs what it is sent. */
public record Webhook(String id, String challengeId, String url, String secret, List<String> events, Instant createdAt) {}
