package org.amchallenge.store;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored file's bytes as written, in blocks of up to 1 MB, so that a large file is stored without ever being
 * copied into one array (a growing byte stream copies it again at each step, each copy too large for the young
 * generation). Written to by one thread, then only read.
 */
public final class FileBytes extends OutputStream {
  private static final int BLOCK = 1 << 20;
  private final List<byte[]> blocks = new ArrayList<>();
  private byte[] last;
  private int used;
  private long size;

  public FileBytes() {}

  /** The bytes of {@code whole}, as they are (not copied). */
  public static FileBytes of(byte[] whole) {
    FileBytes bytes = new FileBytes();
    bytes.blocks.add(whole);
    bytes.last = whole;
    bytes.used = whole.length;
    bytes.size = whole.length;
    return bytes;
  }

  @Override
  public void write(int b) {
    room();
    last[used++] = (byte) b;
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      room();
      int n = Math.min(len, last.length - used);
      System.arraycopy(b, off, last, used, n);
      used += n;
      off += n;
      len -= n;
      size += n;
    }
  }

  private void room() {
    if (last != null && used < last.length) return;
    last = new byte[BLOCK];
    blocks.add(last);
    used = 0;
  }

  public long size() {
    return size;
  }

  /** The bytes in one array: the one given to {@link #of}, else a copy. */
  public byte[] toArray() {
    if (blocks.size() == 1 && used == last.length) return last;
    byte[] whole = new byte[Math.toIntExact(size)];
    int at = 0;
    for (ByteBuffer block : buffers()) {
      int n = block.remaining();
      block.get(whole, at, n);
      at += n;
    }
    return whole;
  }

  /** The blocks, each a buffer over its written part, to write out in order. */
  public ByteBuffer[] buffers() {
    ByteBuffer[] out = new ByteBuffer[blocks.size()];
    for (int i = 0; i < out.length; i++) {
      byte[] block = blocks.get(i);
      out[i] = ByteBuffer.wrap(block, 0, block == last ? used : block.length);
    }
    return out;
  }

  @Override
  public String toString() {
    return "FileBytes[" + size + " bytes in " + blocks.size() + " blocks]";
  }
}
