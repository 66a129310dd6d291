package org.amchallenge.store;

/** Databases of their own on the test PostgreSQL server, for tests in other packages. */
public final class PostgresStores {
  public static final String SERVER = PostgresStoreTest.SERVER;

  private PostgresStores() {}

  public static String createDatabase() throws Exception {
    return PostgresStoreTest.createDatabase();
  }

  public static void dropDatabase(String name) throws Exception {
    PostgresStoreTest.dropDatabase(name);
  }
}
