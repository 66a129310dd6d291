package org.amchallenge.store;

import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;
import org.amchallenge.domain.Usage;

import static org.amchallenge.store.StoreContract.DAY;
import static org.amchallenge.store.StoreContract.failure;
import static org.amchallenge.store.StoreContract.join;
import static org.amchallenge.store.StoreContract.submission;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The group commit on a real database: what each upload is answered, and what the database holds after. A group
 * is made deterministic by holding a team's row lock from another connection, so that the commit in flight waits
 * and every upload sent meanwhile joins the next one; a team's {@code submission_lock} counts its transactions.
 */
abstract class GroupCommitContract {
  private static final Instant NEXT_DAY = DAY.plusSeconds(86_400);

  /** A pool on an empty, migrated database. */
  abstract Pool pool();

  /** Whether the database takes files as plain bytes (the embedded one) rather than as a Buffer. */
  abstract boolean filesAsBytes();

  /** A plain JDBC connection to the same database, auto-commit on. */
  abstract Connection connect() throws Exception;

  private SqlStore store;
  private GroupCommit commit;

  private SqlStore store() {
    if (store == null) store = new SqlStore(pool(), filesAsBytes());
    return store;
  }

  private GroupCommit commit() {
    if (commit == null) commit = new GroupCommit(pool(), filesAsBytes());
    return commit;
  }

  private Team team(String name) {
    Team team = new Team(UUID.randomUUID().toString(), name, List.of(name + " lead"), DAY);
    join(store().createTeam(team, "hash-" + name));
    return team;
  }

  private Future<Void> upload(SubmissionRecord s, Instant day, int perDay, int total) {
    return commit().submit(s, fileOf(s), null, day, perDay, total, Store.Admission.UNCHECKED);
  }

