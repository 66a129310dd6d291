package org.amchallenge.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;

/** Opens the store named by the configuration, with its schema migrated by Flyway. */
public final class Stores {
  private Stores() {}

  /** What the embedded database is opened with (WRITE_DELAY=0: each commit is on disk before it returns). */
  // LOB_TIMEOUT: H2 keeps a reference to every stored file's value for this long (5 min by default), which under
  // many uploads holds a great many of them; the files are read at once here.
  // MAX_LENGTH_INPLACE_LOB: a stored file up to 64 kB (a few hundred rows, compressed) is kept in its row,
  // not in H2's separate LOB maps (more writes per upload and their clean-up at every commit).
  // CACHE_SIZE (kB): H2's page cache (16 MB by default) holds only pages each commit writes, which the server
  // never reads back from it, and which outlive young collections to be promoted and die in the old generation.
  private static final String EMBEDDED_SETTINGS = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOB_TIMEOUT=10000;MAX_LENGTH_INPLACE_LOB=65536;CACHE_SIZE=1024";

  /**
   * The embedded database under {@code dataDir}; every commit is written to disk before it returns. H2 does not
   * close it from its own shutdown hook: the node closes it after the uploads in flight are answered.
   */
  public static Future<Store> embedded(Vertx vertx, Path dataDir) {
    return vertx.executeBlocking(() -> java.nio.file.Files.createDirectories(dataDir))
        .compose(dir -> embedded(vertx, embeddedUrl(dir), new FileShelf(dir.toAbsolutePath().resolve(EmbeddedFolder.FILES))));
  }

  /** The JDBC URL of the embedded database in {@code dbDir} (a data folder's {@code db} folder). */
  static String embeddedUrl(Path dbDir) {
    return "jdbc:h2:file:" + dbDir.toAbsolutePath().resolve(EmbeddedFolder.NAME) + EMBEDDED_SETTINGS;
  }

  /** The embedded database at a {@code jdbc:h2:} URL, every file in it. */
  public static Future<Store> embedded(Vertx vertx, String url) {
    return embedded(vertx, url, null);
  }

  /** {@code shelf}: where its large files are kept (swept of files no row names first), or null. */
  private static Future<Store> embedded(Vertx vertx, String url, FileShelf shelf) {
    return vertx.executeBlocking(() -> {
      migrate(url, "sa", "", "BLOB");
      if (shelf != null) shelf.sweep(shelved(url));
      return url;
    }).map(jdbcUrl -> new SqlStore(JDBCPool.pool(vertx,
        new JDBCConnectOptions().setJdbcUrl(jdbcUrl).setUser("sa").setPassword(""),
        // an in-memory database has no file to back up
        new PoolOptions().setMaxSize(8)), true, vertx, shelf, jdbcUrl.startsWith("jdbc:h2:mem:") ? null : jdbcUrl));
  }

  /** The names of the files the database's rows keep beside it. */
  private static java.util.Set<String> shelved(String url) throws java.sql.SQLException {
    java.util.Set<String> names = new java.util.HashSet<>();
    try (var connection = java.sql.DriverManager.getConnection(url, "sa", "");
         var rows = connection.createStatement().executeQuery("SELECT content_file FROM submission_files WHERE content_file IS NOT NULL")) {
      while (rows.next()) names.add(rows.getString(1));
    }
    return names;
  }

  /**
   * PostgreSQL at a {@code postgresql://user[:password]@host:port/database} URL ({@code postgres://} and
   * {@code jdbc:postgresql://} too) through the reactive Vert.x client; Flyway migrates it over JDBC first.
   */
  public static Future<Store> postgres(Vertx vertx, String url) {
    PgConnectOptions options = postgresOptions(url);
    return vertx.executeBlocking(() -> {
      migratePostgres(options);
      return options;
    }).map(connect -> new SqlStore(PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(8))
        .connectingTo(connect)
        .using(vertx)
        .build()));
  }

  /** Whether a {@code --db} value names PostgreSQL. */
  public static boolean isPostgres(String url) {
    return url != null && url.strip().matches("^(jdbc:)?postgres(ql)?://.*");
  }

  /** The connection a PostgreSQL URL names, in any of the forms {@link #postgres} takes. */
  static PgConnectOptions postgresOptions(String url) {
    String uri = url.strip().startsWith("jdbc:") ? url.strip().substring(5) : url.strip();
    return PgConnectOptions.fromUri(uri.replaceFirst("^postgres://", "postgresql://"));
  }

  /** The JDBC URL of that connection, for Flyway and the migration's plain JDBC. */
  static String postgresJdbcUrl(PgConnectOptions options) {
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }

  static String passwordOf(PgConnectOptions options) {
    return options.getPassword() == null ? "" : options.getPassword();
  }

  /** Brings the PostgreSQL database to this version's schema. */
  static void migratePostgres(PgConnectOptions options) {
    migrate(postgresJdbcUrl(options), options.getUser(), passwordOf(options), "BYTEA");
  }

  /** The store a {@code --db} value names: PostgreSQL, a {@code jdbc:h2:} URL, or (empty) the embedded one under {@code dataDir}. */
  public static Future<Store> open(Vertx vertx, String db, Path dataDir) {
    String url = db == null ? "" : db.strip();
    if (url.isEmpty()) return embedded(vertx, dataDir);
    if (url.startsWith("jdbc:h2:")) return embedded(vertx, url);
    if (isPostgres(url)) return postgres(vertx, url);
    return Future.failedFuture(new IllegalArgumentException("--db " + url
        + ": give a postgresql://user@host:5432/database URL, a jdbc:h2: URL, or nothing for the embedded database"));
  }

  static void migrate(String url, String user, String password, String blobType) {
    Flyway.configure()
        .dataSource(url, user, password)
        .placeholders(Map.of("blob_type", blobType))
        .javaMigrations(new TeamNameKeys())
        .load()
        .migrate();
  }
}
