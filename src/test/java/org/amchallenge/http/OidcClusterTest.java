package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.amchallenge.Fixtures;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.people.OidcProvider;
import org.amchallenge.people.PeopleConfig;
import org.amchallenge.store.PostgresStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sign-in started on one node and finished on another, as behind a load balancer: the attempt is the cluster's. */
class OidcClusterTest {
  @TempDir Path dir;
  private String database;
  private TestProvider provider;
  private final List<Server> nodes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    database = PostgresStores.createDatabase();
    provider = new TestProvider();
    Fixtures.copyTo(dir);
    int[] hazelcast = {TestServer.freePort(), TestServer.freePort()};
    List<String> members = List.of("127.0.0.1:" + hazelcast[0], "127.0.0.1:" + hazelcast[1]);
    PeopleConfig people = PeopleConfig.DEFAULT.withProviders(List.of(
        new OidcProvider("campus", provider.issuer("campus"), TestProvider.CLIENT_ID, TestProvider.CLIENT_SECRET, false)));
    for (int port : hazelcast) {
      nodes.add(TestServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("data-" + port), dir.resolve("challenges"),
          dir.resolve("reference-data"), "postgresql://postgres@" + PostgresStores.SERVER + "/" + database, TestServer.ORGANIZER,
          1 << 20, Clock.systemUTC(), new ServerConfig.Cluster("127.0.0.1", port, members)).withPeople(people)));
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (Server node : nodes) LiveServer.join(node.close().otherwiseEmpty());
    if (provider != null) provider.close();
    if (database != null) PostgresStores.dropDatabase(database);
  }

  private static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String location(HttpResponse<String> response) {
    assertEquals(302, response.statusCode(), response.body());
    return response.headers().firstValue("Location").orElseThrow();
  }

  @Test
  @DisplayName("started on node A, the provider's callback lands on node B: signed in there, the session good on A, the state used up on both")
  void callbackOnAnotherNode() throws Exception {
    // cookies are kept per host, not per port: the two nodes stand for one address behind a load balancer
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    String a = "http://127.0.0.1:" + nodes.get(0).port();
    String b = "http://127.0.0.1:" + nodes.get(1).port();
    String authorize = location(get(browser, a + "/auth/oidc/campus"));
    get(browser, authorize);
    String form = "username=lin&claims=" + URLEncoder.encode(new JsonObject().put("email", "lin@campus.example").put("email_verified", true)
        .put("name", "Lin").encode(), StandardCharsets.UTF_8);
    String callback = location(browser.send(HttpRequest.newBuilder(URI.create(authorize)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()));
    assertTrue(callback.startsWith(a + "/auth/oidc/campus/callback?"), callback);

    assertEquals(OidcRoutes.DEFAULT_RETURN, location(get(browser, callback.replace(a, b))));
    HttpResponse<String> me = get(browser, a + "/api/me");
    assertEquals(200, me.statusCode(), me.body());
    assertEquals("lin@campus.example", new JsonObject(me.body()).getJsonObject("account").getString("email"));
    assertEquals(400, get(browser, callback).statusCode(), "the state was used on B: A refuses it too");
  }
}
