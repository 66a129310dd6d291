package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The organizer's console API: a definition checked before publishing, input files, every submission, disqualifications, closing. */
@ExtendWith(VertxExtension.class)
class OrganizerConsoleApiTest {
  static final String ID = "console-tracks";
  static final String DEFINITION = String.join("\n",
      "# the organizer's comment stays when the challenge is closed", "id: console-tracks", "title: Console tracks",
      "opens: 2026-03-01T00:00:00Z", "closes: 2026-04-01T00:00:00Z", "reveal: manual",
      "rules: {max_submissions_per_day: 10, max_submissions_total: 50, max_team_size: 2, final_selections: 1}",
      "split: {public_fraction: 0.5, seed: 42, by: sample}",
      "ranking: {score: weighted_mean, precision: 6}",
      "quantities:", "  - {id: depth, unit: um, primary: nmae, weight: 1}", "  - {id: width, unit: um, primary: nrmse, weight: 3}", "");
  private static final String BASE = "/api/challenges/" + ID;
  private static final String ORG = TestServer.ORGANIZER;

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-02T12:00:00Z"));
  private LiveServer live;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    String reference = new String(Fixtures.resource("reference-data/test-tracks.csv"), StandardCharsets.UTF_8);
    live = LiveServer.of(vertx, dir, ID, DEFINITION, reference, clock);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String token, String type, String body) {
    HttpRequest<Buffer> request = live.client.request(method, path);
    if (token != null) request.bearerTokenAuthentication(token);
    if (type != null) request.putHeader("Content-Type", type);
    return LiveServer.join(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  private String upload(String token, double dDepth, double dWidth) {
    HttpResponse<Buffer> answer = live.upload(ID, token, "text/csv", Buffer.buffer(Fixtures.predictions(dDepth, dWidth)));
    assertEquals(201, answer.statusCode(), answer.bodyAsString());
    return answer.bodyAsJsonObject().getString("id");
  }

  private static List<Object> teams(JsonObject board) {
    return board.getJsonArray("rows").stream().map(r -> ((JsonObject) r).getString("team")).map(t -> (Object) t).toList();
  }

  @Test
  @DisplayName("a dry run lists every problem with its line and the allowed values, previews a valid definition, and stores nothing")
  void dryRun() {
    String broken = String.join("\n", "id: dry-tracks", "title: Dry", "opens: 2026-03-01T00:00:00Z", "closes: 2026-04-01T00:00:00Z",
        "quantities:", "  - {id: depth, unit: um, kind: scalr, primary: nmae}", "  - {id: width, unit: um, primary: nmea}", "");
    HttpResponse<Buffer> refused = send(HttpMethod.POST, "/api/challenges?dry_run=true", ORG, "application/yaml", broken);
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    JsonArray problems = refused.bodyAsJsonObject().getJsonArray("problems");
    assertEquals(2, problems.size(), problems.encodePrettily());
    assertEquals(6, problems.getJsonObject(0).getInteger("line"));
    assertTrue(problems.getJsonObject(0).getString("detail").contains("scalar"), problems.encodePrettily());
    assertEquals(7, problems.getJsonObject(1).getInteger("line"));
    assertTrue(problems.getJsonObject(1).getString("detail").contains("nmae"), problems.encodePrettily());

    String fixed = broken.replace("scalr", "scalar").replace("nmea", "nrmse");
    HttpResponse<Buffer> previewed = send(HttpMethod.POST, "/api/challenges?dry_run=true", ORG, "application/yaml", fixed);
    assertEquals(200, previewed.statusCode(), previewed.bodyAsString());
    JsonObject preview = previewed.bodyAsJsonObject();
    assertTrue(preview.getBoolean("valid"));
    assertEquals("Dry", preview.getJsonObject("challenge").getString("title"));
    assertTrue(preview.getString("template_csv").startsWith("sample_id,quantity"), preview.getString("template_csv"));
    // nothing was stored or audited
    assertEquals(404, send(HttpMethod.GET, "/api/challenges/dry-tracks", ORG, null, null).statusCode());
    // a team cannot preview, and a stranger is told to sign in
    String team = live.register("Previewers", "Pat");
    assertEquals(403, send(HttpMethod.POST, "/api/challenges?dry_run=true", team, "application/yaml", fixed).statusCode());
    assertEquals(401, send(HttpMethod.POST, "/api/challenges?dry_run=true", null, "application/yaml", fixed).statusCode());
  }

  @Test
  @DisplayName("input files are uploaded, listed, served and removed, each audited; a bad name is refused")
  void inputs() {
    HttpResponse<Buffer> made = send(HttpMethod.PUT, BASE + "/inputs/process-parameters.csv", ORG, "text/csv", "track,power_W\nT1,195\n");
    assertEquals(201, made.statusCode(), made.bodyAsString());
    assertEquals(200, send(HttpMethod.PUT, BASE + "/inputs/process-parameters.csv", ORG, "text/csv", "track,power_W\nT1,200\n").statusCode());
    JsonArray listed = live.get(BASE, null).bodyAsJsonObject().getJsonArray("inputs");
    assertTrue(listed.contains("process-parameters.csv"), listed.encode());
    assertEquals("track,power_W\nT1,200\n", live.get(BASE + "/inputs/process-parameters.csv", null).bodyAsString());
    assertEquals(400, send(HttpMethod.PUT, BASE + "/inputs/.hidden", ORG, "text/csv", "x").statusCode());
    String team = live.register("Uploaders", "Uma");
    assertEquals(403, send(HttpMethod.PUT, BASE + "/inputs/mine.csv", team, "text/csv", "x").statusCode());
    assertEquals(204, send(HttpMethod.DELETE, BASE + "/inputs/process-parameters.csv", ORG, null, null).statusCode());
    assertEquals(404, live.get(BASE + "/inputs/process-parameters.csv", null).statusCode());
    JsonArray audit = live.get(BASE + "/audit", ORG).bodyAsJsonObject().getJsonArray("actions");
    assertEquals(3, audit.stream().filter(a -> ((JsonObject) a).getString("action").equals("input")).count());
  }

  @Test
  @DisplayName("a disqualified submission or team leaves every ranking, is listed last on the final board with its reason, and stays after the reveal")
  void disqualifications() {
    String alloys = live.register("Alloys", "Al");
    String beams = live.register("Beams", "Bea");
    String cracks = live.register("Cracks", "Cy");
    String alloysBest = upload(alloys, 1, 1);
    upload(alloys, 3, 3);
    upload(beams, 2, 2);
    String cracksOnly = upload(cracks, 5, 5);
    // errors grow with the offsets on every row, so the order on each part is the order of the offsets
    assertEquals(List.of("Alloys", "Beams", "Cracks"), teams(live.get(BASE + "/leaderboard", null).bodyAsJsonObject()));

    // who may: not a team, not without a reason
    assertEquals(403, send(HttpMethod.POST, BASE + "/disqualifications", beams, "application/json",
        new JsonObject().put("submission", alloysBest).put("reason", "x").encode()).statusCode());
    assertEquals(400, send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json",
        new JsonObject().put("submission", alloysBest).encode()).statusCode());
    assertEquals(404, send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json",
        new JsonObject().put("submission", "no-such").put("reason", "x").encode()).statusCode());

    HttpResponse<Buffer> one = send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json",
        new JsonObject().put("submission", alloysBest).put("reason", "used the measured depths").encode());
    assertEquals(201, one.statusCode(), one.bodyAsString());
    // Alloys' next best (offset 3) now ranks behind Beams (offset 2)
    assertEquals(List.of("Beams", "Alloys", "Cracks"), teams(live.get(BASE + "/leaderboard", null).bodyAsJsonObject()));
    assertEquals(409, send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json",
        new JsonObject().put("submission", alloysBest).put("reason", "again").encode()).statusCode());
    HttpResponse<Buffer> team = send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json",
        new JsonObject().put("team", "Cracks").put("reason", "two accounts of one person").encode());
    assertEquals(201, team.statusCode(), team.bodyAsString());
    assertEquals(List.of("Beams", "Alloys"), teams(live.get(BASE + "/leaderboard", null).bodyAsJsonObject()));

    // the disqualifications are the organizers' before the reveal
    assertEquals(403, send(HttpMethod.GET, BASE + "/disqualifications", beams, null, null).statusCode());
    assertEquals(2, live.get(BASE + "/disqualifications", ORG).bodyAsJsonObject().getJsonArray("disqualifications").size());

    // the final board: ranked rows, then the disqualified with their reasons, unranked
    JsonArray finalRows = live.get(BASE + "/leaderboard?board=private", ORG).bodyAsJsonObject().getJsonArray("rows");
    assertEquals(List.of("Beams", "Alloys", "Alloys", "Cracks"),
        finalRows.stream().map(r -> ((JsonObject) r).getString("team")).toList());
    JsonObject out = finalRows.getJsonObject(2);
    assertNull(out.getValue("rank"));
    assertEquals(alloysBest, out.getString("submission"));
    assertEquals("used the measured depths", out.getJsonObject("disqualified").getString("reason"));
    assertTrue(finalRows.getJsonObject(3).getJsonObject("disqualified").getBoolean("whole_team"));

    // the organizer's list of every submission marks them; the team's own list is unchanged in shape
    JsonArray every = live.get(BASE + "/submissions", ORG).bodyAsJsonObject().getJsonArray("submissions");
    assertEquals(4, every.size());
    assertEquals(cracksOnly, every.getJsonObject(0).getString("id"));  // newest first
    assertEquals("two accounts of one person", every.getJsonObject(0).getJsonObject("disqualified").getString("reason"));
    assertTrue(live.get(BASE + "/submissions", alloys).bodyAsJsonObject().containsKey("quota"));

    // reinstated, then disqualified again; each audited
    String teamDisqualification = team.bodyAsJsonObject().getString("id");
    assertEquals(204, send(HttpMethod.DELETE, BASE + "/disqualifications/" + teamDisqualification, ORG, null, null).statusCode());
    assertEquals(List.of("Beams", "Alloys", "Cracks"), teams(live.get(BASE + "/leaderboard", null).bodyAsJsonObject()));
    assertEquals(201, send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json",
        new JsonObject().put("team", "Cracks").put("reason", "two accounts of one person").encode()).statusCode());
    JsonArray audit = live.get(BASE + "/audit", ORG).bodyAsJsonObject().getJsonArray("actions");
    assertEquals(List.of("disqualified", "disqualified", "reinstated", "disqualified"), audit.stream().map(a -> ((JsonObject) a).getString("action"))
        .filter(a -> a.equals("disqualified") || a.equals("reinstated")).toList());

    // revealed: the public sees the final board with them, and nothing can change any more
    assertEquals(200, send(HttpMethod.POST, BASE + "/reveal?close_now=true", ORG, null, null).statusCode());
    JsonArray revealed = live.get(BASE + "/leaderboard?board=private", null).bodyAsJsonObject().getJsonArray("rows");
    assertEquals(4, revealed.size());
    assertEquals("two accounts of one person", revealed.getJsonObject(3).getJsonObject("disqualified").getString("reason"));
    assertEquals(2, live.get(BASE + "/disqualifications", null).bodyAsJsonObject().getJsonArray("disqualifications").size());
    assertEquals(409, send(HttpMethod.POST, BASE + "/disqualifications", ORG, "application/json",
        new JsonObject().put("team", "Beams").put("reason", "late").encode()).statusCode());

    // the results bundle says what was taken out, and its final board ranks only the rest
    java.util.Map<String, String> bundle = unzip(live.get(BASE + "/export", null).bodyAsBuffer().getBytes());
    assertEquals(List.of("submission,team,reason,at", alloysBest + ",Alloys,used the measured depths,2026-03-02T12:00:00Z",
        ",Cracks,two accounts of one person,2026-03-02T12:00:00Z"), bundle.get("disqualifications.csv").lines().toList());
    assertFalse(bundle.get("leaderboard-final.csv").contains("Cracks"), bundle.get("leaderboard-final.csv"));
    assertFalse(bundle.keySet().stream().anyMatch(name -> name.contains(alloysBest) || name.contains(cracksOnly)), bundle.keySet().toString());
  }

  private static java.util.Map<String, String> unzip(byte[] zip) {
    java.util.Map<String, String> files = new java.util.TreeMap<>();
    try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  @Test
  @DisplayName("a model description is Markdown: the organizer's list and the submission carry it rendered, its raw HTML escaped")
  void descriptionAsMarkdown() {
    String token = live.register("Writers", "Wes");
    io.vertx.ext.web.multipart.MultipartForm form = io.vertx.ext.web.multipart.MultipartForm.create()
        .attribute("description", "Rosenthal, **fitted** absorptivity <script>alert(1)</script>")
        .textFileUpload("file", "tracks.csv", Buffer.buffer(Fixtures.predictions(1, 1)), "text/csv");
    HttpResponse<Buffer> sent = LiveServer.join(live.client.post(BASE + "/submissions").bearerTokenAuthentication(token).sendMultipartForm(form));
    assertEquals(201, sent.statusCode(), sent.bodyAsString());
    String id = sent.bodyAsJsonObject().getString("id");
    String html = live.asOrganizer(ID, id).getString("description_html");
    assertEquals("<p>Rosenthal, <strong>fitted</strong> absorptivity &lt;script&gt;alert(1)&lt;/script&gt;</p>\n", html);
    assertEquals(html, live.get(BASE + "/submissions", ORG).bodyAsJsonObject().getJsonArray("submissions").getJsonObject(0).getString("description_html"));
  }

  @Test
  @DisplayName("every submission for the organizer, filtered by team and day; its file back as uploaded to its team and the organizer only")
  void submissionsAndFiles() {
    String alloys = live.register("Alloys", "Al");
    String beams = live.register("Beams", "Bea");
    String first = upload(alloys, 1, 1);
    clock.set(Instant.parse("2026-03-04T08:00:00Z"));
    upload(beams, 2, 2);
    upload(alloys, 3, 3);
    assertEquals(2, live.get(BASE + "/submissions?team=Alloys", ORG).bodyAsJsonObject().getJsonArray("submissions").size());
    JsonArray onDay = live.get(BASE + "/submissions?from=2026-03-04&to=2026-03-04", ORG).bodyAsJsonObject().getJsonArray("submissions");
    assertEquals(2, onDay.size());
    JsonArray before = live.get(BASE + "/submissions?to=2026-03-03", ORG).bodyAsJsonObject().getJsonArray("submissions");
    assertEquals(1, before.size());
    assertEquals(first, before.getJsonObject(0).getString("id"));
    assertEquals(400, live.get(BASE + "/submissions?from=yesterday", ORG).statusCode());

    byte[] sent = Fixtures.predictions(1, 1).getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(sent, live.get(BASE + "/submissions/" + first + "/file", ORG).bodyAsBuffer().getBytes());
    assertArrayEquals(sent, live.get(BASE + "/submissions/" + first + "/file", alloys).bodyAsBuffer().getBytes());
    assertEquals(404, live.get(BASE + "/submissions/" + first + "/file", beams).statusCode());
    assertEquals(401, live.get(BASE + "/submissions/" + first + "/file", null).statusCode());
  }

  @Test
  @DisplayName("closing now ends uploads, keeps the file's comments, and is audited; my challenges gives each one's figures")
  void closeAndMyChallenges() {
    String alloys = live.register("Alloys", "Al");
    upload(alloys, 1, 1);
    JsonObject mine = live.get("/api/me/challenges", ORG).bodyAsJsonObject().getJsonArray("challenges").stream()
        .map(c -> (JsonObject) c).filter(c -> c.getString("id").equals(ID)).findFirst().orElseThrow();
    assertEquals("open", mine.getString("status"));
    assertEquals("admin", mine.getString("role"));
    assertEquals(1, mine.getInteger("submissions_today"));
    assertEquals(1, mine.getInteger("teams"));
    assertEquals("Alloys", mine.getJsonObject("leader").getString("team"));
    assertEquals(401, live.get("/api/me/challenges", null).statusCode());
    assertEquals(403, live.get("/api/me/challenges", alloys).statusCode());

    HttpResponse<Buffer> closed = send(HttpMethod.POST, BASE + "/close", ORG, null, null);
    assertEquals(200, closed.statusCode(), closed.bodyAsString());
    assertEquals("closed", closed.bodyAsJsonObject().getString("status"));
    assertEquals(Instant.parse("2026-03-02T12:00:00Z"), Instant.parse(closed.bodyAsJsonObject().getString("closes")));
    assertEquals(403, live.upload(ID, alloys, "text/csv", Buffer.buffer(Fixtures.predictions(2, 2))).statusCode());
    assertEquals(409, send(HttpMethod.POST, BASE + "/close", ORG, null, null).statusCode());
    JsonObject closing = live.get(BASE + "/audit", ORG).bodyAsJsonObject().getJsonArray("actions").stream().map(a -> (JsonObject) a)
        .filter(a -> a.getString("action").equals("closed")).findFirst().orElseThrow();
    assertTrue(closing.getString("detail").contains("2026-04-01T00:00:00Z"), closing.encode());
    // the definition served says when it closed
    assertEquals("2026-03-02T12:00:00Z", live.get(BASE, null).bodyAsJsonObject().getString("closes"));
    assertEquals(JsonObject.of("running", false, "done", 0, "total", 0), live.get(BASE + "/rescoring", ORG).bodyAsJsonObject());
  }

  @Test
  @DisplayName("closing a challenge that reveals on close reveals it, recorded as a reveal with its time")
  void closingRevealsOnClose() {
    String onClose = DEFINITION.replace("reveal: manual", "reveal: on_close");
    assertEquals(200, send(HttpMethod.POST, "/api/challenges", ORG, "application/yaml", onClose).statusCode());
    String alloys = live.register("Alloys", "Al");
    upload(alloys, 1, 1);
    assertEquals(403, live.get(BASE + "/reference", null).statusCode());
    HttpResponse<Buffer> closed = send(HttpMethod.POST, BASE + "/close", ORG, null, null);
    assertEquals(200, closed.statusCode(), closed.bodyAsString());
    assertEquals("revealed", closed.bodyAsJsonObject().getString("status"));
    assertEquals("2026-03-02T12:00:00Z", live.get(BASE, null).bodyAsJsonObject().getString("revealed_at"));
    assertEquals(200, live.get(BASE + "/reference", null).statusCode());
    List<String> actions = live.get(BASE + "/audit", ORG).bodyAsJsonObject().getJsonArray("actions").stream()
        .map(a -> ((JsonObject) a).getString("action")).toList();
    assertEquals(List.of("closed", "revealed"), actions.subList(actions.size() - 2, actions.size()));
  }
}
