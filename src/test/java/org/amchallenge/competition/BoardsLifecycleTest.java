package org.amchallenge.competition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.amchallenge.domain.SubmissionRecord;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.amchallenge.store.Store;
import org.amchallenge.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The boards hear the other nodes' changes only between start and stop. */
class BoardsLifecycleTest {
  private static final String CHALLENGE = "c1";
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    join(vertx.close());
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** Runs on the context, so that every consumer registered there hears a message in the order registered. */
  private static <T> T on(Context context, Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(done));
    return join(done.future());
  }

  /**
   * Publishes another node's change to the boards' address and returns once a probe registered after the boards,
   * on the same context, heard it: by then the boards, if they still listen, have handled it too.
   */
  private void anotherNodeChanged(Context context) {
    Promise<Void> heard = Promise.promise();
    MessageConsumer<JsonObject> probe = on(context, () -> {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Boards.CHANGED_ANYWHERE, message -> heard.tryComplete());
      return consumer.completion().map(consumer);
    });
    vertx.eventBus().publish(Boards.CHANGED_ANYWHERE, new JsonObject().put("challenge", CHALLENGE).put("node", "another-node"));
    join(heard.future());
    on(context, probe::unregister);
    // and what the boards' handler published in turn to this node's listeners, on the same context, has run
    on(context, Future::succeededFuture);
  }

  @Test
  @DisplayName("started, another node's change moves a board's version and tells the listeners; stopped, it moves nothing")
  void stoppedBoardsHearNothing() {
    Store store = join(Stores.embedded(vertx, "jdbc:h2:mem:boards-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
    Boards boards = new Boards(store, vertx.eventBus(), "this-node");
    Context context = vertx.getOrCreateContext();
    AtomicInteger told = new AtomicInteger();
    on(context, () -> vertx.eventBus().<String>localConsumer(Boards.CHANGED, message -> told.incrementAndGet()).completion());

    on(context, boards::start);
    long before = boards.version(CHALLENGE);
    anotherNodeChanged(context);
    assertEquals(before + 1, boards.version(CHALLENGE), "a change heard while started moves the version");
    assertEquals(1, told.get(), "and this node's listeners are told");

    on(context, boards::stop);
    long stopped = boards.version(CHALLENGE);
    anotherNodeChanged(context);
    anotherNodeChanged(context);
    assertEquals(stopped, boards.version(CHALLENGE), "a stopped board's version does not move");
    assertEquals(1, told.get(), "a stopped board tells no listener");
    join(store.close());
  }

  private static SubmissionRecord submission(String id, String referenceSha256) {
    return new SubmissionRecord(id, CHALLENGE, "t-" + id, "Team " + id, Instant.parse("2026-03-01T00:00:00Z"), "p.csv", "csv", null, 1,
        null, referenceSha256, "1", null, false);
  }

  /** A store that answers a challenge's submissions with what the test says the database holds now. */
  private static Store storeHolding(AtomicReference<List<SubmissionRecord>> rows) {
    return (Store) java.lang.reflect.Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
      if (method.getName().equals("submissions") && args != null && args.length == 1) return Future.succeededFuture(rows.get());
      if (method.getName().equals("disqualifications") || method.getName().equals("baselines")) return Future.succeededFuture(List.of());
      throw new UnsupportedOperationException(method.getName());
    });
  }

  @Test
  @DisplayName("a rescore's board does not hide a submission another node stored while the rescore ran (ClusterTest.referenceChangeAcrossNodes)")
  void rescoreKeepsWhatAnotherNodeStoredMeanwhile() {
    AtomicReference<List<SubmissionRecord>> database = new AtomicReference<>(List.of(submission("a", "old")));
    Boards boards = new Boards(storeHolding(database), vertx.eventBus(), "this-node");
    Context context = vertx.getOrCreateContext();
    on(context, boards::start);
    assertEquals(1, on(context, () -> boards.submissions(CHALLENGE)).size());

    // the rescore reads every submission and scores them again: what it read is all the database had then
    List<SubmissionRecord> rescored = List.of(submission("a", "new"));
    database.set(rescored);
    // meanwhile another node, already on the new reference, stores one and says so: this node drops its copy
    database.set(List.of(submission("a", "new"), submission("b", "new")));
    anotherNodeChanged(context);
    // then the rescore's scores are committed and this node's board follows them
    on(context, () -> boards.rescored(CHALLENGE));

    List<String> kept = on(context, () -> boards.submissions(CHALLENGE)).stream().map(SubmissionRecord::id).toList();
    assertEquals(List.of("a", "b"), kept, "the other node's submission is on this node's board");
    on(context, boards::stop);
  }
}
