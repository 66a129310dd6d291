package org.amchallenge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.submission.ParsedSubmission;
import org.amchallenge.submission.PredictionReader;
import org.amchallenge.submission.SubmissionFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the million-cell workbooks of {@link WorkbookFiles} and the same predictions as CSV, and prints the time
 * (the reading thread's CPU time, steadier than the clock on a shared machine) per file and per value.
 * A benchmark, not a test: it asserts nothing about time. Run with the others ({@code mvn -B -Pbenchmark verify}), or as a
 * main on the folder {@link WorkbookFiles} wrote.
 */
@Tag("benchmark")
class WorkbookBenchmark {
  private static final int REPEATS = 7;

  @TempDir Path dir;

  @Test
  @DisplayName("million-cell workbooks, wide and long, against the same predictions as CSV: CPU time per value")
  void readTimes() throws Exception {
    WorkbookFiles.writeWide(dir);
    WorkbookFiles.writeLong(dir);
    run(dir);
  }

  /** Times the files that {@link WorkbookFiles} wrote to the folder given. */
  public static void main(String[] args) throws Exception {
    run(Path.of(args[0]));
  }

  private static void run(Path dir) throws Exception {
    Challenge challenge = ChallengeReader.read(Files.readAllBytes(dir.resolve("C.yaml")), true);
    ReferenceData wideReference = ReferenceReader.read(challenge, Files.readAllBytes(dir.resolve("R.csv")));
    ReferenceData longReference = ReferenceReader.read(challenge, Files.readAllBytes(dir.resolve("R-long.csv")));
    time(dir, "long.csv", challenge, wideReference);
    time(dir, "wide.csv", challenge, wideReference);
    time(dir, "wide.xlsx", challenge, wideReference);
    time(dir, "long-as.csv", challenge, longReference);
    time(dir, "long.xlsx", challenge, longReference);
  }

  private static void time(Path dir, String name, Challenge challenge, ReferenceData reference) throws Exception {
    byte[] body = Files.readAllBytes(dir.resolve(name));
    SubmissionFormat format = SubmissionFormat.detect(null, name, body);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] seconds = new double[REPEATS];
    int values = 0;
    for (int r = 0; r < REPEATS; r++) {
      long start = threads.getCurrentThreadCpuTime();
      ParsedSubmission parsed = new PredictionReader(challenge, reference).read(format, body, null);
      seconds[r] = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      values = parsed.rows();
    }
    Arrays.sort(seconds);
    System.out.printf("%-12s %6.1f MB  %,9d values  best %.3f s  median %.3f s  %.0f ns per value%n", name, body.length / 1e6,
        values, seconds[0], seconds[REPEATS / 2], seconds[REPEATS / 2] * 1e9 / values);
  }
}
