package org.amchallenge.challenge;

import java.util.Map;

/** Every quantity's measured rows for one challenge, and the SHA-256 of the file they came from. */
public record ReferenceData(Map<String, ReferenceTable> tables, String sha256) {

  public ReferenceTable table(String quantity) {
    return tables.get(quantity);
  }

  public int rows() {
    return tables.values().stream().mapToInt(ReferenceTable::size).sum();
  }
}
