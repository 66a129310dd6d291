package org.amchallenge.store;

import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;

/** Reads the SQL state of a failure from either driver: JDBC's SQLException or the reactive clients' exception. */
final class SqlStates {
  private static final String UNIQUE_VIOLATION = "23505";

  private SqlStates() {}

  static String of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) return sql.getSQLState();
      if (t instanceof DatabaseException db && db.getSqlState() != null) return db.getSqlState();
    }
    return null;
  }

  static boolean isUniqueViolation(Throwable failure) {
    return UNIQUE_VIOLATION.equals(of(failure));
  }
}
