package org.amchallenge.domain;

import java.time.Instant;

/**
 * A challenge as kept in the store: its definition text, its reference CSV (null until uploaded), where it
 * came from (the SHA-256 of the files it was loaded from; null when published through the API), and when
 * the organizer revealed it (null before).
 */
public record StoredChallenge(String id, String definition, boolean definitionIsYaml, byte[] reference,
                              String referenceSha256, String sourceSha256, Instant revealedAt, Instant updatedAt) {

  public StoredChallenge withReveal(Instant at) {
    return new StoredChallenge(id, definition, definitionIsYaml, reference, referenceSha256, sourceSha256, at, updatedAt);
  }
}
