package org.amchallenge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
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

  private static String submissionRow(String id, String challenge, String team, long at) {
    return "INSERT INTO submissions (id, challenge_id, team_id, submitted_at, format, row_count, evaluation, reference_sha256, "
        + "scorer_version) VALUES ('" + id + "', '" + challenge + "', '" + team + "', " + at + ", 'csv', 1, '{}', 'sha', '1')";
  }

  @Override
  Store store() {
    return store;
  }
}
