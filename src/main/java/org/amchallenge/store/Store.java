package org.amchallenge.store;

import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;
import org.amchallenge.domain.Usage;
import org.amchallenge.domain.AuditEntry;
import org.amchallenge.domain.Webhook;
import org.amchallenge.domain.StoredChallenge;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything the server keeps: teams, submissions with their files and scores, settings. */
public interface Store {

  /** Fails with {@code DuplicateException} where the name is taken. */
  Future<Team> createTeam(Team team, String tokenHash);

  Future<Optional<Team>> teamByTokenHash(String tokenHash);

  /**
   * Stores a submission and its (compressed) file in one transaction, durable once the future succeeds. The
   * team's row is locked first and its submissions counted in the same transaction, so that limits hold
   * across concurrent uploads and nodes: fails with {@link QuotaExceededException} over a limit.
   */
  Future<Void> insertSubmission(SubmissionRecord submission, FileBytes compressedFile, Instant dayStart, int perDay, int total);

  /**
   * A submission's file made ready for its row ahead of it, so that writing it can go on while the file is
   * scored: where the store keeps large files beside the database it is written and made durable there now
   * (a file no row comes to name is removed by {@link #discard} or, after a crash, when the store opens), else
   * it is held for the row.
   */
  Future<StagedFile> stageFile(String submissionId, FileBytes compressedFile);

  /** Stores a submission whose file was staged; a staged file is removed where the row is not stored. */
  Future<Void> insertSubmission(SubmissionRecord submission, StagedFile file, Instant dayStart, int perDay, int total);

  /**
   * What must hold at the instant a submission's row commits, checked in its transaction: the challenge not revealed and
   * {@code clock} before {@code closes}, and none of {@code memberKeys} (the team's members, normalised) in another
   * team of the challenge; fails with {@link NotAdmittedException} where not. {@link #UNCHECKED} checks nothing.
   */
  record Admission(java.time.Clock clock, Instant closes, java.util.Set<String> memberKeys) {
    public static final Admission UNCHECKED = new Admission(null, null, java.util.Set.of());
  }

  /** {@link #insertSubmission(SubmissionRecord, StagedFile, Instant, int, int)}, with the rules of {@code admission}. */
  Future<Void> insertSubmission(SubmissionRecord submission, StagedFile file, Instant dayStart, int perDay, int total, Admission admission);

  /** Removes a staged file whose submission will not be stored (its file was refused). */
  Future<Void> discard(StagedFile file);

  /** {@link #insertSubmission(SubmissionRecord, FileBytes, Instant, int, int)} of a file in one array. */
  default Future<Void> insertSubmission(SubmissionRecord submission, byte[] compressedFile, Instant dayStart, int perDay, int total) {
    return insertSubmission(submission, FileBytes.of(compressedFile), dayStart, perDay, total);
  }

  Future<Usage> usage(String challengeId, String teamId, Instant dayStart);

  /** Rewrites the scores (and released public score) of submissions after a reference or definition change. */
  Future<Void> updateScores(List<SubmissionRecord> submissions);

  /** Marks a submission for the final ranking; fails with {@code DuplicateException} past {@code limit}. */
  Future<Void> select(SubmissionRecord submission, int limit, Instant at);

  Future<Void> unselect(SubmissionRecord submission);

  /** The teams that have submitted to a challenge. */
  Future<List<Team>> teamsOf(String challengeId);

  Future<List<StoredChallenge>> challenges();

  /** Every challenge without its reference bytes (null), for what needs only the rest. */
  Future<List<StoredChallenge>> challengeSummaries();

  /** One challenge with its reference bytes. */
  Future<java.util.Optional<StoredChallenge>> challenge(String id);

  /** Inserts or replaces a challenge, and records the organizer's action in the same transaction. */
  Future<Void> saveChallenge(StoredChallenge challenge, AuditEntry audit);

  Future<List<AuditEntry>> audit(String challengeId);

  /** Every series, by id. */
  Future<List<org.amchallenge.domain.StoredSeries>> series();

