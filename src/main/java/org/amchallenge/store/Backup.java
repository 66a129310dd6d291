package org.amchallenge.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.amchallenge.domain.Json;
import org.amchallenge.ops.Version;

/**
 * Backups of the embedded database: a zip of a consistent copy of the database file (H2's {@code BACKUP TO}, which
 * copies the MVStore while it serves), the shelved files its rows name (each written before its row commits and
 * never changed after, so those the copy names are there and whole), and a manifest with the versions, the rows of
 * each table and every entry's size and SHA-256; and the restore of one into a new data folder.
 */
public final class Backup {
  public static final String MANIFEST = "manifest.json";
  public static final String FORMAT = "amchallenge-backup";
  static final int FORMAT_VERSION = 1;
  static final String DATABASE_ENTRY = "db/" + EmbeddedFolder.DATABASE_FILE;
  static final String FILES_PREFIX = "db/" + EmbeddedFolder.FILES + "/";
  private static final Pattern FILE_ENTRY = Pattern.compile(Pattern.quote(FILES_PREFIX) + "[A-Za-z0-9-]{1,90}\\.lz4");
  /** Where a restore unpacks before the folder takes the name {@code db}: an interrupted one leaves no database that looks whole. */
  private static final String RESTORING = "db.restoring";
  private static final String FLYWAY_TABLE = "flyway_schema_history";

  private Backup() {}

  /** One file of the backup, as the manifest lists it. */
  public record Entry(String name, long bytes, String sha256) {}

