package org.amchallenge.leaderboard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Ranks the teams of a series by their mean rank over its challenges (SPEC "Series"): a team's rank in each challenge is
 * given (its final rank once that challenge is revealed, its public rank before), its mean is taken over the challenges
 * it is ranked in, and a team ranked in fewer than {@code minChallenges} is listed unranked, after the ranked teams.
 * Equal means rank equal (1, 2, 2, 4).
 */
public final class SeriesRanking {
  private SeriesRanking() {}

  /**
   * One team's row: its rank in each challenge of the series in the series' order (null where it has none), how many
   * it is ranked in, its mean rank (null where none), and its rank in the series (null where unranked).
   */
  public record Row(String team, Map<String, Integer> ranks, int challengesRanked, Double meanRank, Integer rank) {}

  /**
   * The series board. {@code ranks} holds, for each challenge, each team's rank there; a rank that is null (a
   * disqualified team's, a baseline's) counts as none.
   */
  public static List<Row> rank(List<String> challenges, Map<String, Map<String, Integer>> ranks, int minChallenges) {
    List<Standing> standings = new ArrayList<>();
    for (String team : teams(ranks)) standings.add(standing(team, challenges, ranks));
    List<Standing> ranked = standings.stream().filter(s -> s.count() >= minChallenges && s.count() > 0).sorted(RANKED).toList();
    List<Standing> unranked = standings.stream().filter(s -> s.count() < minChallenges || s.count() == 0).sorted(UNRANKED).toList();
    List<Row> rows = new ArrayList<>();
    int rank = 0;
    for (int i = 0; i < ranked.size(); i++) {
      Standing s = ranked.get(i);
      if (i == 0 || compareMeans(ranked.get(i - 1), s) != 0) rank = i + 1;
      rows.add(s.row(rank));
    }
    unranked.forEach(s -> rows.add(s.row(null)));
    return List.copyOf(rows);
  }

  /** A team's ranks in the series' challenges, with their sum and count, which compare means exactly. */
  private record Standing(String team, Map<String, Integer> ranks, long sum, int count) {
    Row row(Integer rank) {
      return new Row(team, ranks, count, count == 0 ? null : (double) sum / count, rank);
    }
  }

  private static Standing standing(String team, List<String> challenges, Map<String, Map<String, Integer>> ranks) {
    Map<String, Integer> own = new LinkedHashMap<>();
    long sum = 0;
    int count = 0;
    for (String challenge : challenges) {
      Integer rank = ranks.getOrDefault(challenge, Map.of()).get(team);
      own.put(challenge, rank);
      if (rank != null) {
        sum += rank;
        count++;
      }
    }
    return new Standing(team, Collections.unmodifiableMap(own), sum, count);
  }

  private static TreeSet<String> teams(Map<String, Map<String, Integer>> ranks) {
    TreeSet<String> teams = new TreeSet<>();
    ranks.values().forEach(board -> board.forEach((team, rank) -> {
      if (rank != null) teams.add(team);
    }));
    return teams;
  }

  /** Means compared as fractions (sum a / count a against sum b / count b), so that equal means are never parted by rounding. */
  private static int compareMeans(Standing a, Standing b) {
    return Long.compare(a.sum() * b.count(), b.sum() * a.count());
  }

  /** The ranked: by mean rank; equal means listed by more challenges ranked, then by name. */
  private static final Comparator<Standing> RANKED = ((Comparator<Standing>) SeriesRanking::compareMeans)
      .thenComparing(Standing::count, Comparator.reverseOrder()).thenComparing(Standing::team);

  /** The unranked: by challenges ranked in (the nearest to ranked first), then by mean rank, then by name. */
  private static final Comparator<Standing> UNRANKED = Comparator.comparing(Standing::count, Comparator.reverseOrder())
      .thenComparing(SeriesRanking::compareMeans).thenComparing(Standing::team);
}
