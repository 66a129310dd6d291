package org.amchallenge.competition;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.leaderboard.AnalysisPage;
import org.amchallenge.leaderboard.AnalysisReport;
import org.amchallenge.leaderboard.Bootstrap;
import org.amchallenge.leaderboard.RankingAnalysis;
import org.amchallenge.leaderboard.Ranking;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.scoring.SampleScores;
import org.amchallenge.store.Store;

/**
 * The ranking analysis of each challenge's final board, computed off the event loop once per version of the
 * board (and of the challenge's definition and reference) and kept: every reader of one version shares one result.
 */
public final class RankingAnalyses {
  private final Vertx vertx;
  private final Store store;
  private final SubmissionService submissions;
  private final Boards boards;
  /** Per challenge, its latest analysis only: one of a large challenge holds its per-sample losses three times over. */
  private final Cache<String, Kept> computed = Caffeine.newBuilder().maximumSize(16).build();

  private record Kept(String version, Future<Analysis> analysis) {}

  /**
   * An analysis as SPEC's JSON, challengeR's long table, and a page of its own for the results bundle, each as UTF-8
   * bytes made on the worker: a large challenge's JSON is tens of megabytes, too many to encode on the event loop.
   */
  public record Analysis(byte[] json, byte[] challengerCsv, byte[] html) {}

  public RankingAnalyses(Vertx vertx, Store store, SubmissionService submissions, Boards boards) {
    this.vertx = vertx;
    this.store = store;
    this.submissions = submissions;
    this.boards = boards;
  }

  public Future<Analysis> of(ChallengeEntry entry) {
    return boards.submissions(entry.id()).compose(ranked -> {
      // the entry is replaced whenever the definition or the reference changes: its identity marks that version
      String version = finalBoardVersion(ranked) + "/" + System.identityHashCode(entry);
      Kept kept = computed.asMap().compute(entry.id(), (id, known) -> known != null && known.version().equals(version) ? known
          : new Kept(version, compute(entry)));
      kept.analysis().onFailure(failure -> computed.asMap().remove(entry.id(), kept));
      return kept.analysis();
    });
  }

  /**
   * What the final board is made of (each ranked submission, whether selected, its private score): not the board's
   * live version, which an upload after the reveal moves too, and each such upload would make the next reader pay
   * for an analysis whose answer cannot have changed.
   */
  private static long finalBoardVersion(List<SubmissionRecord> ranked) {
    long h = ranked.size();
    for (SubmissionRecord s : ranked) {
      h = 31 * h + s.id().hashCode();
      h = 31 * h + (s.selected() ? 1 : 0);
      h = 31 * h + Double.hashCode(s.evaluation().privatePart().score() == null ? Double.NaN : s.evaluation().privatePart().score());
    }
    return h;
  }

  private Future<Analysis> compute(ChallengeEntry entry) {
    return boards.submissions(entry.id()).compose(all -> {
      List<Ranking.Row> rows = Ranking.finalBoard(entry.challenge(), all);
      Map<String, SubmissionRecord> byId = new LinkedHashMap<>();
      all.forEach(s -> byId.put(s.id(), s));
      return store.submissionFiles(rows.stream().map(Ranking.Row::submission).toList())
          .compose(files -> vertx.executeBlocking(() -> analyse(entry, rows, byId, files), false));
    });
  }

  private Analysis analyse(ChallengeEntry entry, List<Ranking.Row> rows, Map<String, SubmissionRecord> byId, Map<String, byte[]> files) {
    List<String> samples = privateSamples(entry);
    List<String> teams = new ArrayList<>();
    Map<String, SampleScores.Losses> losses = new LinkedHashMap<>();
    double[][] matrix = new double[rows.size()][];
    int[] official = new int[rows.size()];
    for (int t = 0; t < rows.size(); t++) {
      Ranking.Row row = rows.get(t);
      Predictions predictions = submissions.reread(entry, byId.get(row.submission()), files.get(row.submission())).predictions();
      SampleScores.Losses own = SampleScores.of(entry.challenge(), entry.reference(), predictions, entry.privateRows());
      teams.add(row.team());
      losses.put(row.team(), own);
      matrix[t] = samples.stream().mapToDouble(s -> own.overall().getOrDefault(s, Double.NaN)).toArray();
      official[t] = row.rank();
    }
    RankingAnalysis.Input input = new RankingAnalysis.Input(teams, samples, matrix, official,
        entry.challenge().ranking().higherIsBetter(), Bootstrap.seed(entry.challenge(), true), entry.challenge().ranking().bootstrap());
    RankingAnalysis.Result result = RankingAnalysis.analyse(input);
    return new Analysis(utf8(AnalysisReport.encode(AnalysisReport.json(entry.id(), result))), utf8(AnalysisReport.challengerCsv(losses)),
        utf8(AnalysisPage.html(entry.challenge().title(), result)));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Every sample with a row in the private part, sorted by name. */
  private static List<String> privateSamples(ChallengeEntry entry) {
    TreeSet<String> samples = new TreeSet<>();
    entry.reference().tables().forEach((quantity, table) -> addSamples(samples, table, entry.privateRows().get(quantity)));
    return List.copyOf(samples);
  }

  private static void addSamples(TreeSet<String> samples, ReferenceTable table, boolean[] inPart) {
    for (int i = 0; i < table.size(); i++) if (inPart == null || inPart[i]) samples.add(table.sample(i));
  }
}
