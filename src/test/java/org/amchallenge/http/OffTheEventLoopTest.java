package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Reading a large reference runs on a worker: the event loops keep answering while it is read, split and stored. */
@ExtendWith(VertxExtension.class)
class OffTheEventLoopTest {
  private static final int SAMPLES = 150_000;
  /** The longest /health answer allowed while the reference is read: a stalled event loop takes seconds, a loaded 2-core machine up to a few hundred ms. */
  private static final long MAX_HEALTH_MILLIS = 500;
  private static final long POLL_MILLIS = 20;

  @TempDir Path dir;
  private LiveServer live;
  private final List<HttpClient> pollers = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.fixture(vertx, dir, 64L << 20);
  }

  @AfterEach
  void stop() {
    pollers.forEach(HttpClient::close);
    live.close();
  }

  /** Two rows a sample, depth and width: as many rows as a large campaign's reference. */
  private static Buffer reference() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value,uncertainty\n");
    for (int i = 1; i <= SAMPLES; i++) {
      csv.append('S').append(i).append(",depth,").append(50 + i % 97).append(".5,2\n");
      csv.append('S').append(i).append(",width,").append(100 + i % 89).append(".25,3\n");
    }
    return Buffer.buffer(csv.toString());
  }

  /**
   * Asks /health every 20 ms on a connection of its own until told to stop; keeps the longest answer among
   * those asked while {@code measuring} holds. One poller per event loop of the server, so that whichever
   * loop the upload lands on, one of them is on it.
   */
  private Future<Void> poll(Vertx vertx, AtomicBoolean measuring, AtomicBoolean running, AtomicLong longest) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
    pollers.add(client);
    RequestOptions health = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(live.config.port()).setURI("/health");
    Promise<Void> done = Promise.promise();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      if (!running.get()) {
        done.tryComplete();
        return;
      }
      boolean measured = measuring.get();
      long start = System.nanoTime();
      client.request(health).compose(request -> request.send()).compose(response -> response.body().map(response.statusCode()))
          .onComplete(answered -> {
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (answered.failed() || answered.result() != 200) {
              done.tryFail("/health answered " + (answered.failed() ? answered.cause() : answered.result()));
              return;
            }
            if (measured) longest.accumulateAndGet(millis, Math::max);
            vertx.setTimer(POLL_MILLIS, timer -> next[0].run());
          });
    };
    next[0].run();
    return done.future();
  }

  @Test
  @DisplayName("while a 300,000-row reference is uploaded, read and split, /health answers within 200 ms on every event loop")
  void healthAnswersDuringALargeReference(Vertx vertx) throws Exception {
    Buffer csv = reference();
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong longest = new AtomicLong();
    List<Future<Void>> polling = new ArrayList<>();
    for (int i = 0; i < Math.max(2, Runtime.getRuntime().availableProcessors()); i++) polling.add(poll(vertx, measuring, running, longest));
    Thread.sleep(500);  // every poller connected and warm before the upload

    measuring.set(true);
    HttpResponse<Buffer> replaced = LiveServer.join(live.client.put("/api/challenges/" + Fixtures.CHALLENGE + "/reference")
        .bearerTokenAuthentication(TestServer.ORGANIZER).putHeader("Content-Type", "text/csv").sendBuffer(csv));
    measuring.set(false);
    running.set(false);
    LiveServer.join(Future.all(polling));

    assertEquals(200, replaced.statusCode(), replaced.bodyAsString());
    assertEquals(2 * SAMPLES, replaced.bodyAsJsonObject().getInteger("rows"));
    assertTrue(longest.get() < MAX_HEALTH_MILLIS, "the longest /health answer during the upload took " + longest.get() + " ms");
  }
}
