package org.amchallenge.challenge;

import java.util.List;

/**
 * A series: challenges grouped under one title and ranked together, as the AFRL series was four challenges on one
 * material (SPEC "Series, baselines, and after the reveal"). Its teams are ranked by their mean rank over the
 * challenges they are ranked in, once ranked in at least {@code minChallenges} of them.
 */
public record Series(String id, String title, String description, List<String> challenges, Ranking ranking) {

  /** How a series ranks its teams; {@code mean_rank} is the one method. */
  public enum Method {
    MEAN_RANK;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public record Ranking(Method method, int minChallenges) {}

  public boolean includes(String challengeId) {
    return challenges.contains(challengeId);
  }
}
