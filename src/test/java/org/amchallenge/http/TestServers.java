package org.amchallenge.http;

import java.nio.file.Path;
import org.amchallenge.ServerConfig;

/** The fixture server's configuration, for tests outside this package. */
public final class TestServers {
  private TestServers() {}

  public static ServerConfig fixtureConfig(Path dir, long maxBody) throws Exception {
    return TestServer.config(dir, maxBody);
  }
}
