package org.amchallenge.store;

/**
 * A submission's compressed file made ready for its row: either its bytes, to go into the row, or the name it
 * was written under beside the database ({@code shelved}), already durable.
 */
public record StagedFile(FileBytes bytes, String shelved) {}
