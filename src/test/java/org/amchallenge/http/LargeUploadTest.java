package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file over a megabyte is read as it arrives; what the competitor gets back is what a small file gets. */
class LargeUploadTest {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private LiveServer server;

  @AfterEach
  void close() {
    if (server != null) server.close();
    LiveServer.join(vertx.close());
  }

  /** The same file made larger than a megabyte: spaces after the first row's value, which a reader trims. */
  private static String padded(String csv) {
    int firstRowEnd = csv.indexOf('\n', csv.indexOf('\n') + 1);
    return csv.substring(0, firstRowEnd) + " ".repeat(1_500_000) + csv.substring(firstRowEnd);
  }

  private static JsonObject scores(HttpResponse<Buffer> answer) {
    JsonObject body = answer.bodyAsJsonObject();
    return new JsonObject().put("rows", body.getValue("rows")).put("score", body.getValue("score")).put("quantities", body.getValue("quantities"));
  }

  private static JsonArray problems(HttpResponse<Buffer> answer) {
    return answer.bodyAsJsonObject().getJsonArray("problems");
  }

  @Test
  @DisplayName("a 1.5 MB CSV, read as it arrives, gets the scores of the same rows in a small file; a bad one the same problems")
  void largeAsSmall() throws Exception {
    server = LiveServer.fixture(vertx, dir, 8 << 20);
    String token = server.register("Large");
    String csv = Fixtures.predictions(1.5, -2);
    HttpResponse<Buffer> large = server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(padded(csv)));
    HttpResponse<Buffer> small = server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(csv));
    assertEquals(201, large.statusCode(), large.bodyAsString());
    assertEquals(201, small.statusCode(), small.bodyAsString());
    assertEquals(scores(small), scores(large));
    assertEquals(12, large.bodyAsJsonObject().getInteger("rows"));
    // depth is 1.5 um off on every row: its mean absolute error, whatever the board's part
    assertEquals(1.5, large.bodyAsJsonObject().getJsonObject("quantities").getJsonObject("depth").getDouble("mae"), 1e-9);
    // every row padded to half a megabyte: a 6 MB body read in six parts
    String everyRowPadded = csv.replace("\n", " ".repeat(500_000) + "\n").replaceFirst(" +\n", "\n");
    assertTrue(everyRowPadded.length() > 6_000_000);
    HttpResponse<Buffer> parts = server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(everyRowPadded));
    assertEquals(201, parts.statusCode(), parts.bodyAsString());
    assertEquals(scores(small), scores(parts));

    String bad = csv.replace("S3,width", "S9,width").replace("S5,depth,", "S5,depth,x");
    HttpResponse<Buffer> largeBad = server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(padded(bad)));
    HttpResponse<Buffer> smallBad = server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(bad));
    assertEquals(422, largeBad.statusCode(), largeBad.bodyAsString());
    assertEquals(problems(smallBad), problems(largeBad));
    assertTrue(problems(largeBad).size() >= 2, largeBad.bodyAsString());
  }

  @Test
  @DisplayName("a 3.5 MB file that does not compress, refused for its rows, leaves no file beside the database (written while it was scored, then removed)")
  void refusedLeavesNoFile() throws Exception {
    server = LiveServer.fixture(vertx, dir, 8 << 20);
    String token = server.register("Random");
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    java.util.Random random = new java.util.Random(6);
    for (int i = 0; i < 100_000; i++) csv.append("Q").append(i).append(",depth,").append(random.nextDouble()).append('\n');
    HttpResponse<Buffer> refused = server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(csv.toString()));
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    assertEquals(100, problems(refused).size(), "the first hundred listed");
    assertEquals(2, problems(refused).getJsonObject(0).getInteger("line"), "from the first row: " + problems(refused).getJsonObject(0));
    Path files = dir.resolve("data").resolve("db").resolve("files");
    if (java.nio.file.Files.isDirectory(files)) {
      try (var listed = java.nio.file.Files.list(files)) {
        assertEquals(List.of(), listed.toList(), "no file outlives the refusal");
      }
    }
    HttpResponse<Buffer> after = server.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(Fixtures.predictions(1.5, -2)));
    assertEquals(201, after.statusCode(), "the server goes on: " + after.bodyAsString());
  }
}
