package org.amchallenge.domain;

import java.time.Instant;

/**
 * A series as kept in the store: its definition text and where it came from (the SHA-256 of the file it was loaded
 * from; null when published through the API, which is then kept over the file).
 */
public record StoredSeries(String id, String definition, boolean definitionIsYaml, String sourceSha256, Instant updatedAt) {}
