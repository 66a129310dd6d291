package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.http.StoreOpsData.Run;
import org.amchallenge.store.Migration;
import org.amchallenge.store.PostgresStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * `amchallenge migrate`: a store of every kind of row on the embedded database, moved to a PostgreSQL database of this
 * test's own, then a server on each compared route by route; the move cut short and finished, run again for nothing,
 * refused while a server holds the database, and a target changed after it told table by table.
 */
@ExtendWith(VertxExtension.class)
class MigrationTest {
  @TempDir Path dir;
  private String database;
  private String url;

  @BeforeEach
  void createDatabase() throws Exception {
    database = PostgresStores.createDatabase();
    url = "postgresql://postgres@" + PostgresStores.SERVER + "/" + database;
  }

  @AfterEach
  void dropDatabase() throws Exception {
    PostgresStores.dropDatabase(database);
  }

  @Test
  @DisplayName("an embedded store moved to PostgreSQL: cut short then finished, a rerun copies nothing, and a server on it answers every route as the one on the old data")
  void migrateToPostgres(Vertx vertx) throws Exception {
    StoreOpsData.writeChallenges(dir);
    Path data = dir.resolve("data");
    LiveServer embedded = LiveServer.of(vertx, StoreOpsData.config(dir, "data", null));
    StoreOpsData filled = StoreOpsData.fill(embedded);
    assertEquals(1, StoreOpsData.shelved(data).size(), "the large file is kept beside the database");
    embedded.close();
    StoreOpsData.awaitClosed(data);
    Map<String, Long> rows = counts("jdbc:h2:file:" + data.resolve("db/amchallenge") + ";IFEXISTS=TRUE", "sa");
    assertEquals(filled.uploaded.size(), rows.get("submissions"));

    // a server on it (here the lock another process would hold): said plainly, nothing done
    try (FileChannel file = FileChannel.open(data.resolve("db/amchallenge.mv.db"), StandardOpenOption.READ, StandardOpenOption.WRITE);
         FileLock held = file.lock()) {
      Run locked = StoreOpsData.run("migrate", "--from", data.toString(), "--to", url);
      assertEquals(4, locked.exit(), locked.err());
      assertTrue(locked.err().contains("is in use: a server is running on it. Stop the server first"), locked.err());
    }

    // cut short after the fourth batch of three rows: what was committed stays
    int[] batches = {0};
    Migration failing = new Migration(3, 1 << 20, (table, read, all) -> {
      if (++batches[0] == 4) throw new IllegalStateException("cut short here");
    });
    assertThrows(IllegalStateException.class, () -> failing.run(data, url));
    long partial = total(counts(jdbc(), "postgres"));
    assertTrue(partial > 0 && partial < total(rows), partial + " rows of " + total(rows) + " committed before the cut");

    // run again from the command line: finished, every table the same, each row copied once in all
    Run finished = StoreOpsData.run("migrate", "--from", data.toString(), "--to", url, "--batch", "7");
    assertEquals(0, finished.exit(), finished.out() + finished.err());
    assertEquals(rows, counts(jdbc(), "postgres"), "the same rows in every table");
    long all = total(rows);
    assertEquals(all, summed(finished.out(), "rows in 24 tables"), finished.out());
    assertEquals(all - partial, summed(finished.out(), "copied by this run"), finished.out());
    assertEquals(24, finished.out().lines().filter(line -> line.endsWith("  same")).count(), finished.out());
    assertTrue(finished.out().lines().anyMatch(line -> line.matches("submission_files\\s+5\\s+5\\s+.*same")), finished.out());

    // once more: nothing to copy, the same comparison
    Run again = StoreOpsData.run("migrate", "--from", data.toString(), "--to", url);
    assertEquals(0, again.exit(), again.out() + again.err());
    assertEquals(0, summed(again.out(), "copied by this run"), again.out());
    assertEquals(rows, counts(jdbc(), "postgres"));

    // the file kept beside the database is in its row on PostgreSQL
    try (Connection pg = DriverManager.getConnection(jdbc(), "postgres", "");
         ResultSet found = pg.createStatement().executeQuery("SELECT COUNT(*) FROM submission_files WHERE content_file IS NOT NULL "
             + "OR OCTET_LENGTH(content) = 0")) {
      found.next();
      assertEquals(0, found.getLong(1), "every file in its row, none named beside a database");
    }

    LiveServer old = LiveServer.of(vertx, StoreOpsData.config(dir, "data", null));
    LiveServer moved = LiveServer.of(vertx, StoreOpsData.config(dir, "data-pg", url));
    try {
      filled.assertSameAnswers(old, moved);
      HttpResponse<Buffer> backup = moved.get("/api/backup", TestServer.ORGANIZER);
      assertEquals(409, backup.statusCode());
      assertEquals("/problems/not-embedded", backup.bodyAsJsonObject().getString("type"));
      assertTrue(backup.bodyAsJsonObject().getString("detail").contains("pg_dump"), backup.bodyAsString());
    } finally {
      old.close();
      moved.close();
    }
    StoreOpsData.awaitClosed(data);

    // a target changed after the move: the tables differ, their keys are named, and the exit code says so
    String changed;
    try (Connection pg = DriverManager.getConnection(jdbc(), "postgres", ""); Statement sql = pg.createStatement()) {
      ResultSet first = sql.executeQuery("SELECT id FROM audit_log ORDER BY id FETCH FIRST 1 ROWS ONLY");
      first.next();
      changed = first.getString(1);
      sql.executeUpdate("UPDATE audit_log SET detail = 'rewritten' WHERE id = '" + changed + "'");
    }
    Run differs = StoreOpsData.run("migrate", "--from", data.toString(), "--to", url);
    assertEquals(1, differs.exit(), differs.out() + differs.err());
    assertTrue(differs.out().lines().anyMatch(line -> line.startsWith("audit_log ") && line.endsWith("DIFFERS")), differs.out());
    assertTrue(differs.out().contains("audit_log: " + changed + ": differs in the target"), differs.out());
    // and the session the server on PostgreSQL opened by itself (the sign-in above) is a row the source never had
    assertTrue(differs.out().lines().anyMatch(line -> line.matches("sessions: [0-9a-f]{64}: only in the target")), differs.out());
    assertEquals(22, differs.out().lines().filter(line -> line.endsWith("  same")).count(), differs.out());
  }

