package org.amchallenge.challenge;

import java.util.Map;

/** A published challenge with its reference data and the split of its rows into public and private parts. */
public record ChallengeEntry(Challenge challenge, ReferenceData reference, Map<String, boolean[]> publicRows,
                             Map<String, boolean[]> privateRows) {

  public String id() {
    return challenge.id();
  }
}
