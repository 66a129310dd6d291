package org.amchallenge.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.amchallenge.ServerConfig;

/** The fixture server's configuration and the wait on a future, for tests outside this package too. */
public final class TestServers {
  /** Longer than any one step of a test takes here (a node joining a cluster, a large upload), short of a hang. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  /** The organizer token of the fixture server. */
  public static final String ORGANIZER = TestServer.ORGANIZER;

  private TestServers() {}

  /** The fixture challenge's configuration, on port 0: the port the server got is {@code Server.port()}. */
  public static ServerConfig fixtureConfig(Path dir, long maxBody) throws Exception {
    return TestServer.config(dir, maxBody);
  }

  /**
   * The future's result, waited for on the test's own thread: a failure is thrown as a {@link CompletionException}
   * with its cause (as {@code join()} did), a future still pending after {@link #TIMEOUT} fails the test instead of
   * hanging it, and a wait on an event-loop thread, which would block the loop the answer has to come from, is refused.
   */
  public static <T> T await(Future<T> future) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("a test blocked an event-loop thread waiting for a future: compose it or use VertxTestContext");
    }
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer in " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
  }
}
