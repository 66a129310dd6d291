package org.amchallenge.store;

import org.amchallenge.domain.Team;

import static org.amchallenge.store.StoreContract.DAY;
import static org.amchallenge.store.StoreContract.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The store's teams kept by their token's hash, on an in-memory embedded database. */
class TokenCacheTest {
  private Vertx vertx;
  private String url;
  private SqlStore store;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    url = "jdbc:h2:mem:tokens-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    store = (SqlStore) join(Stores.embedded(vertx, url));
  }

  @AfterEach
  void close() throws Exception {
    join(vertx.close());
    try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
      connection.createStatement().execute("SHUTDOWN");
    }
  }

  @Test
  @DisplayName("an unknown token is not kept: random tokens leave nothing behind, and a team created after a miss is found")
  void missesNotKept() {
    for (int i = 0; i < 1000; i++) assertTrue(join(store.teamByTokenHash(UUID.randomUUID().toString())).isEmpty());
    assertEquals(0, store.teamsKept());
    assertTrue(join(store.teamByTokenHash("hash-later")).isEmpty());
    Team later = new Team(UUID.randomUUID().toString(), "Later", List.of("Ada"), DAY);
    join(store.createTeam(later, "hash-later"));
    assertEquals(later, join(store.teamByTokenHash("hash-later")).orElseThrow());
  }

  @Test
  @DisplayName("a team found is kept: found again without reading its row")
  void foundKept() throws Exception {
    Team team = new Team(UUID.randomUUID().toString(), "MeltLab", List.of("Ada"), DAY);
    join(store.createTeam(team, "hash-meltlab"));
    assertEquals(team, join(store.teamByTokenHash("hash-meltlab")).orElseThrow());
    assertEquals(1, store.teamsKept());
    try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
      connection.createStatement().execute("UPDATE teams SET name = 'Renamed' WHERE id = '" + team.id() + "'");
    }
    assertEquals(team, join(store.teamByTokenHash("hash-meltlab")).orElseThrow(), "the kept team, not the row read again");
  }

  @Test
  @DisplayName("the teams kept are bounded in number (TEAMS_KEPT) and in age (TEAMS_FRESH after being read)")
  void bounded() {
    var policy = store.teamCachePolicy();
    assertEquals(SqlStore.TEAMS_KEPT, policy.eviction().orElseThrow().getMaximum());
    assertEquals(SqlStore.TEAMS_FRESH, policy.expireAfterWrite().orElseThrow().getExpiresAfter());
  }
}
