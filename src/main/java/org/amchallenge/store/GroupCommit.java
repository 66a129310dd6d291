package org.amchallenge.store;

import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Usage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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

/**
 * Stores uploads in groups, so that those arriving while a commit is under way share the next transaction and
 * write of the database instead of paying one each, each answered after the commit that holds it.
 *
 * <p>The quota rule is kept here: a team's daily and total limits are checked in that transaction under the
 * team's row lock, against its counts in {@code team_usage} and the group's earlier uploads, so that they hold
 * across concurrent uploads and nodes; one refused ({@link QuotaExceededException}) does not fail the others.
 */
final class GroupCommit {
  /** The most uploads one commit takes, and their most bytes (a file larger than this goes alone). */
  static final int GROUP_LIMIT = 128;
  static final long GROUP_BYTES = 8L << 20;

  private static final String LOCK_TEAM = "UPDATE teams SET submission_lock = submission_lock + 1 WHERE id = #{id}";
  private static final String INSERT_SUBMISSION = "INSERT INTO submissions (id, challenge_id, team_id, submitted_at, file_name, "
      + "format, description, row_count, evaluation, reference_sha256, scorer_version, released_score, method_card, post_reveal) VALUES (#{id}, "
      + "#{challenge_id}, #{team_id}, #{submitted_at}, #{file_name}, #{format}, #{description}, #{row_count}, #{evaluation}, "
      + "#{reference_sha256}, #{scorer_version}, #{released_score}, #{method_card}, #{post_reveal})";
  private static final String INSERT_FILE = "INSERT INTO submission_files (submission_id, content, content_file) "
      + "VALUES (#{submission_id}, #{content}, #{content_file})";
  private static final String UPDATE_USAGE = "UPDATE team_usage SET total = #{total}, day_start = #{day_start}, day_count = #{day_count} "
      + "WHERE challenge_id = #{challenge_id} AND team_id = #{team_id}";
  private static final String INSERT_MEMBER = "INSERT INTO challenge_members (challenge_id, member_key, team_id) "
      + "VALUES (#{challenge_id}, #{member_key}, #{team_id})";
  private static final String INSERT_USAGE = "INSERT INTO team_usage (challenge_id, team_id, total, day_start, day_count) "
      + "VALUES (#{challenge_id}, #{team_id}, #{total}, #{day_start}, #{day_count})";

  private final Pool pool;
  private final boolean filesAsBytes;
  /**
   * The (challenge, team) pairs whose members are recorded in {@code challenge_members} as theirs: such rows are never
   * changed or removed, so these teams' uploads need no look at them again.
   */
  private final java.util.Set<String> joinedTeams = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The uploads waiting for a commit, oldest first, and whether a group commit is under way. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private boolean committing;

  /** {@code filesAsBytes}: files are bound as plain bytes, as the embedded database's JDBC client takes them without a second copy. */
  GroupCommit(Pool pool, boolean filesAsBytes) {
    this.pool = pool;
    this.filesAsBytes = filesAsBytes;
  }

  /**
   * Stores a submission with its file ({@code file} its bytes for the row, or empty where it is kept beside the
   * database under the name {@code shelved}) in the next group commit; fails with {@link QuotaExceededException}
   * where the team has made {@code perDay} submissions on the day starting at {@code dayStart}, or {@code total}.
   */
  Future<Void> submit(SubmissionRecord record, byte[] file, String shelved, Instant dayStart, int perDay, int total,
                      Store.Admission admission) {
    Pending insert = new Pending(record, file, shelved, dayStart, perDay, total, admission, Promise.promise(), Vertx.currentContext());
    boolean start;
    synchronized (pending) {
      pending.add(insert);
      start = !committing;
      committing = true;
    }
    if (start) commitNext();
    return insert.promise().future();
  }

  /** An upload waiting for the next group commit: what to store, its team's limits, and whom to tell. */
  private record Pending(SubmissionRecord record, byte[] file, String shelved, Instant dayStart, int perDay, int total,
                         Store.Admission admission, Promise<Void> promise, Context context) {
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

  /** Commits the uploads waiting (one day's, up to the limits), then the next ones, until none waits. */
  private void commitNext() {
    List<Pending> group = new ArrayList<>();
    synchronized (pending) {
      long bytes = 0;
      while (!pending.isEmpty() && group.size() < GROUP_LIMIT) {
        Pending next = pending.peek();
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
        for (Pending one : group) {
          alone = alone.compose(done -> commitGroup(List.of(one)).transform(outcome -> {
            one.answer(outcome.succeeded() ? outcome.result().get(0) : outcome.cause());
            return Future.succeededFuture();
          }));
        }
        alone.onComplete(done -> commitNext());
      }
    });
  }

