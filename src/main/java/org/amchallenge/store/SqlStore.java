package org.amchallenge.store;

import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;
import org.amchallenge.domain.Usage;
import org.amchallenge.domain.AuditEntry;
import org.amchallenge.domain.Webhook;
import org.amchallenge.domain.StoredChallenge;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.amchallenge.domain.Json;
import org.amchallenge.scoring.Evaluation;

/**
 * Every statement runs in a transaction of its own: in the Vert.x 5 JDBC client a pooled connection keeps
 * auto-commit off after its first transaction (vert-x3/vertx-jdbc-client#356), so a bare statement could stay
 * uncommitted and unseen by the other connections.
 *
 * The store on any Vert.x SQL pool (rows read by position: H2 names columns in capitals, PostgreSQL in lower case): the same {@code #{name}} templates on the embedded database and PostgreSQL. */
public final class SqlStore implements Store {
  private static final String SUBMISSION_COLUMNS = "s.id, s.challenge_id, s.team_id, t.name AS team_name, s.submitted_at, "
      + "s.file_name, s.format, s.description, s.row_count, s.evaluation, s.reference_sha256, s.scorer_version, "
      + "s.released_score, sel.submission_id";
  private static final String SUBMISSIONS = "SELECT " + SUBMISSION_COLUMNS + " FROM submissions s JOIN teams t ON t.id = s.team_id "
      + "LEFT JOIN selections sel ON sel.submission_id = s.id ";
  private static final String CHALLENGE_COLUMNS = "id, definition, definition_is_yaml, reference, reference_sha256, source_sha256, "
      + "revealed_at, updated_at";

  private final Pool pool;

  public SqlStore(Pool pool) {
    this(pool, false);
  }

  /**
   * {@code filesAsBytes}: files are bound as plain bytes, not as a Buffer. On the embedded database through
   * JDBC a Buffer becomes a Blob made first and copied into the row after, which wrote a large file twice.
   */
  public SqlStore(Pool pool, boolean filesAsBytes) {
    this(pool, filesAsBytes, null, null);
  }

  /** {@code shelf}: where files of {@link FileShelf#LIMIT} or more are kept, beside the database; null keeps every file in it. */
  SqlStore(Pool pool, boolean filesAsBytes, Vertx vertx, FileShelf shelf) {
    this.pool = pool;
    this.filesAsBytes = filesAsBytes;
    this.vertx = vertx;
    this.shelf = shelf;
  }

  private final boolean filesAsBytes;
  private final Vertx vertx;
  private final FileShelf shelf;
  private static final byte[] SHELVED = new byte[0];

