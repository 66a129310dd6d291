package org.amchallenge.store;

import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Baseline;
import org.amchallenge.domain.Disqualification;
import org.amchallenge.domain.InputFile;
import org.amchallenge.domain.Team;
import org.amchallenge.domain.Usage;
import org.amchallenge.domain.AuditEntry;
import org.amchallenge.domain.Webhook;
import org.amchallenge.domain.StoredChallenge;

import com.fasterxml.jackson.core.type.TypeReference;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.amchallenge.domain.Json;
import org.amchallenge.domain.Names;
import org.amchallenge.scoring.Evaluation;

/**
 * The store on any Vert.x SQL pool: the SQL of each operation, as the same {@code #{name}} templates on the
 * embedded database and PostgreSQL (rows read by position, since H2 names columns in capitals and PostgreSQL in
 * lower case). Submissions are stored through a {@link GroupCommit}, which keeps the teams' limits.
 *
 * Every statement runs in a transaction of its own: in the Vert.x 5 JDBC client a pooled connection keeps
 * auto-commit off after its first transaction (vert-x3/vertx-jdbc-client#356), so a bare statement could stay
 * uncommitted and unseen by the other connections.
 */
public final class SqlStore implements Store {
  private static final String SUBMISSION_COLUMNS = "s.id, s.challenge_id, s.team_id, t.name AS team_name, s.submitted_at, "
      + "s.file_name, s.format, s.description, s.row_count, s.evaluation, s.reference_sha256, s.scorer_version, "
      + "s.released_score, sel.submission_id, s.method_card, s.post_reveal";
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
    this(pool, filesAsBytes, vertx, shelf, null);
  }

  /** {@code embeddedUrl}: the embedded database's JDBC URL, which {@link #backup} copies; null on any other database. */
  SqlStore(Pool pool, boolean filesAsBytes, Vertx vertx, FileShelf shelf, String embeddedUrl) {
    this.pool = pool;
    this.groupCommit = new GroupCommit(pool, filesAsBytes);
    this.vertx = vertx;
    this.shelf = shelf;
    this.embeddedUrl = embeddedUrl;
    this.people = new SqlPeopleStore(pool, this::forgetTeam);
  }

  private final SqlPeopleStore people;

  @Override
  public PeopleStore people() {
    return people;
  }

  @Override
  public void forgetTeam(String teamId) {
    teamsByTokenHash.asMap().values().removeIf(team -> team.id().equals(teamId));
  }

  private final GroupCommit groupCommit;
  private final Vertx vertx;
  private final FileShelf shelf;
  private final String embeddedUrl;
  private static final byte[] SHELVED = new byte[0];

  @Override
  public Future<Team> createTeam(Team team, String tokenHash) {
    // the unique key decides between two registrations of one name at the same instant, on any node
    Map<String, Object> params = Map.of("id", team.id(), "name", team.name(), "name_key", Names.storedKey(team.name()),
        "members", Json.write(team.members()), "token_hash", tokenHash, "created_at", team.createdAt().toEpochMilli());
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
                "INSERT INTO teams (id, name, name_key, members, token_hash, created_at) "
                    + "VALUES (#{id}, #{name}, #{name_key}, #{members}, #{token_hash}, #{created_at})")
            .execute(params))
        .recover(failure -> Future.failedFuture(SqlStates.isUniqueViolation(failure)
            ? new DuplicateException("the team name '" + team.name() + "' is taken: a new name must differ from every "
                + "registered team's name by more than case, width, spacing or look-alike characters") : failure))
        .map(team);
  }

  /**
   * The teams found by their token's hash, so that a request does not read its team again: bounded in number, so
   * that random tokens cannot fill the memory, and in age, so that a team changed on another node would be seen
   * (no statement changes one yet); an unknown hash is not kept, since another node may create its team a moment later.
   */
  static final int TEAMS_KEPT = 10_000;
  static final Duration TEAMS_FRESH = Duration.ofMinutes(5);
  private final Cache<String, Team> teamsByTokenHash = Caffeine.newBuilder()
      .maximumSize(TEAMS_KEPT)
      .expireAfterWrite(TEAMS_FRESH)
      .build();

  @Override
  public Future<Optional<Team>> teamByTokenHash(String tokenHash) {
    Team known = teamsByTokenHash.getIfPresent(tokenHash);
    if (known != null) return Future.succeededFuture(Optional.of(known));
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection, "SELECT id FROM teams WHERE token_hash = #{token_hash}")
            .mapTo(row -> row.getString(0)).execute(Map.of("token_hash", tokenHash))
            .compose(ids -> ids.iterator().hasNext() ? SqlPeopleStore.team(connection, ids.iterator().next())
                : Future.succeededFuture(Optional.<Team>empty())))
        .onSuccess(found -> found.ifPresent(team -> teamsByTokenHash.put(tokenHash, team)));
  }

  /** How many teams are kept by their token's hash, after the cache's pending evictions. */
  long teamsKept() {
    teamsByTokenHash.cleanUp();
    return teamsByTokenHash.estimatedSize();
  }

  /** The bounds the teams are kept within. */
  Policy<String, Team> teamCachePolicy() {
    return teamsByTokenHash.policy();
  }

  /** Stores each submission in the next group commit, which checks its team's limits in the same transaction. */
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
    return insertSubmission(s, file, dayStart, perDay, total, Admission.UNCHECKED);
  }

  @Override
  public Future<Void> insertSubmission(SubmissionRecord s, StagedFile file, Instant dayStart, int perDay, int total, Admission admission) {
    if (file.shelved() == null) return groupCommit.submit(s, file.bytes().toArray(), null, dayStart, perDay, total, admission);
    return groupCommit.submit(s, SHELVED, file.shelved(), dayStart, perDay, total, admission)
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

  /** A submission's row as the {@code #{name}} parameters of its columns. */
  static Map<String, Object> submissionParams(SubmissionRecord s) {
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
    params.put("method_card", s.method() == null ? null : Json.write(s.method()));
    params.put("post_reveal", s.postReveal());
    return params;
  }

  /** Takes the team's row lock: the transactions of one team run one after the other, on every node. */
  private static Future<?> lockTeam(SqlConnection connection, String teamId) {
    return SqlTemplate.forUpdate(connection, "UPDATE teams SET submission_lock = submission_lock + 1 WHERE id = #{id}")
        .execute(Map.of("id", teamId));
  }

  @Override
  public Future<Usage> usage(String challengeId, String teamId, Instant dayStart) {
    return first(pool.withTransaction(connection -> SqlTemplate.forQuery(connection,
            "SELECT total, day_start, day_count FROM team_usage WHERE challenge_id = #{challenge_id} AND team_id = #{team_id}")
        .mapTo(row -> GroupCommit.Counted.of(row, 0))
        .execute(Map.of("challenge_id", challengeId, "team_id", teamId))))
        .map(counted -> counted.orElse(GroupCommit.Counted.none(dayStart)).on(dayStart));
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
    // updated in place, not deleted and inserted: an upload's transaction that waits on the row's lock then reads the new row
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, "UPDATE challenges SET definition = #{definition}, "
                + "definition_is_yaml = #{definition_is_yaml}, reference = #{reference}, reference_sha256 = #{reference_sha256}, "
                + "source_sha256 = #{source_sha256}, revealed_at = #{revealed_at}, updated_at = #{updated_at} WHERE id = #{id}").execute(params)
            .compose(updated -> updated.rowCount() > 0 ? Future.succeededFuture()
                : SqlTemplate.forUpdate(connection, "INSERT INTO challenges (" + CHALLENGE_COLUMNS + ") VALUES (#{id}, "
                + "#{definition}, #{definition_is_yaml}, #{reference}, #{reference_sha256}, #{source_sha256}, #{revealed_at}, "
                + "#{updated_at})").execute(params).mapEmpty())
            .compose(inserted -> insertAudit(connection, audit)))
        .mapEmpty();
  }

  @Override
  public Future<List<org.amchallenge.domain.StoredSeries>> series() {
    return list("SELECT id, definition, definition_is_yaml, source_sha256, updated_at FROM series ORDER BY id", Map.of(),
        row -> new org.amchallenge.domain.StoredSeries(row.getString(0), row.getString(1), row.getBoolean(2), row.getString(3),
            Instant.ofEpochMilli(row.getLong(4))));
  }

  @Override
  public Future<Void> saveSeries(org.amchallenge.domain.StoredSeries s, List<AuditEntry> audit) {
    Map<String, Object> params = new HashMap<>();
    params.put("id", s.id());
    params.put("definition", s.definition());
    params.put("definition_is_yaml", s.definitionIsYaml());
    params.put("source_sha256", s.sourceSha256());
    params.put("updated_at", s.updatedAt().toEpochMilli());
    return pool.withTransaction(connection -> {
      Future<?> saved = SqlTemplate.forUpdate(connection, "UPDATE series SET definition = #{definition}, definition_is_yaml = #{definition_is_yaml}, "
              + "source_sha256 = #{source_sha256}, updated_at = #{updated_at} WHERE id = #{id}").execute(params)
          .compose(updated -> updated.rowCount() > 0 ? Future.succeededFuture()
              : SqlTemplate.forUpdate(connection, "INSERT INTO series (id, definition, definition_is_yaml, source_sha256, updated_at) "
                  + "VALUES (#{id}, #{definition}, #{definition_is_yaml}, #{source_sha256}, #{updated_at})").execute(params).mapEmpty());
      for (AuditEntry entry : audit) saved = saved.compose(done -> insertAudit(connection, entry));
      return saved;
    }).mapEmpty();
  }

  private static Future<?> insertAudit(SqlConnection connection, AuditEntry audit) {
    Map<String, Object> params = new HashMap<>(Map.of("id", audit.id(), "challenge_id", audit.challengeId(), "at_millis", audit.at().toEpochMilli(),
        "action", audit.action(), "detail", audit.detail()));
    params.put("actor", audit.actor());
    return SqlTemplate.forUpdate(connection, "INSERT INTO audit_log (id, challenge_id, at_millis, action, detail, actor) "
        + "VALUES (#{id}, #{challenge_id}, #{at_millis}, #{action}, #{detail}, #{actor})").execute(params);
  }

  @Override
  public Future<Void> addAudit(AuditEntry audit) {
    return pool.withTransaction(connection -> insertAudit(connection, audit)).mapEmpty();
  }

  @Override
  public Future<List<AuditEntry>> audit(String challengeId) {
    return list("SELECT id, challenge_id, at_millis, action, detail, actor FROM audit_log WHERE challenge_id = #{challenge_id} "
            + "ORDER BY at_millis, id", Map.of("challenge_id", challengeId),
        row -> new AuditEntry(row.getString(0), row.getString(1), Instant.ofEpochMilli(row.getLong(2)), row.getString(3), row.getString(4),
            row.getString(5)));
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
  public Future<Void> disqualify(Disqualification d, AuditEntry audit) {
    Map<String, Object> params = new HashMap<>(Map.of("id", d.id(), "challenge_id", d.challengeId(), "team_id", d.teamId(),
        "reason", d.reason(), "at_millis", d.at().toEpochMilli()));
    params.put("submission_id", d.submissionId());
    params.put("actor", d.actor());
    return pool.withTransaction(connection -> notRevealed(connection, d.challengeId())
        // the same submission, or its whole team, already out: a second organizer's request sent at the same time
        .compose(open -> SqlTemplate.forQuery(connection, "SELECT id FROM disqualifications WHERE challenge_id = #{challenge_id} "
                + "AND team_id = #{team_id} AND (submission_id IS NULL OR submission_id = #{submission_id})").execute(params))
        .compose(same -> same.size() > 0 ? Future.<Void>failedFuture(new RefusedChangeException("already disqualified"))
            : SqlTemplate.forUpdate(connection,
                "INSERT INTO disqualifications (id, challenge_id, submission_id, team_id, reason, actor, at_millis) "
                    + "VALUES (#{id}, #{challenge_id}, #{submission_id}, #{team_id}, #{reason}, #{actor}, #{at_millis})").execute(params)
                .compose(done -> insertAudit(connection, audit)).<Void>mapEmpty())).mapEmpty();
  }

  @Override
  public Future<Boolean> reinstate(String challengeId, String disqualificationId, AuditEntry audit) {
    return pool.withTransaction(connection -> notRevealed(connection, challengeId).compose(open -> SqlTemplate.forUpdate(connection,
            "DELETE FROM disqualifications WHERE id = #{id} AND challenge_id = #{challenge_id}")
        .execute(Map.of("id", disqualificationId, "challenge_id", challengeId)))
        .compose(result -> result.rowCount() == 0 ? Future.succeededFuture(false) : insertAudit(connection, audit).map(true)));
  }

  /**
   * Locks the challenge's row and fails where it is revealed: a reveal (which writes that row) and a change to the
   * results are then one before the other, on whichever node each was asked.
   */
  private static Future<Void> notRevealed(SqlConnection connection, String challengeId) {
    return SqlTemplate.forQuery(connection, "SELECT revealed_at FROM challenges WHERE id = #{id} FOR UPDATE")
        .execute(Map.of("id", challengeId)).compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          if (row != null && row.getValue(0) != null) {
            return Future.failedFuture(new RefusedChangeException("challenge '" + challengeId + "' was revealed at "
                + Instant.ofEpochMilli(row.getLong(0)) + ": its results are final"));
          }
          return Future.succeededFuture();
        });
  }

  @Override
  public Future<List<Disqualification>> disqualifications(String challengeId) {
    return list("SELECT d.id, d.challenge_id, d.submission_id, d.team_id, t.name, d.reason, d.actor, d.at_millis FROM disqualifications d "
            + "JOIN teams t ON t.id = d.team_id WHERE d.challenge_id = #{challenge_id} ORDER BY d.at_millis, d.id",
        Map.of("challenge_id", challengeId), row -> new Disqualification(row.getString(0), row.getString(1), row.getString(2),
            row.getString(3), row.getString(4), row.getString(5), row.getString(6), Instant.ofEpochMilli(row.getLong(7))));
  }

  @Override
  public Future<Boolean> putInput(InputFile file, AuditEntry audit) {
    Map<String, Object> params = Map.of("challenge_id", file.challengeId(), "name", file.name(), "content", Buffer.buffer(file.content()),
        "sha256", file.sha256(), "uploaded_at", file.uploadedAt().toEpochMilli());
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
            "DELETE FROM challenge_inputs WHERE challenge_id = #{challenge_id} AND name = #{name}").execute(params)
        .compose(removed -> SqlTemplate.forUpdate(connection, "INSERT INTO challenge_inputs (challenge_id, name, content, sha256, uploaded_at) "
                + "VALUES (#{challenge_id}, #{name}, #{content}, #{sha256}, #{uploaded_at})").execute(params)
            .compose(inserted -> insertAudit(connection, audit)).map(removed.rowCount() == 0)));
  }

  @Override
  public Future<Boolean> removeInput(String challengeId, String name, AuditEntry audit) {
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
            "DELETE FROM challenge_inputs WHERE challenge_id = #{challenge_id} AND name = #{name}")
        .execute(Map.of("challenge_id", challengeId, "name", name))
        .compose(result -> result.rowCount() == 0 ? Future.succeededFuture(false) : insertAudit(connection, audit).map(true)));
  }

  @Override
  public Future<List<InputFile>> inputs(String challengeId) {
    return list("SELECT challenge_id, name, OCTET_LENGTH(content), sha256, uploaded_at FROM challenge_inputs WHERE challenge_id = #{challenge_id} "
            + "ORDER BY name", Map.of("challenge_id", challengeId),
        row -> new InputFile(row.getString(0), row.getString(1), ((Number) row.getValue(2)).longValue(), row.getString(3),
            Instant.ofEpochMilli(row.getLong(4)), null));
  }

  @Override
  public Future<Optional<InputFile>> input(String challengeId, String name) {
    return list("SELECT challenge_id, name, content, sha256, uploaded_at FROM challenge_inputs WHERE challenge_id = #{challenge_id} AND name = #{name}",
        Map.of("challenge_id", challengeId, "name", name),
        row -> {
          byte[] content = row.getBuffer(2).getBytes();
          return new InputFile(row.getString(0), row.getString(1), content.length, row.getString(3), Instant.ofEpochMilli(row.getLong(4)), content);
        }).map(rows -> rows.stream().findFirst());
  }

  private static final String BASELINE_COLUMNS = "id, challenge_id, name, description, added_at, file_name, format, row_count, "
      + "evaluation, reference_sha256, scorer_version";

  @Override
  public Future<Void> addBaseline(Baseline b, byte[] compressedFile, AuditEntry audit) {
    Map<String, Object> params = new HashMap<>();
    params.put("id", b.id());
    params.put("challenge_id", b.challengeId());
    params.put("name", b.name());
    params.put("description", b.description());
    params.put("added_at", b.addedAt().toEpochMilli());
    params.put("file_name", b.fileName());
    params.put("format", b.format());
    params.put("row_count", b.rows());
    params.put("evaluation", Json.write(b.evaluation()));
    params.put("reference_sha256", b.referenceSha256());
    params.put("scorer_version", b.scorerVersion());
    params.put("content", Buffer.buffer(compressedFile));
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, "INSERT INTO baselines (" + BASELINE_COLUMNS + ", content) "
                + "VALUES (#{id}, #{challenge_id}, #{name}, #{description}, #{added_at}, #{file_name}, #{format}, #{row_count}, "
                + "#{evaluation}, #{reference_sha256}, #{scorer_version}, #{content})").execute(params)
            .compose(inserted -> insertAudit(connection, audit)))
        .recover(failure -> Future.failedFuture(SqlStates.isUniqueViolation(failure)
            ? new DuplicateException("this challenge has a baseline named '" + b.name() + "' already; remove it first, or choose another name")
            : failure))
        .mapEmpty();
  }

  @Override
  public Future<Boolean> removeBaseline(String challengeId, String baselineId, AuditEntry audit) {
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
            "DELETE FROM baselines WHERE challenge_id = #{challenge_id} AND id = #{id}")
        .execute(Map.of("challenge_id", challengeId, "id", baselineId))
        .compose(result -> result.rowCount() == 0 ? Future.succeededFuture(false) : insertAudit(connection, audit).map(true)));
  }

  @Override
  public Future<List<Baseline>> baselines(String challengeId) {
    return list("SELECT " + BASELINE_COLUMNS + " FROM baselines WHERE challenge_id = #{challenge_id} ORDER BY added_at, id",
        Map.of("challenge_id", challengeId), row -> new Baseline(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
            Instant.ofEpochMilli(row.getLong(4)), row.getString(5), row.getString(6), row.getInteger(7),
            Json.read(row.getString(8), Evaluation.class), row.getString(9), row.getString(10)));
  }

  @Override
  public Future<Map<String, byte[]>> baselineFiles(String challengeId) {
    return list("SELECT id, content FROM baselines WHERE challenge_id = #{challenge_id}", Map.of("challenge_id", challengeId),
        row -> Map.entry(row.getString(0), row.getBuffer(1).getBytes()))
        .map(rows -> {
          Map<String, byte[]> files = new HashMap<>();
          rows.forEach(e -> files.put(e.getKey(), e.getValue()));
          return files;
        });
  }

  @Override
  public Future<Void> updateBaselineScores(List<Baseline> baselines) {
    if (baselines.isEmpty()) return Future.succeededFuture();
    List<Map<String, Object>> batch = baselines.stream().map(b -> Map.<String, Object>of("id", b.id(),
        "evaluation", Json.write(b.evaluation()), "reference_sha256", b.referenceSha256(), "scorer_version", b.scorerVersion())).toList();
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, "UPDATE baselines SET evaluation = #{evaluation}, "
            + "reference_sha256 = #{reference_sha256}, scorer_version = #{scorer_version} WHERE id = #{id}").executeBatch(batch))
        .mapEmpty();
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
  public Future<Backup.Manifest> backup(Path zip, Instant at) {
    if (embeddedUrl == null || vertx == null) {
      return Future.failedFuture(new Backup.NotEmbeddedException("this store is not the embedded database: back PostgreSQL up "
          + "with its own tools (pg_dump, pg_restore)"));
    }
    // a worker of its own, one backup at a time: a large database takes longer than Vert.x lets a shared worker run unwarned
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("amc-backup", 1, 6, TimeUnit.HOURS);
    return worker.executeBlocking(() -> Backup.write(embeddedUrl, shelf == null ? null : shelf.dir(), zip, at))
        .onComplete(done -> worker.close());
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
        row.getValue(12) == null ? null : ((Number) row.getValue(12)).doubleValue(), row.getValue(13) != null,
        row.getString(14) == null ? null : methodCard(row.getString(14)), row.getBoolean(15));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> methodCard(String json) {
    return java.util.Collections.unmodifiableMap(Json.read(json, java.util.LinkedHashMap.class));
  }

  private static StoredChallenge storedChallenge(Row row) {
    Buffer reference = row.getValue(3) == null ? null : row.getBuffer(3);
    return new StoredChallenge(row.getString(0), row.getString(1), row.getBoolean(2), reference == null ? null : reference.getBytes(),
        row.getString(4), row.getString(5), row.getValue(6) == null ? null : Instant.ofEpochMilli(row.getLong(6)),
        Instant.ofEpochMilli(row.getLong(7)));
  }
}