  /** Inserts or replaces a series, and records the action in the audit log of each of its challenges, in one transaction. */
  Future<Void> saveSeries(org.amchallenge.domain.StoredSeries series, List<AuditEntry> audit);

  /** Records an organizer action that changes no challenge (a role, a participant, a team's token). */
  Future<Void> addAudit(AuditEntry audit);

  Future<List<SubmissionRecord>> submissions(String challengeId);

  Future<List<SubmissionRecord>> submissionsOfTeam(String challengeId, String teamId);

  Future<Optional<SubmissionRecord>> submission(String challengeId, String submissionId);

  Future<Optional<byte[]>> submissionFile(String submissionId);

  /** The stored (compressed) files of these submissions, by submission id, read in one query. */
  Future<java.util.Map<String, byte[]>> submissionFiles(List<String> submissionIds);

  /** Records a disqualification and its audit entry in one transaction. */
  Future<Void> disqualify(org.amchallenge.domain.Disqualification disqualification, AuditEntry audit);

  /** Removes a disqualification (true where it was there), with its audit entry. */
  Future<Boolean> reinstate(String challengeId, String disqualificationId, AuditEntry audit);

  /** A challenge's disqualifications, oldest first. */
  Future<List<org.amchallenge.domain.Disqualification>> disqualifications(String challengeId);

  /** Inserts or replaces an input file (true where it is new), with its audit entry. */
  Future<Boolean> putInput(org.amchallenge.domain.InputFile file, AuditEntry audit);

  /** Removes an input file (true where it was there), with its audit entry. */
  Future<Boolean> removeInput(String challengeId, String name, AuditEntry audit);

  /** A challenge's uploaded input files, without their content, by name. */
  Future<List<org.amchallenge.domain.InputFile>> inputs(String challengeId);

  /** One uploaded input file with its content. */
  Future<Optional<org.amchallenge.domain.InputFile>> input(String challengeId, String name);

  /**
   * Stores a baseline with its (compressed) file and its audit entry; fails with {@link DuplicateException} where the
   * challenge has a baseline of that name.
   */
  Future<Void> addBaseline(org.amchallenge.domain.Baseline baseline, byte[] compressedFile, AuditEntry audit);

  /** Removes a baseline (true where it was there), with its audit entry. */
  Future<Boolean> removeBaseline(String challengeId, String baselineId, AuditEntry audit);

  /** A challenge's baselines, oldest first. */
  Future<List<org.amchallenge.domain.Baseline>> baselines(String challengeId);

  /** The stored (compressed) files of a challenge's baselines, by baseline id. */
  Future<java.util.Map<String, byte[]>> baselineFiles(String challengeId);

  /** Rewrites the scores of baselines after a reference or definition change. */
  Future<Void> updateBaselineScores(List<org.amchallenge.domain.Baseline> baselines);

  Future<Void> addWebhook(Webhook webhook);

  Future<List<Webhook>> webhooks(String challengeId);

  /** True where the webhook was there and is now removed. */
  Future<Boolean> removeWebhook(String challengeId, String webhookId);

  /**
   * Records that an event (a key such as {@code challenge:closed}) is being sent: true for the first caller
   * only, on any node, ever; false where it was claimed before.
   */
  Future<Boolean> claimEvent(String key, Instant at);

  Future<Optional<String>> setting(String name);

  Future<Void> putSetting(String name, String value);

  Future<Boolean> ping();

  /**
   * Writes a consistent copy of the whole store, while it serves, to {@code zip} (see {@link Backup}), made at
   * {@code at}; fails with {@link Backup.NotEmbeddedException} on a store that is not the embedded database.
   */
  Future<Backup.Manifest> backup(java.nio.file.Path zip, Instant at);

  /** Accounts, sessions, roles, registrations and teams made by accounts. */
  PeopleStore people();

  /** Forgets what this node keeps of a team (its token, its members), changed here or on another node. */
  void forgetTeam(String teamId);

  Future<Void> close();

  /** A unique key (a team name) is already taken. */
  class DuplicateException extends RuntimeException {
    public DuplicateException(String message) {
      super(message);
    }
  }
}
