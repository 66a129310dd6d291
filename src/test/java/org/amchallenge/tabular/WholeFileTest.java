package org.amchallenge.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeFileTest {

  @Test
  @DisplayName("a file read in pieces is every byte of it, at lengths around the piece size")
  void everyByte(@TempDir Path dir) throws Exception {
    Random random = new Random(11);
    int piece = WholeFile.PIECE;
    for (int length : new int[] {0, 1, 4095, piece - 1, piece, piece + 1, 3 * piece + 17, 39_388_398}) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      Path file = dir.resolve("f" + length);
      Files.write(file, bytes);
      assertArrayEquals(bytes, WholeFile.read(file), "length " + length);
    }
    assertThrows(NoSuchFileException.class, () -> WholeFile.read(dir.resolve("absent")));
  }
}
