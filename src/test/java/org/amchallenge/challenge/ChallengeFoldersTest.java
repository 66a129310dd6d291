package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a look at the challenge folders reports, and how a changed challenge is read again. */
class ChallengeFoldersTest {
  @TempDir Path dir;
  private ChallengeFolders folders;
  private String published;

  @BeforeEach
  void load() throws Exception {
    Fixtures.copyTo(dir);
    folders = new ChallengeFolders(dir.resolve("challenges"), dir.resolve("reference-data"));
    published = folders.load().get(0).sha256();
  }

  private static List<String> files(List<ChallengeFolders.Change> changes) {
    return changes.stream().map(c -> c.file() + (c.removed() ? " removed" : "") + " " + c.role() + " " + c.challengeId()).toList();
  }

  /** Gives a file a modification time of its own, as a write a moment later would. */
  private static void touch(Path file, int seconds) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds)));
  }

  @Test
  @DisplayName("a file is reported once it held still from one look to the next; a file still changing waits")
  void reportedOnceStill() throws Exception {
    assertEquals(List.of(), folders.changes(), "nothing changed since the load");
    Path definition = dir.resolve("challenges/test-tracks.yaml");
    Files.writeString(definition, Files.readString(definition) + "\n");
    assertEquals(List.of(), folders.changes(), "changed since the last look: it may still be written");
    Files.writeString(definition, Files.readString(definition) + "\n");
    assertEquals(List.of(), folders.changes(), "still changing");
    assertEquals(List.of("challenges/test-tracks.yaml DEFINITION test-tracks"), files(folders.changes()));
    assertEquals(List.of(), folders.changes(), "reported once");

    Path input = Files.createDirectories(dir.resolve("challenges/test-tracks")).resolve("powder.csv");
    Files.writeString(input, "d50_um\n32\n");
    Files.writeString(dir.resolve("reference-data/other.csv"), "x\n");
    folders.changes();
    assertEquals(List.of("challenges/test-tracks/powder.csv INPUT test-tracks", "reference-data/other.csv REFERENCE other"),
        files(folders.changes()));
    Files.delete(input);
    folders.changes();
    assertEquals(List.of("challenges/test-tracks/powder.csv removed INPUT test-tracks"), files(folders.changes()));
  }

  @Test
  @DisplayName("a changed challenge is read again; the same bytes touched are unchanged and not parsed; a broken one has its problems")
  void readAgain() throws Exception {
    Path definition = dir.resolve("challenges/test-tracks.yaml");
    touch(definition, 1);
    ChallengeFolders.Reading touched = folders.read("test-tracks", published);
    assertTrue(touched.unchanged());

    Files.writeString(definition, Files.readString(definition).replace("title: Test tracks", "title: Retitled"));
    ChallengeFolders.Reading retitled = folders.read("test-tracks", published);
    assertTrue(retitled.valid());
    assertEquals("Retitled", retitled.source().entry().challenge().title());

    Files.writeString(definition, "id: test-tracks\ntitle: [unclosed\n");
    ChallengeFolders.Reading broken = folders.read("test-tracks", published);
    assertFalse(broken.valid());
    assertEquals("test-tracks.yaml", broken.problems().get(0).file());

    assertTrue(folders.read("nothing-here", null).noDefinition());
    Files.writeString(dir.resolve("challenges/test-tracks.json"), "{}");
    assertTrue(folders.read("test-tracks", published).problems().get(0).detail().contains("used by another file"));
  }
}
