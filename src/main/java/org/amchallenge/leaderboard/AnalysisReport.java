package org.amchallenge.leaderboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amchallenge.scoring.SampleScores;
import org.amchallenge.tabular.CsvCells;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/** A ranking analysis laid out as SPEC's JSON (maps and lists, for any JSON writer), and as challengeR's long table. */
public final class AnalysisReport {
  /** Jackson's Schubfach writer of doubles: the JSON of 200 teams on 10,000 samples holds two million of them. */
  private static final com.fasterxml.jackson.databind.ObjectWriter WRITER = org.amchallenge.domain.Json.MAPPER.writer()
      .with(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());

  private AnalysisReport() {}

  /** The analysis's JSON as text. */
  public static String encode(Map<String, Object> json) {
    try {
      return WRITER.writeValueAsString(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the analysis's maps and lists are always writable", e);
    }
  }

  public static Map<String, Object> json(String challenge, RankingAnalysis.Result result) {
    RankingAnalysis.Input in = result.input();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("challenge", challenge);
    json.put("board", "private");
    json.put("samples", in.samples().size());
    json.put("teams", in.teams());
    json.put("per_sample_losses", perSampleLosses(in));
    Map<String, Object> methods = new LinkedHashMap<>();
    result.methods().forEach((method, ranks) -> methods.put(method, byTeam(in.teams(), ranks)));
    json.put("ranking_methods", methods);
    json.put("significance", significance(in.teams(), result));
    json.put("bootstrap", bootstrap(in, result));
    json.put("summary", AnalysisSummary.of(result));
    return json;
  }

  /** challengeR's input: {@code task,case,algorithm,value}, task {@code overall} and each quantity's id, case the sample. */
  public static String challengerCsv(Map<String, SampleScores.Losses> byTeam) {
    StringBuilder csv = new StringBuilder("task,case,algorithm,value\n");
    byTeam.forEach((team, losses) -> {
      losses.overall().forEach((sample, value) -> line(csv, "overall", sample, team, value));
      losses.byQuantity().forEach((quantity, values) -> values.forEach((sample, value) -> line(csv, quantity, sample, team, value)));
    });
    return csv.toString();
  }

  private static void line(StringBuilder csv, String task, String sample, String team, double value) {
    csv.append(cell(task)).append(',').append(cell(sample)).append(',').append(cell(CsvCells.neutralized(team))).append(',').append(value).append('\n');
  }

  /** RFC 4180 quoting where a cell needs it. */
  private static String cell(String text) {
    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  private static Map<String, Object> perSampleLosses(RankingAnalysis.Input in) {
    Map<String, Object> losses = new LinkedHashMap<>();
    for (int t = 0; t < in.teams().size(); t++) {
      Map<String, Double> ofTeam = new LinkedHashMap<>();
      for (int s = 0; s < in.samples().size(); s++) ofTeam.put(in.samples().get(s), finite(in.losses()[t][s]));
      losses.put(in.teams().get(t), ofTeam);
    }
    return losses;
  }

  private static Map<String, Integer> byTeam(List<String> teams, int[] ranks) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int t = 0; t < teams.size(); t++) out.put(teams.get(t), ranks[t]);
    return out;
  }

  private static Map<String, Object> significance(List<String> teams, RankingAnalysis.Result result) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int a = 0; a < teams.size(); a++) {
      Map<String, Double> row = new LinkedHashMap<>();
      for (int b = 0; b < teams.size(); b++) if (a != b) row.put(teams.get(b), result.pValues()[a][b]);
      p.put(teams.get(a), row);
    }
    List<List<String>> superior = new ArrayList<>();
    for (int[] pair : result.superior()) superior.add(List.of(teams.get(pair[0]), teams.get(pair[1])));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("test", "wilcoxon_signed_rank_one_sided");
    json.put("adjustment", "holm");
    json.put("alpha", RankingAnalysis.ALPHA);
    json.put("p_values", p);
    json.put("superior", superior);
    return json;
  }

  private static Map<String, Object> bootstrap(RankingAnalysis.Input in, RankingAnalysis.Result result) {
    Map<String, Object> ranks = new LinkedHashMap<>();
    for (int t = 0; t < in.teams().size() && in.resamples() > 0; t++) {
      Map<String, Double> frequencies = new LinkedHashMap<>();
      int[] counts = result.rankCounts()[t];
      for (int rank = 1; rank < counts.length; rank++) {
        if (counts[rank] > 0) frequencies.put(Integer.toString(rank), (double) counts[rank] / in.resamples());
      }
      Map<String, Object> team = new LinkedHashMap<>();
      team.put("frequencies", frequencies);
      team.put("median", result.medians()[t]);
      team.put("interval", List.of(result.intervals()[t][0], result.intervals()[t][1]));
      ranks.put(in.teams().get(t), team);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("resamples", in.resamples());
    json.put("ranks", ranks);
    json.put("kendall_tau", tau(result.tau()));
    return json;
  }

  /** The median and the 2.5 and 97.5 percentiles of the taus (numpy's default, linear interpolation); null where none is defined. */
  private static Map<String, Double> tau(double[] taus) {
    double[] defined = Arrays.stream(taus).filter(Double::isFinite).toArray();
    if (defined.length == 0) return null;
    Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
    Map<String, Double> json = new LinkedHashMap<>();
    json.put("median", percentile.evaluate(defined, 50));
    json.put("q025", percentile.evaluate(defined, 2.5));
    json.put("q975", percentile.evaluate(defined, 97.5));
    return json;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
