package org.amchallenge.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A real OpenID Connect provider on loopback (navikt's mock-oauth2-server): discovery, JWKS, the authorization-code
 * flow with PKCE checked at the token endpoint, codes good once, and an interactive login page where the person types
 * a subject and, optionally, the claims of the ID token as JSON.
 */
public final class TestProvider implements AutoCloseable {
  public static final String CLIENT_ID = "amchallenge-test";
  public static final String CLIENT_SECRET = "amchallenge-test-secret";
  private final MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true));

  public TestProvider() {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  /**
   * The issuer of that name on this provider, on 127.0.0.1: the provider names its issuer after the address it is
   * reached at, and the browser, the server and the tokens must agree on one.
   */
  public String issuer(String name) {
    return "http://127.0.0.1:" + server.baseUrl().port() + "/" + name;
  }

  /** The requests the provider received since the last call, oldest first. */
  public List<RecordedRequest> requests() {
    List<RecordedRequest> requests = new ArrayList<>();
    while (true) {
      try {
        requests.add(server.takeRequest(50, TimeUnit.MILLISECONDS));
      } catch (RuntimeException none) {
        return requests;
      }
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
