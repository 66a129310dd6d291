package org.amchallenge.store;

import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;
import org.amchallenge.domain.Usage;
import org.amchallenge.domain.AuditEntry;
import org.amchallenge.domain.Disqualification;
import org.amchallenge.domain.StoredChallenge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.scoring.QuantityScores;
import org.amchallenge.scoring.Scores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What every store must do, run against each database the product runs on. */
abstract class StoreContract {
  static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

  /** The store under test, on an empty database. */
  abstract Store store();

  static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  static Throwable failure(Future<?> future) {
    try {
      join(future);
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  Team team(String name) {
    Team team = new Team(UUID.randomUUID().toString(), name, List.of(name + " lead", "Ben"), DAY);
    join(store().createTeam(team, "hash-" + name));
    return team;
  }

  static SubmissionRecord submission(Team team, String challenge, Instant at, double score) {
    Scores scores = new Scores(score, true, Map.of("depth", new QuantityScores(Map.of("mae", score), score)), List.of(0.5));
    return new SubmissionRecord(UUID.randomUUID().toString(), challenge, team.id(), team.name(), at, "p.csv", "csv", "FEM model",
        12, new Evaluation(scores, scores, scores), "sha", "1", null, false);
  }

  @Test
  @DisplayName("uploads arriving together are committed together, each answered for itself: limits per team, one bad row fails only itself")
  void groupCommit() {
    List<Team> teams = new ArrayList<>();
    for (int t = 0; t < 20; t++) teams.add(team("Team " + t));
    SubmissionRecord stored = submission(teams.get(0), "c1", DAY.plusSeconds(1), 0.5);
    join(store().insertSubmission(stored, new byte[] {9}, DAY, 100, 100));
    List<Future<Void>> concurrent = new ArrayList<>();
    List<SubmissionRecord> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Team team = teams.get(i % 20);
      SubmissionRecord s = submission(team, i % 2 == 0 ? "c1" : "c2", DAY.plusSeconds(10 + i), i / 1000.0);
      sent.add(s);
      // team 3 may make 4 submissions a day; every other team 100
      concurrent.add(store().insertSubmission(s, new byte[] {(byte) i}, DAY, team == teams.get(3) ? 4 : 100, 100));
    }
    // the same id again: a row the database refuses, among the others
    Future<Void> twin = store().insertSubmission(stored, new byte[] {1}, DAY, 100, 100);
    for (int i = 0; i < 200; i++) {
      Team team = teams.get(i % 20);
      if (team != teams.get(3)) join(concurrent.get(i));
    }
    assertTrue(failure(twin) != null, "the twin is refused");
    long team3Stored = 0;
    for (int i = 3; i < 200; i += 20) {
      try {
        join(concurrent.get(i));
        team3Stored++;
      } catch (CompletionException e) {
        assertTrue(((QuotaExceededException) e.getCause()).daily());
      }
    }
    // team 3 sent 10 uploads (i = 3, 23, 43, ...: all odd, so all to c2)
    assertEquals(4, team3Stored, "team 3's daily limit, counted within the group");
    assertEquals(1 + 100, join(store().submissions("c1")).size());
    assertEquals(100 - 10 + 4, join(store().submissions("c2")).size());
    for (int i = 0; i < 200; i += 37) {
      if (i % 20 == 3) continue;
      assertArrayEquals(new byte[] {(byte) i}, join(store().submissionFile(sent.get(i).id())).orElseThrow(), "each file with its own row");
      assertEquals(sent.get(i), join(store().submission(i % 2 == 0 ? "c1" : "c2", sent.get(i).id())).orElseThrow());
    }
    assertArrayEquals(new byte[] {9}, join(store().submissionFile(stored.id())).orElseThrow(), "the first upload's file, not its twin's");
  }

  @Test
  @DisplayName("teams are found by the hash of their token, and a name is taken once")
  void teams() {
    Team team = team("MeltLab");
    assertEquals(team, join(store().teamByTokenHash("hash-MeltLab")).orElseThrow());
    assertTrue(join(store().teamByTokenHash("nope")).isEmpty());
    Team twin = new Team(UUID.randomUUID().toString(), "MeltLab", List.of(), DAY);
    assertInstanceOf(Store.DuplicateException.class, failure(store().createTeam(twin, "other")));
  }

  @Test
  @DisplayName("a submission reads back whole: its scores, its file, its team, in submission order")
  void submissions() {
    Team team = team("MeltLab");
    SubmissionRecord first = submission(team, "c1", DAY.plusSeconds(10), 0.25);
    SubmissionRecord second = submission(team, "c1", DAY.plusSeconds(20), 0.125);
    join(store().insertSubmission(second, new byte[] {1, 2, 3}, DAY, 10, 10));
    join(store().insertSubmission(first, new byte[] {4, 5}, DAY, 10, 10));
    List<SubmissionRecord> all = join(store().submissions("c1"));
    assertEquals(List.of(first, second), all);
    assertEquals(first, join(store().submission("c1", first.id())).orElseThrow());
    assertTrue(join(store().submission("c2", first.id())).isEmpty());
    assertArrayEquals(new byte[] {1, 2, 3}, join(store().submissionFile(second.id())).orElseThrow());
    var files = join(store().submissionFiles(List.of(first.id(), second.id(), "no-such-id")));
    assertEquals(2, files.size(), "the two files, read in one query; an unknown id has none");
    assertArrayEquals(new byte[] {4, 5}, files.get(first.id()));
    assertArrayEquals(new byte[] {1, 2, 3}, files.get(second.id()));
    assertEquals(List.of(team), join(store().teamsOf("c1")));
    assertEquals(2, join(store().submissionsOfTeam("c1", team.id())).size());
  }

  @Test
  @DisplayName("a large file reads back byte for byte, stored together with small ones")
  void largeFile() {
    Team team = team("MeltLab");
    byte[] large = new byte[5 << 20];
    new java.util.Random(11).nextBytes(large);
    SubmissionRecord big = submission(team, "c1", DAY.plusSeconds(1), 0.2);
    SubmissionRecord small = submission(team, "c1", DAY.plusSeconds(2), 0.1);
    Future<Void> first = store().insertSubmission(big, large, DAY, 10, 10);
    Future<Void> second = store().insertSubmission(small, new byte[] {7}, DAY, 10, 10);
    join(first);
    join(second);
    assertArrayEquals(large, join(store().submissionFile(big.id())).orElseThrow());
    assertArrayEquals(new byte[] {7}, join(store().submissionFile(small.id())).orElseThrow());
  }

  @Test
  @DisplayName("the daily and total limits hold in the storing transaction, also for uploads at the same moment")
  void limits() {
    Team team = team("MeltLab");
    List<Future<Void>> concurrent = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      concurrent.add(store().insertSubmission(submission(team, "c1", DAY.plusSeconds(i), 0.1), new byte[] {1}, DAY, 3, 100));
    }
    int stored = 0;
    for (Future<Void> f : concurrent) {
      try {
        join(f);
        stored++;
      } catch (CompletionException e) {
        assertTrue(((QuotaExceededException) e.getCause()).daily());
      }
    }
    assertEquals(3, stored, "exactly the daily limit");
    assertEquals(new Usage(3, 3), join(store().usage("c1", team.id(), DAY)));
    Instant tomorrow = DAY.plusSeconds(86_400);
    join(store().insertSubmission(submission(team, "c1", tomorrow, 0.1), new byte[] {1}, tomorrow, 3, 4));
    QuotaExceededException total = (QuotaExceededException) failure(
        store().insertSubmission(submission(team, "c1", tomorrow.plusSeconds(1), 0.1), new byte[] {1}, tomorrow, 3, 4));
    assertFalse(total.daily());
    assertEquals(new Usage(1, 4), join(store().usage("c1", team.id(), tomorrow)));
  }

