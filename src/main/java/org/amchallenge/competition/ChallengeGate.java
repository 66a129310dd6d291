package org.amchallenge.competition;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps a challenge's uploads and the changes to it (a new reference or definition, a reveal) apart on this node: an
 * upload is scored and stored wholly before a change begins or wholly after it ends, so that a rescore never misses a
 * submission committed while it ran, and no submission keeps scores against a reference that is no longer in force.
 * Uploads run side by side; changes run one at a time, each once the uploads under way are done, new ones waiting.
 */
final class ChallengeGate {
  /** One challenge's uploads under way, the uploads waiting for a change to end, and the change last begun. */
  private static final class State {
    int uploads;
    boolean changing;
    Runnable drained;
    final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    Future<?> lastChange = Future.succeededFuture();
  }

  private final Map<String, State> states = new HashMap<>();

  /** Lets an upload in: at once, or when the change under way ends. Every entry is followed by one {@link #exit}. */
  Future<Void> enter(String challengeId) {
    Promise<Void> entered = Promise.promise();
    Runnable admit = onCallersContext(entered::complete);
    synchronized (this) {
      State state = states.computeIfAbsent(challengeId, id -> new State());
      if (state.changing) {
        state.waiting.add(admit);
        return entered.future();
      }
      state.uploads++;
    }
    admit.run();
    return entered.future();
  }

  void exit(String challengeId) {
    Runnable drained = null;
    synchronized (this) {
      State state = states.get(challengeId);
      state.uploads--;
      if (state.uploads == 0 && state.drained != null) {
        drained = state.drained;
        state.drained = null;
      }
    }
    if (drained != null) drained.run();
  }

  /** Runs {@code change} once no upload of the challenge is under way, with new ones held until it ends. */
  <T> Future<T> exclusively(String challengeId, Supplier<Future<T>> change) {
    Promise<Void> ended = Promise.promise();
    Future<?> before;
    synchronized (this) {
      State state = states.computeIfAbsent(challengeId, id -> new State());
      before = state.lastChange;
      state.lastChange = ended.future();
    }
    return before.transform(previous -> begin(challengeId))
        .compose(ready -> {
          try {
            return change.get();
          } catch (RuntimeException e) {
            return Future.<T>failedFuture(e);
          }
        })
        .andThen(outcome -> {
          end(challengeId);
          ended.complete();
        });
  }

  private Future<Void> begin(String challengeId) {
    Promise<Void> ready = Promise.promise();
    Runnable go = onCallersContext(ready::complete);
    synchronized (this) {
      State state = states.get(challengeId);
      state.changing = true;
      if (state.uploads > 0) {
        state.drained = go;
        return ready.future();
      }
    }
    go.run();
    return ready.future();
  }

  private void end(String challengeId) {
    List<Runnable> admitted;
    synchronized (this) {
      State state = states.get(challengeId);
      state.changing = false;
      admitted = new ArrayList<>(state.waiting);
      state.uploads += admitted.size();
      state.waiting.clear();
    }
    admitted.forEach(Runnable::run);
  }

  /** Runs on the context of the caller (its event loop), whichever thread lets it go. */
  private static Runnable onCallersContext(Runnable action) {
    Context context = Vertx.currentContext();
    return context == null ? action : () -> context.runOnContext(v -> action.run());
  }
}