  /**
   * One transaction for a group of uploads of one day: their teams' row locks (taken in id order, so two
   * nodes never wait on each other), every team's usage in one query, then the accepted rows in two batches.
   * Returns, for each upload in order, null where it was stored and the quota it would exceed where not.
   */
  private Future<List<Throwable>> commitGroup(List<Pending> group) {
    try {
      return commitGroupNow(group);
    } catch (RuntimeException e) {
      // never left under way: the uploads after it would wait for ever
      return Future.failedFuture(e);
    }
  }

  private Future<List<Throwable>> commitGroupNow(List<Pending> group) {
    List<String> teams = group.stream().map(p -> p.record().teamId()).distinct().sorted().toList();
    List<String> challenges = group.stream().map(p -> p.record().challengeId()).distinct().toList();
    Map<String, ChallengeRow> opened = new HashMap<>();
    Map<String, String> competing = new HashMap<>();
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, LOCK_TEAM)
        .executeBatch(teams.stream().map(id -> Map.<String, Object>of("id", id)).toList())
        .compose(locked -> challengeRows(connection, group).map(found -> {
          opened.putAll(found);
          return null;
        }))
        .compose(read -> members(connection, unjoined(group)).map(found -> {
          competing.putAll(found);
          return null;
        }))
        .compose(read -> counted(connection, challenges, teams))
        .compose(before -> {
          Map<String, Counted> after = new HashMap<>(before);
          List<Throwable> outcomes = new ArrayList<>(group.size());
          List<Map<String, Object>> rows = new ArrayList<>();
          List<Map<String, Object>> files = new ArrayList<>();
          List<Map<String, Object>> joined = new ArrayList<>();
          for (Pending p : group) {
            String key = p.record().challengeId() + "\n" + p.record().teamId();
            Counted counted = after.getOrDefault(key, Counted.none(p.dayStart()));
            Usage usage = counted.on(p.dayStart());
            NotAdmittedException refused = refusal(p, opened, competing);
            if (refused != null) {
              outcomes.add(refused);
            } else if (usage.total() >= p.total()) {
              outcomes.add(QuotaExceededException.total(p.total()));
            } else if (usage.today() >= p.perDay()) {
              outcomes.add(QuotaExceededException.daily(p.perDay()));
            } else {
              outcomes.add(null);
              if (!joinedTeams.contains(pair(p))) join(p, competing, joined);
              after.put(key, counted.plusOne(p.dayStart()));
              rows.add(SqlStore.submissionParams(p.record()));
              files.add(fileParams(p));
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
              .compose(done -> joined.isEmpty() ? Future.succeededFuture() : SqlTemplate.forUpdate(connection, INSERT_MEMBER).executeBatch(joined))
              .map(outcomes);
        }))
        .onSuccess(outcomes -> {
          for (int i = 0; i < group.size(); i++) if (outcomes.get(i) == null) joinedTeams.add(pair(group.get(i)));
        });
  }

  private static String pair(Pending p) {
    return p.record().challengeId() + "\n" + p.record().teamId();
  }

  /** The group's uploads of teams whose members this node has not yet seen recorded. */
  private List<Pending> unjoined(List<Pending> group) {
    return group.stream().filter(p -> !joinedTeams.contains(pair(p))).toList();
  }


  /**
   * Why the rules refuse this upload now, or null: its challenge revealed or closed at this instant (read after its row was
   * locked, so that a reveal commits wholly before or after), or a member of its team in another team of the challenge
   * (the refusal names no one: anyone could otherwise probe who competes).
   */
  private static NotAdmittedException refusal(Pending p, Map<String, ChallengeRow> opened, Map<String, String> competing) {
    Store.Admission admission = p.admission();
    if (admission.closes() != null) {
      ChallengeRow challenge = opened.get(p.record().challengeId());
      if (challenge == null) return new NotAdmittedException.ReferenceChanged();  // its row is being written anew: not yet readable
      if (challenge.revealedAt() != null) {
        return new NotAdmittedException("the challenge was revealed at " + Instant.ofEpochMilli(challenge.revealedAt())
            + "; no submission is accepted after, and nothing of this file was stored");
      }
      String reference = challenge.referenceSha256();
      if (reference != null && !reference.equals(p.record().referenceSha256())) {
        // another node replaced the reference while this file was scored: stored, it would keep the old one's scores
        return new NotAdmittedException.ReferenceChanged();
      }
      Instant now = admission.clock().instant();
      if (!now.isBefore(admission.closes())) {
        return new NotAdmittedException("the challenge closed at " + admission.closes()
            + " before this file had arrived whole; nothing of it was stored");
      }
    }
    for (String member : admission.memberKeys()) {
      String team = competing.get(p.record().challengeId() + "\n" + member);
      if (team != null && !team.equals(p.record().teamId())) {
        return new NotAdmittedException("a member of this team competes in this challenge with another team already; "
            + "a participant belongs to one team per challenge");
      }
    }
    return null;
  }