  /** What a backup holds: made by which version, when, the rows of each table, and every other entry. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Manifest(
      String format,
      @JsonProperty("format_version") int formatVersion,
      @JsonProperty("amchallenge_version") String amchallengeVersion,
      @JsonProperty("schema_version") String schemaVersion,
      @JsonProperty("created_at") Instant createdAt,
      Map<String, Long> rows,
      List<Entry> entries) {

    public long rowsOf(String table) {
      return rows.getOrDefault(table, 0L);
    }

    /** The submission files kept beside the database. */
    public long shelvedFiles() {
      return entries.stream().filter(entry -> entry.name().startsWith(FILES_PREFIX)).count();
    }
  }

  /** The store is not the embedded database: its operator backs it up with the database's own tools. */
  public static final class NotEmbeddedException extends RuntimeException {
    NotEmbeddedException(String message) {
      super(message);
    }
  }

  /** The backup is not whole, or not a backup: an entry differs from its manifest, or is missing. */
  public static final class DamagedException extends RuntimeException {
    DamagedException(Path zip, String why) {
      super("the backup " + zip + " is damaged or not a backup of amchallenge: " + why);
    }
  }

  /** The data folder under {@code data} backed up into {@code zip}, with no server running on it. */
  public static Manifest write(Path data, Path zip, Instant at) throws IOException, SQLException {
    EmbeddedFolder folder = EmbeddedFolder.of(data);
    return write(folder.url(), folder.filesDir(), zip, at);
  }

  /**
   * The database at {@code url} (open in this process or not) and its shelved files in {@code filesDir} (null: none)
   * backed up into {@code zip}, which appears whole or not at all.
   */
  static Manifest write(String url, Path filesDir, Path zip, Instant at) throws IOException, SQLException {
    Path target = zip.toAbsolutePath();
    Path work = Files.createTempDirectory(target.getParent(), ".backup-");
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try {
      Path copy = copyDatabase(url, filesDir, work);
      List<Entry> entries = new ArrayList<>();
      Manifest manifest;
      try (ZipOutputStream out = new ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(part), 1 << 16))) {
        out.setLevel(Deflater.BEST_SPEED);
        entries.add(put(out, DATABASE_ENTRY, copy.resolve(EmbeddedFolder.DATABASE_FILE), at));
        Snapshot snapshot = Snapshot.read(copy);
        // the files are LZ4 already: deflating them again would cost time for nothing
        out.setLevel(Deflater.NO_COMPRESSION);
        for (String name : snapshot.shelved()) {
          Path file = filesDir == null ? null : filesDir.resolve(name);
          if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalStateException("the stored file " + name + " that a submission's row names is missing from " + filesDir);
          }
          entries.add(put(out, FILES_PREFIX + name, file, at));
        }
        manifest = new Manifest(FORMAT, FORMAT_VERSION, Version.NUMBER, snapshot.schemaVersion(), at, snapshot.rows(), List.copyOf(entries));
        out.setLevel(Deflater.DEFAULT_COMPRESSION);
        ZipEntry entry = new ZipEntry(MANIFEST);
        entry.setTime(at.toEpochMilli());
        out.putNextEntry(entry);
        out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        out.closeEntry();
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return manifest;
    } finally {
      Files.deleteIfExists(part);
      deleteTree(work);
    }
  }

  /** H2's consistent copy of the database, unpacked into a folder of {@code work}: the folder. */
  private static Path copyDatabase(String url, Path filesDir, Path work) throws IOException, SQLException {
    Path h2Zip = work.resolve("h2-backup.zip");
    try (Connection connection = EmbeddedFolder.connect(url, filesDir == null ? work : filesDir.getParent());
         Statement sql = connection.createStatement()) {
      sql.execute("BACKUP TO '" + h2Zip.toString().replace("'", "''") + "'");
    }
    Path copy = Files.createDirectories(work.resolve("copy"));
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(h2Zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        if (entry.getName().equals(EmbeddedFolder.DATABASE_FILE)) Files.copy(in, copy.resolve(EmbeddedFolder.DATABASE_FILE));
      }
    }
    Files.delete(h2Zip);
    if (!Files.isRegularFile(copy.resolve(EmbeddedFolder.DATABASE_FILE))) {
      throw new IllegalStateException("H2's backup holds no " + EmbeddedFolder.DATABASE_FILE);
    }
    return copy;
  }

  private static Entry put(ZipOutputStream out, String name, Path file, Instant at) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(at.toEpochMilli());
    out.putNextEntry(entry);
    MessageDigest sha = sha256();
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        out.write(buffer, 0, n);
        size += n;
      }
    }
    out.closeEntry();
    return new Entry(name, size, HexFormat.of().formatHex(sha.digest()));
  }

  /** What a copy of the database holds: the rows of each table, the schema's version, the files its rows keep beside it. */
  private record Snapshot(Map<String, Long> rows, String schemaVersion, List<String> shelved) {
    /** Read from the database in {@code dir}, opened read-only. */
    static Snapshot read(Path dir) throws SQLException {
      String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(EmbeddedFolder.NAME) + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
      try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
        Map<String, Long> rows = new LinkedHashMap<>();
        String version = null;
        for (String table : tables(connection)) {
          if (table.equals(FLYWAY_TABLE)) {
            version = schemaVersion(connection);
          } else {
            rows.put(table, count(connection, table));
          }
        }
        return new Snapshot(rows, version, shelved(connection));
      }
    }

    /** Every table of the schema, by its name in lower case. */
    private static List<String> tables(Connection connection) throws SQLException {
      List<String> tables = new ArrayList<>();
      try (Statement sql = connection.createStatement();
           ResultSet found = sql.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' "
               + "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
        while (found.next()) tables.add(found.getString(1).toLowerCase(Locale.ROOT));
      }
      tables.sort(Comparator.naturalOrder());
      return tables;
    }

    private static long count(Connection connection, String table) throws SQLException {
      try (Statement sql = connection.createStatement(); ResultSet counted = sql.executeQuery("SELECT COUNT(*) FROM " + table)) {
        counted.next();
        return counted.getLong(1);
      }
    }

    private static String schemaVersion(Connection connection) throws SQLException {
      try (Statement sql = connection.createStatement();
           ResultSet found = sql.executeQuery("SELECT \"version\" FROM \"" + FLYWAY_TABLE + "\" WHERE \"success\" = TRUE "
               + "AND \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC FETCH FIRST 1 ROWS ONLY")) {
        return found.next() ? found.getString(1) : null;
      }
    }

    private static List<String> shelved(Connection connection) throws SQLException {
      List<String> names = new ArrayList<>();
      try (Statement sql = connection.createStatement();
           ResultSet found = sql.executeQuery("SELECT content_file FROM submission_files WHERE content_file IS NOT NULL ORDER BY content_file")) {
        while (found.next()) names.add(found.getString(1));
      } catch (SQLException noColumn) {
        // a database from before files were kept beside it (migration 5) keeps them all in its rows
        if (noColumn.getErrorCode() != org.h2.api.ErrorCode.COLUMN_NOT_FOUND_1) throw noColumn;
      }
      return names;
    }
  }

  /** The backup's manifest, after every entry was read and found as it lists it; fails with {@link DamagedException} where not. */
  public static Manifest verify(Path zip) throws IOException {
    try (ZipFile file = open(zip)) {
      Manifest manifest = manifest(file, zip);
      for (Entry entry : manifest.entries()) {
        try (InputStream in = file.getInputStream(file.getEntry(entry.name()))) {
          check(zip, entry, in, OutputStream.nullOutputStream());
        }
      }
      return manifest;
    }
  }

  /**
   * Unpacks the backup into the data folder {@code data}, which must be new or empty, checking every entry against the
   * manifest and the restored database's rows against its counts; a node started on {@code data} then serves it.
   */
  public static Manifest restore(Path zip, Path data) throws IOException, SQLException {
    Path folder = data.toAbsolutePath().normalize();
    refuseUnlessEmpty(folder);
    Path staging = folder.resolve(RESTORING);
    try (ZipFile file = open(zip)) {
      Manifest manifest = manifest(file, zip);
      Files.createDirectories(folder);
      deleteTree(staging);
      for (Entry entry : manifest.entries()) {
        Path target = staging.resolve(entry.name().substring("db/".length()));
        Files.createDirectories(target.getParent());
        try (InputStream in = file.getInputStream(file.getEntry(entry.name()));
             OutputStream out = Files.newOutputStream(target)) {
          check(zip, entry, in, out);
        }
      }
      Map<String, Long> restored = Snapshot.read(staging).rows();
      if (!restored.equals(manifest.rows())) {
        throw new DamagedException(zip, "the restored database holds " + restored + " rows, its manifest " + manifest.rows());
      }
      Files.move(staging, folder.resolve("db"), StandardCopyOption.ATOMIC_MOVE);
      return manifest;
    } finally {
      deleteTree(staging);
    }
  }

  private static void refuseUnlessEmpty(Path folder) throws IOException {
    if (!Files.exists(folder)) return;
    if (!Files.isDirectory(folder)) throw new IllegalArgumentException(folder + " is a file, not a folder");
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        if (!entry.getFileName().toString().equals(RESTORING)) {
          throw new IllegalArgumentException(folder + " is not empty: restore into a new or empty folder (a restore never "
              + "overwrites data), then start the server with --data on it");
        }
      }
    }
  }

  private static ZipFile open(Path zip) throws IOException {
    try {
      return new ZipFile(zip.toFile());
    } catch (java.util.zip.ZipException e) {
      throw new DamagedException(zip, "not a zip file (" + e.getMessage() + ")");
    }
  }

  /** The manifest, with every name it lists one a backup has, and no entry of the zip that it does not list. */
  private static Manifest manifest(ZipFile file, Path zip) throws IOException {
    ZipEntry entry = file.getEntry(MANIFEST);
    if (entry == null) throw new DamagedException(zip, "it has no " + MANIFEST);
    Manifest manifest;
    try (InputStream in = file.getInputStream(entry)) {
      manifest = Json.MAPPER.readValue(in, Manifest.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new DamagedException(zip, "its " + MANIFEST + " cannot be read (" + e.getOriginalMessage() + ")");
    }
    if (!FORMAT.equals(manifest.format()) || manifest.entries() == null || manifest.rows() == null) {
      throw new DamagedException(zip, "its " + MANIFEST + " is not a backup's");
    }
    if (manifest.formatVersion() > FORMAT_VERSION) {
      throw new DamagedException(zip, "it was made by a newer amchallenge (" + manifest.amchallengeVersion() + "); restore it with that version");
    }
    Set<String> listed = new HashSet<>();
    for (Entry listedEntry : manifest.entries()) {
      String name = listedEntry.name();
      if (name == null || !(name.equals(DATABASE_ENTRY) || FILE_ENTRY.matcher(name).matches()) || !listed.add(name)) {
        throw new DamagedException(zip, "its manifest lists '" + name + "', which is no file of a backup");
      }
      if (file.getEntry(name) == null) throw new DamagedException(zip, name + " is missing");
    }
    if (!listed.contains(DATABASE_ENTRY)) throw new DamagedException(zip, "it holds no database (" + DATABASE_ENTRY + ")");
    try (Stream<? extends ZipEntry> all = file.stream()) {
      String stray = all.map(ZipEntry::getName).filter(name -> !name.equals(MANIFEST) && !listed.contains(name)).findFirst().orElse(null);
      if (stray != null) throw new DamagedException(zip, "it holds " + stray + ", which its manifest does not list");
    }
    return manifest;
  }

  /** Copies the entry's bytes to {@code out}, failing where their length or SHA-256 is not the manifest's. */
  private static void check(Path zip, Entry entry, InputStream in, OutputStream out) throws IOException {
    MessageDigest sha = sha256();
    long size = 0;
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) {
      sha.update(buffer, 0, n);
      out.write(buffer, 0, n);
      size += n;
    }
    String digest = HexFormat.of().formatHex(sha.digest());
    if (size != entry.bytes() || !digest.equals(entry.sha256())) {
      throw new DamagedException(zip, entry.name() + " has " + size + " bytes of SHA-256 " + digest + ", its manifest says "
          + entry.bytes() + " bytes of " + entry.sha256());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(path);
    }
  }
}
