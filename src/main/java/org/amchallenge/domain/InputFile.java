package org.amchallenge.domain;

import java.time.Instant;

/** A public input file for modelers uploaded through the API: its name, size and SHA-256 ({@code content} null where only listed). */
public record InputFile(String challengeId, String name, long size, String sha256, Instant uploadedAt, byte[] content) {}
