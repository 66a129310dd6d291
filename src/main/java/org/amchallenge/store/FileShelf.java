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
 * value into its one chunk of the commit, so a large file costs several copies of itself in buffers inside H2
 * per upload, enough to fill a small heap and leave the store refusing every write. A file here is on disk
 * (written, forced, renamed, and the folder forced) before the row naming it commits, so a submission answered
 * 201 has its file; a file whose row never committed is swept at start.
 */
final class FileShelf {
  /** A stored file this large or larger is shelved; smaller ones stay in the database row. */
  static final int LIMIT = 1 << 20;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,90}\\.lz4");
  private static final String PART = ".part";

  /** The size of the direct buffers files are written and read through. */
  private static final int TRANSFER = 1 << 20;
  /** Their alignment, and what a direct write's length is rounded up to: a multiple of the file system's block. */
  private static final int ALIGN = 4096;

  private final Path dir;
  /**
   * Direct buffers the blocks pass through on their way to and from disk, a few kept for the next file. Given
   * heap buffers, the JDK copies each into a temporary direct buffer of its own: a gathering write of a large
   * file's blocks leaves one per block cached on each worker thread that wrote one (fresh pages the kernel zeroes
   * on each new thread), and a read of a whole file takes one of its size, over what {@code Main} lets the JDK
   * cache, allocated and freed at every read.
   */
  private final java.util.concurrent.BlockingQueue<ByteBuffer> transfers = new java.util.concurrent.ArrayBlockingQueue<>(4);

  /**
   * Whether files are written around the page cache (O_DIRECT), until the file system refuses it (older tmpfs did).
   * A direct write spares a new large file the kernel's work on fresh cache pages, most of the time between a
   * large upload's last byte and its 201, and keeps a file read again only for a rescore from pushing other data out.
   */
  private volatile boolean direct = true;

  FileShelf(Path dir) {
    this(dir, true);
  }

  /** {@code direct} false: always through the page cache, as where the file system refuses O_DIRECT. */
  FileShelf(Path dir, boolean direct) {
    this.dir = dir;
    this.direct = direct;
  }

  /** The folder the files are kept in. */
  Path dir() {
    return dir;
  }

  /** Whether the files written so far went around the page cache. */
  boolean writesDirect() {
    return direct;
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
      ByteBuffer transfer = transfer();
      try {
        if (!direct || !putDirect(part, bytes, transfer)) putBuffered(part, bytes, transfer);
      } finally {
        transfers.offer(transfer);
      }
      Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      forceFolder();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes around the page cache in aligned megabytes, the last one padded to a whole block and the file then cut
   * to its length; false (and not tried again) where the file system does not allow it.
   */
  private boolean putDirect(Path part, FileBytes bytes, ByteBuffer transfer) throws IOException {
    FileChannel channel;
    try {
      long block = Files.getFileStore(dir).getBlockSize();
      if (block <= 0 || ALIGN % block != 0) throw new UnsupportedOperationException("a block of " + block + " bytes");
      channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
          com.sun.nio.file.ExtendedOpenOption.DIRECT);
    } catch (IOException | UnsupportedOperationException notHere) {
      direct = false;
      return false;
    }
    try (channel) {
      write(channel, bytes, transfer, true);
    }
    return true;
  }

  private void putBuffered(Path part, FileBytes bytes, ByteBuffer transfer) throws IOException {
    try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      write(channel, bytes, transfer, false);
    }
  }

  /**
   * Writes the blocks in whole megabytes through {@code transfer}, then the rest ({@code aligned}: padded to a whole
   * block, as a direct write must be, and the file cut back to its length), and forces the file to disk.
   */
  private static void write(FileChannel channel, FileBytes bytes, ByteBuffer transfer, boolean aligned) throws IOException {
    transfer.clear().limit(TRANSFER);
    for (ByteBuffer block : bytes.buffers()) {
      while (block.hasRemaining()) {
        int n = Math.min(transfer.remaining(), block.remaining());
        transfer.put(block.slice(block.position(), n));
        block.position(block.position() + n);
        if (!transfer.hasRemaining()) {
          writeAll(channel, transfer.flip());
          transfer.clear().limit(TRANSFER);
        }
      }
    }
    if (transfer.position() > 0) {
      int length = transfer.position();
      if (aligned) {
        while (transfer.position() < (length + ALIGN - 1) / ALIGN * ALIGN) transfer.put((byte) 0);
      }
      writeAll(channel, transfer.flip());
      if (aligned) channel.truncate(bytes.size());
    }
    channel.force(true);
  }

  private static void writeAll(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) channel.write(buffer);
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
    return kept != null ? kept : ByteBuffer.allocateDirect(TRANSFER + ALIGN).alignedSlice(ALIGN);
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
