package org.amchallenge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files kept beside the database, written around the page cache (O_DIRECT, aligned blocks, the last one padded
 * and the file cut back) and through it (where a file system refuses O_DIRECT): every length comes back byte for
 * byte, no longer.
 */
class FileShelfTest {
  @TempDir Path dir;

  /** Lengths around the 4 kB blocks and the 1 MB transfers. */
  private static final List<Integer> LENGTHS = List.of(1, 4095, 4096, 4097, 1 << 20, (1 << 20) + 17, (3 << 20) + 5, 14_000_001);

  @ParameterizedTest(name = "around the page cache: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("every length written and read back exactly, the .part renamed away")
  void roundTrip(boolean direct) throws Exception {
    FileShelf shelf = new FileShelf(dir.resolve("files"), direct);
    Random random = new Random(7);
    for (int length : LENGTHS) {
      byte[] file = new byte[length];
      random.nextBytes(file);
      FileBytes bytes = new FileBytes();
      // written in uneven pieces, as the compressor writes its frames
      for (int at = 0; at < length; ) {
        int n = Math.min(length - at, 1 + random.nextInt(700_000));
        bytes.write(file, at, n);
        at += n;
      }
      String name = FileShelf.nameOf(java.util.UUID.randomUUID().toString());
      shelf.put(name, bytes);
      Path written = dir.resolve("files").resolve(name);
      assertEquals(length, Files.size(written), "the file is cut to its length, not to a whole block");
      assertArrayEquals(file, Files.readAllBytes(written), length + " bytes on disk");
      assertArrayEquals(file, shelf.get(name), length + " bytes read back");
    }
    String type = Files.getFileStore(dir).type();
    if (direct && List.of("ext4", "xfs", "btrfs").contains(type)) assertEquals(true, shelf.writesDirect(), type + " allows O_DIRECT");
    try (var listed = Files.list(dir.resolve("files"))) {
      assertEquals(LENGTHS.size(), listed.filter(p -> p.toString().endsWith(".lz4")).count(), "one file each, no .part left");
    }
  }
}
