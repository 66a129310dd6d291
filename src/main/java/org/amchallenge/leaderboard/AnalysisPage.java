package org.amchallenge.leaderboard;

import java.util.List;
import java.util.Locale;

/**
 * The results bundle's {@code analysis.html}: the analysis as a page that needs no server and no script (a bundle
 * is read offline, years later): the ranks under each method with the bootstrap's interval, and the significance map.
 */
public final class AnalysisPage {
  private AnalysisPage() {}

  public static String html(String title, RankingAnalysis.Result result) {
    StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ranking analysis: ")
        .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td.yes{background:#2a7}td.no{background:#eee}</style></head><body>\n")
        .append("<h1>Ranking analysis: ").append(escape(title)).append("</h1>\n<p>").append(escape(AnalysisSummary.of(result))).append("</p>\n");
    ranks(html, result);
    map(html, result);
    return html.append("</body></html>\n").toString();
  }

  private static void ranks(StringBuilder html, RankingAnalysis.Result result) {
    List<String> teams = result.input().teams();
    html.append("<h2>Ranks</h2>\n<table><tr><th>team</th>");
    result.methods().keySet().forEach(method -> html.append("<th>").append(escape(method)).append("</th>"));
    html.append("<th>bootstrap median</th><th>95 % interval</th></tr>\n");
    for (int t = 0; t < teams.size(); t++) {
      html.append("<tr><th>").append(escape(teams.get(t))).append("</th>");
      for (int[] ranks : result.methods().values()) html.append("<td>").append(ranks[t]).append("</td>");
      boolean resampled = result.input().resamples() > 0;
      html.append("<td>").append(resampled ? result.medians()[t] : "").append("</td><td>")
          .append(resampled ? result.intervals()[t][0] + "–" + result.intervals()[t][1] : "").append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void map(StringBuilder html, RankingAnalysis.Result result) {
    List<String> teams = result.input().teams();
    html.append("<h2>Significance</h2>\n<p>A green cell: the row's team has significantly smaller losses than the column's "
        + "(one-sided Wilcoxon signed-rank test, Holm-adjusted p-value shown, 5 % level).</p>\n<table><tr><th></th>");
    teams.forEach(team -> html.append("<th>").append(escape(team)).append("</th>"));
    html.append("</tr>\n");
    for (int a = 0; a < teams.size(); a++) {
      html.append("<tr><th>").append(escape(teams.get(a))).append("</th>");
      for (int b = 0; b < teams.size(); b++) {
        if (a == b) html.append("<td></td>");
        else html.append("<td class=\"").append(result.pValues()[a][b] < RankingAnalysis.ALPHA ? "yes" : "no").append("\">")
            .append(String.format(Locale.ROOT, "%.3g", result.pValues()[a][b])).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
