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
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.leaderboard.BestShares;
import org.amchallenge.problem.ApiException;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.amchallenge.scoring.Ladder;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.scoring.WholeQuantities;
import org.amchallenge.store.FileBytes;
import org.amchallenge.store.NotAdmittedException;
import org.amchallenge.store.QuotaExceededException;
import org.amchallenge.domain.Names;
import org.amchallenge.challenge.ChallengeRegistry;
import org.amchallenge.store.StagedFile;
import org.amchallenge.store.Store;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;

/**
 * One upload, top to bottom: {@link #admit} decides from the headers whether the team may upload now; {@link #submit}
 * reads and scores the file, releases its Ladder score, stores it and adds it to the board. Also rescores.
 */
public final class SubmissionService {
  private final Vertx vertx;
  private final Store store;
  private final Clock clock;
  private final long maxRows;
  private final long maxCells;
  private final java.util.function.Consumer<java.time.Duration> scored;
  private final Boards boards;
  private final ChallengeRegistry registry;
  private final ChallengeGate gate = new ChallengeGate();
  private final BestShares bestShares = new BestShares();
  /**
   * Submission ids: time-ordered UUIDs (version 7, RFC 9562), so that a new submission's keys go at the end of the
   * database's indexes rather than at a random page of them. Ids are public (the board names them); reading a
   * submission takes its team's or the organizer's token, not its id alone.
   */
  private final TimeBasedEpochGenerator ids;

