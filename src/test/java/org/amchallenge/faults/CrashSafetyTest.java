package org.amchallenge.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.amchallenge.Fixtures;
import org.amchallenge.store.PostgresStores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as its own process, uploads streaming in from several clients, SIGKILL in the middle, a restart:
 * every submission answered 201 is there with the same scores, every stored one is whole (its file reads back
 * into residuals), and the board is the one recomputed from the stored submissions. On H2 and on PostgreSQL.
 */
class CrashSafetyTest {
  private static final String CHALLENGE = Fixtures.CHALLENGE;
  private static final int CLIENTS = 4;

  @TempDir Path dir;

  @Test
  @DisplayName("embedded database: every upload answered 201 before a SIGKILL is found whole after the restart")
  void embedded() throws Exception {
    crashAndRecover("embedded H2");
  }

  @Test
  @DisplayName("PostgreSQL: every upload answered 201 before a SIGKILL is found whole after the restart")
  void postgres() throws Exception {
    String database = PostgresStores.createDatabase();
    try {
      crashAndRecover("PostgreSQL", "--db", "postgresql://postgres@" + PostgresStores.SERVER + "/" + database);
    } finally {
      PostgresStores.dropDatabase(database);
    }
  }

  private void crashAndRecover(String store, String... db) throws Exception {
    Fixtures.copyTo(dir);
    Path yaml = dir.resolve("challenges/" + CHALLENGE + ".yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("opens: 2026-01-01T00:00:00Z", "opens: 2020-01-01T00:00:00Z")
        .replace("closes: 2027-01-01T00:00:00Z", "closes: 2099-01-01T00:00:00Z")
        + "rules:\n  max_submissions_per_day: 100000\n  max_submissions_total: 100000\n");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Map<String, String> tokens = new HashMap<>();
    Map<String, JsonObject> answered = new ConcurrentHashMap<>();
    Map<String, String> ownerOf = new ConcurrentHashMap<>();
    int attempted;
    try (ServerProcess server = ServerProcess.start(dir, "first.log", db)) {
      for (int c = 0; c < CLIENTS; c++) {
        String team = "crash-team-" + c;
        String body = send(http, HttpRequest.newBuilder(server.uri("/api/teams")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + team + "\"}")).build()).body();
        tokens.put(team, new JsonObject(body).getString("token"));
      }
      AtomicBoolean going = new AtomicBoolean(true);
      int[] tries = new int[CLIENTS];
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        String team = "crash-team-" + c;
        Thread thread = new Thread(() -> {
          Random random = new Random(client);
          while (going.get()) {
            tries[client]++;
            String csv = Fixtures.predictions(random.nextInt(200) / 10.0 - 10, random.nextInt(200) / 10.0 - 10 + client * 1e-4);
            try {
              HttpResponse<String> response = send(http, HttpRequest.newBuilder(server.uri("/api/challenges/" + CHALLENGE + "/submissions"))
                  .header("Authorization", "Bearer " + tokens.get(team)).header("Content-Type", "text/csv")
                  .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(csv)).build());
              if (response.statusCode() == 201) {
                JsonObject answer = new JsonObject(response.body());
                answered.put(answer.getString("id"), answer);
                ownerOf.put(answer.getString("id"), team);
              }
            } catch (Exception killed) {
              return;
            }
          }
        });
        clients.add(thread);
        thread.start();
      }
      // kill once a good stream of uploads has been answered, with uploads still in flight
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (answered.size() < 60 && System.nanoTime() < deadline) Thread.sleep(20);
      server.kill();
      going.set(false);
      for (Thread client : clients) client.join();
      attempted = java.util.Arrays.stream(tries).sum();
    }
    assertTrue(answered.size() >= 60, "uploads answered 201 before the kill: " + answered.size());

    // the restart reads the same data on a port of its own (port 0 again): every request goes through server.uri
    try (ServerProcess server = ServerProcess.start(dir, "second.log", db)) {
      // every 201 is there, with the scores it was answered with
      for (JsonObject before : answered.values()) {
        HttpResponse<String> found = send(http, HttpRequest.newBuilder(server.uri("/api/challenges/" + CHALLENGE + "/submissions/"
            + before.getString("id"))).header("Authorization", "Bearer " + tokens.get(ownerOf.get(before.getString("id")))).build());
        assertEquals(200, found.statusCode(), "submission " + before.getString("id") + " answered 201 is missing: " + found.body());
        JsonObject after = new JsonObject(found.body());
        assertEquals(before.getValue("score"), after.getValue("score"), before.getString("id"));
        assertEquals(before.getJsonObject("quantities"), after.getJsonObject("quantities"), before.getString("id"));
        assertEquals(before.getString("reference_sha256"), after.getString("reference_sha256"));
      }
      // every stored submission is whole: scored, and its file reads back into residuals (the organizer's to read before the reveal)
      Map<String, Double> bestByTeam = new HashMap<>();
      int stored = 0;
      for (Map.Entry<String, String> team : tokens.entrySet()) {
        JsonObject own = new JsonObject(send(http, HttpRequest.newBuilder(server.uri("/api/challenges/" + CHALLENGE + "/submissions"))
            .header("Authorization", "Bearer " + team.getValue()).build()).body());
        for (Object item : own.getJsonArray("submissions")) {
          JsonObject submission = (JsonObject) item;
          stored++;
          assertNotNull(submission.getValue("score"), "a stored submission without its score: " + submission);
          JsonObject detail = new JsonObject(send(http, HttpRequest.newBuilder(server.uri("/api/challenges/" + CHALLENGE
              + "/submissions/" + submission.getString("id"))).header("Authorization", "Bearer " + ServerProcess.ORGANIZER).build()).body());
          JsonArray residuals = detail.getJsonArray("residuals");
          assertFalse(residuals == null || residuals.isEmpty(), "the file of " + submission.getString("id") + " does not read back");
          bestByTeam.merge(team.getKey(), submission.getDouble("score"), Math::min);
        }
      }
      assertTrue(stored >= answered.size(), stored + " stored, " + answered.size() + " answered 201");
      // the public board is the one recomputed from the stored submissions: each team's best public score, ascending
      JsonArray rows = new JsonObject(send(http, HttpRequest.newBuilder(server.uri("/api/challenges/" + CHALLENGE + "/leaderboard"))
          .build()).body()).getJsonArray("rows");
      assertEquals(bestByTeam.size(), rows.size());
      for (int i = 0; i < rows.size(); i++) {
        JsonObject row = rows.getJsonObject(i);
        assertEquals(bestByTeam.get(row.getString("team")), row.getDouble("score"), 1e-12, row.encode());
        if (i > 0) assertTrue(rows.getJsonObject(i - 1).getDouble("score") <= row.getDouble("score"), "board out of order: " + rows);
      }
      System.out.printf("crash safety (%s): %d uploads tried by %d clients, %d answered 201 before SIGKILL, %d of them found after "
          + "the restart with the same scores, %d stored in all (an upload stored as the kill fell may have had no answer), "
          + "board equal to the one recomputed%n", store, attempted, CLIENTS, answered.size(), answered.size(), stored);
    }
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
