package org.amchallenge.scoring;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable metric map, in its keys' order, that may hold nulls: the keys live in one array shared by every
 * map with the same keys, the values in a {@code double[]}. Written by hand because the server holds one per
 * quantity and part of every submission in memory (tens of thousands), where a {@code LinkedHashMap} of boxed
 * doubles costs an entry and a box per value; no library map is ordered, null-capable and key-sharing at once.
 */
final class MetricValues extends AbstractMap<String, Double> {
  private static final Map<List<String>, String[]> KEY_SETS = new ConcurrentHashMap<>();

  private final String[] keys;
  private final double[] values;
  private final long nulls;

  private MetricValues(String[] keys, double[] values, long nulls) {
    this.keys = keys;
    this.values = values;
    this.nulls = nulls;
  }

  /** A compact copy of {@code metrics}; maps of more than 64 entries are copied as they are. */
  static Map<String, Double> of(Map<String, Double> metrics) {
    if (metrics instanceof MetricValues || metrics.size() > 64) return metrics;
    String[] keys = metrics.keySet().toArray(String[]::new);
    String[] shared = KEY_SETS.size() < 1024 ? KEY_SETS.computeIfAbsent(List.of(keys), k -> keys) : keys;
    double[] values = new double[keys.length];
    long nulls = 0;
    int i = 0;
    for (Double value : metrics.values()) {
      if (value == null) nulls |= 1L << i;
      else values[i] = value;
      i++;
    }
    return new MetricValues(shared, values, nulls);
  }

  private int indexOf(Object key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) return i;
    }
    return -1;
  }

  private Double valueAt(int i) {
    return (nulls & (1L << i)) != 0 ? null : values[i];
  }

  @Override
  public Double get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : valueAt(i);
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public Set<Entry<String, Double>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Double>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Entry<String, Double> next() {
            if (next >= keys.length) throw new NoSuchElementException();
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], valueAt(i));
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }

  @Override
  public String toString() {
    return "MetricValues" + Arrays.toString(keys);
  }
}
