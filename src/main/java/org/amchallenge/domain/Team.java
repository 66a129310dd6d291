package org.amchallenge.domain;

import java.time.Instant;
import java.util.List;

/** A registered team; its token is kept only as a hash. */
public record Team(String id, String name, List<String> members, Instant createdAt) {}
