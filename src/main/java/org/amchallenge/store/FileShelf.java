package org.amchallenge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The large submission files of the embedded database, each a file of its own beside it. H2 writes a stored
 * value into its one chunk of the commit: a 14 MB file cost about 70 MB of buffers and copies inside H2 per
 * upload, at -Xmx256m most of the full collections, and once its out-of-memory left the store refusing every
 * write. A file here is on disk (written, forced, renamed, and the folder forced) before the row naming it
 * commits, so a submission answered 201 has its file; a file whose row never committed is swept at start.
 */
final class FileShelf {
  /** A stored file this large or larger is shelved; smaller ones stay in the database row. */
  static final int LIMIT = 1 << 20;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,90}\\.lz4");
  private static final String PART = ".part";

  /** The size of the direct buffers files are written and read through. */
  private static final int TRANSFER = 1 << 20;

  private final Path dir;
  /**
   * Direct buffers the blocks pass through on their way to and from disk, a few kept for the next file. Given
   * heap buffers, the JDK copies each into a temporary direct buffer of its size and keeps those per thread: on
   * a new worker thread a 14 MB file's write was 14 MB of fresh pages zeroed by the kernel (a tenth of the
   * upload's CPU), and every worker thread ended up keeping as much native memory as the largest file it had
   * written or read.
   */
  private final java.util.concurrent.BlockingQueue<ByteBuffer> transfers = new java.util.concurrent.ArrayBlockingQueue<>(4);

  FileShelf(Path dir) {
    this.dir = dir;
  }

  /** A new name for a submission's file: its id and a random part, so that no two writes ever share a name. */
  static String nameOf(String submissionId) {
    String name = submissionId + "-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + ".lz4";
    if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("not a submission id: " + submissionId);
    return name;
  }

  /** Writes the file and makes it durable under {@code name}: whole or not at all, also across a crash. */
  void put(String name, FileBytes bytes) {
    try {
      Files.createDirectories(dir);
      Path part = dir.resolve(name + PART);
      try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE)) {
        ByteBuffer transfer = transfer();
        try {
          for (ByteBuffer block : bytes.buffers()) {
            while (block.hasRemaining()) {
              int n = Math.min(TRANSFER, block.remaining());
              transfer.clear();
              transfer.put(block.slice(block.position(), n)).flip();
              block.position(block.position() + n);
              while (transfer.hasRemaining()) channel.write(transfer);
            }
          }
        } finally {
          transfers.offer(transfer);
        }
        channel.force(true);
      }
      Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      forceFolder();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file shelved under {@code name}. */
  byte[] get(String name) {
    if (!NAME.matcher(name).matches()) throw new IllegalStateException("a stored file name that is not one: " + name);
    try (FileChannel channel = FileChannel.open(dir.resolve(name), StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 8) throw new IllegalStateException("the stored file " + name + " is larger than an array");
      byte[] whole = new byte[(int) size];
      ByteBuffer transfer = transfer();
      try {
        int at = 0;
        while (at < whole.length) {
          transfer.clear().limit(Math.min(TRANSFER, whole.length - at));
          if (channel.read(transfer) < 0) throw new IOException("the stored file " + name + " ended at byte " + at + " of " + size);
          transfer.flip();
          int n = transfer.remaining();
          transfer.get(whole, at, n);
          at += n;
        }
      } finally {
        transfers.offer(transfer);
      }
      return whole;
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("the stored file " + name + " is missing from " + dir, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ByteBuffer transfer() {
    ByteBuffer kept = transfers.poll();
    return kept != null ? kept : ByteBuffer.allocateDirect(TRANSFER);
  }

  /** Removes a file whose row was not stored (refused at its team's limit, or its commit failed). */
  void remove(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes every file not in {@code kept} (rows that never committed, writes a crash cut short); returns how many. */
  int sweep(Set<String> kept) {
    if (!Files.isDirectory(dir)) return 0;
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if ((name.endsWith(PART) || NAME.matcher(name).matches()) && !kept.contains(name)) {
          Files.deleteIfExists(file);
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  private void forceFolder() throws IOException {
    // a folder's entry is made durable by forcing the folder itself, which Linux allows read-only
    FileChannel folder;
    try {
      folder = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (IOException notOnThisSystem) {
      return; // a system that cannot open a folder (Windows) makes the rename durable itself
    }
    try (folder) {
      folder.force(true);
    }
  }
}