  @Test
  @DisplayName("migrate from a backup's zip: the same rows, and the uploaded files byte for byte in PostgreSQL's rows")
  void migrateFromBackup(Vertx vertx) throws Exception {
    StoreOpsData.writeChallenges(dir);
    LiveServer embedded = LiveServer.of(vertx, StoreOpsData.config(dir, "data", null));
    StoreOpsData filled = StoreOpsData.fill(embedded);
    Path zip = dir.resolve("backup.zip");
    Run backup = StoreOpsData.run("backup", "--server", "http://127.0.0.1:" + embedded.port, "--token", TestServer.ORGANIZER, "--to", zip.toString());
    assertEquals(0, backup.exit(), backup.err());
    embedded.close();
    StoreOpsData.awaitClosed(dir.resolve("data"));
    Map<String, Long> rows = counts("jdbc:h2:file:" + dir.resolve("data/db/amchallenge") + ";IFEXISTS=TRUE", "sa");

    Run moved = StoreOpsData.run("migrate", "--from", zip.toString(), "--to", url);
    assertEquals(0, moved.exit(), moved.out() + moved.err());
    assertEquals(rows, counts(jdbc(), "postgres"));
    try (var leftover = Files.list(dir)) {
      assertTrue(leftover.noneMatch(path -> path.getFileName().toString().endsWith(".migrating")), "the unpacked backup is removed");
    }
    try (Connection pg = DriverManager.getConnection(jdbc(), "postgres", "");
         ResultSet found = pg.createStatement().executeQuery("SELECT content FROM submission_files WHERE submission_id = '"
             + filled.bigSubmission + "'")) {
      assertTrue(found.next());
      assertArrayEquals(filled.uploaded.get(filled.bigSubmission), new net.jpountz.lz4.LZ4FrameInputStream(found.getBinaryStream(1)).readAllBytes(),
          "the large file, decoded by LZ4 itself");
    }
  }

  private String jdbc() {
    return "jdbc:postgresql://" + PostgresStores.SERVER + "/" + database;
  }

  /** The rows of every table the database has but Flyway's, found and counted with plain SQL. */
  private static Map<String, Long> counts(String jdbc, String user) throws Exception {
    Map<String, Long> rows = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection(jdbc, user, ""); Statement sql = connection.createStatement()) {
      try (ResultSet tables = connection.getMetaData().getTables(null, jdbc.startsWith("jdbc:h2:") ? "PUBLIC" : "public", "%", new String[] {"TABLE"})) {
        while (tables.next()) rows.put(tables.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT), 0L);
      }
      rows.remove("flyway_schema_history");
      for (String table : rows.keySet()) {
        try (ResultSet counted = sql.executeQuery("SELECT COUNT(*) FROM " + table)) {
          counted.next();
          rows.put(table, counted.getLong(1));
        }
      }
    }
    return rows;
  }

  private static long total(Map<String, Long> rows) {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The number before {@code words} in the command's summary line. */
  private static long summed(String out, String words) {
    Matcher found = Pattern.compile("(\\d+) " + Pattern.quote(words)).matcher(out);
    assertTrue(found.find(), words + " in " + out);
    return Long.parseLong(found.group(1));
  }
}
