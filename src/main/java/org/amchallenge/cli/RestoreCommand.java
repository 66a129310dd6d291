package org.amchallenge.cli;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.amchallenge.store.Backup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Restore a backup (of amchallenge backup) into a new or empty data folder: every entry is checked against "
        + "the manifest's SHA-256, and the restored database's rows against its counts.",
        "Then start a server on it: amchallenge serve --data DIR"},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:restored", "1:the backup is damaged (nothing is left in DIR)", "2:wrong usage, no such file, or DIR is not empty"})
public final class RestoreCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "the backup's zip")
  Path file;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "the data folder to restore into: new or empty")
  Path data;

  @Override
  public Integer call() throws Exception {
    try {
      Backup.Manifest manifest = Backup.restore(file, data);
      System.out.println(BackupCommand.summary("restored " + file + " into " + data, manifest));
      System.out.println("start a server on it with: amchallenge serve --data " + data);
      return ExitCodes.OK;
    } catch (NoSuchFileException e) {
      System.err.println("no file " + e.getFile());
      return ExitCodes.USAGE;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return ExitCodes.USAGE;
    } catch (Backup.DamagedException e) {
      System.err.println(e.getMessage());
      return ExitCodes.INVALID;
    }
  }
}
