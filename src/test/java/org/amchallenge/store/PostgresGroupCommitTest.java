package org.amchallenge.store;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The group commit on a real PostgreSQL server, on a database of its own for each test, as the store opens it. */
class PostgresGroupCommitTest extends GroupCommitContract {
  private Vertx vertx;
  private Pool pool;
  private String database;

  @BeforeEach
  void open() throws Exception {
    database = PostgresStoreTest.createDatabase();
    Stores.migrate(jdbcUrl(), "postgres", "", "BYTEA");
    vertx = Vertx.vertx();
    pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(8))
        .connectingTo(PgConnectOptions.fromUri("postgresql://postgres@" + PostgresStoreTest.SERVER + "/" + database))
        .using(vertx)
        .build();
  }

  @AfterEach
  void close() throws Exception {
    StoreContract.join(vertx.close());
    PostgresStoreTest.dropDatabase(database);
  }

  private String jdbcUrl() {
    return "jdbc:postgresql://" + PostgresStoreTest.SERVER + "/" + database;
  }

  @Override
  Pool pool() {
    return pool;
  }

  @Override
  boolean filesAsBytes() {
    return false;
  }

  @Override
  Connection connect() throws Exception {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }
}
