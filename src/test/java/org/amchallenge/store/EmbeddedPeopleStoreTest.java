package org.amchallenge.store;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The people store's contract on the embedded database (H2). */
class EmbeddedPeopleStoreTest extends PeopleStoreContract {
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

  @Override
  Store store() {
    return store;
  }
}
