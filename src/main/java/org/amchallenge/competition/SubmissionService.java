package org.amchallenge.competition;

import org.amchallenge.store.FileCodec;
import org.amchallenge.submission.ParsedSubmission;
import org.amchallenge.submission.SubmissionFormat;
import org.amchallenge.submission.PredictionReader;
import org.amchallenge.submission.FileLimits;
import org.amchallenge.submission.WorkbookLimits;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.UUIDClock;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.scoring.Ladder;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.store.FileBytes;
import org.amchallenge.store.QuotaExceededException;
import org.amchallenge.store.StagedFile;
import org.amchallenge.store.Store;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;

/** Takes an uploaded file from bytes to a durable, scored submission: read, score, release, store; and rescores. */
public final class SubmissionService {
  private final Vertx vertx;
  private final Store store;
  private final Clock clock;
  private final long maxRows;
  private final long maxCells;
  private final java.util.function.Consumer<java.time.Duration> scored;
  /**
   * Submission ids: time-ordered UUIDs (version 7, RFC 9562: the millisecond on this service's clock, then 74
   * random bits, counted up from the last id within one millisecond), so a new submission's keys go at the end of
   * the database's indexes, not at a random page of them that is read back from disk first (random ids cost about
   * a third of the upload's allocation in H2). Ids are public (the board names them); reading a submission takes
   * its team's or the organizer's token, not its id alone.
   */
  private final TimeBasedEpochGenerator ids;

