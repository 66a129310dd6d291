package org.amchallenge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StoredFileTest {
  private static byte[] csv(int rows) {
    Random random = new Random(11);
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 0; i < rows; i++) csv.append("S").append(i).append(",melt_pool_depth,").append(random.nextInt(100_000) / 1000.0).append('\n');
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a small file, a file past the raw block's 1 MiB, and an empty one come back byte for byte, smaller when stored")
  void roundTrips() {
    for (byte[] file : new byte[][] {csv(100), csv(100_000), new byte[0]}) {
      byte[] stored = FileCodec.compress(file).toArray();
      assertArrayEquals(file, FileCodec.decompress(stored));
      if (file.length > 1000) assertTrue(stored.length < file.length, stored.length + " stored bytes for " + file.length);
    }
  }

  @Test
  @DisplayName("a file stored gzip-compressed by the first versions is still read")
  void readsGzip() throws Exception {
    byte[] file = csv(500);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(file);
    }
    assertArrayEquals(file, FileCodec.decompress(out.toByteArray()));
  }
}
