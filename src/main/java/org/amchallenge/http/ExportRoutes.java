package org.amchallenge.http;

import org.amchallenge.store.FileCodec;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.export.BundleWriter;
import org.amchallenge.export.ResultsBundle;
import org.amchallenge.problem.ApiException;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.domain.StoredChallenge;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.competition.SubmissionService;

/**
 * The results bundle: the organizer's at any time, everyone's after the reveal. It is written to a file on a
 * worker, a few hundred submissions' files read from the store at a time, then sent and deleted.
 */
final class ExportRoutes {
  private static final int FILES_PER_QUERY = 256;
  private final ApiContext api;
  private final LeaderboardRoutes leaderboards;
  private final Vertx vertx;

  ExportRoutes(ApiContext api, LeaderboardRoutes leaderboards, Vertx vertx) {
    this.api = api;
    this.leaderboards = leaderboards;
    this.vertx = vertx;
  }

  void export(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    Instant now = api.clock().instant();
    boolean revealed = published.revealedAt(now);
    if (!ApiVerticle.caller(ctx).organizer() && !revealed) {
      ctx.fail(ApiException.forbidden("the results bundle is the organizer's until the challenge is revealed"));
      return;
    }
    Path file = api.uploadsDir().resolve("export-" + java.util.UUID.randomUUID() + ".zip");
    write(published, revealed, ApiVerticle.caller(ctx).organizer(), now, file)
        .onSuccess(done -> ctx.response()
            .putHeader("Content-Type", "application/zip")
            .putHeader("Content-Disposition", "attachment; filename=\"" + published.id() + "-results.zip\"")
            .putHeader("Cache-Control", "no-store")
            .sendFile(file.toString())
            .onComplete(sent -> vertx.fileSystem().delete(file.toString())))
        .onFailure(failure -> {
          vertx.fileSystem().delete(file.toString());
          ctx.fail(failure);
        });
  }

  private Future<Void> write(Published published, boolean revealed, boolean organizer, Instant now, Path file) {
    Future<StoredChallenge> stored = api.store().challenge(published.id())
        .map(found -> found.orElseThrow(() -> ApiException.notFound("no challenge '" + published.id() + "'")));
    Future<List<SubmissionRecord>> submissions = api.boards().submissions(published.id());
    Future<String> publicBoard = leaderboards.csvOf(published, Evaluation.Board.PUBLIC);
    Future<String> finalBoard = leaderboards.csvOf(published, Evaluation.Board.PRIVATE);
    Future<byte[]> reference = revealed ? api.competition().reference(published.id()) : Future.succeededFuture(null);
    Future<List<org.amchallenge.domain.Disqualification>> disqualified = api.boards().disqualifications(published.id());
    Future<List<ResultsBundle.SeriesBoard>> series = seriesBoards(published.id());
    boolean afterReveal = revealed && published.challenge().afterReveal() == org.amchallenge.challenge.Challenge.AfterReveal.BENCHMARK;
    Future<String> postReveal = afterReveal ? leaderboards.csvOf(published, Evaluation.Board.POST_REVEAL) : Future.succeededFuture(null);
    Future<org.amchallenge.competition.RankingAnalyses.Analysis> analysis = api.analyses().of(published.entry());
    return Future.all(List.of(stored, submissions, publicBoard, finalBoard, reference, disqualified, series, postReveal, analysis)).compose(all -> {
      StoredChallenge challenge = stored.result();
      ResultsBundle.Header header = new ResultsBundle.Header(published.id(), published.challenge().title(),
          published.statusAt(now).id(), published.revealedAt(), now, challenge.definition(), challenge.definitionIsYaml(),
          reference.result(), published.entry().reference().sha256(), publicBoard.result(), finalBoard.result(),
          disqualified.result(), series.result(), postReveal.result());
      return vertx.executeBlocking(() -> open(file, header)).compose(bundle ->
          writeSubmissions(bundle, submissions.result(), 0)
              .compose(v -> vertx.<Void>executeBlocking(() -> {
                ResultsBundle.writeAnalysis(bundle, analysis.result().json(), analysis.result().html(), analysis.result().challengerCsv());
                ResultsBundle.writeMethods(bundle, published.challenge().methodForm(), submissions.result(), organizer, revealed);
                ResultsBundle.finish(bundle, header, submissions.result());
                bundle.close();
                return null;
              }))
              .onFailure(failed -> bundle.close()));
    });
  }

  /** The boards of the series the challenge belongs to, as they stand: the same as anybody reads them now. */
  private Future<List<ResultsBundle.SeriesBoard>> seriesBoards(String challengeId) {
    List<Future<ResultsBundle.SeriesBoard>> boards = api.series().registry().containing(challengeId).stream()
        .map(one -> api.series().board(one).map(board -> new ResultsBundle.SeriesBoard(one.id(), one.title(), SeriesRoutes.csv(board))))
        .toList();
    return Future.all(boards).map(done -> boards.stream().map(Future::result).toList());
  }

  private static BundleWriter open(Path file, ResultsBundle.Header header) throws IOException {
    OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    BundleWriter bundle = new BundleWriter(out, header.exportedAt());
    ResultsBundle.writeHead(bundle, header);
    return bundle;
  }

  /** The submissions from {@code from} on, a query's worth of files at a time. */
  private Future<Void> writeSubmissions(BundleWriter bundle, List<SubmissionRecord> submissions, int from) {
    if (from >= submissions.size()) return Future.succeededFuture();
    List<SubmissionRecord> batch = submissions.subList(from, Math.min(submissions.size(), from + FILES_PER_QUERY));
    return api.store().submissionFiles(batch.stream().map(SubmissionRecord::id).toList())
        .compose(files -> vertx.<Void>executeBlocking(() -> {
          for (SubmissionRecord submission : batch) {
            byte[] stored = files.get(submission.id());
            if (stored == null) throw new UncheckedIOException(new IOException("the file of submission " + submission.id() + " is missing"));
            ResultsBundle.writeSubmission(bundle, submission, FileCodec.decompress(stored));
          }
          return null;
        }))
        .compose(v -> writeSubmissions(bundle, submissions, from + FILES_PER_QUERY));
  }
}
