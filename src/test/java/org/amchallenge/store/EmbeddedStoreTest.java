package org.amchallenge.store;

import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;
import org.amchallenge.domain.Usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's contract on the embedded database (H2). */
class EmbeddedStoreTest extends StoreContract {
  @TempDir Path dir;
  private Vertx vertx;
  private Store store;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    store = join(Stores.embedded(vertx, dir));
  }

  @AfterEach
  void close() {
    join(vertx.close());
  }

  @Test
  @DisplayName("the embedded database keeps a page cache of 1 MB, not H2's 16 MB (its pages made the collector's work under load)")
  void smallPageCache() throws Exception {
    // a second connection to the open database, with no settings of its own: it reads what the store opened it with
    try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("amchallenge").toAbsolutePath(), "sa", "");
         Statement statement = connection.createStatement();
         var settings = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'")) {
      settings.next();
      assertEquals("1", settings.getString(1), "MB");
    }
  }

  @Test
  @DisplayName("a database from before the usage counts gets them from its stored submissions when migrated")
  void usageFilledOnMigration() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("old").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    Flyway.configure().dataSource(url, "sa", "").placeholders(Map.of("blob_type", "BLOB")).target("3").load().migrate();
    long day = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
         Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO teams (id, name, members, token_hash, created_at) VALUES ('t1', 'MeltLab', '[]', 'h1', 0)");
      statement.execute("INSERT INTO teams (id, name, members, token_hash, created_at) VALUES ('t2', 'GrainWorks', '[]', 'h2', 0)");
      // MeltLab: two the day before, three on its last day; GrainWorks: one, in another challenge
      long[] at = {day - 3_600_000, day - 60_000, day, day + 60_000, day + 86_399_999};
      for (int i = 0; i < at.length; i++) statement.execute(submissionRow("s" + i, "c1", "t1", at[i]));
      statement.execute(submissionRow("s9", "c2", "t2", day - 5));
    }
    Store migrated = join(Stores.embedded(vertx, url));
    assertEquals(new Usage(3, 5), join(migrated.usage("c1", "t1", Instant.ofEpochMilli(day))));
    assertEquals(new Usage(0, 5), join(migrated.usage("c1", "t1", Instant.ofEpochMilli(day + 86_400_000))), "the next day starts at 0");
    assertEquals(new Usage(1, 1), join(migrated.usage("c2", "t2", Instant.ofEpochMilli(day - 86_400_000))));
    assertEquals(new Usage(0, 0), join(migrated.usage("c1", "t2", Instant.ofEpochMilli(day))));
  }

  @Test
  @DisplayName("a large file is kept beside the database, durable before its row; one refused or never committed is removed")
  void largeFilesBeside() throws Exception {
    Team team = team("MeltLab");
    byte[] large = randomBytes((1 << 20) + 17, 4);
    SubmissionRecord kept = submission(team, "c1", DAY.plusSeconds(1), 0.2);
    join(store.insertSubmission(kept, large, DAY, 1, 10));
    Path files = dir.resolve("files");
    try (var listed = java.nio.file.Files.list(files)) {
      List<Path> names = listed.toList();
      assertEquals(1, names.size(), "one file beside the database: " + names);
      assertArrayEquals(large, java.nio.file.Files.readAllBytes(names.get(0)), "the file's bytes as given");
    }
    // over the daily limit of 1: refused in the transaction, and its file removed
    Throwable refused = failure(store.insertSubmission(submission(team, "c1", DAY.plusSeconds(2), 0.1), large, DAY, 1, 10));
    assertInstanceOf(QuotaExceededException.class, refused);
    try (var listed = java.nio.file.Files.list(files)) {
      assertEquals(1, listed.count(), "the refused upload's file is gone");
    }
    // a crash between a file and its row, and one during a file's write: both swept when the store opens again
    java.nio.file.Files.write(files.resolve(UUID.randomUUID() + "-1234abcd.lz4"), new byte[] {1, 2});
    java.nio.file.Files.write(files.resolve(UUID.randomUUID() + "-99.lz4.part"), new byte[] {3});
    java.nio.file.Files.writeString(files.resolve("notes.txt"), "an organizer's own file");
    join(vertx.close());
    vertx = Vertx.vertx();
    store = join(Stores.embedded(vertx, dir));
    try (var listed = java.nio.file.Files.list(files)) {
      assertEquals(2, listed.count(), "the stored file and the file that is not the store's");
    }
    assertArrayEquals(large, join(store.submissionFile(kept.id())).orElseThrow());
    assertArrayEquals(large, join(store.submissionFiles(List.of(kept.id()))).get(kept.id()));
  }

  @Test
  @DisplayName("a large file staged ahead of its row is on disk at once; discarded, it is gone; a small one waits for its row")
  void stagedAheadOfTheRow() throws Exception {
    Team team = team("MeltLab");
    byte[] large = randomBytes((3 << 20) + 5, 5);
    Path files = dir.resolve("files");
    SubmissionRecord refusedFile = submission(team, "c1", DAY.plusSeconds(1), 0.3);
    StagedFile discarded = join(store.stageFile(refusedFile.id(), FileBytes.of(large)));
    assertArrayEquals(large, java.nio.file.Files.readAllBytes(files.resolve(discarded.shelved())), "written, whole, before any row");
    join(store.discard(discarded));
    try (var listed = java.nio.file.Files.list(files)) {
      assertEquals(0, listed.count(), "a discarded file leaves nothing");
    }
    SubmissionRecord kept = submission(team, "c1", DAY.plusSeconds(2), 0.2);
    StagedFile staged = join(store.stageFile(kept.id(), FileBytes.of(large)));
    join(store.insertSubmission(kept, staged, DAY, 5, 10));
    assertArrayEquals(large, join(store.submissionFile(kept.id())).orElseThrow());
    byte[] small = {7, 8, 9};
    SubmissionRecord inRow = submission(team, "c1", DAY.plusSeconds(3), 0.1);
    StagedFile held = join(store.stageFile(inRow.id(), FileBytes.of(small)));
    assertEquals(null, held.shelved(), "a small file is not written beside the database");
    join(store.insertSubmission(inRow, held, DAY, 5, 10));
    assertArrayEquals(small, join(store.submissionFile(inRow.id())).orElseThrow());
    try (var listed = java.nio.file.Files.list(files)) {
      assertEquals(1, listed.count(), "only the stored large file");
    }
  }

  /** A file that does not compress, as large files beside the database are tested with. */
  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new java.util.Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String submissionRow(String id, String challenge, String team, long at) {
    return "INSERT INTO submissions (id, challenge_id, team_id, submitted_at, format, row_count, evaluation, reference_sha256, "
        + "scorer_version) VALUES ('" + id + "', '" + challenge + "', '" + team + "', " + at + ", 'csv', 1, '{}', 'sha', '1')";
  }

  @Override
  Store store() {
    return store;
  }
}
