package org.amchallenge.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.amchallenge.Fixtures;
import org.amchallenge.webhook.Destinations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks as a way into the server's own machine and network: URLs to addresses that are not public are refused
 * when added, a name that resolves to one is refused at delivery, and what an organizer reads of a delivery tells
 * delivered from failed and nothing more. The receiver is on loopback; no test needs a DNS server: the names used
 * resolve through the machine's hosts file.
 */
@ExtendWith(VertxExtension.class)
class WebhookGuardTest {
  private static final String SECRET = "a-secret-of-the-organizers-0001";

  @TempDir Path dir;
  private Vertx vertx;
  private LiveServer live;
  private HttpServer receiver;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    System.setProperty("amc.webhook.timeout.millis", "2000");
    receiver = LiveServer.join(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(request.path());
      switch (request.path()) {
        case "/missing" -> request.response().setStatusCode(404).end("no such hook");
        case "/moved" -> request.response().setStatusCode(302).putHeader("Location", "/ok").end();
        default -> request.response().setStatusCode(200).end();
      }
    })).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    if (live != null) live.close();
    LiveServer.join(receiver.close());
    System.clearProperty("amc.webhook.timeout.millis");
  }

  private LiveServer server(boolean allowPrivate) throws Exception {
    return LiveServer.of(vertx, TestServer.config(dir, 1 << 20).withWebhooksAllowPrivate(allowPrivate));
  }

  private HttpResponse<Buffer> addWebhook(String url) {
    return LiveServer.join(live.client.post("/api/challenges/" + Fixtures.CHALLENGE + "/webhooks").bearerTokenAuthentication(TestServer.ORGANIZER)
        .sendJsonObject(new JsonObject().put("url", url).put("secret", SECRET).put("events", new JsonArray().add("leader"))));
  }

  /** Each webhook's deliveries, by its URL. */
  private Map<String, JsonArray> deliveries() {
    JsonArray hooks = live.get("/api/challenges/" + Fixtures.CHALLENGE + "/webhooks", TestServer.ORGANIZER).bodyAsJsonObject().getJsonArray("webhooks");
    return hooks.stream().map(JsonObject.class::cast).collect(Collectors.toMap(h -> h.getString("url"), h -> h.getJsonArray("deliveries")));
  }

  private String at(String path) {
    return "http://127.0.0.1:" + receiver.actualPort() + path;
  }

  @Test
  @DisplayName("URLs to loopback, link-local, private, unique-local, unspecified and multicast addresses, in any spelling, are refused (422 naming url and why); public ones are taken")
  void privateUrlsRefused() throws Exception {
    live = server(false);
    Map<String, String> refused = Map.ofEntries(
        Map.entry("http://127.0.0.1:" + receiver.actualPort() + "/ok", "loopback"),
        Map.entry("http://169.254.169.254/latest/meta-data/", "link-local"),
        Map.entry("http://0x7f000001/", "loopback"),
        Map.entry("http://2130706433/", "loopback"),
        Map.entry("http://127.1:8080/", "loopback"),
        Map.entry("http://0177.0.0.1/", "loopback"),
        Map.entry("http://[::1]/", "loopback"),
        Map.entry("http://localhost/", "loopback"),
        Map.entry("http://LOCALHOST.:8080/", "loopback"),
        Map.entry("http://hooks.localhost/", "loopback"),
        Map.entry("http://10.0.0.1/", "private"),
        Map.entry("http://172.16.5.4/", "private"),
        Map.entry("https://192.168.1.1/", "private"),
        Map.entry("http://100.64.0.1/", "carrier NAT"),
        Map.entry("http://[fd00::1]/", "unique-local"),
        Map.entry("http://[fe80::1]/", "link-local"),
        Map.entry("http://[::ffff:127.0.0.1]/", "loopback"),
        Map.entry("http://[::ffff:7f00:1]/", "loopback"),
        Map.entry("http://[2002:7f00:1::]/", "loopback"),
        Map.entry("http://[64:ff9b::a00:1]/", "private"),
        Map.entry("http://0.0.0.0/", "unspecified"),
        Map.entry("http://[::]/", "unspecified"),
        Map.entry("http://224.0.0.1/", "multicast"),
        Map.entry("http://[ff02::1]/", "multicast"),
        Map.entry("http://255.255.255.255/", "broadcast"),
        Map.entry("http://1.2.3.4.5/", "not a valid IPv4"));
    refused.forEach((url, why) -> {
      HttpResponse<Buffer> answer = addWebhook(url);
      assertEquals(422, answer.statusCode(), url + ": " + answer.bodyAsString());
      JsonObject problem = answer.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
      assertEquals("url", problem.getString("field"));
      assertTrue(problem.getString("detail").contains(why), url + ": " + problem.getString("detail"));
    });
    assertEquals(List.of(), deliveries().keySet().stream().toList(), "none was kept");
    assertEquals(201, addWebhook("https://hooks.example.org/amc").statusCode(), "a public name is taken (checked again at each delivery)");
    assertEquals(201, addWebhook("http://93.184.216.34:8443/amc").statusCode(), "a public address is taken");
    live.close();

    // the operator may let them through, e.g. for a receiver on the same machine
    live = server(true);
    assertEquals(201, addWebhook(at("/ok")).statusCode());
    assertEquals(201, addWebhook("http://localhost:" + receiver.actualPort() + "/ok").statusCode());
  }

  @Test
  @DisplayName("a URL whose name resolves to a loopback address is not delivered to: checked after resolution, at delivery")
  void resolvedAddressCheckedAtDelivery() throws Exception {
    // added while the operator allowed it (or before the rule): the URL names this machine by a name, not an address
    live = server(true);
    String byLocalhost = "http://localhost:" + receiver.actualPort() + "/by-localhost";
    assertEquals(201, addWebhook(byLocalhost).statusCode());
    live.close();
    live = server(false);
    // a name of the machine's own from its hosts file (here its host name), not refused as written: only resolving tells
    Optional<String> ownName = ownName();
    ownName.ifPresent(name -> assertEquals(201, addWebhook("http://" + name + ":" + receiver.actualPort() + "/by-own-name").statusCode()));
    assertEquals(201, live.upload(Fixtures.CHALLENGE, live.register("MeltLab"), "text/csv", Buffer.buffer(Fixtures.predictions(5, 5))).statusCode());
    int hooks = 1 + (ownName.isPresent() ? 1 : 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> deliveries().values().stream().filter(list -> !list.isEmpty()).count() == hooks);
    for (JsonArray list : deliveries().values()) {
      assertEquals("failed", list.getJsonObject(0).getString("outcome"), list.encode());
      assertEquals(Set.of("delivery", "event", "at", "outcome"), list.getJsonObject(0).fieldNames());
    }
    assertEquals(List.of(), received, "nothing reached the receiver on loopback");
  }

  /** A name other than localhost that this machine resolves (through its hosts file) to addresses none of which is public. */
  private static Optional<String> ownName() throws Exception {
    String name = InetAddress.getLocalHost().getHostName().toLowerCase();
    if (name.equals("localhost") || name.endsWith(".localhost") || Destinations.target("http://" + name + "/").literal().isPresent()) {
      return Optional.empty();
    }
    boolean local = Arrays.stream(InetAddress.getAllByName(name)).allMatch(address -> Destinations.refusal(address).isPresent());
    return local ? Optional.of(name) : Optional.empty();
  }

  @Test
  @DisplayName("what an organizer reads of a delivery is delivered or failed, the same for a 404, a redirect (not followed) and a closed port")
  void statusTellsNoMore() throws Exception {
    live = server(true);
    String closed = "http://127.0.0.1:" + TestServer.freePort() + "/closed";
    for (String url : List.of(at("/ok"), at("/missing"), at("/moved"), closed)) assertEquals(201, addWebhook(url).statusCode());
    assertEquals(201, live.upload(Fixtures.CHALLENGE, live.register("MeltLab"), "text/csv", Buffer.buffer(Fixtures.predictions(5, 5))).statusCode());
    await().atMost(Duration.ofSeconds(30)).until(() -> deliveries().values().stream().noneMatch(JsonArray::isEmpty));
    Map<String, JsonArray> shown = deliveries();
    assertEquals("delivered", shown.get(at("/ok")).getJsonObject(0).getString("outcome"));
    for (String failed : List.of(at("/missing"), at("/moved"), closed)) {
      JsonObject delivery = shown.get(failed).getJsonObject(0);
      assertEquals("failed", delivery.getString("outcome"), failed);
      assertEquals(Set.of("delivery", "event", "at", "outcome"), delivery.fieldNames(), "no status, attempts or error: " + delivery);
    }
    assertEquals(1, received.stream().filter("/ok"::equals).count(), "the redirect to /ok was not followed: " + received);
  }
}
