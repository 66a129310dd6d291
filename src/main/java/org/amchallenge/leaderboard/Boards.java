package org.amchallenge.leaderboard;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
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
  /** The event-bus address on which a challenge's id is published each time its board may have changed. */
  public static final String CHANGED = "amc.board.changed";

  private final Store store;
  private final EventBus events;
  private final Map<String, Future<List<SubmissionRecord>>> byChallenge = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

  public Boards(Store store, EventBus events) {
    this.store = store;
    this.events = events;
  }

  /** A number that grows each time the challenge's board may have changed: the id of its live events. */
  public long version(String challengeId) {
    return versions.computeIfAbsent(challengeId, id -> new AtomicLong(1)).get();
  }

  private void changed(String challengeId) {
    versions.computeIfAbsent(challengeId, id -> new AtomicLong(1)).incrementAndGet();
    events.publish(CHANGED, challengeId);
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
