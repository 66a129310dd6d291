package org.amchallenge.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The series ranking on ranks written by hand, each expected mean and rank computed by hand in the comments. */
class SeriesRankingTest {
  private static final List<String> CHALLENGES = List.of("c1", "c2", "c3");

  private static Map<String, Integer> board(Object... teamsAndRanks) {
    Map<String, Integer> ranks = new HashMap<>();
    for (int i = 0; i < teamsAndRanks.length; i += 2) ranks.put((String) teamsAndRanks[i], (Integer) teamsAndRanks[i + 1]);
    return ranks;
  }

  private static Map<String, Map<String, Integer>> boards(Map<String, Integer> c1, Map<String, Integer> c2, Map<String, Integer> c3) {
    Map<String, Map<String, Integer>> all = new LinkedHashMap<>();
    all.put("c1", c1);
    all.put("c2", c2);
    all.put("c3", c3);
    return all;
  }

  @Test
  @DisplayName("mean ranks over the challenges a team is ranked in; equal means share a rank (1, 1, 3); fewer than min_challenges listed unranked after")
  void meanRanksTiesAndUnranked() {
    // Ada 1,2,2 -> 5/3; Ben 2,1,- -> 3/2; Cy 3,-,- -> one challenge only; Dee -,2,1 -> 3/2
    List<SeriesRanking.Row> rows = SeriesRanking.rank(CHALLENGES, boards(board("Ada", 1, "Ben", 2, "Cy", 3),
        board("Ben", 1, "Ada", 2, "Dee", 2), board("Dee", 1, "Ada", 2)), 2);
    assertEquals(List.of("Ben", "Dee", "Ada", "Cy"), rows.stream().map(SeriesRanking.Row::team).toList());
    assertEquals(java.util.Arrays.asList(1, 1, 3, null), rows.stream().map(SeriesRanking.Row::rank).toList());
    assertEquals(1.5, rows.get(0).meanRank());
    assertEquals(5.0 / 3.0, rows.get(2).meanRank(), 1e-15);
    assertEquals(List.of(2, 2, 3, 1), rows.stream().map(SeriesRanking.Row::challengesRanked).toList());
    assertEquals(3.0, rows.get(3).meanRank());
    Map<String, Integer> ben = new LinkedHashMap<>();
    ben.put("c1", 2);
    ben.put("c2", 1);
    ben.put("c3", null);
    assertEquals(ben, rows.get(0).ranks());
    assertEquals(List.of("c1", "c2", "c3"), List.copyOf(rows.get(0).ranks().keySet()), "each challenge in the series' order");
  }

  @Test
  @DisplayName("a rank that is null on a challenge board (a disqualified team, a baseline) counts as none; a team with none is not listed")
  void nullRanksNeverCount() {
    // Base is a baseline (rank null) everywhere: not listed; Ada 2 and 1 -> 1.5 over two; Ben 1 and null -> one challenge
    List<SeriesRanking.Row> rows = SeriesRanking.rank(CHALLENGES, boards(board("Ben", 1, "Ada", 2, "Base", null),
        board("Ada", 1, "Ben", null, "Base", null), board()), 2);
    assertEquals(List.of("Ada", "Ben"), rows.stream().map(SeriesRanking.Row::team).toList());
    assertEquals(1, rows.get(0).rank());
    assertEquals(1.5, rows.get(0).meanRank());
    assertNull(rows.get(1).rank());
    assertEquals(1, rows.get(1).challengesRanked());
  }

  @Test
  @DisplayName("means equal as fractions (4/2 and 6/3) tie exactly and list the team ranked in more challenges first")
  void exactTies() {
    // A: 1,3 -> 4/2 = 2; B: 1,2,3 -> 6/3 = 2; C: 1,2 -> 3/2; D: 3,3,1 -> 7/3
    List<SeriesRanking.Row> rows = SeriesRanking.rank(CHALLENGES, boards(board("A", 1, "B", 1, "C", 1, "D", 3),
        board("B", 2, "C", 2, "D", 3), board("A", 3, "B", 3, "D", 1)), 1);
    assertEquals(List.of("C", "B", "A", "D"), rows.stream().map(SeriesRanking.Row::team).toList(), "equal means: more challenges first");
    assertEquals(List.of(1, 2, 2, 4), rows.stream().map(SeriesRanking.Row::rank).toList());
  }

  @Test
  @DisplayName("min_challenges of 1 ranks every team ranked anywhere; of 3, only those ranked in all three")
  void minChallenges() {
    Map<String, Map<String, Integer>> boards = boards(board("A", 1, "B", 2), board("A", 2, "B", 1), board("B", 1));
    assertEquals(java.util.Arrays.asList(1, 2), SeriesRanking.rank(CHALLENGES, boards, 1).stream().map(SeriesRanking.Row::rank).toList());
    List<SeriesRanking.Row> all = SeriesRanking.rank(CHALLENGES, boards, 3);
    // B: 2,1,1 -> 4/3, ranked; A: 1,2 -> 3/2 but in two only
    assertEquals(List.of("B", "A"), all.stream().map(SeriesRanking.Row::team).toList());
    assertEquals(java.util.Arrays.asList(1, null), all.stream().map(SeriesRanking.Row::rank).toList());
  }
}
