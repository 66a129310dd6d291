package org.amchallenge.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * A one-line progress bar on standard error while a file is sent or received, redrawn with a carriage return
 * at most ten times a second. Written here because the progress-bar libraries bring a terminal library
 * (JLine) for what is one line of text.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String label;
  private final long total;
  private long done;
  private long drawnAt;
  private final long startedAt = System.nanoTime();

  ProgressBar(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = total;
  }

  /** Shown for files of a mebibyte or more when standard error is a terminal, or when asked for. */
  static boolean wanted(long bytes, Boolean asked) {
    return asked != null ? asked : bytes >= (1 << 20) && System.console() != null;
  }

  synchronized void advance(long bytes) {
    done += bytes;
    long now = System.nanoTime();
    if (now - drawnAt < 100_000_000L && done < total) return;
    drawnAt = now;
    draw();
  }

  synchronized void finish() {
    done = Math.max(done, total);
    draw();
    out.println();
  }

  private void draw() {
    double share = total <= 0 ? 1 : Math.min(1, (double) done / total);
    int filled = (int) Math.round(share * WIDTH);
    double seconds = Math.max(1e-3, (System.nanoTime() - startedAt) / 1e9);
    out.printf("\r%s [%s%s] %3.0f%% %s of %s, %s/s", label, "#".repeat(filled), " ".repeat(WIDTH - filled), share * 100,
        size(done), size(total), size((long) (done / seconds)));
    out.flush();
  }

  static String size(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return String.format("%.1f kB", bytes / 1024.0);
    return String.format("%.1f MB", bytes / (1024.0 * 1024));
  }

  /** The stream read as the request's body, counting what is read. */
  InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) advance(1);
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) advance(n);
        return n;
      }
    };
  }
}
