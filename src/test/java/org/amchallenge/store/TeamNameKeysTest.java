package org.amchallenge.store;

import static org.amchallenge.store.StoreContract.failure;
import static org.amchallenge.store.StoreContract.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.amchallenge.domain.Team;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unique key of a team's name (migration 6) on both databases: a database from before it, holding look-alike
 * names and an unpaired surrogate, migrates without a failure, and every look-alike registered after is refused,
 * also when registrations race.
 */
class TeamNameKeysTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @TempDir Path dir;
  private Vertx vertx;
  private String postgresDatabase;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() throws Exception {
    join(vertx.close());
    if (postgresDatabase != null) PostgresStoreTest.dropDatabase(postgresDatabase);
  }

  /** A database at migration 5 with teams registered under the old rule: look-alikes, and an unpaired surrogate where the database keeps one. */
  private static void oldTeams(String url, String user, String blobType, boolean loneSurrogates) throws Exception {
    Flyway.configure().dataSource(url, user, "").placeholders(Map.of("blob_type", blobType)).target("5").load().migrate();
    try (Connection connection = DriverManager.getConnection(url, user, "");
         PreparedStatement insert = connection.prepareStatement(
             "INSERT INTO teams (id, name, members, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
      List<String[]> teams = new ArrayList<>(List.of(new String[] {"t1", "MeltLab", "[\"Ada\"]"}, new String[] {"t2", "meltlab", "[]"},
          new String[] {"t3", "MeItLab", "[]"}, new String[] {"t6", "Poolers", "[]"}));
      if (loneSurrogates) {
        teams.add(new String[] {"t4", "Lone\ud800", "[\"Ada\ud800\",\"Ben\"]"});
        teams.add(new String[] {"t5", "Lone\udc00", "[]"});
      }
      for (int i = 0; i < teams.size(); i++) {
        insert.setString(1, teams.get(i)[0]);
        insert.setString(2, teams.get(i)[1]);
        insert.setString(3, teams.get(i)[2]);
        insert.setString(4, "h-" + teams.get(i)[0]);
        insert.setLong(5, i);
        insert.executeUpdate();
      }
    }
  }

  private static Team team(String name) {
    return new Team(UUID.randomUUID().toString(), name, List.of(), NOW);
  }

  private static void lookAlikesRefused(Store store) {
    for (String name : List.of("MELTLAB", "MeltLab", "ＭｅｌｔＬａｂ", "Mеltlаb", "POOLERS")) {
      assertInstanceOf(Store.DuplicateException.class, failure(store.createTeam(team(name), "h-" + name)), name);
    }
    assertEquals("Crucible", join(store.createTeam(team("Crucible"), "h-crucible")).name());
  }

  @Test
  @DisplayName("an embedded database with look-alike names and unpaired surrogates migrates: every team kept, the older holds its name, surrogates mended")
  void embeddedMigratesOldTeams() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("old").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    oldTeams(url, "sa", "BLOB", true);
    Store store = join(Stores.embedded(vertx, url));
    assertEquals("MeltLab", join(store.teamByTokenHash("h-t1")).orElseThrow().name());
    assertEquals("meltlab", join(store.teamByTokenHash("h-t2")).orElseThrow().name(), "kept as it was, not renamed");
    assertEquals("MeItLab", join(store.teamByTokenHash("h-t3")).orElseThrow().name());
    Team mended = join(store.teamByTokenHash("h-t4")).orElseThrow();
    assertEquals("Lone\uFFFD", mended.name());
    assertEquals(List.of("Ada\uFFFD", "Ben"), mended.members());
    assertEquals("Lone\uFFFD t5", join(store.teamByTokenHash("h-t5")).orElseThrow().name(), "mended into another's name: told apart by its id");
    lookAlikesRefused(store);
    assertInstanceOf(Store.DuplicateException.class, failure(store.createTeam(team("Lone\uFFFD"), "h-lone")));
  }

  @Test
  @DisplayName("a PostgreSQL database with look-alike names migrates, and refuses every look-alike after")
  void postgresMigratesOldTeams() throws Exception {
    postgresDatabase = PostgresStoreTest.createDatabase();
    oldTeams("jdbc:postgresql://" + PostgresStoreTest.SERVER + "/" + postgresDatabase, "postgres", "BYTEA", false);
    Store store = join(Stores.postgres(vertx, "postgresql://postgres@" + PostgresStoreTest.SERVER + "/" + postgresDatabase));
    assertEquals("meltlab", join(store.teamByTokenHash("h-t2")).orElseThrow().name());
    lookAlikesRefused(store);
  }

  @Test
  @DisplayName("look-alike names registered at the same instant on PostgreSQL: exactly one is stored")
  void racingRegistrations() throws Exception {
    postgresDatabase = PostgresStoreTest.createDatabase();
    Store store = join(Stores.postgres(vertx, "postgresql://postgres@" + PostgresStoreTest.SERVER + "/" + postgresDatabase));
    List<Future<Team>> racing = new ArrayList<>();
    List<String> spellings = List.of("Crowd", "crowd", "CROWD", "Crоwd", "Ｃｒｏｗｄ", "CrOwd", "Crowd ");
    for (int round = 0; round < 4; round++) {
      for (String name : spellings) racing.add(store.createTeam(team(name.strip()), "h-" + UUID.randomUUID()));
    }
    join(Future.join(new ArrayList<>(racing)).otherwiseEmpty());
    assertEquals(1, racing.stream().filter(Future::succeeded).count());
    racing.stream().filter(Future::failed).forEach(f -> assertInstanceOf(Store.DuplicateException.class, f.cause()));
  }
}
