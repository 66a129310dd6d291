package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes every route, with every token and none, with good and bad input, before the reveal, and fails if an
 * answer holds a held-out value, a private score, or a measured value of a public row.
 */
@ExtendWith(VertxExtension.class)
class NoLeakTest {
  private static final String ID = "leak-probe";
  private static final String BASE = "/api/challenges/" + ID;
  /** Measured values with digits no prediction, score or count here will show. */
  private static final String[] DEPTHS = {"101.7371", "55.2913", "83.6947", "119.4483", "64.8219", "92.3557"};
  private static final String[] WIDTHS = {"203.1597", "98.4271", "151.8833", "208.6619", "122.5177", "171.9041"};
  private static final String[] SIGMAS = {"4.3117", "3.9251"};

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-10T00:00:00Z"));
  private LiveServer live;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,component,value,uncertainty,weight,censor\n");
    for (int i = 0; i < 6; i++) {
      csv.append("S").append(i + 1).append(",depth,,,").append(DEPTHS[i]).append(',').append(SIGMAS[0]).append(",,\n");
      csv.append("S").append(i + 1).append(",width,,,").append(WIDTHS[i]).append(',').append(SIGMAS[1]).append(",,\n");
    }
    live = LiveServer.of(vertx, dir, ID, CompetitionLifeTest.DEFINITION.replace("id: life-cycle", "id: " + ID), csv.toString(), clock);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private static String predictions(double offset) {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value,uncertainty\n");
    for (int i = 0; i < 6; i++) {
      csv.append("S").append(i + 1).append(",depth,").append(90 + i * 3 + offset).append(",5\n");
      csv.append("S").append(i + 1).append(",width,").append(160 + i * 5 + offset).append(",5\n");
    }
    return csv.toString();
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String token, String contentType, String body) {
    HttpRequest<Buffer> request = live.client.request(method, path);
    if (token != null) request.bearerTokenAuthentication(token);
    if (contentType != null) request.putHeader("Content-Type", contentType);
    return LiveServer.join(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  @Test
  @DisplayName("before the reveal no answer to a competitor or the public holds a measured value or a private score")
  void nothingLeaks() {
    String owner = live.register("Owner", "o1");
    String rival = live.register("Rival", "r1");
    String mine = upload(owner, predictions(1));
    String theirs = upload(rival, predictions(-2));

    Set<String> secrets = new LinkedHashSet<>(List.of(DEPTHS));
    secrets.addAll(List.of(WIDTHS));
    secrets.addAll(List.of(SIGMAS));
    for (String id : List.of(mine, theirs)) {
      JsonObject organizer = live.asOrganizer(ID, id);
      secrets.add(number(organizer.getJsonObject("private").getValue("score")));
      secrets.add(number(organizer.getJsonObject("all").getValue("score")));
      organizer.getJsonObject("private").getJsonObject("quantities").forEach(q ->
          secrets.add(number(((JsonObject) q.getValue()).getValue("mae"))));
    }

    List<String> paths = List.of("/health", "/api/challenges", BASE, BASE + "/template.csv", BASE + "/template.xlsx",
        BASE + "/leaderboard", BASE + "/leaderboard?board=private", BASE + "/leaderboard?quantity=depth",
        BASE + "/leaderboard?quantity=width&board=private", BASE + "/reference", BASE + "/audit", BASE + "/submissions",
        BASE + "/submissions/" + mine, BASE + "/submissions/" + theirs, BASE + "/submissions/nope", BASE + "/inputs/x.csv",
        "/api/challenges/nope/leaderboard");
    List<String> answers = new ArrayList<>();
    for (String token : new String[] {null, owner, rival, "amc_forged"}) {
      for (String path : paths) {
        answers.add(path + " -> " + call(HttpMethod.GET, path, token, null, null).bodyAsString());
        answers.add(path + " csv -> " + LiveServer.join(withToken(live.client.get(path).putHeader("Accept", "text/csv"), token).send()).bodyAsString());
      }
      answers.add(call(HttpMethod.POST, BASE + "/submissions", token, "text/csv", "sample_id,quantity,value\nS1,depth,x\nS9,width,1\n").bodyAsString());
      answers.add(call(HttpMethod.POST, BASE + "/submissions", token, "application/json", "{\"predictions\":[{\"sample_id\":\"S1\"}]}").bodyAsString());
      answers.add(call(HttpMethod.POST, BASE + "/submissions", token, "text/csv", predictions(0).replace("S6,width", "S6,depth")).bodyAsString());
      answers.add(call(HttpMethod.POST, BASE + "/submissions/" + mine + "/select", token, null, null).bodyAsString());
      answers.add(call(HttpMethod.PUT, BASE + "/reference", token, "text/csv", "sample_id,quantity,value\n").bodyAsString());
      answers.add(call(HttpMethod.POST, BASE + "/reveal", token, null, null).bodyAsString());
      answers.add(call(HttpMethod.POST, "/api/challenges", token, "application/yaml", "id: x").bodyAsString());
    }
    for (String answer : answers) {
      for (String secret : secrets) {
        assertFalse(answer.contains(secret), () -> "'" + secret + "' leaked in: " + answer);
      }
      assertFalse(answer.contains("\"measured\""), () -> "a measurement leaked in: " + answer);
    }
    assertTrue(answers.size() > 150, "every route was probed: " + answers.size());
    assertTrue(secrets.size() >= 14 + 4, "every measured value, both sigmas and the private scores are looked for: " + secrets);
  }

  private static HttpRequest<Buffer> withToken(HttpRequest<Buffer> request, String token) {
    return token == null ? request : request.bearerTokenAuthentication(token);
  }

  private String upload(String token, String csv) {
    HttpResponse<Buffer> created = live.upload(ID, token, "text/csv", Buffer.buffer(csv));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject().getString("id");
  }

  /** A figure as it appears in JSON, e.g. 0.0831429. */
  private static String number(Object value) {
    return String.valueOf(value);
  }
}
