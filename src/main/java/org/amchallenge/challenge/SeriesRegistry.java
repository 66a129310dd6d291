package org.amchallenge.challenge;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The series a node serves, as published; a publication replaces a series whole. */
public final class SeriesRegistry {
  private final ConcurrentMap<String, Series> byId = new ConcurrentHashMap<>();

  public Optional<Series> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every series, by id. */
  public List<Series> all() {
    return byId.values().stream().sorted(Comparator.comparing(Series::id)).toList();
  }

  /** The series a challenge belongs to, by id. */
  public List<Series> containing(String challengeId) {
    return all().stream().filter(s -> s.includes(challengeId)).toList();
  }

  public void put(Series series) {
    byId.put(series.id(), series);
  }
}
