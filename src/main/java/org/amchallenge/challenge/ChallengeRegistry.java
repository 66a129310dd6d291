package org.amchallenge.challenge;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The challenges a node serves, as published: each definition with its reference data and split once it has
 * them, and the time the organizer revealed it. Organizer actions replace an entry whole.
 */
public final class ChallengeRegistry {
  private final ConcurrentMap<String, Published> byId = new ConcurrentHashMap<>();

  /** A published challenge; {@code entry} is null until its reference data are uploaded. */
  public record Published(Challenge challenge, ChallengeEntry entry, Instant revealedAt) {
    public String id() {
      return challenge.id();
    }

    public boolean hasReference() {
      return entry != null;
    }

    public Challenge.Status statusAt(Instant now) {
      return challenge.statusAt(now, revealedAt != null);
    }

    public boolean revealedAt(Instant now) {
      return statusAt(now) == Challenge.Status.REVEALED;
    }
  }

  public Optional<Published> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every challenge, by id. */
  public List<Published> all() {
    return byId.values().stream().sorted(Comparator.comparing(Published::id)).toList();
  }

  public void put(Published published) {
    byId.put(published.id(), published);
  }

  public int size() {
    return byId.size();
  }
}
