package org.amchallenge.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The embedded database's folder, as the offline commands (backup, restore, migrate) find it: the database file
 * {@code amchallenge.mv.db} and the {@code files/} shelved beside it, in a data folder's {@code db/} folder.
 */
public record EmbeddedFolder(Path dir) {
  static final String NAME = "amchallenge";
  static final String DATABASE_FILE = NAME + ".mv.db";
  static final String FILES = "files";
  /** H2's error code for a database file another process holds open. */
  private static final int ALREADY_OPEN = 90020;

  /** The folder under {@code given}: a data folder (what {@code serve --data} names) or its {@code db/} folder itself. */
  public static EmbeddedFolder of(Path given) {
    Path data = given.toAbsolutePath().normalize();
    if (Files.isRegularFile(data.resolve("db").resolve(DATABASE_FILE))) return new EmbeddedFolder(data.resolve("db"));
    if (Files.isRegularFile(data.resolve(DATABASE_FILE))) return new EmbeddedFolder(data);
    throw new IllegalArgumentException("no embedded database under " + given + " (looked for " + given.resolve("db").resolve(DATABASE_FILE)
        + "): give the folder that serve --data names");
  }

  Path filesDir() {
    return dir.resolve(FILES);
  }

  Path databaseFile() {
    return dir.resolve(DATABASE_FILE);
  }

  /** The URL, which never makes a database where there is none. */
  String url() {
    return Stores.embeddedUrl(dir) + ";IFEXISTS=TRUE";
  }

  /** A connection to it; fails with {@link InUseException} where a running server holds it. */
  Connection connect() throws SQLException {
    return connect(url(), dir);
  }

  static Connection connect(String url, Path dir) throws SQLException {
    try {
      return DriverManager.getConnection(url, "sa", "");
    } catch (SQLException e) {
      if (e.getErrorCode() == ALREADY_OPEN) throw new InUseException(dir, e);
      throw e;
    }
  }

  /** The database file is open in another process: a server runs on it. */
  public static final class InUseException extends RuntimeException {
    InUseException(Path dir, SQLException cause) {
      super("the embedded database in " + dir + " is in use: a server is running on it. Stop the server first, or take a backup "
          + "from the running server (amchallenge backup --server URL --to FILE, with the admin token) and use that file", cause);
    }
  }
}
