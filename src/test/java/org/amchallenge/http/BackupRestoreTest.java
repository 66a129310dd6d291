package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.amchallenge.domain.Json;
import org.amchallenge.http.StoreOpsData.Run;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * `amchallenge backup` and `restore`: a running server's store copied through its admin route while it serves, checked
 * entry by entry, restored into a new folder on which a node answers as the first; the offline backup of a stopped one;
 * a damaged backup, a folder not empty and a database in use refused with what to do.
 */
@ExtendWith(VertxExtension.class)
class BackupRestoreTest {
  @TempDir Path dir;

  @Test
  @DisplayName("a backup taken from a running server, restored into a new folder: a node there answers every board and file as the first")
  void backupWhileServingThenRestore(Vertx vertx) throws Exception {
    StoreOpsData.writeChallenges(dir);
    LiveServer live = LiveServer.of(vertx, StoreOpsData.config(dir, "data", null));
    StoreOpsData filled = StoreOpsData.fill(live);
    String server = "http://127.0.0.1:" + live.port;
    Path zip = dir.resolve("backup.zip");

    Run refused = StoreOpsData.run("backup", "--server", server, "--token", filled.poolersToken, "--to", zip.toString());
    assertEquals(4, refused.exit(), "a team's token is refused");
    assertFalse(Files.exists(zip));
    Run backup = StoreOpsData.run("backup", "--server", server, "--token", TestServer.ORGANIZER, "--to", zip.toString());
    assertEquals(0, backup.exit(), backup.err());
    assertTrue(backup.out().contains("5 submissions (1 file kept beside the database)"), backup.out());

    // the zip as its manifest says: every entry's SHA-256 computed here, the database and the one large file
    Map<String, String> digests = new TreeMap<>();
    JsonNode manifest;
    try (ZipFile file = new ZipFile(zip.toFile())) {
      manifest = Json.MAPPER.readTree(file.getInputStream(file.getEntry("manifest.json")));
      for (ZipEntry entry : file.stream().toList()) {
        if (!entry.getName().equals("manifest.json")) digests.put(entry.getName(), sha256(file.getInputStream(entry)));
      }
    }
    Map<String, String> listed = new TreeMap<>();
    manifest.path("entries").forEach(entry -> listed.put(entry.path("name").asText(), entry.path("sha256").asText()));
    assertEquals(digests, listed);
    String shelvedName = StoreOpsData.shelved(dir.resolve("data")).get(0).getFileName().toString();
    assertEquals(List.of("db/amchallenge.mv.db", "db/files/" + shelvedName), List.copyOf(listed.keySet()));
    assertEquals(5, manifest.path("rows").path("submissions").asInt());
    assertEquals(3, manifest.path("rows").path("accounts").asInt());
    assertEquals("amchallenge-backup", manifest.path("format").asText());

    Path restoredData = dir.resolve("restored");
    Run restore = StoreOpsData.run("restore", zip.toString(), "--data", restoredData.toString());
    assertEquals(0, restore.exit(), restore.err());
    assertTrue(restore.out().contains("amchallenge serve --data " + restoredData), restore.out());
    Run again = StoreOpsData.run("restore", zip.toString(), "--data", restoredData.toString());
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("is not empty"), again.err());

    LiveServer restored = LiveServer.of(vertx, StoreOpsData.config(dir, "restored", null));
    try {
      filled.assertSameAnswers(live, restored);
    } finally {
      restored.close();
      live.close();
    }

    // with the server stopped, straight from the data folder: the same rows
    StoreOpsData.awaitClosed(dir.resolve("data"));
    Path offline = dir.resolve("offline.zip");
    Run stopped = StoreOpsData.run("backup", "--data", dir.resolve("data").toString(), "--to", offline.toString());
    assertEquals(0, stopped.exit(), stopped.err());
    try (ZipFile file = new ZipFile(offline.toFile())) {
      JsonNode offlineManifest = Json.MAPPER.readTree(file.getInputStream(file.getEntry("manifest.json")));
      JsonNode rows = offlineManifest.path("rows");
      manifest.path("rows").fields().forEachRemaining(table -> {
        // only the sign-in of the comparison above came after the first backup
        int more = table.getKey().equals("sessions") ? 1 : 0;
        assertEquals(table.getValue().asInt() + more, rows.path(table.getKey()).asInt(), table.getKey());
      });
    }

    // a server on it (here the lock another process would hold): said plainly, with what to run instead
    try (FileChannel file = FileChannel.open(dir.resolve("data/db/amchallenge.mv.db"), StandardOpenOption.READ, StandardOpenOption.WRITE);
         FileLock held = file.lock()) {
      Run locked = StoreOpsData.run("backup", "--data", dir.resolve("data").toString(), "--to", dir.resolve("locked.zip").toString());
      assertEquals(4, locked.exit(), locked.err());
      assertTrue(locked.err().contains("a server is running on it") && locked.err().contains("amchallenge backup --server URL --to "
          + dir.resolve("locked.zip")), locked.err());
    }
  }

  @Test
  @DisplayName("a backup with one byte changed is refused by restore, which leaves the folder empty")
  void damagedBackupRefused(Vertx vertx) throws Exception {
    StoreOpsData.writeChallenges(dir);
    LiveServer live = LiveServer.of(vertx, StoreOpsData.config(dir, "data", null));
    HttpResponse<Buffer> made = live.upload(StoreOpsData.TRACKS, live.register("Poolers"), "text/csv",
        Buffer.buffer(org.amchallenge.Fixtures.predictions(1, 1)));
    assertEquals(201, made.statusCode(), made.bodyAsString());
    HttpResponse<Buffer> backup = live.get("/api/backup", TestServer.ORGANIZER);
    live.close();
    assertEquals(200, backup.statusCode(), backup.bodyAsString());
    assertEquals("application/zip", backup.getHeader("Content-Type"));
    assertTrue(backup.getHeader("Content-Disposition").matches("attachment; filename=\"amchallenge-backup-20260601-120000\\.zip\""),
        backup.getHeader("Content-Disposition"));
    Path good = Files.write(dir.resolve("good.zip"), backup.body().getBytes());

    // the same zip with the database's last byte changed, the manifest as it was
    Path bad = dir.resolve("bad.zip");
    try (ZipFile in = new ZipFile(good.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
      for (ZipEntry entry : in.stream().toList()) {
        byte[] bytes = in.getInputStream(entry).readAllBytes();
        if (entry.getName().equals("db/amchallenge.mv.db")) bytes[bytes.length - 1] ^= 1;
        out.putNextEntry(new ZipEntry(entry.getName()));
        out.write(bytes);
        out.closeEntry();
      }
    }
    Path target = dir.resolve("target");
    Run refused = StoreOpsData.run("restore", bad.toString(), "--data", target.toString());
    assertEquals(1, refused.exit(), refused.out());
    assertTrue(refused.err().contains("is damaged") && refused.err().contains("db/amchallenge.mv.db"), refused.err());
    try (var left = Files.list(target)) {
      assertEquals(List.of(), left.toList(), "nothing left in the folder");
    }
    Run restored = StoreOpsData.run("restore", good.toString(), "--data", target.toString());
    assertEquals(0, restored.exit(), restored.err());
    assertTrue(restored.out().contains("1 team, 1 submission"), restored.out());
    assertEquals(2, StoreOpsData.run("restore", dir.resolve("none.zip").toString(), "--data", dir.resolve("other").toString()).exit());
  }

  private static String sha256(InputStream in) throws Exception {
    try (in) {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    }
  }
}
