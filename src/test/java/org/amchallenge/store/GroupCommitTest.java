package org.amchallenge.store;

import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The group commit on the embedded database (H2), opened as the store opens it. */
class GroupCommitTest extends GroupCommitContract {
  @TempDir Path dir;
  private Vertx vertx;
  private Pool pool;
  private String url;

  @BeforeEach
  void open() {
    // a lock waited for longer than H2's default, so that a slow machine does not time out the held team's commit
    url = "jdbc:h2:file:" + dir.resolve("amchallenge").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    Stores.migrate(url, "sa", "", "BLOB");
    vertx = Vertx.vertx();
    pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(url).setUser("sa").setPassword(""), new PoolOptions().setMaxSize(8));
  }

  @AfterEach
  void close() {
    StoreContract.join(vertx.close());
  }

  @Override
  Pool pool() {
    return pool;
  }

  @Override
  boolean filesAsBytes() {
    return true;
  }

  @Override
  Connection connect() throws Exception {
    return DriverManager.getConnection(url, "sa", "");
  }
}
