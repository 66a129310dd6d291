package org.amchallenge.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;

/** Opens the store named by the configuration, with its schema migrated by Flyway. */
public final class Stores {
  private Stores() {}

  /** The embedded database under {@code dataDir}; every commit is written to disk before it returns. */
  public static Future<Store> embedded(Vertx vertx, Path dataDir) {
    return vertx.executeBlocking(() -> java.nio.file.Files.createDirectories(dataDir))
        .compose(dir -> embedded(vertx, "jdbc:h2:file:" + dir.toAbsolutePath().resolve("amchallenge") + ";WRITE_DELAY=0"));
  }

  /** The embedded database at a {@code jdbc:h2:} URL. */
  public static Future<Store> embedded(Vertx vertx, String url) {
    return vertx.executeBlocking(() -> {
      migrate(url, "sa", "", "BLOB");
      return url;
    }).map(jdbcUrl -> new SqlStore(JDBCPool.pool(vertx,
        new JDBCConnectOptions().setJdbcUrl(jdbcUrl).setUser("sa").setPassword(""),
        new PoolOptions().setMaxSize(8))));
  }

  static void migrate(String url, String user, String password, String blobType) {
    Flyway.configure()
        .dataSource(url, user, password)
        .placeholders(Map.of("blob_type", blobType))
        .load()
        .migrate();
  }
}
