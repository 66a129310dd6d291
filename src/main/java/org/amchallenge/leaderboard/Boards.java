package org.amchallenge.leaderboard;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amchallenge.store.Store;
import org.amchallenge.store.SubmissionRecord;

/**
 * Keeps each challenge's submissions (scores only, not files) in memory once read from the store, so that a
 * board is computed without a query; a new submission is added as it is stored.
 */
public final class Boards {
  /** Where every node of a cluster is told that a challenge's board may have changed ({challenge, node}). */
  static final String CHANGED_ANYWHERE = "amc.board.changed";
  /** Where this node's listeners (the live events) are told, once its own copy is up to date: the challenge id. */
  public static final String CHANGED = "amc.board.changed.local";

  private final Store store;
  private final EventBus events;
  private final String node;
  private final Map<String, Future<List<SubmissionRecord>>> byChallenge = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

  public Boards(Store store, EventBus events, String node) {
    this.store = store;
    this.events = events;
    this.node = node;
    events.<JsonObject>consumer(CHANGED_ANYWHERE, message -> {
      String challengeId = message.body().getString("challenge");
      if (node.equals(message.body().getString("node"))) return;
      byChallenge.remove(challengeId);
      bump(challengeId);
    });
  }

  private void bump(String challengeId) {
    versions.computeIfAbsent(challengeId, id -> new AtomicLong(1)).incrementAndGet();
    events.publish(CHANGED, challengeId);
  }

  /** A number that grows each time the challenge's board may have changed: the id of its live events. */
  public long version(String challengeId) {
    return versions.computeIfAbsent(challengeId, id -> new AtomicLong(1)).get();
  }

  /**
   * This node's board changed: its version moves at once (so that no read after the change is served the
   * board encoded before it), its listeners are told, and so are the other nodes, which read it again.
   */
  private void changed(String challengeId) {
    bump(challengeId);
    events.publish(CHANGED_ANYWHERE, new JsonObject().put("challenge", challengeId).put("node", node));
  }

  /** Every submission of a challenge, oldest first. */
  public Future<List<SubmissionRecord>> submissions(String challengeId) {
    return byChallenge.computeIfAbsent(challengeId, id -> store.submissions(id)
            .map(list -> java.util.Collections.synchronizedList(new ArrayList<>(list))))
        .map(List::copyOf)
        .onFailure(failure -> byChallenge.remove(challengeId));
  }

  /** Replaces a challenge's submissions, after a rescore. */
  public Future<Void> replace(String challengeId, List<SubmissionRecord> submissions) {
    byChallenge.put(challengeId, Future.succeededFuture(java.util.Collections.synchronizedList(new ArrayList<>(submissions))));
    changed(challengeId);
    return Future.succeededFuture();
  }

  /** Drops what is kept of a challenge, to be read again from the store (after a selection changed). */
  public void invalidate(String challengeId) {
    byChallenge.remove(challengeId);
    changed(challengeId);
  }

  /** Adds a stored submission; callers see it on their next read. */
  public Future<Void> added(SubmissionRecord submission) {
    return byChallenge.computeIfAbsent(submission.challengeId(), id -> store.submissions(id)
            .map(list -> java.util.Collections.synchronizedList(new ArrayList<>(list))))
        .map(list -> {
          if (list.stream().noneMatch(s -> s.id().equals(submission.id()))) list.add(submission);
          changed(submission.challengeId());
          return null;
        });
  }
}