  @Override
  public Future<Team> createTeam(Team team, String tokenHash) {
    Map<String, Object> params = Map.of("id", team.id(), "name", team.name(), "members", Json.write(team.members()),
        "token_hash", tokenHash, "created_at", team.createdAt().toEpochMilli());
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
                "INSERT INTO teams (id, name, members, token_hash, created_at) "
                    + "VALUES (#{id}, #{name}, #{members}, #{token_hash}, #{created_at})")
            .execute(params))
        .recover(failure -> Future.failedFuture(SqlStates.isUniqueViolation(failure)
            ? new DuplicateException("a team named '" + team.name() + "' exists already") : failure))
        .map(team);
  }

  /**
   * The teams found by their token's hash. A team never changes once created (no statement updates its name,
   * members or token, nor deletes it), so a team found stays right on every node; an unknown hash is not
   * kept, since another node may create its team a moment later.
   */
  private final Map<String, Team> teamsByTokenHash = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int TEAMS_KEPT = 100_000;

  @Override
  public Future<Optional<Team>> teamByTokenHash(String tokenHash) {
    Team known = teamsByTokenHash.get(tokenHash);
    if (known != null) return Future.succeededFuture(Optional.of(known));
    return first(pool.withTransaction(connection -> SqlTemplate.forQuery(connection,
            "SELECT id, name, members, created_at FROM teams WHERE token_hash = #{token_hash}")
        .mapTo(SqlStore::team)
        .execute(Map.of("token_hash", tokenHash))))
        .onSuccess(found -> found.ifPresent(team -> {
          if (teamsByTokenHash.size() >= TEAMS_KEPT) teamsByTokenHash.clear();
          teamsByTokenHash.put(tokenHash, team);
        }));
  }

  /** An upload waiting for the next group commit: what to store, its team's limits, and whom to tell. */
  private record PendingInsert(SubmissionRecord record, byte[] file, String shelved, Instant dayStart, int perDay, int total,
                               Promise<Void> promise, Context context) {
    /** Completes on the caller's context: {@code refusal} null for stored, else why not. */
    void answer(Throwable refusal) {
      Runnable done = () -> {
        if (refusal == null) promise.complete();
        else promise.fail(refusal);
      };
      if (context == null) done.run();
      else context.runOnContext(v -> done.run());
    }
  }

  /** The uploads waiting for a commit, oldest first, and whether a group commit is under way. */
  private final ArrayDeque<PendingInsert> pending = new ArrayDeque<>();
  private boolean committing;
  /** The most uploads one commit takes, and their most bytes (a file larger than this goes alone). */
  private static final int GROUP_LIMIT = 128;
  private static final long GROUP_BYTES = 8L << 20;

  /**
   * Group commit: uploads that arrive while a commit is under way wait for it and are stored together in the
   * next one, so that many small uploads share one transaction and one write of the database file instead of
   * paying one each. Each still gets its own answer, after the commit that holds it; its team's limits are
   * checked inside that transaction under the team's row lock, counting the group's earlier uploads.
   */
  @Override
  public Future<Void> insertSubmission(SubmissionRecord s, FileBytes compressedFile, Instant dayStart, int perDay, int total) {
    return stageFile(s.id(), compressedFile).compose(staged -> insertSubmission(s, staged, dayStart, perDay, total));
  }

  @Override
  public Future<StagedFile> stageFile(String submissionId, FileBytes compressedFile) {
    if (shelf == null || compressedFile.size() < FileShelf.LIMIT) return Future.succeededFuture(new StagedFile(compressedFile, null));
    // the file is on disk before the row that names it is committed; where the row is not, it is removed
    String name = FileShelf.nameOf(submissionId);
    return vertx.executeBlocking(() -> {
      shelf.put(name, compressedFile);
      return new StagedFile(null, name);
    }, false);
  }

  @Override
  public Future<Void> insertSubmission(SubmissionRecord s, StagedFile file, Instant dayStart, int perDay, int total) {
    if (file.shelved() == null) {
      return enqueue(new PendingInsert(s, file.bytes().toArray(), null, dayStart, perDay, total, Promise.promise(), Vertx.currentContext()));
    }
    return enqueue(new PendingInsert(s, SHELVED, file.shelved(), dayStart, perDay, total, Promise.promise(), Vertx.currentContext()))
        // removed before the refusal is told, so that no file outlives an answer that says it was not stored
        .recover(notStored -> discard(file).transform(removed -> Future.failedFuture(notStored)));
  }

  @Override
  public Future<Void> discard(StagedFile file) {
    if (file.shelved() == null) return Future.succeededFuture();
    return vertx.executeBlocking(() -> {
      shelf.remove(file.shelved());
      return null;
    }, false);
  }

  private Future<Void> enqueue(PendingInsert insert) {
    boolean start;
    synchronized (pending) {
      pending.add(insert);
      start = !committing;
      committing = true;
    }
    if (start) commitNext();
    return insert.promise().future();
  }

  /** Commits the uploads waiting (one day's, up to the limits), then the next ones, until none waits. */
  private void commitNext() {
    List<PendingInsert> group = new ArrayList<>();
    synchronized (pending) {
      long bytes = 0;
      while (!pending.isEmpty() && group.size() < GROUP_LIMIT) {
        PendingInsert next = pending.peek();
        if (!group.isEmpty() && (!next.dayStart().equals(group.get(0).dayStart()) || bytes + next.file().length > GROUP_BYTES)) break;
        bytes += next.file().length;
        group.add(pending.poll());
      }
      if (group.isEmpty()) {
        committing = false;
        return;
      }
    }
    commitGroup(group).onComplete(result -> {
      if (result.succeeded()) {
        for (int i = 0; i < group.size(); i++) group.get(i).answer(result.result().get(i));
        commitNext();
      } else if (group.size() == 1) {
        group.get(0).answer(result.cause());
        commitNext();
      } else {
        // one upload's failure must not fail the others: each is tried again alone
        Future<Void> alone = Future.succeededFuture();
        for (PendingInsert one : group) {
          alone = alone.compose(done -> commitGroup(List.of(one)).transform(outcome -> {
            one.answer(outcome.succeeded() ? outcome.result().get(0) : outcome.cause());
            return Future.succeededFuture();
          }));
        }
        alone.onComplete(done -> commitNext());
      }
    });
  }

  private static final String LOCK_TEAM = "UPDATE teams SET submission_lock = submission_lock + 1 WHERE id = #{id}";
  private static final String INSERT_SUBMISSION = "INSERT INTO submissions (id, challenge_id, team_id, submitted_at, file_name, "
      + "format, description, row_count, evaluation, reference_sha256, scorer_version, released_score) VALUES (#{id}, #{challenge_id}, "
      + "#{team_id}, #{submitted_at}, #{file_name}, #{format}, #{description}, #{row_count}, #{evaluation}, #{reference_sha256}, "
      + "#{scorer_version}, #{released_score})";
  private static final String UPDATE_USAGE = "UPDATE team_usage SET total = #{total}, day_start = #{day_start}, day_count = #{day_count} "
      + "WHERE challenge_id = #{challenge_id} AND team_id = #{team_id}";
  private static final String INSERT_USAGE = "INSERT INTO team_usage (challenge_id, team_id, total, day_start, day_count) "
      + "VALUES (#{challenge_id}, #{team_id}, #{total}, #{day_start}, #{day_count})";
  private static final String INSERT_FILE = "INSERT INTO submission_files (submission_id, content, content_file) "
      + "VALUES (#{submission_id}, #{content}, #{content_file})";

  /**
   * One transaction for a group of uploads of one day: their teams' row locks (taken in id order, so two
   * nodes never wait on each other), every team's usage in one query, then the accepted rows in two batches.
   * Returns, for each upload in order, null where it was stored and the quota it would exceed where not.
   */
  private Future<List<Throwable>> commitGroup(List<PendingInsert> group) {
    try {
      return commitGroupNow(group);
    } catch (RuntimeException e) {
      // never left under way: the uploads after it would wait for ever
      return Future.failedFuture(e);
    }
  }

  private Future<List<Throwable>> commitGroupNow(List<PendingInsert> group) {
    List<String> teams = group.stream().map(p -> p.record().teamId()).distinct().sorted().toList();
    List<String> challenges = group.stream().map(p -> p.record().challengeId()).distinct().toList();
    Instant dayStart = group.get(0).dayStart();
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, LOCK_TEAM)
        .executeBatch(teams.stream().map(id -> Map.<String, Object>of("id", id)).toList())
        .compose(locked -> counted(connection, challenges, teams))
        .compose(before -> {
          Map<String, Counted> after = new HashMap<>(before);
          List<Throwable> outcomes = new ArrayList<>(group.size());
          List<Map<String, Object>> rows = new ArrayList<>();
          List<Map<String, Object>> files = new ArrayList<>();
          for (PendingInsert p : group) {
            String key = p.record().challengeId() + "\n" + p.record().teamId();
            Counted counted = after.getOrDefault(key, new Counted(0, p.dayStart().toEpochMilli(), 0));
            Usage usage = counted.on(p.dayStart());
            if (usage.total() >= p.total()) {
              outcomes.add(QuotaExceededException.total(p.total()));
            } else if (usage.today() >= p.perDay()) {
              outcomes.add(QuotaExceededException.daily(p.perDay()));
            } else {
              outcomes.add(null);
              after.put(key, counted.plusOne(p.dayStart()));
              rows.add(submissionParams(p.record()));
              // wrapped, not copied: a large file is already 12 MB here
              Map<String, Object> file = new HashMap<>();
              file.put("submission_id", p.record().id());
              file.put("content", filesAsBytes ? p.file()
                  : io.vertx.core.internal.buffer.BufferInternal.buffer(io.netty.buffer.Unpooled.wrappedBuffer(p.file())));
              file.put("content_file", p.shelved());
              files.add(file);
            }
          }
          if (rows.isEmpty()) return Future.succeededFuture(outcomes);
          List<Map<String, Object>> updates = new ArrayList<>();
          List<Map<String, Object>> inserts = new ArrayList<>();
          after.forEach((key, counted) -> {
            if (counted.equals(before.get(key))) return;
            String[] pair = key.split("\n", 2);
            Map<String, Object> row = Map.of("challenge_id", pair[0], "team_id", pair[1], "total", counted.total(),
                "day_start", counted.dayStart(), "day_count", counted.dayCount());
            (before.containsKey(key) ? updates : inserts).add(row);
          });
          return SqlTemplate.forUpdate(connection, INSERT_SUBMISSION).executeBatch(rows)
              .compose(done -> SqlTemplate.forUpdate(connection, INSERT_FILE).executeBatch(files))
              .compose(done -> updates.isEmpty() ? Future.succeededFuture() : SqlTemplate.forUpdate(connection, UPDATE_USAGE).executeBatch(updates))
              .compose(done -> inserts.isEmpty() ? Future.succeededFuture() : SqlTemplate.forUpdate(connection, INSERT_USAGE).executeBatch(inserts))
              .map(outcomes);
        }));
  }

  /** A team's counts in a challenge as kept: in all, and on the day that starts at {@code dayStart}. */
  private record Counted(int total, long dayStart, int dayCount) {
    Usage on(Instant day) {
      // a day before the one kept (another node's clock just past midnight) counts the later day's uploads
      return new Usage(day.toEpochMilli() <= dayStart ? dayCount : 0, total);
    }

    Counted plusOne(Instant day) {
      long start = Math.max(dayStart, day.toEpochMilli());
      return new Counted(total + 1, start, (start == dayStart ? dayCount : 0) + 1);
    }
  }

  /** The kept counts of these challenges' and teams' pairs, keyed "challenge\nteam", in one query. */
  private static Future<Map<String, Counted>> counted(SqlConnection connection, List<String> challenges, List<String> teams) {
    Map<String, Object> params = new HashMap<>();
    StringBuilder sql = new StringBuilder("SELECT challenge_id, team_id, total, day_start, day_count FROM team_usage WHERE challenge_id IN (");
    for (int i = 0; i < challenges.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("#{c").append(i).append('}');
      params.put("c" + i, challenges.get(i));
    }
    sql.append(") AND team_id IN (");
    for (int i = 0; i < teams.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("#{t").append(i).append('}');
      params.put("t" + i, teams.get(i));
    }
    sql.append(')');
    return SqlTemplate.forQuery(connection, sql.toString()).execute(params).map(rows -> {
      Map<String, Counted> counted = new HashMap<>();
      for (Row row : rows) {
        counted.put(row.getString(0) + "\n" + row.getString(1),
            new Counted(((Number) row.getValue(2)).intValue(), ((Number) row.getValue(3)).longValue(), ((Number) row.getValue(4)).intValue()));
      }
      return counted;
    });
  }

  private static Map<String, Object> submissionParams(SubmissionRecord s) {
    Map<String, Object> params = new HashMap<>();
    params.put("id", s.id());
    params.put("challenge_id", s.challengeId());
    params.put("team_id", s.teamId());
    params.put("submitted_at", s.submittedAt().toEpochMilli());
    params.put("file_name", s.fileName());
    params.put("format", s.format());
    params.put("description", s.description());
    params.put("row_count", s.rows());
    params.put("evaluation", Json.write(s.evaluation()));
    params.put("reference_sha256", s.referenceSha256());
    params.put("scorer_version", s.scorerVersion());
    params.put("released_score", s.releasedScore());
    return params;
  }

  /** Takes the team's row lock: the transactions of one team run one after the other, on every node. */
  private static Future<?> lockTeam(SqlConnection connection, String teamId) {
    return SqlTemplate.forUpdate(connection, "UPDATE teams SET submission_lock = submission_lock + 1 WHERE id = #{id}")
        .execute(Map.of("id", teamId));
  }

  @Override
  public Future<Usage> usage(String challengeId, String teamId, Instant dayStart) {
    return pool.withTransaction(connection -> counted(connection, List.of(challengeId), List.of(teamId)))
        .map(counted -> counted.getOrDefault(challengeId + "\n" + teamId, new Counted(0, dayStart.toEpochMilli(), 0)).on(dayStart));
  }

  @Override
  public Future<Void> updateScores(List<SubmissionRecord> submissions) {
    if (submissions.isEmpty()) return Future.succeededFuture();
    // one transaction, its updates sent in batches (one round trip per batch rather than per submission)
    return pool.withTransaction(connection -> {
      Future<?> chain = Future.succeededFuture();
      for (int from = 0; from < submissions.size(); from += 500) {
        List<Map<String, Object>> batch = submissions.subList(from, Math.min(submissions.size(), from + 500)).stream()
            .map(SqlStore::submissionParams).toList();
        chain = chain.compose(done -> SqlTemplate.forUpdate(connection, "UPDATE submissions SET evaluation = #{evaluation}, "
                + "reference_sha256 = #{reference_sha256}, scorer_version = #{scorer_version}, released_score = #{released_score} "
                + "WHERE id = #{id}")
            .executeBatch(batch));
      }
      return chain;
    }).mapEmpty();
  }

  @Override
  public Future<Void> select(SubmissionRecord s, int limit, Instant at) {
    Map<String, Object> params = Map.of("submission_id", s.id(), "challenge_id", s.challengeId(), "team_id", s.teamId(),
        "selected_at", at.toEpochMilli());
    return pool.withTransaction(connection -> lockTeam(connection, s.teamId())
            .compose(locked -> SqlTemplate.forQuery(connection,
                    "SELECT COUNT(*) FROM selections WHERE challenge_id = #{challenge_id} AND team_id = #{team_id} "
                        + "AND submission_id <> #{submission_id}")
                .mapTo(row -> ((Number) row.getValue(0)).intValue())
                .execute(params))
            .compose(counted -> {
              if (counted.iterator().next() >= limit) {
                return Future.failedFuture(new DuplicateException("the team has selected " + limit
                    + " submissions already, as many as this challenge allows; unselect one first"));
              }
              return SqlTemplate.forUpdate(connection, "DELETE FROM selections WHERE submission_id = #{submission_id}").execute(params)
                  .compose(deleted -> SqlTemplate.forUpdate(connection, "INSERT INTO selections (submission_id, challenge_id, team_id, "
                      + "selected_at) VALUES (#{submission_id}, #{challenge_id}, #{team_id}, #{selected_at})").execute(params));
            }))
        .mapEmpty();
  }

  @Override
  public Future<Void> unselect(SubmissionRecord s) {
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
        "DELETE FROM selections WHERE submission_id = #{submission_id}").execute(Map.of("submission_id", s.id()))).mapEmpty();
  }

  @Override
  public Future<List<Team>> teamsOf(String challengeId) {
    return list("SELECT t.id, t.name, t.members, t.created_at FROM teams t WHERE t.id IN "
        + "(SELECT team_id FROM submissions WHERE challenge_id = #{challenge_id})", Map.of("challenge_id", challengeId), SqlStore::team);
  }

  @Override
  public Future<List<StoredChallenge>> challenges() {
    return list("SELECT " + CHALLENGE_COLUMNS + " FROM challenges ORDER BY id", Map.of(), SqlStore::storedChallenge);
  }

  @Override
  public Future<List<StoredChallenge>> challengeSummaries() {
    return list("SELECT id, definition, definition_is_yaml, NULL, reference_sha256, source_sha256, revealed_at, updated_at "
        + "FROM challenges ORDER BY id", Map.of(), SqlStore::storedChallenge);
  }

  @Override
  public Future<Optional<StoredChallenge>> challenge(String id) {
    return list("SELECT " + CHALLENGE_COLUMNS + " FROM challenges WHERE id = #{id}", Map.of("id", id), SqlStore::storedChallenge)
        .map(rows -> rows.stream().findFirst());
  }

  @Override
  public Future<Void> saveChallenge(StoredChallenge c, AuditEntry audit) {
    Map<String, Object> params = new HashMap<>();
    params.put("id", c.id());
    params.put("definition", c.definition());
    params.put("definition_is_yaml", c.definitionIsYaml());
    params.put("reference", c.reference() == null ? null : Buffer.buffer(c.reference()));
    params.put("reference_sha256", c.referenceSha256());
    params.put("source_sha256", c.sourceSha256());
    params.put("revealed_at", c.revealedAt() == null ? null : c.revealedAt().toEpochMilli());
    params.put("updated_at", c.updatedAt().toEpochMilli());
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, "DELETE FROM challenges WHERE id = #{id}").execute(params)
            .compose(deleted -> SqlTemplate.forUpdate(connection, "INSERT INTO challenges (" + CHALLENGE_COLUMNS + ") VALUES (#{id}, "
                + "#{definition}, #{definition_is_yaml}, #{reference}, #{reference_sha256}, #{source_sha256}, #{revealed_at}, "
                + "#{updated_at})").execute(params))
            .compose(inserted -> SqlTemplate.forUpdate(connection, "INSERT INTO audit_log (id, challenge_id, at_millis, action, detail) "
                    + "VALUES (#{id}, #{challenge_id}, #{at_millis}, #{action}, #{detail})")
                .execute(Map.of("id", audit.id(), "challenge_id", audit.challengeId(), "at_millis", audit.at().toEpochMilli(),
                    "action", audit.action(), "detail", audit.detail()))))
        .mapEmpty();
  }

  @Override
  public Future<List<AuditEntry>> audit(String challengeId) {
    return list("SELECT id, challenge_id, at_millis, action, detail FROM audit_log WHERE challenge_id = #{challenge_id} "
            + "ORDER BY at_millis, id", Map.of("challenge_id", challengeId),
        row -> new AuditEntry(row.getString(0), row.getString(1), Instant.ofEpochMilli(row.getLong(2)), row.getString(3), row.getString(4)));
  }

  @Override
  public Future<List<SubmissionRecord>> submissions(String challengeId) {
    return list(SUBMISSIONS + "WHERE s.challenge_id = #{challenge_id} ORDER BY s.submitted_at, s.id",
        Map.of("challenge_id", challengeId), SqlStore::submission);
  }

  @Override
  public Future<List<SubmissionRecord>> submissionsOfTeam(String challengeId, String teamId) {
    return list(SUBMISSIONS + "WHERE s.challenge_id = #{challenge_id} AND s.team_id = #{team_id} ORDER BY s.submitted_at, s.id",
        Map.of("challenge_id", challengeId, "team_id", teamId), SqlStore::submission);
  }

  @Override
  public Future<Optional<SubmissionRecord>> submission(String challengeId, String submissionId) {
    return list(SUBMISSIONS + "WHERE s.challenge_id = #{challenge_id} AND s.id = #{id}",
        Map.of("challenge_id", challengeId, "id", submissionId), SqlStore::submission)
        .map(rows -> rows.stream().findFirst());
  }

  @Override
  public Future<Optional<byte[]>> submissionFile(String submissionId) {
    return submissionFiles(List.of(submissionId)).map(files -> Optional.ofNullable(files.get(submissionId)));
  }

  @Override
  public Future<Map<String, byte[]>> submissionFiles(List<String> submissionIds) {
    if (submissionIds.isEmpty()) return Future.succeededFuture(Map.of());
    Map<String, Object> params = new HashMap<>();
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < submissionIds.size(); i++) {
      in.append(i == 0 ? "#{id" : ", #{id").append(i).append('}');
      params.put("id" + i, submissionIds.get(i));
    }
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection,
                "SELECT submission_id, content, content_file FROM submission_files WHERE submission_id IN (" + in + ")")
            .execute(params))
        .compose(rows -> {
          Map<String, byte[]> files = new HashMap<>();
          Map<String, String> shelved = new HashMap<>();
          for (Row row : rows) {
            if (row.getString(2) == null) files.put(row.getString(0), row.getBuffer(1).getBytes());
            else shelved.put(row.getString(0), row.getString(2));
          }
          if (shelved.isEmpty()) return Future.succeededFuture(files);
          if (shelf == null) return Future.failedFuture(new IllegalStateException("stored files kept beside another database: " + shelved.values()));
          return vertx.executeBlocking(() -> {
            shelved.forEach((id, name) -> files.put(id, shelf.get(name)));
            return files;
          }, false);
        });
  }

  @Override
  public Future<Void> addWebhook(Webhook webhook) {
    Map<String, Object> params = Map.of("id", webhook.id(), "challenge_id", webhook.challengeId(), "url", webhook.url(),
        "secret", webhook.secret(), "events", String.join(",", webhook.events()), "created_at", webhook.createdAt().toEpochMilli());
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
            "INSERT INTO webhooks (id, challenge_id, url, secret, events, created_at) "
                + "VALUES (#{id}, #{challenge_id}, #{url}, #{secret}, #{events}, #{created_at})")
        .execute(params)).mapEmpty();
  }

  @Override
  public Future<List<Webhook>> webhooks(String challengeId) {
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection,
            "SELECT id, challenge_id, url, secret, events, created_at FROM webhooks WHERE challenge_id = #{challenge_id} ORDER BY created_at, id")
        .mapTo(row -> new Webhook(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
            List.of(row.getString(4).split(",")), Instant.ofEpochMilli(row.getLong(5))))
        .execute(Map.of("challenge_id", challengeId)))
        .map(rows -> {
          List<Webhook> list = new java.util.ArrayList<>();
          rows.forEach(list::add);
          return list;
        });
  }

  @Override
  public Future<Boolean> removeWebhook(String challengeId, String webhookId) {
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
            "DELETE FROM webhooks WHERE id = #{id} AND challenge_id = #{challenge_id}")
        .execute(Map.of("id", webhookId, "challenge_id", challengeId)))
        .map(result -> result.rowCount() > 0);
  }

  @Override
  public Future<Boolean> claimEvent(String key, Instant at) {
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
            "INSERT INTO webhook_events (event_key, at_millis) VALUES (#{key}, #{at})")
        .execute(Map.of("key", key, "at", at.toEpochMilli())))
        .map(true)
        .recover(failure -> SqlStates.isUniqueViolation(failure) ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }

  @Override
  public Future<Optional<String>> setting(String name) {
    return first(pool.withTransaction(connection -> SqlTemplate.forQuery(connection,
            "SELECT setting_value FROM settings WHERE name = #{name}")
        .mapTo(row -> row.getString(0))
        .execute(Map.of("name", name))));
  }

  @Override
  public Future<Void> putSetting(String name, String value) {
    Map<String, Object> params = Map.of("name", name, "value", value);
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, "DELETE FROM settings WHERE name = #{name}")
            .execute(params)
            .compose(done -> SqlTemplate.forUpdate(connection,
                "INSERT INTO settings (name, setting_value) VALUES (#{name}, #{value})").execute(params)))
        .mapEmpty();
  }

  @Override
  public Future<Boolean> ping() {
    return pool.withTransaction(connection -> connection.query("SELECT 1").execute()).map(rows -> rows.size() == 1);
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }

  private <T> Future<List<T>> list(String sql, Map<String, Object> params, Function<Row, T> mapper) {
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection, sql).mapTo(mapper::apply).execute(params))
        .map(rows -> {
          List<T> list = new java.util.ArrayList<>();
          rows.forEach(list::add);
          return list;
        });
  }

  private static <T> Future<Optional<T>> first(Future<io.vertx.sqlclient.RowSet<T>> rows) {
    return rows.map(set -> set.iterator().hasNext() ? Optional.of(set.iterator().next()) : Optional.empty());
  }

  private static Team team(Row row) {
    List<String> members = Json.MAPPER.convertValue(Json.read(row.getString(2), List.class), new TypeReference<>() {});
    return new Team(row.getString(0), row.getString(1), members, Instant.ofEpochMilli(row.getLong(3)));
  }

  private static SubmissionRecord submission(Row row) {
    return new SubmissionRecord(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
        Instant.ofEpochMilli(row.getLong(4)), row.getString(5), row.getString(6), row.getString(7), row.getInteger(8),
        Json.read(row.getString(9), Evaluation.class), row.getString(10), row.getString(11),
        row.getValue(12) == null ? null : ((Number) row.getValue(12)).doubleValue(), row.getValue(13) != null);
  }

  private static StoredChallenge storedChallenge(Row row) {
    Buffer reference = row.getValue(3) == null ? null : row.getBuffer(3);
    return new StoredChallenge(row.getString(0), row.getString(1), row.getBoolean(2), reference == null ? null : reference.getBytes(),
        row.getString(4), row.getString(5), row.getValue(6) == null ? null : Instant.ofEpochMilli(row.getLong(6)),
        Instant.ofEpochMilli(row.getLong(7)));
  }
}
