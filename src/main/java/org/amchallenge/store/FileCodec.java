package org.amchallenge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;

/** How a submission's file is kept: LZ4, as one block for a small file and as frames for a large one. */
public final class FileCodec {
  private FileCodec() {}

  /** The head of a small file stored as one raw LZ4 block: these four bytes, then its length (big-endian int). */
  private static final byte[] BLOCK_MAGIC = {'A', 'M', 'Z', '1'};
  public static final int BLOCK_LIMIT = 1 << 20;

  /**
   * Files are kept LZ4-compressed: several times quicker than gzip for the same job, at a little more size. A
   * file up to 1 MiB is one raw block behind a small header (the frame stream allocates two 64 kB blocks even
   * for a small file, garbage that adds up under many small uploads); a larger one is LZ4 frames
   * ({@link #frames}), so no second copy of the whole file is made.
   */
  public static FileBytes compress(byte[] bytes) {
    if (bytes.length <= BLOCK_LIMIT) {
      LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
      byte[] out = new byte[8 + compressor.maxCompressedLength(bytes.length)];
      System.arraycopy(BLOCK_MAGIC, 0, out, 0, 4);
      ByteBuffer.wrap(out, 4, 4).putInt(bytes.length);
      int length = compressor.compress(bytes, 0, bytes.length, out, 8);
      return FileBytes.of(Arrays.copyOf(out, 8 + length));
    }
    FileBytes out = new FileBytes();
    try (LZ4FrameOutputStream lz4 = frames(out)) {
      lz4.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The stream a large file is stored through: LZ4 frames of 1 MB blocks. LZ4 finds its matches within 64 kB
   * whatever the block, so larger blocks compress no better; the stream holds two blocks, so larger ones would
   * only add garbage per file.
   */
  public static LZ4FrameOutputStream frames(java.io.OutputStream out) {
    try {
      return new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_1MB);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stored file back: a raw LZ4 block, LZ4 frames, or gzip as the first versions stored them. */
  public static byte[] decompress(byte[] bytes) {
    if (bytes.length >= 8 && Arrays.equals(bytes, 0, 4, BLOCK_MAGIC, 0, 4)) {
      int length = ByteBuffer.wrap(bytes, 4, 4).getInt();
      return LZ4Factory.fastestInstance().fastDecompressor().decompress(bytes, 8, length);
    }
    boolean gzip = bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    try (var in = gzip ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))
        : new LZ4FrameInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