  /** {@code maxRows} lines per text file, {@code maxCells} cells per workbook; {@code scored} is told each file's reading and scoring time. */
  public SubmissionService(Vertx vertx, Store store, Clock clock, long maxRows, long maxCells,
                           java.util.function.Consumer<java.time.Duration> scored) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.maxRows = maxRows;
    this.maxCells = maxCells;
    this.scored = scored;
    this.ids = Generators.timeBasedEpochGenerator(new SecureRandom(), new UUIDClock() {
      @Override
      public long currentTimeMillis() {
        return clock.millis();
      }
    });
  }

  /**
   * An uploaded file, as the HTTP layer received it: its bytes, or ({@code body} null) what was read of a large CSV
   * as it arrived ({@code early}), which holds the only whole copy, compressed.
   */
  public record Upload(byte[] body, String contentType, String fileName, String description, ArrivingUpload.Early early) {
    public Upload(byte[] body, String contentType, String fileName, String description) {
      this(body, contentType, fileName, description, null);
    }

    /** A body read as it arrived. */
    public static Upload arrived(ArrivingUpload.Early early, String contentType) {
      return new Upload(null, contentType, null, null, early);
    }

    /** The file's first bytes (64 at most), for its format. */
    byte[] head() {
      return body == null ? early.head() : Arrays.copyOf(body, Math.min(body.length, 64));
    }

    /** The whole file (decompressed again where it was read as it arrived). */
    byte[] bytes() {
      return body == null ? early.body() : body;
    }
  }

  /** The team's Ladder so far: its released public score and the file of the submission that set it. */
  private record LadderState(Double released, SubmissionRecord best, byte[] bestFile) {
    static final LadderState EMPTY = new LadderState(null, null, null);
  }

  /**
   * Checks the team's limits, reads and scores off the event loop, then stores; the future succeeds only once
   * the row is committed. {@code history} is the team's earlier submissions to this challenge, oldest first.
   */
  public Future<SubmissionRecord> submit(ChallengeEntry entry, Team team, Upload upload, List<SubmissionRecord> history) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant dayStart = now.truncatedTo(ChronoUnit.DAYS);
    Challenge.Rules rules = entry.challenge().rules();
    // a file is not read for a team already at its limits: counted here from the submissions this node keeps,
    // and again, exactly, in the transaction that stores it
    long today = history.stream().filter(s -> !s.submittedAt().isBefore(dayStart)).count();
    if (history.size() >= rules.maxSubmissionsTotal()) {
      return Future.failedFuture(QuotaExceededException.total(rules.maxSubmissionsTotal()));
    }
    if (today >= rules.maxSubmissionsPerDay()) {
      return Future.failedFuture(QuotaExceededException.daily(rules.maxSubmissionsPerDay()));
    }
    String id = ids.generate().toString();
    return ladderState(entry, history)
        .compose(ladder -> {
          // a large file is compressed on another core while it is read and scored (or already was, as it
          // arrived), and staged (written beside the database) while it is scored
          Future<FileBytes> compressed = upload.early() != null ? Future.succeededFuture(upload.early().compressed())
              : upload.body().length > FileCodec.BLOCK_LIMIT ? vertx.executeBlocking(() -> FileCodec.compress(upload.body()), false) : null;
          Future<Scored> scored = vertx.executeBlocking(() -> evaluate(id, entry, team, upload, now, ladder, compressed == null), false);
          if (compressed == null) {
            return scored.compose(done -> store.stageFile(id, done.compressedFile()).map(file -> new Staged(done.record(), file)));
          }
          Future<StagedFile> staged = compressed.compose(file -> store.stageFile(id, file));
          return Future.join(scored, staged).transform(both -> both.succeeded()
              ? Future.succeededFuture(new Staged(scored.result().record(), staged.result()))
              // a file refused (or not staged) leaves nothing behind before the answer says so
              : (staged.succeeded() ? store.discard(staged.result()) : Future.<Void>succeededFuture())
                  .transform(discarded -> Future.failedFuture(scored.failed() ? scored.cause() : staged.cause())));
        })
        .compose(staged -> store.insertSubmission(staged.record(), staged.file(), dayStart,
            rules.maxSubmissionsPerDay(), rules.maxSubmissionsTotal()).map(staged.record()));
  }

  private record Staged(SubmissionRecord record, StagedFile file) {}

  private record Scored(SubmissionRecord record, FileBytes compressedFile) {}

  /** Reads and scores the file; {@code compress}: and compresses it for storing, else the file is left null here. */
  private Scored evaluate(String id, ChallengeEntry entry, Team team, Upload upload, Instant now, LadderState ladder, boolean compress) {
    long start = System.nanoTime();
    SubmissionFormat format = SubmissionFormat.detect(upload.contentType(), upload.fileName(), upload.head());
    ParsedSubmission early = upload.early() == null ? null : upload.early().take(entry);
    if (early != null && format == SubmissionFormat.CSV) FileLimits.checkRows(upload.early().lineEnds(), maxRows);
    // the general reader, where the file was not read as it arrived or the fast path gave up on it
    byte[] body = early != null && format == SubmissionFormat.CSV ? null : upload.bytes();
    if (body != null && format == SubmissionFormat.XLSX) WorkbookLimits.check(body, maxCells);
    else if (body != null) FileLimits.checkRows(body, format == SubmissionFormat.JSON ? (byte) '{' : (byte) '\n', maxRows);
    ParsedSubmission parsed = body == null ? new ParsedSubmission(early.predictions(), early.rows(), upload.description())
        : new PredictionReader(entry.challenge(), entry.reference()).read(format, body, upload.description());
    Evaluation evaluation = Evaluation.of(entry.challenge(), entry.reference(), entry.publicRows(), entry.privateRows(),
        parsed.predictions());
    SubmissionRecord record = new SubmissionRecord(id, entry.id(), team.id(), team.name(),
        now, upload.fileName(), format.name().toLowerCase(), parsed.description(), parsed.rows(),
        evaluation, entry.reference().sha256(), Scorer.VERSION, null, false);
    Double released = released(entry, evaluation, parsed.predictions(), ladder.released(),
        ladder.best() == null ? null : reread(entry, ladder.best(), ladder.bestFile()).predictions());
    Scored result = new Scored(record.withReleasedScore(released), compress ? FileCodec.compress(body) : null);
    scored.accept(java.time.Duration.ofNanos(System.nanoTime() - start));
    return result;
  }

  /** The public score the Ladder releases after this submission; null where the challenge has no Ladder. */
  private static Double released(ChallengeEntry entry, Evaluation evaluation, Predictions predictions, Double released,
                                 Predictions best) {
    Challenge challenge = entry.challenge();
    if (!challenge.ranking().ladder() || !evaluation.publicPart().ranked()) return release(challenge, evaluation, null, released, null);
    double[] shares = Scorer.rowShares(challenge, entry.reference(), predictions, entry.publicRows());
    double[] bestShares = best == null ? null : Scorer.rowShares(challenge, entry.reference(), best, entry.publicRows());
    return release(challenge, evaluation, shares, released, bestShares);
  }

  /**
   * The one Ladder decision, for an upload and for a replay: null without a Ladder; the team's released score
   * where this submission is not ranked; else the new score where it beats the released one by more than the
   * paired standard error against the team's best ({@code bestShares}; its own shares for a first submission).
   */
  private static Double release(Challenge challenge, Evaluation evaluation, double[] shares, Double released, double[] bestShares) {
    if (!challenge.ranking().ladder()) return null;
    if (!evaluation.publicPart().ranked()) return released;
    return Ladder.release(evaluation.publicPart().score(), shares, released, bestShares == null ? shares : bestShares,
        challenge.ranking().higherIsBetter(), challenge.ranking().precision());
  }

  /** The team's released score and the submission that set it, read from its history, with that file. */
  private Future<LadderState> ladderState(ChallengeEntry entry, List<SubmissionRecord> history) {
    if (!entry.challenge().ranking().ladder()) return Future.succeededFuture(LadderState.EMPTY);
    Double released = null;
    SubmissionRecord best = null;
    for (SubmissionRecord s : history) {
      if (s.releasedScore() != null && !s.releasedScore().equals(released)) {
        released = s.releasedScore();
        best = s;
      }
    }
    if (best == null) return Future.succeededFuture(LadderState.EMPTY);
    Double releasedScore = released;
    SubmissionRecord bestRecord = best;
    return store.submissionFile(best.id()).map(file -> new LadderState(releasedScore, bestRecord, file.orElseThrow()));
  }

  /** Submissions whose files are read in one query and scored together during a rescore. */
  private static final int RESCORE_BATCH = 256;

  /** One submission scored again: its evaluation, and its public row shares where the Ladder needs them. */
  private record Rescored(SubmissionRecord record, Evaluation evaluation, double[] shares) {}

  /**
   * Scores every stored submission of a challenge again, after its reference data or definition changed,
   * and replays the Ladder in submission order. Files are read a batch at a time and scored on every core;
   * the Ladder, which depends on order, replays afterwards from each submission's row shares. Returns the
   * rescored records, oldest first. {@code all} is every submission of the challenge, oldest first.
   */
  public Future<List<SubmissionRecord>> rescore(ChallengeEntry entry, Future<List<SubmissionRecord>> all) {
    return all
        .compose(submissions -> {
          List<Rescored> done = new ArrayList<>(submissions.size());
          Future<Void> chain = Future.succeededFuture();
          for (int from = 0; from < submissions.size(); from += RESCORE_BATCH) {
            List<SubmissionRecord> batch = submissions.subList(from, Math.min(submissions.size(), from + RESCORE_BATCH));
            chain = chain.compose(ignored -> store.submissionFiles(batch.stream().map(SubmissionRecord::id).toList()))
                .compose(files -> rescoreBatch(entry, batch, files))
                .map(scored -> {
                  done.addAll(scored);
                  return null;
                });
          }
          return chain.map(ignored -> replayLadder(entry, done));
        })
        .compose(rescored -> store.updateScores(rescored).map(rescored));
  }

  /** Scores a batch in as many parts as there are cores, each part on a worker thread of its own. */
  private Future<List<Rescored>> rescoreBatch(ChallengeEntry entry, List<SubmissionRecord> batch, Map<String, byte[]> files) {
    int parts = Math.max(1, Math.min(batch.size(), Runtime.getRuntime().availableProcessors()));
    List<Future<List<Rescored>>> scored = new ArrayList<>();
    for (int part = 0; part < parts; part++) {
      List<SubmissionRecord> slice = batch.subList(part * batch.size() / parts, (part + 1) * batch.size() / parts);
      scored.add(vertx.executeBlocking(() -> {
        List<Rescored> out = new ArrayList<>(slice.size());
        for (SubmissionRecord s : slice) {
          byte[] file = files.get(s.id());
          if (file == null) throw new IllegalStateException("the file of submission " + s.id() + " is missing from the store");
          Predictions predictions = reread(entry, s, file).predictions();
          Evaluation evaluation = Evaluation.of(entry.challenge(), entry.reference(), entry.publicRows(), entry.privateRows(), predictions);
          double[] shares = entry.challenge().ranking().ladder() && evaluation.publicPart().ranked()
              ? Scorer.rowShares(entry.challenge(), entry.reference(), predictions, entry.publicRows()) : null;
          out.add(new Rescored(s, evaluation, shares));
        }
        return out;
      }, false));
    }
    return Future.all(scored).map(all -> {
      List<Rescored> out = new ArrayList<>(batch.size());
      for (Future<List<Rescored>> part : scored) out.addAll(part.result());
      return out;
    });
  }

  /** Each team's released score, replayed through the Ladder in submission order. */
  private static List<SubmissionRecord> replayLadder(ChallengeEntry entry, List<Rescored> rescored) {
    Challenge challenge = entry.challenge();
    Map<String, double[]> bestShares = new HashMap<>();
    Map<String, Double> releasedByTeam = new HashMap<>();
    List<SubmissionRecord> out = new ArrayList<>(rescored.size());
    for (Rescored r : rescored) {
      SubmissionRecord s = r.record();
      Double before = releasedByTeam.get(s.teamId());
      Double after = release(challenge, r.evaluation(), r.shares(), before, bestShares.get(s.teamId()));
      if (after != null && !after.equals(before)) {
        bestShares.put(s.teamId(), r.shares());
        releasedByTeam.put(s.teamId(), after);
      }
      out.add(s.rescored(r.evaluation(), entry.reference().sha256()).withReleasedScore(after));
    }
    return out;
  }

  /** Reads a stored file again, for the residuals of its rows or a rescore. */
  public ParsedSubmission reread(ChallengeEntry entry, SubmissionRecord record, byte[] compressedFile) {
    byte[] body = FileCodec.decompress(compressedFile);
    return new PredictionReader(entry.challenge(), entry.reference())
        .read(SubmissionFormat.valueOf(record.format().toUpperCase()), body, record.description());
  }
}
