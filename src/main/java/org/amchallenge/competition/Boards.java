package org.amchallenge.competition;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amchallenge.store.Store;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Disqualification;

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
  private final Map<String, Future<Kept>> byChallenge = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

  /** What this node hears from the others while started; null before start and after stop. */
  private MessageConsumer<JsonObject> otherNodes;

  public Boards(Store store, EventBus events, String node) {
    this.store = store;
    this.events = events;
    this.node = node;
  }

  /** Listens to the other nodes' changes, which make this node read a board again; done once registered across the cluster. */
  public Future<Void> start() {
    otherNodes = events.<JsonObject>consumer(CHANGED_ANYWHERE, message -> {
      String challengeId = message.body().getString("challenge");
      if (node.equals(message.body().getString("node"))) return;
      byChallenge.remove(challengeId);
      bump(challengeId);
    });
    return otherNodes.completion();
  }

  /** Stops listening to the other nodes; what is kept stays readable. */
  public Future<Void> stop() {
    MessageConsumer<JsonObject> listening = otherNodes;
    otherNodes = null;
    return listening == null ? Future.succeededFuture() : listening.unregister();
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

  /**
   * A challenge's submissions as this node keeps them: oldest first, with their ids and each team's own, so
   * that adding one and finding a team's history take no pass over the whole challenge.
   */
  private static final class Kept {
    private final List<SubmissionRecord> all = new ArrayList<>();
    private final List<SubmissionRecord> ranked = new ArrayList<>();
    private final List<SubmissionRecord> afterReveal = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final Map<String, Appended> byTeam = new HashMap<>();
    private final List<Disqualification> disqualifications;
    private final List<SubmissionRecord> baselines;

    Kept(List<SubmissionRecord> submissions, List<Disqualification> disqualifications, List<org.amchallenge.domain.Baseline> baselines) {
      this.disqualifications = List.copyOf(disqualifications);
      this.baselines = baselines.stream().map(org.amchallenge.domain.Baseline::asSubmission).toList();
      submissions.forEach(this::add);
    }

    /** A team's upload joins its history (its limits count every one); the competition's boards or the post-reveal board. */
    synchronized void add(SubmissionRecord s) {
      if (!ids.add(s.id())) return;
      byTeam.computeIfAbsent(s.teamId(), team -> new Appended()).add(s);
      boolean eligible = disqualifications.stream().noneMatch(d -> d.covers(s));
      if (s.postReveal()) {
        if (eligible) afterReveal.add(s);
        return;
      }
      all.add(s);
      if (eligible) ranked.add(s);
    }

    synchronized List<SubmissionRecord> afterReveal() {
      return List.copyOf(afterReveal);
    }

    synchronized List<SubmissionRecord> all() {
      return List.copyOf(all);
    }

    synchronized List<SubmissionRecord> ranked() {
      return List.copyOf(ranked);
    }

    /** A team's submissions as they are now, without a copy: every upload asks, and a copy would grow with the team's count. */
    synchronized List<SubmissionRecord> ofTeam(String teamId) {
      Appended own = byTeam.get(teamId);
      return own == null ? List.of() : own.upToNow();
    }
  }

  /**
   * A list that only grows at its end, whose views of its first n items stay as they are while it grows: an
   * item is never written again once added, and a larger array replaces a full one without changing the old.
   * The views are taken under the {@link Kept}'s lock, after every item they hold was written under it.
   */
  static final class Appended {
    private SubmissionRecord[] items = new SubmissionRecord[4];
    private int size;

    void add(SubmissionRecord s) {
      if (size == items.length) items = java.util.Arrays.copyOf(items, size * 2);
      items[size++] = s;
    }

    List<SubmissionRecord> upToNow() {
      return java.util.Collections.unmodifiableList(java.util.Arrays.asList(items).subList(0, size));
    }
  }

  private Future<Kept> kept(String challengeId) {
    return byChallenge.computeIfAbsent(challengeId, id -> {
          Future<List<Disqualification>> out = store.disqualifications(id);
          Future<List<org.amchallenge.domain.Baseline>> baselines = store.baselines(id);
          return store.submissions(id).compose(all -> out.compose(disqualified -> baselines.map(kept ->
              new Kept(all, disqualified, kept))));
        })
        .onFailure(failure -> byChallenge.remove(challengeId));
  }

  /**
   * Every submission of a challenge's competition that may be ranked (none an organizer disqualified, none after the
   * reveal), oldest first: what the competition's boards rank.
   */
  public Future<List<SubmissionRecord>> submissions(String challengeId) {
    return kept(challengeId).map(Kept::ranked);
  }

  /** The uploads after a challenge's reveal (none disqualified), oldest first: what the post-reveal board ranks. */
  public Future<List<SubmissionRecord>> postReveal(String challengeId) {
    return kept(challengeId).map(Kept::afterReveal);
  }

  /** A challenge's baselines as the boards rank them ({@link org.amchallenge.domain.Baseline#asSubmission}), oldest first. */
  public Future<List<SubmissionRecord>> baselines(String challengeId) {
    return kept(challengeId).map(kept -> kept.baselines);
  }

  /** Every submission of a challenge's competition, the disqualified too, oldest first (none after its reveal). */
  public Future<List<SubmissionRecord>> everySubmission(String challengeId) {
    return kept(challengeId).map(Kept::all);
  }

  /** A challenge's disqualifications, oldest first. */
  public Future<List<Disqualification>> disqualifications(String challengeId) {
    return kept(challengeId).map(kept -> kept.disqualifications);
  }

  /** A team's submissions to a challenge, oldest first, those after its reveal too: its limits count them all. */
  public Future<List<SubmissionRecord>> submissionsOfTeam(String challengeId, String teamId) {
    return kept(challengeId).map(kept -> kept.ofTeam(teamId));
  }

  /**
   * A rescore's scores are committed: this node's copy is read again from the store, not made from the rescored
   * list. That list is what the store held when the rescore began; another node may have stored a submission
   * since (scored against the new reference) and told this node, which then dropped its copy: a copy made from the
   * list would hide that submission from this node's board until the next change.
   */
  public Future<Void> rescored(String challengeId) {
    byChallenge.remove(challengeId);
    changed(challengeId);
    // a failed read is forgotten by kept(): the next read of the board asks the store again
    return kept(challengeId).<Void>mapEmpty().recover(failure -> Future.succeededFuture());
  }

  /** Drops what is kept of a challenge, to be read again from the store (after a selection changed). */
  public void invalidate(String challengeId) {
    byChallenge.remove(challengeId);
    changed(challengeId);
  }

  /** Adds a stored submission; callers see it on their next read. */
  public Future<Void> added(SubmissionRecord submission) {
    return kept(submission.challengeId()).map(kept -> {
      kept.add(submission);
      changed(submission.challengeId());
      return null;
    });
  }
}
