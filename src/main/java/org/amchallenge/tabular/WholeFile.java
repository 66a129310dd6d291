package org.amchallenge.tabular;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file read whole into one array, for the readers that take a file's bytes (reference data, predictions). */
public final class WholeFile {
  /** At most this much is read at once, so that the JDK's cached temporary direct buffer serves every read. */
  static final int PIECE = 1 << 20;

  private WholeFile() {}

  /**
   * The file's bytes, read in pieces so that every read goes through the JDK's one cached direct buffer:
   * {@code Files.readAllBytes} reads the whole file at once, for which the JDK allocates, zeroes and frees a
   * direct buffer as large as the file (above the 1 MB cache limit that {@code Main} sets).
   */
  public static byte[] read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("Required array size too large");
      byte[] bytes = new byte[(int) size];
      ByteBuffer into = ByteBuffer.wrap(bytes);
      while (into.position() < bytes.length) {
        into.limit(Math.min(bytes.length, into.position() + PIECE));
        if (channel.read(into) < 0) break;
      }
      // a file that changed size while it was read: read it again the JDK's way, which follows it to its end
      if (into.position() != bytes.length || channel.size() != size) return Files.readAllBytes(file);
      return bytes;
    }
  }
}