  @Test
  @DisplayName("selections stop at the limit, are shown on the submission, and can be taken back")
  void selections() {
    Team team = team("MeltLab");
    SubmissionRecord a = submission(team, "c1", DAY.plusSeconds(1), 0.1);
    SubmissionRecord b = submission(team, "c1", DAY.plusSeconds(2), 0.2);
    join(store().insertSubmission(a, new byte[] {1}, DAY, 10, 10));
    join(store().insertSubmission(b, new byte[] {1}, DAY, 10, 10));
    join(store().select(a, 1, DAY));
    join(store().select(a, 1, DAY));
    assertInstanceOf(Store.DuplicateException.class, failure(store().select(b, 1, DAY)));
    assertTrue(join(store().submission("c1", a.id())).orElseThrow().selected());
    join(store().unselect(a));
    join(store().select(b, 1, DAY));
    assertFalse(join(store().submission("c1", a.id())).orElseThrow().selected());
  }

  @Test
  @DisplayName("rescored submissions keep their new scores and released score")
  void updateScores() {
    Team team = team("MeltLab");
    SubmissionRecord a = submission(team, "c1", DAY.plusSeconds(1), 0.1);
    join(store().insertSubmission(a, new byte[] {1}, DAY, 10, 10));
    Scores better = new Scores(0.05, true, Map.of(), List.of());
    SubmissionRecord rescored = a.rescored(new Evaluation(better, better, better), "sha2").withReleasedScore(0.05);
    join(store().updateScores(List.of(rescored)));
    SubmissionRecord read = join(store().submission("c1", a.id())).orElseThrow();
    assertEquals(0.05, read.evaluation().publicPart().score());
    assertEquals("sha2", read.referenceSha256());
    assertEquals(0.05, read.releasedScore());
  }

