package org.amchallenge.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.amchallenge.Json;
import org.amchallenge.scoring.Evaluation;

/**
 * Every statement runs in a transaction of its own: in the Vert.x 5 JDBC client a pooled connection keeps
 * auto-commit off after its first transaction (vert-x3/vertx-jdbc-client#356), so a bare statement could stay
 * uncommitted and unseen by the other connections.
 *
 * The store on any Vert.x SQL pool (rows read by position: H2 names columns in capitals, PostgreSQL in lower case): the same {@code #{name}} templates on the embedded database and PostgreSQL. */
public final class SqlStore implements Store {
  private static final String SUBMISSION_COLUMNS = "s.id, s.challenge_id, s.team_id, t.name AS team_name, s.submitted_at, "
      + "s.file_name, s.format, s.description, s.row_count, s.evaluation, s.reference_sha256, s.scorer_version";
  private static final String SUBMISSIONS = "SELECT " + SUBMISSION_COLUMNS + " FROM submissions s JOIN teams t ON t.id = s.team_id ";

  private final Pool pool;

  public SqlStore(Pool pool) {
    this.pool = pool;
  }

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

  @Override
  public Future<Optional<Team>> teamByTokenHash(String tokenHash) {
    return first(pool.withTransaction(connection -> SqlTemplate.forQuery(connection,
            "SELECT id, name, members, created_at FROM teams WHERE token_hash = #{token_hash}")
        .mapTo(SqlStore::team)
        .execute(Map.of("token_hash", tokenHash))));
  }

  @Override
  public Future<Void> insertSubmission(SubmissionRecord s, byte[] compressedFile) {
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
    params.put("content", Buffer.buffer(compressedFile));
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
                "INSERT INTO submissions (id, challenge_id, team_id, submitted_at, file_name, format, description, row_count, "
                    + "evaluation, reference_sha256, scorer_version) VALUES (#{id}, #{challenge_id}, #{team_id}, #{submitted_at}, "
                    + "#{file_name}, #{format}, #{description}, #{row_count}, #{evaluation}, #{reference_sha256}, #{scorer_version})")
            .execute(params)
            .compose(done -> SqlTemplate.forUpdate(connection,
                "INSERT INTO submission_files (submission_id, content) VALUES (#{id}, #{content})").execute(params)))
        .mapEmpty();
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
    return first(pool.withTransaction(connection -> SqlTemplate.forQuery(connection,
            "SELECT content FROM submission_files WHERE submission_id = #{id}")
        .mapTo(row -> row.getBuffer(0).getBytes())
        .execute(Map.of("id", submissionId))));
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
        Json.read(row.getString(9), Evaluation.class), row.getString(10), row.getString(11));
  }
}
