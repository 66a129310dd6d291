package org.amchallenge.submission;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.leaderboard.Ladder;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.store.QuotaExceededException;
import org.amchallenge.store.Store;
import org.amchallenge.store.SubmissionRecord;
import org.amchallenge.store.Team;

/** Takes an uploaded file from bytes to a durable, scored submission: read, score, release, store; and rescores. */
public final class SubmissionService {
  private final Vertx vertx;
  private final Store store;
  private final Clock clock;

  public SubmissionService(Vertx vertx, Store store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  /** An uploaded file, as the HTTP layer received it. */
  public record Upload(byte[] body, String contentType, String fileName, String description) {}

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
    return store.usage(entry.id(), team.id(), dayStart)
        .compose(usage -> usage.total() >= rules.maxSubmissionsTotal()
            ? Future.failedFuture(new QuotaExceededException(false, "the team has made all " + rules.maxSubmissionsTotal() + " submissions this challenge allows"))
            : usage.today() >= rules.maxSubmissionsPerDay()
                ? Future.failedFuture(new QuotaExceededException(true, "the team has made its " + rules.maxSubmissionsPerDay() + " submissions of today (UTC)"))
                : ladderState(entry, history))
        .compose(ladder -> vertx.executeBlocking(() -> evaluate(entry, team, upload, now, ladder), false))
        .compose(scored -> store.insertSubmission(scored.record(), scored.compressedFile(), dayStart,
            rules.maxSubmissionsPerDay(), rules.maxSubmissionsTotal()).map(scored.record()));
  }

  private record Scored(SubmissionRecord record, byte[] compressedFile) {}

  private Scored evaluate(ChallengeEntry entry, Team team, Upload upload, Instant now, LadderState ladder) {
    byte[] head = java.util.Arrays.copyOf(upload.body(), Math.min(upload.body().length, 64));
    SubmissionFormat format = SubmissionFormat.detect(upload.contentType(), upload.fileName(), head);
    ParsedSubmission parsed = new PredictionReader(entry.challenge(), entry.reference())
        .read(format, upload.body(), upload.description());
    Evaluation evaluation = Evaluation.of(entry.challenge(), entry.reference(), entry.publicRows(), entry.privateRows(),
        parsed.predictions());
    SubmissionRecord record = new SubmissionRecord(UUID.randomUUID().toString(), entry.id(), team.id(), team.name(),
        now, upload.fileName(), format.name().toLowerCase(), parsed.description(), parsed.rows(),
        evaluation, entry.reference().sha256(), Scorer.VERSION, null, false);
    Double released = released(entry, evaluation, parsed.predictions(), ladder.released(),
        ladder.best() == null ? null : reread(entry, ladder.best(), ladder.bestFile()).predictions());
    return new Scored(record.withReleasedScore(released), compress(upload.body()));
  }

  /** The public score the Ladder releases after this submission; null where the challenge has no Ladder. */
  private static Double released(ChallengeEntry entry, Evaluation evaluation, Predictions predictions, Double released,
                                 Predictions best) {
    Challenge challenge = entry.challenge();
    if (!challenge.ranking().ladder()) return null;
    if (!evaluation.publicPart().ranked()) return released;
    double[] shares = Scorer.rowShares(challenge, entry.reference(), predictions, entry.publicRows());
    double[] bestShares = best == null ? shares : Scorer.rowShares(challenge, entry.reference(), best, entry.publicRows());
    return Ladder.release(evaluation.publicPart().score(), shares, released, bestShares,
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

  /**
   * Scores every stored submission of a challenge again, after its reference data or definition changed,
   * and replays the Ladder in submission order. Returns the rescored records, oldest first.
   */
  public Future<List<SubmissionRecord>> rescore(ChallengeEntry entry) {
    return store.submissions(entry.id())
        .compose(submissions -> {
          Future<List<SubmissionRecord>> chain = Future.succeededFuture(new ArrayList<>());
          Map<String, Predictions> bestByTeam = new HashMap<>();
          Map<String, Double> releasedByTeam = new HashMap<>();
          for (SubmissionRecord s : submissions) {
            chain = chain.compose(done -> store.submissionFile(s.id())
                .compose(file -> vertx.executeBlocking(() -> {
                  Predictions predictions = reread(entry, s, file.orElseThrow()).predictions();
                  Evaluation evaluation = Evaluation.of(entry.challenge(), entry.reference(), entry.publicRows(), entry.privateRows(), predictions);
                  Double before = releasedByTeam.get(s.teamId());
                  Double after = released(entry, evaluation, predictions, before, bestByTeam.get(s.teamId()));
                  if (after != null && !after.equals(before)) bestByTeam.put(s.teamId(), predictions);
                  if (after != null) releasedByTeam.put(s.teamId(), after);
                  done.add(s.rescored(evaluation, entry.reference().sha256()).withReleasedScore(after));
                  return done;
                }, false)));
          }
          return chain;
        })
        .compose(rescored -> store.updateScores(rescored).map(rescored));
  }

  /** Reads a stored file again, for the residuals of its rows or a rescore. */
  public ParsedSubmission reread(ChallengeEntry entry, SubmissionRecord record, byte[] compressedFile) {
    byte[] body = decompress(compressedFile);
    return new PredictionReader(entry.challenge(), entry.reference())
        .read(SubmissionFormat.valueOf(record.format().toUpperCase()), body, record.description());
  }

  /** Files are kept LZ4-compressed: several times quicker than gzip for the same job, at a little more size. */
  static byte[] compress(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 3));
    try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB)) {
      lz4.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A stored file back: LZ4 frames, or gzip as the first versions stored them. */
  static byte[] decompress(byte[] bytes) {
    boolean gzip = bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    try (var in = gzip ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))
        : new LZ4FrameInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
