package org.amchallenge.store;

import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Moves the embedded database (and the files kept beside it) into PostgreSQL, row for row, over plain JDBC: the
 * target's schema is made by the same Flyway migrations, each table is copied in batches of their own transactions
 * with rows whose key is already there left as they are (so a run cut short finishes when run again, and a finished
 * one changes nothing), and then every table is compared, rows counted and checksummed on both sides.
 */
public final class Migration {
  /** Every table of the schema, each after the tables its rows refer to. */
  public static final List<String> TABLES = List.of("settings", "challenges", "teams", "accounts", "account_identities", "sessions",
      "access_tokens", "mail_links", "challenge_roles", "participants", "team_members", "team_invitations", "team_usage",
      "challenge_members", "submissions", "submission_files", "selections", "audit_log", "webhooks", "webhook_events",
      "disqualifications", "challenge_inputs", "series", "baselines");
  private static final String FILES_TABLE = "submission_files";
  private static final String FILE_NAME_COLUMN = "content_file";
  private static final String FILE_COLUMN = "content";
  /** The keys of rows that differ, listed per table at most. */
  private static final int DIFFERENCES_SHOWN = 10;
  private static final BigInteger CHECKSUM_MODULUS = BigInteger.ONE.shiftLeft(256);

  /** Told after each batch is committed: the table, its rows read so far, and its rows in all. */
  public interface Progress {
    void committed(String table, long rowsRead, long rowsInAll);
  }

  /** One table compared: its rows and checksum in each database, the rows this run copied, and the keys that differ. */
  public record TableReport(String table, long sourceRows, long targetRows, long copied, String sourceChecksum, String targetChecksum,
                            List<String> differences) {
    public boolean same() {
      return sourceRows == targetRows && sourceChecksum.equals(targetChecksum);
    }
  }

  /** Every table compared, and how long the run took. */
  public record Report(List<TableReport> tables, Duration took) {
    public boolean same() {
      return tables.stream().allMatch(TableReport::same);
    }

    public long rows() {
      return tables.stream().mapToLong(TableReport::sourceRows).sum();
    }

    public long copied() {
      return tables.stream().mapToLong(TableReport::copied).sum();
    }
  }

  private final int batchRows;
  private final long batchBytes;
  private final Progress progress;

  /** {@code batchRows} rows at most per transaction, fewer where their bytes reach {@code batchBytes}. */
  public Migration(int batchRows, long batchBytes, Progress progress) {
    if (batchRows < 1 || batchBytes < 1) throw new IllegalArgumentException("a batch holds at least one row");
    this.batchRows = batchRows;
    this.batchBytes = batchBytes;
    this.progress = progress == null ? (table, read, all) -> {} : progress;
  }

  /**
   * Moves the embedded database under {@code from} (a data folder, or a backup's zip, restored into a folder beside it
   * first and removed after) into the PostgreSQL database {@code to}, and compares every table.
   */
  public Report run(Path from, String to) throws IOException, SQLException {
    if (!Stores.isPostgres(to)) throw new IllegalArgumentException("--to " + to + ": give a postgresql://user@host:5432/database URL");
    if (!Files.isRegularFile(from)) return run(EmbeddedFolder.of(from), to);
    // one name per backup, so that a run killed before it could remove its folder has it removed by the next
    Path unpacked = from.toAbsolutePath().resolveSibling(from.getFileName() + ".migrating");
    Backup.deleteTree(unpacked);
    try {
      Backup.restore(from, unpacked.resolve("data"));
      return run(EmbeddedFolder.of(unpacked.resolve("data")), to);
    } finally {
      Backup.deleteTree(unpacked);
    }
  }

