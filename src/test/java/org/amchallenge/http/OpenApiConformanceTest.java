package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document kept true: every route the server has is in it, every operation in it is called for
 * real here, and every answer's status, media type and JSON body are checked against what it documents.
 */
@ExtendWith(VertxExtension.class)
class OpenApiConformanceTest {
  private static final String ID = "in625-single-track";
  private static final String BASE = "/api/challenges/" + ID;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  @TempDir Path dir;
  private LiveServer live;
  private JsonNode document;
  private final Set<String> called = new TreeSet<>();
  private final List<String> failures = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.examples(vertx, dir, Instant.parse("2026-10-01T00:00:00Z"), ID);
    HttpResponse<Buffer> served = LiveServer.join(live.client.get("/openapi.yaml").send());
    assertEquals(200, served.statusCode());
    document = YAML.readTree(served.bodyAsString());
  }

  @AfterEach
  void stop() {
    live.close();
  }

  /** The documented operation a request path falls under, as "METHOD /template". */
  private String operation(String method, String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    for (Iterator<String> templates = document.path("paths").fieldNames(); templates.hasNext(); ) {
      String template = templates.next();
      String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
      if (bare.matches(regex) && document.path("paths").path(template).has(method.toLowerCase())) return method + " " + template;
    }
    return null;
  }

  /** Checks one real answer against the document; failures are gathered so that all are reported at once. */
  private void check(String method, String path, int status, String contentType, String body) {
    String operation = operation(method, path);
    if (operation == null) {
      failures.add(method + " " + path + ": no documented operation");
      return;
    }
    called.add(operation);
    String template = operation.substring(operation.indexOf(' ') + 1);
    JsonNode responses = document.path("paths").path(template).path(method.toLowerCase()).path("responses");
    JsonNode response = resolve(responses.path(Integer.toString(status)));
    if (response.isMissingNode()) {
      failures.add(operation + ": status " + status + " is not documented (" + body + ")");
      return;
    }
    JsonNode content = response.path("content");
    if (content.isMissingNode() || body == null || body.isEmpty()) return;
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode media = content.has(type) ? content.get(type) : content.path("*/*");
    if (media.isMissingNode()) {
      failures.add(operation + " " + status + ": media type " + type + " is not documented");
      return;
    }
    if (!type.endsWith("json")) return;
    ObjectNode schema = document.deepCopy();
    schema.setAll((ObjectNode) media.path("schema"));
    try {
      Set<ValidationMessage> errors = SCHEMAS.getSchema(schema).validate(JSON.readTree(body));
      if (!errors.isEmpty()) failures.add(operation + " " + status + ": " + errors + " in " + body.substring(0, Math.min(400, body.length())));
    } catch (Exception e) {
      failures.add(operation + " " + status + ": " + e);
    }
  }

  private JsonNode resolve(JsonNode node) {
    if (!node.has("$ref")) return node;
    return document.at(node.get("$ref").asText().substring(1));
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String token, Map<String, String> headers, Buffer body) {
    HttpRequest<Buffer> request = live.client.request(method, path);
    if (token != null) request.bearerTokenAuthentication(token);
    headers.forEach(request::putHeader);
    HttpResponse<Buffer> response = LiveServer.join(body == null ? request.send() : request.sendBuffer(body));
    check(method.name(), path, response.statusCode(), response.getHeader("Content-Type"), response.bodyAsString());
    return response;
  }

  private HttpResponse<Buffer> get(String path, String token) {
    return call(HttpMethod.GET, path, token, Map.of(), null);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String token, String type, String body) {
    return call(method, path, token, type == null ? Map.of() : Map.of("Content-Type", type), body == null ? null : Buffer.buffer(body));
  }

  @Test
  @DisplayName("every route is documented, every documented operation answers as documented: status, media type and JSON schema")
  void conforms(Vertx vertx) throws Exception {
    String org = TestServer.ORGANIZER;
    assertEquals("3.1.0", document.path("openapi").asText());

    get("/health", null);
    get("/metrics", null);
    get("/metrics", org);
    get("/openapi.yaml", null);
    get("/api/auth/providers", null);

    // teams
    String team = new JsonObject(send(HttpMethod.POST, "/api/teams", null, "application/json", "{\"name\":\"MeltLab\",\"members\":[\"Ada\"]}")
        .bodyAsString()).getString("token");
    send(HttpMethod.POST, "/api/teams", null, "application/json", "{\"name\":\"MeltLab\"}");
    send(HttpMethod.POST, "/api/teams", null, "application/json", "not json");
    send(HttpMethod.POST, "/api/teams", null, "application/json", "{\"name\":\"\"}");

    // links by mail, on a server that sends none
    send(HttpMethod.POST, "/api/accounts/verification", null, "application/json", "{}");
    send(HttpMethod.POST, "/api/accounts/password-reset", null, "application/json", "{\"email\":\"ada@example.org\"}");
    send(HttpMethod.POST, "/api/accounts/password-reset", null, "application/json", "{}");
    send(HttpMethod.POST, "/api/accounts/password", null, "application/json", "{\"token\":\"t\",\"password\":\"long enough password\"}");
    send(HttpMethod.POST, "/api/accounts/password", null, "application/json", "[]");

    // challenges
    get("/api/challenges", null);
    get("/api/challenges", "not-a-token");
    get("/api/metrics", null);
    get(BASE, null);
    get("/api/challenges/no-such-challenge", null);
    get(BASE + "/inputs/tracks.csv", null);
    get(BASE + "/inputs/nothing.csv", null);
    get(BASE + "/template.csv", null);
    get(BASE + "/template.xlsx", null);
    String definition = Files.readString(Path.of("challenges", ID + ".yaml"));
    String draft = definition.replace("id: " + ID, "id: draft-challenge");
    send(HttpMethod.POST, "/api/challenges", org, "application/yaml", draft);
    send(HttpMethod.POST, "/api/challenges", org, "application/yaml", draft);
    send(HttpMethod.POST, "/api/challenges", team, "application/yaml", draft);
    send(HttpMethod.POST, "/api/challenges", null, "application/yaml", draft);
    send(HttpMethod.POST, "/api/challenges", org, "application/yaml", "id: [unclosed");
    send(HttpMethod.POST, "/api/challenges?dry_run=true", org, "application/yaml", draft);
    send(HttpMethod.POST, "/api/challenges?dry_run=true", org, "application/yaml", "id: [unclosed");
    send(HttpMethod.PUT, BASE + "/inputs/uploaded.csv", org, "text/csv", "a,b\n1,2\n");
    send(HttpMethod.PUT, BASE + "/inputs/uploaded.csv", org, "text/csv", "a,b\n1,3\n");
    send(HttpMethod.PUT, BASE + "/inputs/.bad", org, "text/csv", "a");
    send(HttpMethod.PUT, BASE + "/inputs/uploaded.csv", null, "text/csv", "a");
    get(BASE + "/inputs/uploaded.csv", null);
    send(HttpMethod.DELETE, BASE + "/inputs/uploaded.csv", org, null, null);
    send(HttpMethod.DELETE, BASE + "/inputs/uploaded.csv", org, null, null);
    get(BASE + "/rescoring", org);
    get(BASE + "/rescoring", null);
    get("/api/me/challenges", org);
    get("/api/me/challenges", null);

    // reference data: the organizer's before the reveal
    get(BASE + "/reference", null);
    get(BASE + "/reference", org);
    send(HttpMethod.PUT, BASE + "/reference", org, "text/csv", Files.readString(Path.of("reference-data", ID + ".csv")));
    send(HttpMethod.PUT, BASE + "/reference", org, "text/csv", "sample_id,quantity,value\nT01,melt_pool_depth,abc\n");
    get(BASE + "/audit", org);
    get(BASE + "/audit", null);
    get(BASE + "/audit", team);

    // submissions
    String template = get(BASE + "/template.csv", null).bodyAsString();
    StringBuilder predictions = new StringBuilder();
    template.lines().forEach(line -> predictions.append(line.startsWith("sample_id") ? line : line.replaceFirst(",,,,,", ",,,100,,")).append('\n'));
    String sid = new JsonObject(send(HttpMethod.POST, BASE + "/submissions", team, "text/csv", predictions.toString()).bodyAsString()).getString("id");
    send(HttpMethod.POST, BASE + "/submissions", team, "text/csv", "sample_id,quantity,value\nT01,melt_pool_depth,abc\n");
    send(HttpMethod.POST, BASE + "/submissions", null, "text/csv", predictions.toString());
    get(BASE + "/submissions", team);
    get(BASE + "/submissions", null);
    get(BASE + "/submissions/" + sid, team);
    get(BASE + "/submissions/" + sid, org);
    get(BASE + "/submissions/no-such-submission", team);
    send(HttpMethod.POST, BASE + "/submissions/" + sid + "/select", team, null, null);
    send(HttpMethod.DELETE, BASE + "/submissions/" + sid + "/select", team, null, null);
    send(HttpMethod.POST, BASE + "/submissions/no-such-submission/select", team, null, null);
    get(BASE + "/submissions", org);
    get(BASE + "/submissions?from=yesterday", org);
    get(BASE + "/submissions/" + sid + "/file", team);
    get(BASE + "/submissions/" + sid + "/file", org);
    get(BASE + "/submissions/no-such-submission/file", org);
    get(BASE + "/submissions/" + sid + "/file", null);

    // boards
    HttpResponse<Buffer> board = get(BASE + "/leaderboard", null);
    call(HttpMethod.GET, BASE + "/leaderboard", null, Map.of("If-None-Match", board.getHeader("ETag")), null);
    call(HttpMethod.GET, BASE + "/leaderboard", null, Map.of("Accept", "text/csv"), null);
    get(BASE + "/leaderboard?quantity=melt_pool_depth", null);
    get(BASE + "/leaderboard?quantity=nothing", null);
    get(BASE + "/leaderboard?board=private", null);
    get(BASE + "/leaderboard?board=private", org);
    get(BASE + "/leaderboard?board=sideways", null);
    get(BASE + "/leaderboard?board=post_reveal", null);
    get(BASE + "/history", null);

    // baselines: added by the organizer, listed for anyone, shown on the boards unranked
    String baseline = new JsonObject(send(HttpMethod.POST, BASE + "/baselines?name=Constant", org, "text/csv", predictions.toString())
        .bodyAsString()).getString("id");
    send(HttpMethod.POST, BASE + "/baselines?name=Constant", org, "text/csv", predictions.toString());
    send(HttpMethod.POST, BASE + "/baselines", org, "text/csv", predictions.toString());
    send(HttpMethod.POST, BASE + "/baselines?name=Broken", org, "text/csv", "sample_id,quantity,value\nT01,melt_pool_depth,abc\n");
    send(HttpMethod.POST, BASE + "/baselines?name=Constant", team, "text/csv", predictions.toString());
    send(HttpMethod.POST, BASE + "/baselines?name=Constant", null, "text/csv", predictions.toString());
    get(BASE + "/baselines", null);
    get(BASE + "/baselines", org);
    get(BASE + "/leaderboard?board=private", org);
    get(BASE + "/leaderboard?board=public", null);
    send(HttpMethod.DELETE, BASE + "/baselines/" + baseline, team, null, null);
    send(HttpMethod.DELETE, BASE + "/baselines/" + baseline, org, null, null);
    send(HttpMethod.DELETE, BASE + "/baselines/" + baseline, org, null, null);
    get(BASE + "/analysis", null);  // before the reveal: 403
    get(BASE + "/analysis", org);
    call(HttpMethod.GET, BASE + "/analysis", org, Map.of("Accept", "text/csv"), null);
    HttpClient http = vertx.createHttpClient();
    HttpClientResponse events = LiveServer.join(http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(live.port).setURI(BASE + "/leaderboard/events")).compose(request -> request.send()));
    check("GET", BASE + "/leaderboard/events", events.statusCode(), events.getHeader("Content-Type"), null);
    LiveServer.join(http.close());

    // webhooks
    String hook = new JsonObject(send(HttpMethod.POST, BASE + "/webhooks", org, "application/json",
        "{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\"sixteen-chars-at-least\"}").bodyAsString()).getString("id");
    send(HttpMethod.POST, BASE + "/webhooks", org, "application/json", "{\"url\":\"nowhere\"}");
    send(HttpMethod.POST, BASE + "/webhooks", org, "application/json", "[]");
    get(BASE + "/webhooks", org);
    get(BASE + "/webhooks", team);
    send(HttpMethod.DELETE, BASE + "/webhooks/" + hook, org, null, null);
    send(HttpMethod.DELETE, BASE + "/webhooks/" + hook, org, null, null);

    // people: an account signed in by session, its tokens, a team of accounts, roles and registrations
    HttpResponse<Buffer> signedUp = send(HttpMethod.POST, "/api/accounts", null, "application/json",
        "{\"email\":\"ada@example.org\",\"password\":\"correct horse battery\",\"name\":\"Ada\"}");
    send(HttpMethod.POST, "/api/accounts", null, "application/json", "{\"email\":\"ada@example.org\",\"password\":\"correct horse battery\",\"name\":\"Ada\"}");
    send(HttpMethod.POST, "/api/accounts", null, "application/json", "{\"email\":\"nobody\",\"password\":\"short\"}");
    send(HttpMethod.POST, "/api/sessions", null, "application/json", "{\"email\":\"ada@example.org\",\"password\":\"wrong password!\"}");
    HttpResponse<Buffer> signedIn = send(HttpMethod.POST, "/api/sessions", null, "application/json",
        "{\"email\":\"ada@example.org\",\"password\":\"correct horse battery\"}");
    assertEquals(201, signedUp.statusCode());
    Map<String, String> session = Map.of("Cookie", signedIn.cookies().get(0).split(";")[0], "X-CSRF-Token",
        signedIn.bodyAsJsonObject().getString("csrf_token"), "Content-Type", "application/json");
    get("/api/me", null);
    call(HttpMethod.GET, "/api/me", null, session, null);
    String pat = call(HttpMethod.POST, "/api/tokens", null, session, Buffer.buffer("{\"name\":\"cli\",\"scopes\":[\"read\",\"submit\"]}"))
        .bodyAsJsonObject().getString("token");
    call(HttpMethod.POST, "/api/tokens", null, session, Buffer.buffer("{\"name\":\"cli\",\"scopes\":[\"everything\"]}"));
    String patId = get("/api/tokens", pat).bodyAsJsonObject().getJsonArray("tokens").getJsonObject(0).getString("id");
    String teamId = send(HttpMethod.POST, "/api/teams", pat, "application/json", "{\"name\":\"Ada's Lab\"}").bodyAsJsonObject().getString("id");
    get("/api/teams/" + teamId, pat);
    get("/api/teams/no-such-team", pat);
    String code = send(HttpMethod.POST, "/api/teams/" + teamId + "/invitations", pat, null, null).bodyAsJsonObject().getString("code");
    send(HttpMethod.POST, "/api/teams/" + teamId + "/members", pat, "application/json", "{\"code\":\"" + code + "\"}");
    send(HttpMethod.POST, "/api/teams/" + teamId + "/members", pat, "application/json", "{\"code\":\"forged\"}");
    send(HttpMethod.POST, "/api/teams/" + teamId + "/token", pat, null, null);
    send(HttpMethod.POST, "/api/teams/" + teamId + "/token", team, null, null);
    send(HttpMethod.PUT, "/api/accounts/ada@example.org/creator", org, null, null);
    send(HttpMethod.PUT, "/api/accounts/ada@example.org/creator", pat, null, null);
    send(HttpMethod.DELETE, "/api/accounts/ada@example.org/creator", org, null, null);
    send(HttpMethod.PUT, "/api/accounts/ada@example.org/verified", org, null, null);
    send(HttpMethod.PUT, "/api/accounts/nobody@example.org/verified", org, null, null);
    get("/api/backup", org);
    get("/api/backup", team);
    get("/api/backup", null);
    send(HttpMethod.POST, BASE + "/participants", pat, "application/json", "{\"accept_terms\":null}");
    get(BASE + "/participants", org);
    call(HttpMethod.GET, BASE + "/participants", org, Map.of("Accept", "text/csv"), null);
    get(BASE + "/participants", pat);
    send(HttpMethod.PUT, BASE + "/participants/ada@example.org", org, "application/json", "{\"status\":\"approved\"}");
    send(HttpMethod.PUT, BASE + "/participants/ada@example.org", org, "application/json", "{\"status\":\"maybe\"}");
    send(HttpMethod.PUT, BASE + "/roles/ada@example.org", org, "application/json", "{\"role\":\"reviewer\"}");
    send(HttpMethod.PUT, BASE + "/roles/ada@example.org", org, "application/json", "{\"role\":\"king\"}");
    get(BASE + "/roles", org);
    get(BASE + "/roles", null);
    send(HttpMethod.DELETE, BASE + "/roles/ada@example.org", org, null, null);
    send(HttpMethod.DELETE, BASE + "/roles/ada@example.org", org, null, null);
    send(HttpMethod.DELETE, "/api/teams/" + teamId + "/members/ada@example.org", pat, null, null);
    send(HttpMethod.DELETE, "/api/tokens/" + patId, pat, null, null);
    send(HttpMethod.DELETE, "/api/tokens/" + patId, pat, null, null);
    call(HttpMethod.DELETE, "/api/sessions/current", null, Map.of("Cookie", session.get("Cookie")), null);
    call(HttpMethod.DELETE, "/api/sessions/current", null, session, null);

    // series
    String series = "id: solo\ntitle: Solo\nchallenges: [" + ID + "]\nranking: {method: mean_rank, min_challenges: 1}\n";
    send(HttpMethod.POST, "/api/series", org, "application/yaml", series);
    send(HttpMethod.POST, "/api/series", org, "application/yaml", series.replace("title: Solo", "title: Alone"));
    send(HttpMethod.POST, "/api/series", team, "application/yaml", series);
    send(HttpMethod.POST, "/api/series", null, "application/yaml", series);
    send(HttpMethod.POST, "/api/series", org, "application/yaml", "id: solo\nchallenges: [nowhere]\n");
    get("/api/series", null);
    get("/api/series", "not-a-token");
    get("/api/series/solo", null);
    get("/api/series/nothing", null);
    get("/api/series/solo/leaderboard", null);
    call(HttpMethod.GET, "/api/series/solo/leaderboard", null, Map.of("Accept", "text/csv"), null);
    get("/api/series/nothing/leaderboard", null);
    HttpClient seriesHttp = vertx.createHttpClient();
    HttpClientResponse seriesEvents = LiveServer.join(seriesHttp.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(live.port).setURI("/api/series/solo/leaderboard/events")).compose(request -> request.send()));
    check("GET", "/api/series/solo/leaderboard/events", seriesEvents.statusCode(), seriesEvents.getHeader("Content-Type"), null);
    LiveServer.join(seriesHttp.close());
    get("/api/series/nothing/leaderboard/events", null);

    // the bundle, then the reveal, then what anyone may read
    get(BASE + "/export", null);
    get(BASE + "/export", org);
    send(HttpMethod.POST, BASE + "/reveal", team, null, null);
    send(HttpMethod.POST, BASE + "/reveal", org, null, null);  // before closes: 409
    String disqualification = send(HttpMethod.POST, BASE + "/disqualifications", org, "application/json",
        "{\"submission\":\"" + sid + "\",\"reason\":\"a test of the document\"}").bodyAsJsonObject().getString("id");
    send(HttpMethod.POST, BASE + "/disqualifications", org, "application/json", "{\"team\":\"nobody\",\"reason\":\"x\"}");
    send(HttpMethod.POST, BASE + "/disqualifications", org, "application/json", "{\"team\":\"MeltLab\"}");
    send(HttpMethod.POST, BASE + "/disqualifications", team, "application/json", "{}");
    get(BASE + "/disqualifications", org);
    get(BASE + "/disqualifications", null);
    send(HttpMethod.DELETE, BASE + "/disqualifications/" + disqualification, org, null, null);
    send(HttpMethod.DELETE, BASE + "/disqualifications/" + disqualification, org, null, null);
    send(HttpMethod.POST, BASE + "/close", team, null, null);
    send(HttpMethod.POST, BASE + "/close", org, null, null);
    send(HttpMethod.POST, BASE + "/close", org, null, null);  // closed already: 409
    send(HttpMethod.POST, BASE + "/reveal?close_now=true", org, null, null);
    get(BASE + "/reference", null);
    get(BASE + "/export", null);
    get(BASE + "/submissions/" + sid, null);
    get(BASE + "/analysis", null);

    assertTrue(failures.isEmpty(), String.join("\n", failures));

    Set<String> documented = new TreeSet<>();
    document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
      if (List.of("get", "put", "post", "delete", "patch").contains(method)) documented.add(method.toUpperCase() + " " + path.getKey());
    }));
    Set<String> notCalled = new TreeSet<>(documented);
    notCalled.removeAll(called);
    assertTrue(notCalled.isEmpty(), "documented but not called here: " + notCalled);

    Set<String> served = new TreeSet<>();
    live.routes().forEach(route -> served.add(route.replaceAll(":(\\w+)", "{$1}").replace("{id}", "{id}")));
    served.removeIf(route -> !route.contains(" /api/") && !route.endsWith(" /health") && !route.endsWith(" /metrics") && !route.endsWith(" /openapi.yaml"));
    Set<String> undocumented = new TreeSet<>(served);
    undocumented.removeAll(documented);
    assertTrue(undocumented.isEmpty(), "served but not documented: " + undocumented);
  }
}