  /** {@code maxRows} lines per text file, {@code maxCells} cells per workbook; {@code scored} is told each file's reading and scoring time. */
  public SubmissionService(Vertx vertx, Store store, Boards boards, ChallengeRegistry registry, Clock clock, long maxRows, long maxCells,
                           java.util.function.Consumer<java.time.Duration> scored) {
    this.boards = boards;
    this.registry = registry;
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
  public record Upload(byte[] body, String contentType, String fileName, String description, ArrivingUpload.Early early,
                       java.util.Map<String, Object> method) {
    public Upload(byte[] body, String contentType, String fileName, String description) {
      this(body, contentType, fileName, description, null, null);
    }

    public Upload(byte[] body, String contentType, String fileName, String description, ArrivingUpload.Early early) {
      this(body, contentType, fileName, description, early, null);
    }

    /** The same upload with the method card a multipart field gave (SPEC "Method cards"). */
    public Upload withMethod(java.util.Map<String, Object> card) {
      return new Upload(body, contentType, fileName, description, early, card);
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

  /** A team admitted to upload to a challenge: its earlier submissions there, oldest first. */
  public record Admitted(Published published, Team team, Instant at, List<SubmissionRecord> history) {}

  /**
   * Whether the team may upload to this challenge now: the challenge is open, the team is within its size, none
   * of its members competes in another team, and it has submissions left. Decided from the headers alone, before
   * a byte of the file is read; the quota is checked again, exactly, in the transaction that stores the file.
   */
  public Future<Admitted> admit(Published published, Team team) {
    Instant now = clock.instant();
    Challenge challenge = published.challenge();
    if (now.isBefore(challenge.opens())) {
      return Future.failedFuture(ApiException.forbidden("the challenge opens at " + challenge.opens() + "; no submission is accepted before"));
    }
    if (!benchmarkAfterReveal(published, now)) {
      Instant revealed = challenge.revealInstant(published.revealedAt(), now);
      if (revealed != null) {
        String when = published.revealedAt() == null ? "closed at " + challenge.closes() + " and was revealed then" : "was revealed at " + revealed;
        return Future.failedFuture(ApiException.forbidden("the challenge " + when + "; no submission is accepted after "
            + "(after_reveal: closed: its organizers keep no post-reveal board)"));
      }
      if (!now.isBefore(challenge.closes())) {
        return Future.failedFuture(ApiException.forbidden("the challenge closed at " + challenge.closes() + "; no submission is accepted after"));
      }
    }
    int limit = challenge.rules().maxTeamSize();
    if (team.members().size() > limit) {
      return Future.failedFuture(ApiException.conflict("team '" + team.name() + "' has " + team.members().size()
          + " members; this challenge takes teams of at most " + limit + " (rules.max_team_size)"));
    }
    return oneTeamPerParticipant(published, team)
        .compose(ok -> boards.submissionsOfTeam(published.id(), team.id()))
        .compose(history -> {
          Challenge.Rules rules = challenge.rules();
          Instant dayStart = now.truncatedTo(ChronoUnit.DAYS);
          long today = countSince(history, dayStart);
          if (history.size() >= rules.maxSubmissionsTotal()) {
            return Future.failedFuture(tooMany(QuotaExceededException.total(rules.maxSubmissionsTotal()), now));
          }
          if (today >= rules.maxSubmissionsPerDay()) {
            return Future.failedFuture(tooMany(QuotaExceededException.daily(rules.maxSubmissionsPerDay()), now));
          }
          return Future.succeededFuture(new Admitted(published, team, now, history));
        });
  }

  /** Whether an upload now goes to the post-reveal board: the challenge is revealed and keeps one ({@code after_reveal: benchmark}). */
  public static boolean benchmarkAfterReveal(Published published, Instant now) {
    return published.challenge().afterReveal() == Challenge.AfterReveal.BENCHMARK && published.revealedAt(now);
  }

  /**
   * The submissions made from {@code dayStart} on, counted from the newest back to the first one before it: a team's
   * history is oldest first, and reading the whole of it on each upload grows with the team's count. Near midnight two
   * submissions may have committed out of time order; the store's count, in the storing transaction, is the exact one.
   */
  private static long countSince(List<SubmissionRecord> history, Instant dayStart) {
    long count = 0;
    for (int i = history.size() - 1; i >= 0 && !history.get(i).submittedAt().isBefore(dayStart); i--) count++;
    return count;
  }

  /**
   * A participant competes in a challenge with one team only: checked here from the headers, and again, exactly, in the
   * transaction that stores the file. The refusal names no one, or anyone could probe who competes.
   */
  private Future<Void> oneTeamPerParticipant(Published published, Team team) {
    Set<String> members = memberKeys(team);
    if (members.isEmpty()) return Future.succeededFuture();
    return store.teamsOf(published.id()).compose(teams -> {
      for (Team other : teams) {
        if (other.id().equals(team.id())) continue;
        for (String member : other.memberKeys()) {
          if (members.contains(member)) {
            return Future.failedFuture(ApiException.forbidden("a member of this team competes in this challenge with another team already; "
                + "a participant belongs to one team per challenge"));
          }
        }
      }
      return Future.succeededFuture();
    });
  }

  /** A member's key: the same person however the name is cased, spaced or spelt with look-alike characters. */
  private static String memberKey(String member) {
    return Names.storedKey(member);
  }

  private static Set<String> memberKeys(Team team) {
    return team.memberKeys();
  }

  /**
   * Runs a change of a challenge (a new reference or definition, a reveal) once no upload of it is under way on this
   * node, new uploads waiting until it ends: each upload is then scored against the reference in force when it stores.
   */
  public <T> Future<T> exclusively(String challengeId, java.util.function.Supplier<Future<T>> change) {
    return gate.exclusively(challengeId, change);
  }

  /** 429, with Retry-After until the next UTC day where the daily limit was reached. */
  private static ApiException tooMany(QuotaExceededException quota, Instant now) {
    Instant next = now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    if (!quota.daily()) return new ApiException(429, "quota", quota.getMessage() + "; the rest of the challenge is closed to it");
    return new ApiException(429, "quota", quota.getMessage() + "; the next is accepted from " + next,
        Map.of("Retry-After", Long.toString(Math.max(1, Duration.between(now, next).toSeconds()))));
  }

  /** The team's Ladder so far: its released public score, the submission that set it and that one's public row shares. */
  private record LadderState(Double released, SubmissionRecord best, double[] bestShares) {
    static final LadderState EMPTY = new LadderState(null, null, null);
  }

  /**
   * Reads and scores the file of an admitted team off the event loop, then stores it and adds it to the board;
   * the future succeeds only once the row is committed.
   */
  public Future<SubmissionRecord> submit(Admitted admitted, Upload upload) {
    String challengeId = admitted.published().id();
    return gate.enter(challengeId)
        .compose(entered -> {
          // the challenge as it is now: a change may have come while the file arrived, or while it waited at the gate
          Published now = registry.get(challengeId).orElse(admitted.published());
          if (benchmarkAfterReveal(now, clock.instant())) {
            return submit(new Admitted(now, admitted.team(), admitted.at(), admitted.history()), upload, memberKeys(admitted.team()), true);
          }
          if (now.revealedAt() != null) {
            return Future.<SubmissionRecord>failedFuture(ApiException.forbidden("the challenge was revealed at " + now.revealedAt()
                + "; no submission is accepted after, and nothing of this file was stored"));
          }
          return submit(new Admitted(now, admitted.team(), admitted.at(), admitted.history()), upload, memberKeys(admitted.team()), false);
        })
        .andThen(done -> gate.exit(challengeId));
  }

  /**
   * {@code afterReveal}: the upload goes to the post-reveal board, where the Ladder has no part and the store checks no
   * closing time (the reveal has come, and the results it made final are not touched by the upload).
   */
  private Future<SubmissionRecord> submit(Admitted admitted, Upload upload, Set<String> members, boolean afterReveal) {
    ChallengeEntry entry = admitted.published().entry();
    Team team = admitted.team();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant dayStart = now.truncatedTo(ChronoUnit.DAYS);
    Challenge.Rules rules = entry.challenge().rules();
    String id = ids.generate().toString();
    Store.Admission admission = afterReveal ? new Store.Admission(null, null, members) : new Store.Admission(clock, entry.challenge().closes(), members);
    return (afterReveal ? Future.succeededFuture(LadderState.EMPTY) : ladderState(entry, team, admitted.history()))
        .compose(ladder -> {
          // a large file is compressed on another core while it is read and scored (or already was, as it
          // arrived), and staged (written beside the database) while it is scored
          Future<FileBytes> compressed = upload.early() != null ? Future.succeededFuture(upload.early().compressed())
              : upload.body().length > FileCodec.BLOCK_LIMIT ? vertx.executeBlocking(() -> FileCodec.compress(upload.body()), false) : null;
          Future<Scored> scored = vertx.executeBlocking(() -> evaluate(id, entry, team, upload, now, afterReveal ? null : ladder,
              compressed == null, afterReveal), false);
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
            rules.maxSubmissionsPerDay(), rules.maxSubmissionsTotal(), admission).map(staged.record()))
        .recover(failure -> Future.failedFuture(failure instanceof QuotaExceededException quota ? tooMany(quota, now)
            : failure instanceof NotAdmittedException.ReferenceChanged changed ? new ApiException(409, "conflict", changed.getMessage())
            : failure instanceof NotAdmittedException refused ? ApiException.forbidden(refused.getMessage()) : failure))
        .compose(record -> boards.added(record).map(record));
  }

  private record Staged(SubmissionRecord record, StagedFile file) {}

  private record Scored(SubmissionRecord record, FileBytes compressedFile) {}

  /**
   * Reads and scores the file; {@code compress}: and compresses it for storing, else the file is left null here. {@code ladder}
   * null: no score is released; {@code afterReveal}: the submission is marked for the post-reveal board.
   */
  private Scored evaluate(String id, ChallengeEntry entry, Team team, Upload upload, Instant now, LadderState ladder, boolean compress,
                          boolean afterReveal) {
    long start = System.nanoTime();
    ParsedScored read = read(entry, upload);
    SubmissionRecord record = new SubmissionRecord(id, entry.id(), team.id(), team.name(),
        now, fileNameAsKept(upload.fileName()), read.format().name().toLowerCase(), describedAs(read.parsed().description()),
        read.parsed().rows(), read.evaluation(), entry.reference().sha256(), Scorer.VERSION, null, false, read.method(), afterReveal);
    Double released = ladder == null ? null : released(entry, team, record, read.evaluation(), read.parsed().predictions(), ladder);
    Scored result = new Scored(record.withReleasedScore(released), compress ? FileCodec.compress(read.body()) : null);
    scored.accept(java.time.Duration.ofNanos(System.nanoTime() - start));
    return result;
  }

  /** A file read and scored: its format, its rows, its scores, its bytes where they were read whole (null where read as it arrived), and its method card as checked. */
  public record ParsedScored(SubmissionFormat format, ParsedSubmission parsed, Evaluation evaluation, byte[] body, java.util.Map<String, Object> method) {}

  /** Reads a file of a submission's forms (as it arrived, or whole) and scores it on each part: it reads and scores, call it on a worker. */
  public ParsedScored read(ChallengeEntry entry, Upload upload) {
    return read(entry, upload, true);
  }

  /** The same; {@code methodCard} false for a baseline, an organizer's model that fills in no team's method card. */
  public ParsedScored read(ChallengeEntry entry, Upload upload, boolean methodCard) {
    SubmissionFormat format = SubmissionFormat.detect(upload.contentType(), upload.fileName(), upload.head());
    ParsedSubmission early = upload.early() == null ? null : upload.early().take(entry);
    // read as it arrived by the reader of its format (the other one gives up at its first bytes)
    boolean readEarly = early != null && (format == SubmissionFormat.CSV || format == SubmissionFormat.JSON);
    if (readEarly) FileLimits.checkRows(upload.early().rowMarks(), maxRows);
    // the general reader, where the file was not read as it arrived or the fast path gave up on it
    byte[] body = readEarly ? null : upload.bytes();
    if (body != null && format == SubmissionFormat.XLSX) WorkbookLimits.check(body, maxCells);
    else if (body != null) FileLimits.checkRows(body, format == SubmissionFormat.JSON ? (byte) '{' : (byte) '\n', maxRows);
    ParsedSubmission parsed = body == null
        ? new ParsedSubmission(early.predictions(), early.rows(), early.description() != null ? early.description() : upload.description())
        : new PredictionReader(entry.challenge(), entry.reference()).read(format, body, upload.description());
    // a card that breaks the form refuses the file before it is scored
    java.util.Map<String, Object> method = !methodCard ? null
        : MethodCards.checked(entry.challenge().methodForm(), upload.method() != null ? upload.method() : parsed.method());
    WholeQuantities.check(entry.challenge(), entry.reference(), parsed.predictions());
    Evaluation evaluation = Evaluation.of(entry.challenge(), entry.reference(), entry.publicRows(), entry.privateRows(),
        parsed.predictions());
    return new ParsedScored(format, parsed, evaluation, body, method);
  }

  /**
   * A file name as kept: each character no name may hold (a control character such as ESC, a bidirectional or invisible
   * one) replaced by U+FFFD, since the name is printed in organizers' terminals, where ESC sequences act.
   */
  static String fileNameAsKept(String fileName) {
    if (fileName == null || Names.firstForbidden(fileName).isEmpty()) return fileName;
    StringBuilder kept = new StringBuilder();
    fileName.codePoints().forEach(c -> kept.appendCodePoint(Names.firstForbidden(new String(Character.toChars(c))).isPresent() ? 0xFFFD : c));
    return kept.toString();
  }

  /** A model description as kept: free text from a form or a workbook, where an unpaired surrogate would make every JSON that shows it unreadable. */
  private static String describedAs(String description) {
    return description == null ? null : Names.withoutLoneSurrogates(description);
  }

  /**
   * The public score the Ladder releases after this submission; null where the challenge has no Ladder. A new
   * released score makes this submission the team's best, whose shares are kept for the next upload.
   */
  private Double released(ChallengeEntry entry, Team team, SubmissionRecord record, Evaluation evaluation, Predictions predictions,
                          LadderState ladder) {
    Challenge challenge = entry.challenge();
    if (!challenge.ranking().ladder() || !evaluation.publicPart().ranked()) return release(challenge, evaluation, null, ladder.released(), null);
    double[] shares = Scorer.rowShares(challenge, entry.reference(), predictions, entry.publicRows());
    Double released = release(challenge, evaluation, shares, ladder.released(), ladder.bestShares());
    if (released != null && !released.equals(ladder.released())) bestShares.put(entry.id(), entry, team.id(), record.id(), shares);
    return released;
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

  /**
   * The team's released score and the submission that set it, read from its history, with that submission's
   * public row shares: kept beside the board, or computed once from its file where this node has not seen them.
   */
  private Future<LadderState> ladderState(ChallengeEntry entry, Team team, List<SubmissionRecord> history) {
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
    double[] known = bestShares.get(entry.id(), entry, team.id(), best.id());
    if (known != null) return Future.succeededFuture(new LadderState(releasedScore, bestRecord, known));
    return store.submissionFile(best.id()).compose(file -> vertx.executeBlocking(() -> {
      Predictions predictions = reread(entry, bestRecord, file.orElseThrow()).predictions();
      double[] shares = Scorer.rowShares(entry.challenge(), entry.reference(), predictions, entry.publicRows());
      bestShares.put(entry.id(), entry, team.id(), bestRecord.id(), shares);
      return new LadderState(releasedScore, bestRecord, shares);
    }, false));
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
          Progress progress = new Progress(submissions.size());
          rescoring.put(entry.id(), progress);
          List<Rescored> done = new ArrayList<>(submissions.size());
          Future<Void> chain = Future.succeededFuture();
          for (int from = 0; from < submissions.size(); from += RESCORE_BATCH) {
            List<SubmissionRecord> batch = submissions.subList(from, Math.min(submissions.size(), from + RESCORE_BATCH));
            chain = chain.compose(ignored -> store.submissionFiles(batch.stream().map(SubmissionRecord::id).toList()))
                .compose(files -> rescoreBatch(entry, batch, files))
                .map(scored -> {
                  done.addAll(scored);
                  progress.done.addAndGet(scored.size());
                  return null;
                });
          }
          return chain.map(ignored -> replayLadder(entry, done));
        })
        .compose(rescored -> store.updateScores(rescored).map(rescored))
        .onComplete(finished -> rescoring.remove(entry.id()));
  }

  /** How far a running rescore of a challenge on this node has come: submissions scored of all. */
  public record Progress(int total, java.util.concurrent.atomic.AtomicInteger done) {
    Progress(int total) {
      this(total, new java.util.concurrent.atomic.AtomicInteger());
    }
  }

  private final Map<String, Progress> rescoring = new java.util.concurrent.ConcurrentHashMap<>();

  /** The rescore of a challenge running on this node, if one is. */
  public java.util.Optional<Progress> rescoring(String challengeId) {
    return java.util.Optional.ofNullable(rescoring.get(challengeId));
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
