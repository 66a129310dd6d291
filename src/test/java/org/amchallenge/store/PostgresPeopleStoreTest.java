package org.amchallenge.store;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The people store's contract on a real PostgreSQL server (see {@link PostgresStoreTest}), each test on a database of its own. */
class PostgresPeopleStoreTest extends PeopleStoreContract {
  private Vertx vertx;
  private Store store;
  private String database;

  @BeforeEach
  void open() throws Exception {
    database = PostgresStoreTest.createDatabase();
    vertx = Vertx.vertx();
    store = join(Stores.postgres(vertx, "postgresql://postgres@" + PostgresStoreTest.SERVER + "/" + database));
  }

  @AfterEach
  void close() throws Exception {
    join(vertx.close());
    PostgresStoreTest.dropDatabase(database);
  }

  @Override
  Store store() {
    return store;
  }
}
