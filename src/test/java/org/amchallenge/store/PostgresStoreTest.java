package org.amchallenge.store;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The store's contract on a real PostgreSQL server (127.0.0.1:5432, trust authentication; `.ci/run` starts it
 * where it is down), each test on a database of its own, dropped after.
 */
class PostgresStoreTest extends StoreContract {
  static final String SERVER = System.getProperty("amc.test.postgres", "127.0.0.1:5432");

  private Vertx vertx;
  private Store store;
  private String database;

  /** Creates an empty database and returns its name. */
  static String createDatabase() throws Exception {
    String name = "amc_test_" + Long.toHexString(System.nanoTime());
    try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", "postgres", "");
         Statement sql = admin.createStatement()) {
      sql.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  static void dropDatabase(String name) throws Exception {
    try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", "postgres", "");
         Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  @BeforeEach
  void open() throws Exception {
    database = createDatabase();
    vertx = Vertx.vertx();
    store = join(Stores.postgres(vertx, "postgresql://postgres@" + SERVER + "/" + database));
  }

  @AfterEach
  void close() throws Exception {
    join(vertx.close());
    dropDatabase(database);
  }

  @Override
  Store store() {
    return store;
  }
}