  @Test
  @DisplayName("challenges are replaced whole, with their reference bytes, reveal time, and an audit entry each time")
  void challengesAndAudit() {
    StoredChallenge draft = new StoredChallenge("c1", "id: c1", true, null, null, null, null, DAY);
    join(store().saveChallenge(draft, new AuditEntry("a1", "c1", DAY, "published", "through the API")));
    StoredChallenge withReference = new StoredChallenge("c1", "id: c1", true, new byte[] {9, 8}, "sha", "src", DAY.plusSeconds(5), DAY);
    join(store().saveChallenge(withReference, new AuditEntry("a2", "c1", DAY.plusSeconds(1), "reference", "uploaded")));
    StoredChallenge read = join(store().challenges()).get(0);
    assertArrayEquals(new byte[] {9, 8}, read.reference());
    assertEquals(DAY.plusSeconds(5), read.revealedAt());
    assertEquals("src", read.sourceSha256());
    assertEquals(List.of("published", "reference"), join(store().audit("c1")).stream().map(AuditEntry::action).toList());
    join(store().saveChallenge(draft, new AuditEntry("a3", "c1", DAY.plusSeconds(2), "updated", "x")));
    assertNull(join(store().challenges()).get(0).reference());
  }

  @Test
  @DisplayName("a series is replaced whole (definition, source, time) and audited in each challenge it names, in one transaction")
  void seriesAndAudit() {
    org.amchallenge.domain.StoredSeries files = new org.amchallenge.domain.StoredSeries("s1", "id: s1", true, "sha-file", DAY);
    join(store().saveSeries(files, List.of(new AuditEntry("s-a1", "c1", DAY, "series", "series s1 published"),
        new AuditEntry("s-a2", "c2", DAY, "series", "series s1 published"))));
    org.amchallenge.domain.StoredSeries api = new org.amchallenge.domain.StoredSeries("s1", "{\"id\": \"s1\"}", false, null, DAY.plusSeconds(3));
    join(store().saveSeries(api, List.of()));
    join(store().saveSeries(new org.amchallenge.domain.StoredSeries("s0", "id: s0", true, null, DAY), List.of()));
    assertEquals(List.of(new org.amchallenge.domain.StoredSeries("s0", "id: s0", true, null, DAY), api), join(store().series()));
    assertEquals(List.of("series"), join(store().audit("c2")).stream().map(AuditEntry::action).toList());
  }

  @Test
  @DisplayName("a disqualification is refused in its own transaction where the challenge is revealed, or the same one is already there, whatever the node believed")
  void disqualificationsCheckedWhereTheyCommit() {
    Team team = team("Alloys");
    join(store().saveChallenge(new StoredChallenge("c1", "id: c1", true, new byte[] {1}, "sha", null, null, DAY),
        new AuditEntry("a1", "c1", DAY, "published", "through the API")));
    SubmissionRecord s = submission(team, "c1", DAY.plusSeconds(1), 0.5);
    join(store().insertSubmission(s, new byte[] {9}, DAY, 100, 100));
    Disqualification one = new Disqualification("d1", "c1", s.id(), team.id(), team.name(), "copied", "org@example.org", DAY.plusSeconds(2));
    join(store().disqualify(one, new AuditEntry("a2", "c1", DAY.plusSeconds(2), "disqualified", "x")));
    // the same submission again, as a second organizer's request sent at the same time would
    Disqualification twin = new Disqualification("d2", "c1", s.id(), team.id(), team.name(), "copied", "other@example.org", DAY.plusSeconds(2));
    assertInstanceOf(RefusedChangeException.class, failure(store().disqualify(twin, new AuditEntry("a3", "c1", DAY.plusSeconds(2), "disqualified", "x"))));

    join(store().saveChallenge(new StoredChallenge("c1", "id: c1", true, new byte[] {1}, "sha", null, DAY.plusSeconds(3), DAY),
        new AuditEntry("a4", "c1", DAY.plusSeconds(3), "revealed", "made public")));
    Disqualification late = new Disqualification("d3", "c1", null, team.id(), team.name(), "late", "org@example.org", DAY.plusSeconds(4));
    assertInstanceOf(RefusedChangeException.class, failure(store().disqualify(late, new AuditEntry("a5", "c1", DAY.plusSeconds(4), "disqualified", "x"))));
    assertInstanceOf(RefusedChangeException.class, failure(store().reinstate("c1", "d1", new AuditEntry("a6", "c1", DAY.plusSeconds(4), "reinstated", "x"))));
    assertEquals(List.of("d1"), join(store().disqualifications("c1")).stream().map(Disqualification::id).toList());
    assertEquals(List.of("published", "disqualified", "revealed"), join(store().audit("c1")).stream().map(AuditEntry::action).toList());
  }

  @Test
  @DisplayName("settings are kept and replaced; the store answers its ping")
  void settings() {
    assertTrue(join(store().setting("k")).isEmpty());
    join(store().putSetting("k", "one"));
    join(store().putSetting("k", "two"));
    assertEquals("two", join(store().setting("k")).orElseThrow());
    assertTrue(join(store().ping()));
  }
}
