package org.amchallenge.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.amchallenge.store.Backup;
import org.amchallenge.store.EmbeddedFolder;
import org.amchallenge.store.Migration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Move the embedded database (and the files kept beside it) into PostgreSQL: the schema made by the same "
        + "migrations, every table copied in batches (each its own transaction; rows whose key is there already are kept), "
        + "then every table compared by rows and checksum (files by their decoded bytes) and the comparison printed.",
        "Run it with the server stopped, or from a backup's zip. Safe to run again: a run cut short finishes, a finished one "
        + "changes nothing. Then start the server with --db and the same URL."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:moved: every table the same in both", "1:a table differs (its keys are listed)",
        "2:wrong usage: no database under --from, not a PostgreSQL URL, a damaged backup",
        "3:PostgreSQL could not be reached, or failed (run again to finish)", "4:a server is running on --from: stop it, or migrate from a backup"})
public final class MigrateCommand implements Callable<Integer> {
  @Option(names = "--from", required = true, paramLabel = "DATA", description = "the data folder (as serve --data), or a backup's zip")
  Path from;

  @Option(names = "--to", required = true, paramLabel = "URL", description = "the PostgreSQL database: postgresql://user[:password]@host:5432/database")
  String to;

  @Option(names = "--batch", defaultValue = "500", description = "rows per transaction, fewer where they reach 32 MB (default ${DEFAULT-VALUE})")
  int batch;

  private static final long BATCH_BYTES = 32L << 20;
  private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

  @Override
  public Integer call() {
    if (batch < 1) {
      System.err.println("--batch is at least 1");
      return ExitCodes.USAGE;
    }
    long[] last = {System.nanoTime()};
    Migration migration = new Migration(batch, BATCH_BYTES, (table, read, all) -> {
      if (System.nanoTime() - last[0] < PROGRESS_EVERY_NANOS) return;
      last[0] = System.nanoTime();
      System.err.printf("%s: %d of %d rows%n", table, read, all);
    });
    try {
      Migration.Report report = migration.run(from, to);
      System.out.print(table(report));
      System.out.printf("%d rows in %d tables, %d copied by this run, in %.1f s: %s%n", report.rows(), report.tables().size(),
          report.copied(), report.took().toMillis() / 1000.0, report.same()
              ? "every table the same in both; start the server with --db " + to
              : "differences above; the target held rows of its own, or was changed meanwhile");
      return report.same() ? ExitCodes.OK : ExitCodes.INVALID;
    } catch (EmbeddedFolder.InUseException e) {
      System.err.println(e.getMessage());
      return ExitCodes.REFUSED;
    } catch (IllegalArgumentException | Backup.DamagedException e) {
      System.err.println(e.getMessage());
      return ExitCodes.USAGE;
    } catch (SQLException | RuntimeException e) {
      System.err.println("the migration stopped: " + message(e));
      System.err.println("the rows copied so far are kept; run the same command again to finish");
      return ExitCodes.UNREACHABLE;
    } catch (java.io.IOException e) {
      System.err.println("cannot read " + e.getMessage());
      return ExitCodes.USAGE;
    }
  }

  private static String message(Throwable e) {
    StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
      if (cause.getMessage() != null && !out.toString().contains(cause.getMessage())) out.append(": ").append(cause.getMessage());
    }
    return out.toString();
  }

  /** The comparison, a line per table, its checksums shortened to what tells them apart at a glance. */
  static String table(Migration.Report report) {
    TextTable table = new TextTable(List.of("table", "rows (embedded)", "rows (PostgreSQL)", "copied now", "checksum (embedded)",
        "checksum (PostgreSQL)", "compared"));
    for (Migration.TableReport t : report.tables()) {
      table.add(List.of(t.table(), Long.toString(t.sourceRows()), Long.toString(t.targetRows()), Long.toString(t.copied()),
          t.sourceChecksum().substring(0, 16), t.targetChecksum().substring(0, 16), t.same() ? "same" : "DIFFERS"));
    }
    StringBuilder out = new StringBuilder(table.render());
    for (Migration.TableReport t : report.tables()) {
      for (String difference : t.differences()) out.append(t.table()).append(": ").append(difference).append('\n');
    }
    return out.toString();
  }
}
