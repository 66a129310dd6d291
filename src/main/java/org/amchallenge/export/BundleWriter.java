package org.amchallenge.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip written entry by entry, each entry's SHA-256 and size noted for the manifest that closes it. Every
 * entry carries the export's time, so the same data exported at the same instant gives the same bytes.
 */
public final class BundleWriter implements AutoCloseable {
  /** A file of the bundle as its manifest lists it. */
  public record FileEntry(String path, long bytes, String sha256) {}

  private final ZipOutputStream zip;
  private final long time;
  private final List<FileEntry> files = new ArrayList<>();

  public BundleWriter(OutputStream out, Instant exportedAt) {
    this.zip = new ZipOutputStream(out);
    this.time = exportedAt.toEpochMilli();
  }

  public void add(String path, byte[] content) {
    try {
      ZipEntry entry = new ZipEntry(path);
      entry.setTime(time);
      zip.putNextEntry(entry);
      zip.write(content);
      zip.closeEntry();
      files.add(new FileEntry(path, content.length, sha256(content)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<FileEntry> files() {
    return List.copyOf(files);
  }

  /** Writes the manifest (which lists every other file) as the last entry. */
  public void finish(byte[] manifest) {
    try {
      ZipEntry entry = new ZipEntry(ResultsBundle.MANIFEST);
      entry.setTime(time);
      zip.putNextEntry(entry);
      zip.write(manifest);
      zip.closeEntry();
      zip.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      zip.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