  /** Each upload's file: its id's bytes, so that a file read back shows whose it is. */
  private static byte[] fileOf(SubmissionRecord s) {
    return s.id().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Holds the team's row lock in a transaction of another connection until closed (then commits). */
  private AutoCloseable hold(Team team) throws Exception {
    Connection connection = connect();
    connection.setAutoCommit(false);
    try (PreparedStatement lock = connection.prepareStatement("UPDATE teams SET submission_lock = submission_lock + 1 WHERE id = ?")) {
      lock.setString(1, team.id());
      assertEquals(1, lock.executeUpdate());
    }
    return () -> {
      try (connection) {
        connection.commit();
      }
    };
  }

  /** The transactions that have locked the team's row (the group commits it took part in, and each hold). */
  private long transactions(Team team) throws Exception {
    try (Connection connection = connect();
         PreparedStatement query = connection.prepareStatement("SELECT submission_lock FROM teams WHERE id = ?")) {
      query.setString(1, team.id());
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private long count(String table) throws Exception {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private void execute(String sql) throws Exception {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private void assertStored(SubmissionRecord s) {
    assertEquals(s, join(store().submission(s.challengeId(), s.id())).orElseThrow(), "its row");
    assertArrayEquals(fileOf(s), join(store().submissionFile(s.id())).orElseThrow(), "its own file");
  }

  private void assertNotStored(SubmissionRecord s) {
    assertTrue(join(store().submission(s.challengeId(), s.id())).isEmpty(), "no row");
    assertTrue(join(store().submissionFile(s.id())).isEmpty(), "no file");
  }

  @Test
  @DisplayName("uploads that arrive while a commit is under way are stored together in the next one")
  void arrivingDuringACommitShareTheNext() throws Exception {
    Team team = team("MeltLab");
    List<SubmissionRecord> sent = new ArrayList<>();
    List<Future<Void>> answers = new ArrayList<>();
    try (AutoCloseable held = hold(team)) {
      for (int i = 0; i < 41; i++) {
        SubmissionRecord s = submission(team, "c1", DAY.plusSeconds(i), i / 100.0);
        sent.add(s);
        answers.add(upload(s, DAY, 100, 100));
      }
      Thread.sleep(100);
      assertFalse(answers.get(0).isComplete(), "the first commit waits for the team's row");
    }
    answers.forEach(StoreContract::join);
    assertEquals(1 + 2, transactions(team), "the hold, the first upload's commit, and one commit for the 40 that came during it");
    sent.forEach(this::assertStored);
    assertEquals(new Usage(41, 41), join(store().usage("c1", team.id(), DAY)));
  }

  @Test
  @DisplayName("N uploads of one team with a daily limit of K in one group: the K oldest are stored, the others refused as daily")
  void dailyLimitWithinAGroup() throws Exception {
    Team team = team("MeltLab");
    int sentCount = 12;
    int perDay = 5;
    List<SubmissionRecord> sent = new ArrayList<>();
    List<Future<Void>> answers = new ArrayList<>();
    try (AutoCloseable held = hold(team)) {
      for (int i = 0; i < sentCount; i++) {
        SubmissionRecord s = submission(team, "c1", DAY.plusSeconds(i), 0.1);
        sent.add(s);
        answers.add(upload(s, DAY, perDay, 100));
      }
    }
    for (int i = 0; i < sentCount; i++) {
      if (i < perDay) {
        join(answers.get(i));
        assertStored(sent.get(i));
      } else {
        QuotaExceededException refused = assertInstanceOf(QuotaExceededException.class, failure(answers.get(i)));
        assertTrue(refused.daily(), "refused for the day, not in all");
        assertNotStored(sent.get(i));
      }
    }
    assertEquals(1 + 2, transactions(team), "the 11 after the first were one group: refusals do not split it");
    assertEquals(perDay, join(store().submissionsOfTeam("c1", team.id())).size());
    assertEquals(new Usage(perDay, perDay), join(store().usage("c1", team.id(), DAY)));
  }

  @Test
  @DisplayName("N concurrent uploads of one team, as they come: exactly K stored, N-K refused as daily")
  void dailyLimitConcurrent() {
    Team team = team("MeltLab");
    List<Future<Void>> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) answers.add(upload(submission(team, "c1", DAY.plusSeconds(i), 0.1), DAY, 7, 100));
    int stored = 0;
    for (Future<Void> answer : answers) {
      try {
        join(answer);
        stored++;
      } catch (java.util.concurrent.CompletionException e) {
        assertTrue(assertInstanceOf(QuotaExceededException.class, e.getCause()).daily());
      }
    }
    assertEquals(7, stored);
    assertEquals(7, join(store().submissionsOfTeam("c1", team.id())).size());
    assertEquals(new Usage(7, 7), join(store().usage("c1", team.id(), DAY)));
  }

  @Test
  @DisplayName("the total limit holds across days and is refused as total; the daily count starts again each day")
  void totalLimitAcrossDays() {
    Team team = team("MeltLab");
    join(upload(submission(team, "c1", DAY.plusSeconds(1), 0.1), DAY, 2, 3));
    join(upload(submission(team, "c1", DAY.plusSeconds(2), 0.1), DAY, 2, 3));
    assertTrue(assertInstanceOf(QuotaExceededException.class,
        failure(upload(submission(team, "c1", DAY.plusSeconds(3), 0.1), DAY, 2, 3))).daily());
    List<Future<Void>> nextDay = new ArrayList<>();
    for (int i = 0; i < 3; i++) nextDay.add(upload(submission(team, "c1", NEXT_DAY.plusSeconds(i), 0.1), NEXT_DAY, 2, 3));
    join(nextDay.get(0));
    for (int i = 1; i < 3; i++) {
      assertFalse(assertInstanceOf(QuotaExceededException.class, failure(nextDay.get(i))).daily(), "refused in all, with a daily one left");
    }
    assertEquals(new Usage(1, 3), join(store().usage("c1", team.id(), NEXT_DAY)));
    assertEquals(3, join(store().submissionsOfTeam("c1", team.id())).size());
    // another node whose clock is still on the day before counts the later day's uploads as its own
    Team other = team("GrainWorks");
    join(upload(submission(other, "c1", NEXT_DAY, 0.1), NEXT_DAY, 1, 10));
    assertTrue(assertInstanceOf(QuotaExceededException.class,
        failure(upload(submission(other, "c1", NEXT_DAY.minusSeconds(1), 0.1), DAY, 1, 10))).daily());
  }

  @Test
  @DisplayName("two teams in one group: the one over its limit is refused, the other stored, in the same transaction")
  void twoTeamsOneRefused() throws Exception {
    Team full = team("MeltLab");
    Team fresh = team("GrainWorks");
    Team first = team("PowderBed");
    join(upload(submission(full, "c1", DAY, 0.1), DAY, 1, 10));
    SubmissionRecord ahead = submission(first, "c1", DAY.plusSeconds(1), 0.1);
    SubmissionRecord refused = submission(full, "c1", DAY.plusSeconds(2), 0.1);
    SubmissionRecord kept = submission(fresh, "c1", DAY.plusSeconds(3), 0.1);
    Future<Void> aheadAnswer;
    Future<Void> refusedAnswer;
    Future<Void> keptAnswer;
    try (AutoCloseable held = hold(first)) {
      aheadAnswer = upload(ahead, DAY, 1, 10);
      refusedAnswer = upload(refused, DAY, 1, 10);
      keptAnswer = upload(kept, DAY, 1, 10);
    }
    join(aheadAnswer);
    join(keptAnswer);
    assertTrue(assertInstanceOf(QuotaExceededException.class, failure(refusedAnswer)).daily());
    assertStored(kept);
    assertNotStored(refused);
    assertEquals(1 + 1, transactions(full), "its first upload's commit and the group's, not tried again alone");
    assertEquals(1, transactions(fresh), "the group's commit only: the refusal did not fail it");
    assertEquals(new Usage(1, 1), join(store().usage("c1", full.id(), DAY)));
    assertEquals(new Usage(1, 1), join(store().usage("c1", fresh.id(), DAY)));
  }

  @Test
  @DisplayName("a row the database refuses in a group fails only itself: the others are stored, each alone")
  void badRowFailsOnlyItself() throws Exception {
    Team team = team("MeltLab");
    Team other = team("GrainWorks");
    SubmissionRecord original = submission(team, "c1", DAY, 0.1);
    join(upload(original, DAY, 10, 10));
    SubmissionRecord before = submission(team, "c1", DAY.plusSeconds(1), 0.1);
    SubmissionRecord after = submission(other, "c1", DAY.plusSeconds(2), 0.1);
    Future<Void> ahead;
    Future<Void> beforeAnswer;
    Future<Void> twinAnswer;
    Future<Void> afterAnswer;
    try (AutoCloseable held = hold(team)) {
      ahead = upload(submission(team, "c1", DAY.plusSeconds(1), 0.1), DAY, 10, 10);
      beforeAnswer = upload(before, DAY, 10, 10);
      twinAnswer = commit().submit(original, new byte[] {1}, null, DAY, 10, 10, Store.Admission.UNCHECKED);
      afterAnswer = upload(after, DAY, 10, 10);
    }
    join(ahead);
    join(beforeAnswer);
    join(afterAnswer);
    Throwable twinFailure = failure(twinAnswer);
    assertFalse(twinFailure instanceof QuotaExceededException, "refused by the database: " + twinFailure);
    assertStored(before);
    assertStored(after);
    assertStored(original);
    assertEquals(new Usage(3, 3), join(store().usage("c1", team.id(), DAY)), "the twin is not counted");
    assertEquals(new Usage(1, 1), join(store().usage("c1", other.id(), DAY)));
  }

  @Test
  @DisplayName("a group the database fails as a whole fails each waiting upload and leaves nothing half-written")
  void failedGroupFailsEachAndWritesNothing() throws Exception {
    Team team = team("MeltLab");
    Team other = team("GrainWorks");
    List<SubmissionRecord> sent = new ArrayList<>();
    List<Future<Void>> answers = new ArrayList<>();
    // the files' table gone: each group's submission rows are inserted before its files fail
    execute("ALTER TABLE submission_files RENAME TO submission_files_away");
    try {
      try (AutoCloseable held = hold(team)) {
        for (int i = 0; i < 6; i++) {
          SubmissionRecord s = submission(i % 2 == 0 ? team : other, "c1", DAY.plusSeconds(i), 0.1);
          sent.add(s);
          answers.add(upload(s, DAY, 10, 10));
        }
      }
      for (Future<Void> answer : answers) {
        Throwable failed = failure(answer);
        assertFalse(failed instanceof QuotaExceededException, "the database's failure, not a quota: " + failed);
      }
      assertEquals(0, count("submissions"), "no submission row outlives its failed transaction");
      assertEquals(0, count("team_usage"), "no count either");
    } finally {
      execute("ALTER TABLE submission_files_away RENAME TO submission_files");
    }
    SubmissionRecord later = submission(team, "c1", DAY.plusSeconds(10), 0.1);
    join(upload(later, DAY, 10, 10));
    assertStored(later);
    for (SubmissionRecord s : sent) assertNotStored(s);
    assertEquals(new Usage(1, 1), join(store().usage("c1", team.id(), DAY)), "the failed uploads are not counted; the queue goes on");
  }

  @Test
  @DisplayName("a group holds one day's uploads, at most GROUP_LIMIT of them and GROUP_BYTES of files")
  void groupBounds() throws Exception {
    Team team = team("MeltLab");
    List<Future<Void>> answers = new ArrayList<>();
    try (AutoCloseable held = hold(team)) {
      answers.add(upload(submission(team, "c1", DAY, 0.1), DAY, 1000, 1000));
      for (int i = 0; i < GroupCommit.GROUP_LIMIT + 2; i++) {
        answers.add(upload(submission(team, "c1", DAY.plusSeconds(1 + i), 0.1), DAY, 1000, 1000));
      }
    }
    answers.forEach(StoreContract::join);
    assertEquals(1 + 1 + 2, transactions(team), "the first, then GROUP_LIMIT, then the 2 left");

    Team days = team("GrainWorks");
    answers.clear();
    try (AutoCloseable held = hold(days)) {
      answers.add(upload(submission(days, "c1", DAY, 0.1), DAY, 10, 100));
      answers.add(upload(submission(days, "c1", DAY.plusSeconds(1), 0.1), DAY, 10, 100));
      answers.add(upload(submission(days, "c1", NEXT_DAY, 0.1), NEXT_DAY, 10, 100));
      answers.add(upload(submission(days, "c1", DAY.plusSeconds(2), 0.1), DAY, 10, 100));
    }
    answers.forEach(StoreContract::join);
    assertEquals(1 + 1 + 3, transactions(days), "the first, then the next day's upload ends a group and goes in one of its own");

    Team large = team("PowderBed");
    answers.clear();
    SubmissionRecord big = submission(large, "c1", DAY.plusSeconds(2), 0.1);
    byte[] bigFile = new byte[(int) GroupCommit.GROUP_BYTES];
    try (AutoCloseable held = hold(large)) {
      answers.add(upload(submission(large, "c1", DAY, 0.1), DAY, 10, 100));
      answers.add(upload(submission(large, "c1", DAY.plusSeconds(1), 0.1), DAY, 10, 100));
      answers.add(commit().submit(big, bigFile, null, DAY, 10, 100, Store.Admission.UNCHECKED));
      answers.add(upload(submission(large, "c1", DAY.plusSeconds(3), 0.1), DAY, 10, 100));
    }
    answers.forEach(StoreContract::join);
    assertEquals(1 + 1 + 3, transactions(large), "a file that would take a group past GROUP_BYTES starts the next one");
    assertEquals(bigFile.length, join(store().submissionFile(big.id())).orElseThrow().length);
  }
}