  private Report run(EmbeddedFolder source, String to) throws SQLException {
    long started = System.nanoTime();
    PgConnectOptions target = Stores.postgresOptions(to);
    // opened first, so that a server running on it is said plainly before anything else is done
    try (Connection h2 = source.connect()) {
      // brought to this version's schema, as a server started on it would be: then both have the same columns
      Stores.migrate(source.url(), "sa", "", "BLOB");
      Stores.migratePostgres(target);
      try (Connection pg = DriverManager.getConnection(Stores.postgresJdbcUrl(target) + "?reWriteBatchedInserts=true",
          target.getUser(), Stores.passwordOf(target))) {
        requireKnownTables(h2);
        FileShelf shelf = new FileShelf(source.filesDir(), false);
        List<TableReport> reports = new ArrayList<>();
        for (String table : TABLES) reports.add(move(h2, pg, shelf, table));
        return new Report(reports, Duration.ofNanos(System.nanoTime() - started));
      }
    }
  }

  /** Refuses a source with a table this version does not know: its rows would be left behind unseen. */
  private static void requireKnownTables(Connection h2) throws SQLException {
    Set<String> tables = new TreeSet<>();
    try (Statement sql = h2.createStatement();
         ResultSet found = sql.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' "
             + "AND TABLE_TYPE = 'BASE TABLE'")) {
      while (found.next()) tables.add(found.getString(1).toLowerCase(Locale.ROOT));
    }
    tables.remove("flyway_schema_history");
    tables.removeAll(TABLES);
    if (!tables.isEmpty()) throw new IllegalStateException("the embedded database has tables this version cannot move: " + tables);
  }

  /** A column of a table as the target has it. */
  private record Column(String name, int type, boolean binary) {}

  private TableReport move(Connection h2, Connection pg, FileShelf shelf, String table) throws SQLException {
    List<Column> columns = columns(pg, table);
    long sourceRows = count(h2, table);
    long before = count(pg, table);
    Checksum source = copy(h2, pg, shelf, table, columns, sourceRows);
    long targetRows = count(pg, table);
    Checksum target = checksum(pg, table, columns);
    List<String> differences = List.of();
    if (sourceRows != targetRows || !source.hex().equals(target.hex())) {
      differences = differences(keyed(h2, shelf, table, columns, primaryKey(pg, table)), keyed(pg, null, table, columns, primaryKey(pg, table)));
    }
    return new TableReport(table, sourceRows, targetRows, targetRows - before, source.hex(), target.hex(), differences);
  }

  /** The target's columns of the table, in their order; the source must have the same. */
  private static List<Column> columns(Connection pg, String table) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (ResultSet found = pg.getMetaData().getColumns(null, "public", table, null)) {
      while (found.next()) {
        int type = found.getInt("DATA_TYPE");
        boolean binary = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY || type == Types.BLOB;
        columns.add(new Column(found.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), type, binary));
      }
    }
    if (columns.isEmpty()) throw new IllegalStateException("the target has no table " + table);
    return columns;
  }

  private static List<String> primaryKey(Connection pg, String table) throws SQLException {
    Map<Integer, String> key = new java.util.TreeMap<>();
    try (ResultSet found = pg.getMetaData().getPrimaryKeys(null, "public", table)) {
      while (found.next()) key.put(found.getInt("KEY_SEQ"), found.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
    }
    return List.copyOf(key.values());
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement sql = connection.createStatement(); ResultSet counted = sql.executeQuery("SELECT COUNT(*) FROM " + table)) {
      counted.next();
      long rows = counted.getLong(1);
      if (!connection.getAutoCommit()) connection.commit();
      return rows;
    }
  }

  private static String select(String table, List<Column> columns) {
    return "SELECT " + String.join(", ", columns.stream().map(Column::name).toList()) + " FROM " + table;
  }

  /** Copies the table's rows in batches, each committed, those whose key the target has already skipped: the source's checksum. */
  private Checksum copy(Connection h2, Connection pg, FileShelf shelf, String table, List<Column> columns, long rowsInAll) throws SQLException {
    String insert = "INSERT INTO " + table + " (" + String.join(", ", columns.stream().map(Column::name).toList()) + ") VALUES ("
        + String.join(", ", columns.stream().map(c -> "?").toList()) + ") ON CONFLICT DO NOTHING";
    Checksum checksum = new Checksum();
    pg.setAutoCommit(false);
    try (Statement query = h2.createStatement(); ResultSet rows = query.executeQuery(select(table, columns));
         PreparedStatement statement = pg.prepareStatement(insert)) {
      long read = 0;
      int batched = 0;
      long bytes = 0;
      while (rows.next()) {
        Object[] values = values(rows, columns);
        unshelve(table, columns, values, shelf);
        checksum.add(rowDigest(table, columns, values));
        for (int i = 0; i < columns.size(); i++) bind(statement, i + 1, columns.get(i), values[i]);
        statement.addBatch();
        read++;
        batched++;
        bytes += size(values);
        if (batched >= batchRows || bytes >= batchBytes) {
          commit(pg, statement);
          progress.committed(table, read, rowsInAll);
          batched = 0;
          bytes = 0;
        }
      }
      if (batched > 0) {
        commit(pg, statement);
        progress.committed(table, read, rowsInAll);
      }
    } catch (SQLException | RuntimeException e) {
      pg.rollback();
      throw e;
    } finally {
      pg.setAutoCommit(true);
    }
    return checksum;
  }

  private static void commit(Connection pg, PreparedStatement statement) throws SQLException {
    statement.executeBatch();
    pg.commit();
  }

  /** A file the embedded database keeps beside it goes into its row, as PostgreSQL keeps every file. */
  private static void unshelve(String table, List<Column> columns, Object[] values, FileShelf shelf) {
    if (!table.equals(FILES_TABLE)) return;
    int name = index(columns, FILE_NAME_COLUMN);
    if (values[name] == null) return;
    values[index(columns, FILE_COLUMN)] = shelf.get((String) values[name]);
    values[name] = null;
  }

  private static int index(List<Column> columns, String name) {
    for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(name)) return i;
    throw new IllegalStateException("no column " + name);
  }

  /** The row's values, as the same Java types from either driver: whole numbers as Long, bytes as byte[]. */
  private static Object[] values(ResultSet rows, List<Column> columns) throws SQLException {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      Object value = columns.get(i).binary() ? rows.getBytes(i + 1) : rows.getObject(i + 1);
      if (value instanceof Integer || value instanceof Short || value instanceof Byte) value = ((Number) value).longValue();
      if (value instanceof Float f) value = f.doubleValue();
      values[i] = value;
    }
    return values;
  }

  private static void bind(PreparedStatement statement, int at, Column column, Object value) throws SQLException {
    if (value == null) statement.setNull(at, column.type());
    else if (value instanceof byte[] bytes) statement.setBytes(at, bytes);
    else statement.setObject(at, value);
  }

  private static long size(Object[] values) {
    long bytes = 0;
    for (Object value : values) {
      if (value instanceof byte[] b) bytes += b.length;
      else if (value instanceof String s) bytes += s.length();
      else bytes += 8;
    }
    return bytes;
  }

  /**
   * The SHA-256 of a row's values in the columns' order; a submission's file by its decoded bytes, and not the name it
   * had beside the embedded database, which PostgreSQL does not keep.
   */
  private static byte[] rowDigest(String table, List<Column> columns, Object[] values) {
    MessageDigest sha = sha256();
    boolean files = table.equals(FILES_TABLE);
    for (int i = 0; i < values.length; i++) {
      String name = columns.get(i).name();
      if (files && name.equals(FILE_NAME_COLUMN)) continue;
      Object value = files && name.equals(FILE_COLUMN) && values[i] != null ? FileCodec.decompress((byte[]) values[i]) : values[i];
      digest(sha, value);
    }
    return sha.digest();
  }

  /** Each value behind a byte that says its kind, text and bytes behind their length, so that no two rows give the same input. */
  private static void digest(MessageDigest sha, Object value) {
    if (value == null) {
      sha.update((byte) 0);
    } else if (value instanceof String text) {
      lengthAndBytes(sha, (byte) 1, text.getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof Long number) {
      sha.update((byte) 2);
      sha.update(java.nio.ByteBuffer.allocate(8).putLong(number).array());
    } else if (value instanceof Double number) {
      sha.update((byte) 3);
      sha.update(java.nio.ByteBuffer.allocate(8).putLong(Double.doubleToLongBits(number)).array());
    } else if (value instanceof Boolean truth) {
      sha.update(truth ? (byte) 5 : (byte) 4);
    } else if (value instanceof byte[] bytes) {
      lengthAndBytes(sha, (byte) 6, bytes);
    } else {
      lengthAndBytes(sha, (byte) 7, value.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void lengthAndBytes(MessageDigest sha, byte kind, byte[] bytes) {
    sha.update(kind);
    sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }

  /** The table's checksum in the target, its rows read a few hundred at a time. */
  private static Checksum checksum(Connection pg, String table, List<Column> columns) throws SQLException {
    Checksum checksum = new Checksum();
    forEachRow(pg, table, columns, values -> checksum.add(rowDigest(table, columns, values)));
    return checksum;
  }

  private interface RowAction {
    void accept(Object[] values) throws SQLException;
  }

  /** Every row of the table; on PostgreSQL through a cursor, so that a table of files is never held whole. */
  private static void forEachRow(Connection connection, String table, List<Column> columns, RowAction action) throws SQLException {
    boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    if (postgres) connection.setAutoCommit(false);
    try (Statement query = connection.createStatement()) {
      query.setFetchSize(100);
      try (ResultSet rows = query.executeQuery(select(table, columns))) {
        while (rows.next()) action.accept(values(rows, columns));
      }
    } finally {
      if (postgres) {
        connection.commit();
        connection.setAutoCommit(true);
      }
    }
  }

  /** Each row's digest by its key, for a table whose checksums differ; {@code shelf}: where the source's files are. */
  private static Map<String, String> keyed(Connection connection, FileShelf shelf, String table, List<Column> columns, List<String> key)
      throws SQLException {
    Map<String, String> rows = new HashMap<>();
    List<Integer> keyColumns = key.stream().map(name -> index(columns, name)).toList();
    forEachRow(connection, table, columns, values -> {
      StringBuilder id = new StringBuilder();
      for (int at : keyColumns) id.append(id.isEmpty() ? "" : " / ").append(values[at]);
      if (shelf != null) unshelve(table, columns, values, shelf);
      rows.put(id.toString(), HexFormat.of().formatHex(rowDigest(table, columns, values)));
    });
    return rows;
  }

  /** The keys whose rows differ, the first few of each kind. */
  private static List<String> differences(Map<String, String> source, Map<String, String> target) {
    Set<String> keys = new TreeSet<>(source.keySet());
    keys.addAll(target.keySet());
    List<String> found = new ArrayList<>();
    Set<String> kinds = new LinkedHashSet<>();
    int more = 0;
    for (String key : keys) {
      String in = source.get(key);
      String out = target.get(key);
      if (in != null && in.equals(out)) continue;
      String kind = in == null ? "only in the target" : out == null ? "only in the source" : "differs in the target";
      kinds.add(kind);
      if (found.size() < DIFFERENCES_SHOWN) found.add(key + ": " + kind);
      else more++;
    }
    if (more > 0) found.add("and " + more + " more");
    return found;
  }

  /**
   * A table's checksum: the sum of its rows' SHA-256 modulo 2^256, which does not depend on the order the rows are
   * read in (the two databases sort text differently), and in which no two rows cancel out as they would in an XOR.
   */
  private static final class Checksum {
    private BigInteger sum = BigInteger.ZERO;

    void add(byte[] digest) {
      sum = sum.add(new BigInteger(1, digest));
    }

    String hex() {
      String hex = sum.mod(CHECKSUM_MODULUS).toString(16);
      return "0".repeat(64 - hex.length()) + hex;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