  /** Records the upload's members as competing with its team (in {@code competing} for the group's later uploads too). */
  private static void join(Pending p, Map<String, String> competing, List<Map<String, Object>> joined) {
    for (String member : p.admission().memberKeys()) {
      if (competing.putIfAbsent(p.record().challengeId() + "\n" + member, p.record().teamId()) == null) {
        joined.add(Map.of("challenge_id", p.record().challengeId(), "member_key", member, "team_id", p.record().teamId()));
      }
    }
  }

  /** What the storing transaction reads of a challenge's row: when it was revealed (null: not yet), and its reference. */
  private record ChallengeRow(Long revealedAt, String referenceSha256) {}

  /**
   * The rows of the challenges the group's checked uploads go to, by id, locked for this transaction: a reveal or a new
   * reference, which writes that row, commits wholly before or after it.
   */
  private static Future<Map<String, ChallengeRow>> challengeRows(SqlConnection connection, List<Pending> group) {
    List<String> checked = group.stream().filter(p -> p.admission().closes() != null).map(p -> p.record().challengeId()).distinct().sorted().toList();
    if (checked.isEmpty()) return Future.succeededFuture(Map.of());
    Map<String, Object> params = new HashMap<>();
    String sql = "SELECT id, revealed_at, reference_sha256 FROM challenges WHERE id IN (" + placeholders("c", checked, params) + ") FOR UPDATE";
    return SqlTemplate.forQuery(connection, sql).execute(params).map(rows -> {
      Map<String, ChallengeRow> found = new HashMap<>();
      for (Row row : rows) {
        Object revealedAt = row.getValue(1);
        found.put(row.getString(0), new ChallengeRow(revealedAt == null ? null : ((Number) revealedAt).longValue(), row.getString(2)));
      }
      return found;
    });
  }

  /** Which team each of the group's members competes with, keyed "challenge\nmember". */
  private static Future<Map<String, String>> members(SqlConnection connection, List<Pending> group) {
    List<String> challenges = group.stream().filter(p -> !p.admission().memberKeys().isEmpty()).map(p -> p.record().challengeId()).distinct().toList();
    List<String> keys = group.stream().flatMap(p -> p.admission().memberKeys().stream()).distinct().toList();
    if (keys.isEmpty()) return Future.succeededFuture(Map.of());
    Map<String, Object> params = new HashMap<>();
    String sql = "SELECT challenge_id, member_key, team_id FROM challenge_members WHERE challenge_id IN ("
        + placeholders("c", challenges, params) + ") AND member_key IN (" + placeholders("m", keys, params) + ")";
    return SqlTemplate.forQuery(connection, sql).execute(params).map(rows -> {
      Map<String, String> found = new HashMap<>();
      for (Row row : rows) found.put(row.getString(0) + "\n" + row.getString(1), row.getString(2));
      return found;
    });
  }

  private static String placeholders(String prefix, List<String> values, Map<String, Object> params) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("#{").append(prefix).append(i).append('}');
      params.put(prefix + i, values.get(i));
    }
    return sql.toString();
  }

  private Map<String, Object> fileParams(Pending p) {
    Map<String, Object> file = new HashMap<>();
    file.put("submission_id", p.record().id());
    // wrapped, not copied, so that a large file is not held twice
    file.put("content", filesAsBytes ? p.file()
        : io.vertx.core.internal.buffer.BufferInternal.buffer(io.netty.buffer.Unpooled.wrappedBuffer(p.file())));
    file.put("content_file", p.shelved());
    return file;
  }

  /** A team's counts in a challenge as kept in {@code team_usage}: in all, and on the day that starts at {@code dayStart}. */
  record Counted(int total, long dayStart, int dayCount) {
    /** A team that has made no submission to the challenge. */
    static Counted none(Instant day) {
      return new Counted(0, day.toEpochMilli(), 0);
    }

    /** The counts of a {@code team_usage} row read as (total, day_start, day_count). */
    static Counted of(Row row, int from) {
      return new Counted(((Number) row.getValue(from)).intValue(), ((Number) row.getValue(from + 1)).longValue(),
          ((Number) row.getValue(from + 2)).intValue());
    }

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
      for (Row row : rows) counted.put(row.getString(0) + "\n" + row.getString(1), Counted.of(row, 2));
      return counted;
    });
  }
}
