package org.amchallenge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.amchallenge.store.Backup;
import org.amchallenge.store.EmbeddedFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Back up the embedded database and the files kept beside it into one zip with a manifest (versions, rows "
        + "per table, each entry's SHA-256): from a running server (the admin token; the copy is consistent while it serves), "
        + "or with --data from a data folder no server runs on.",
        "Restore it with: amchallenge restore FILE --data NEW-FOLDER. On PostgreSQL use pg_dump instead."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:written, every entry checked against the manifest", "1:the downloaded backup is damaged",
        "2:wrong usage, no token, no database under --data", "3:the server could not be reached, or failed",
        "4:refused: not the admin token, the server is on PostgreSQL (409), or a server runs on --data"})
public final class BackupCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Option(names = "--to", required = true, paramLabel = "FILE", description = "the zip to write")
  Path to;

  @Option(names = "--data", paramLabel = "DIR", description = "back up this data folder directly (no server may be running on it)")
  Path data;

  @Option(names = "--progress", negatable = true, description = "show a progress bar (default: for 1 MiB or more on a terminal)")
  Boolean progress;

  @Override
  public Integer call() throws Exception {
    Backup.Manifest manifest;
    if (data != null && client.server != null) {
      System.err.println("give --server (a running server backs itself up) or --data (a folder no server runs on), not both");
      return ExitCodes.USAGE;
    }
    if (data != null) {
      try {
        manifest = Backup.write(data, to, Instant.now());
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return ExitCodes.USAGE;
      } catch (EmbeddedFolder.InUseException e) {
        System.err.println(e.getMessage().replace("amchallenge backup --server URL --to FILE", "amchallenge backup --server URL --to " + to));
        return ExitCodes.REFUSED;
      }
    } else {
      ApiClient api = ApiClient.withToken(client);
      if (api == null) return ExitCodes.USAGE;
      int code = Downloads.fetch(api, "/api/backup", to, progress);
      if (code != ExitCodes.OK) return code;
      try {
        manifest = Backup.verify(to);
      } catch (Backup.DamagedException e) {
        System.err.println(e.getMessage());
        return ExitCodes.INVALID;
      }
    }
    System.out.println(summary("wrote " + to + " (" + ProgressBar.size(Files.size(to)) + ")", manifest));
    return ExitCodes.OK;
  }

  /** What a backup holds, in one line. */
  static String summary(String head, Backup.Manifest manifest) {
    return String.format("%s: %s, %s, %s, %s (%s kept beside the database), %s; schema %s, made by amchallenge %s at %s", head,
        count(manifest.rowsOf("challenges"), "challenge"), count(manifest.rowsOf("accounts"), "account"), count(manifest.rowsOf("teams"), "team"),
        count(manifest.rowsOf("submissions"), "submission"), count(manifest.shelvedFiles(), "file"), count(manifest.rowsOf("audit_log"), "audit entry"),
        manifest.schemaVersion(), manifest.amchallengeVersion(), manifest.createdAt());
  }

  private static String count(long n, String one) {
    return n + " " + (n == 1 ? one : one.endsWith("y") ? one.substring(0, one.length() - 1) + "ies" : one + "s");
  }
}
