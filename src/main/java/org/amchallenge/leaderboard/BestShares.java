package org.amchallenge.leaderboard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each team's public row shares of the submission that set its released Ladder score, kept beside the board so
 * that an upload compares against them without reading and parsing the best file again. Kept per version of a
 * challenge (its reference and definition): a new version starts afresh, as the shares depend on both.
 */
public final class BestShares {
  /** The shares of one submission. */
  public record Best(String submissionId, double[] shares) {}

  private record Version(Object entry, Map<String, Best> byTeam) {}

  private final Map<String, Version> byChallenge = new ConcurrentHashMap<>();

  private Map<String, Best> of(String challengeId, Object entry) {
    return byChallenge.compute(challengeId, (id, known) -> known != null && known.entry() == entry ? known
        : new Version(entry, new ConcurrentHashMap<>())).byTeam();
  }

  /** The team's best shares for this version of the challenge where they belong to {@code submissionId}, else null. */
  public double[] get(String challengeId, Object entry, String teamId, String submissionId) {
    Best best = of(challengeId, entry).get(teamId);
    return best != null && best.submissionId().equals(submissionId) ? best.shares() : null;
  }

  /** The team's new best: the submission that set its released score, with its shares. */
  public void put(String challengeId, Object entry, String teamId, String submissionId, double[] shares) {
    of(challengeId, entry).put(teamId, new Best(submissionId, shares));
  }
}
