package org.amchallenge.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a ranking analysis means, in a few plain sentences for the page and the results bundle. */
public final class AnalysisSummary {
  private AnalysisSummary() {}

  public static String of(RankingAnalysis.Result result) {
    RankingAnalysis.Input in = result.input();
    List<String> teams = in.teams();
    if (teams.size() < 2) return "Fewer than two teams are ranked: there is nothing to compare.";
    List<String> sentences = new ArrayList<>();
    sentences.add(neighbours(result));
    if (in.resamples() > 0) sentences.add(leader(result));
    sentences.add(methods(result));
    return String.join(" ", sentences);
  }

  /** Which teams next to each other in the official order cannot be told apart. */
  private static String neighbours(RankingAnalysis.Result result) {
    List<String> teams = result.input().teams();
    List<String> pairs = new ArrayList<>();
    for (int t = 0; t + 1 < teams.size(); t++) {
      if (result.pValues()[t][t + 1] >= RankingAnalysis.ALPHA) pairs.add(teams.get(t) + " and " + teams.get(t + 1));
    }
    int samples = result.input().samples().size();
    if (pairs.isEmpty()) {
      return "Each team is significantly better than the next one in the ranking on these " + samples
          + " samples (one-sided Wilcoxon signed-rank tests, Holm-adjusted, 5 % level).";
    }
    return "Teams " + String.join("; ", pairs) + " cannot be told apart on these " + samples
        + " samples (one-sided Wilcoxon signed-rank tests, Holm-adjusted, 5 % level).";
  }

  private static String leader(RankingAnalysis.Result result) {
    int first = 0;
    int[] counts = result.rankCounts()[first];
    double share = 100.0 * counts[1] / result.input().resamples();
    String text = String.format(Locale.ROOT, "%s is first in %.0f %% of %d bootstrap resamples of the samples; its rank lies between %d and %d in 95 %% of them.",
        result.input().teams().get(first), share, result.input().resamples(), result.intervals()[first][0], result.intervals()[first][1]);
    double[] taus = java.util.Arrays.stream(result.tau()).filter(Double::isFinite).sorted().toArray();
    if (taus.length == 0) return text;
    return text + String.format(Locale.ROOT, " A resample's ranking agrees with the full one with a median Kendall's tau of %.2f.", taus[taus.length / 2]);
  }

  private static String methods(RankingAnalysis.Result result) {
    int[] official = result.methods().get("official");
    List<String> moved = new ArrayList<>();
    result.methods().forEach((method, ranks) -> {
      if (!method.equals("official") && !java.util.Arrays.equals(ranks, official)) moved.add(method.replace('_', ' '));
    });
    if (moved.isEmpty()) return "Every other ranking method gives the same ranks.";
    return "The ranks change under " + String.join(", ", moved) + ".";
  }
}
