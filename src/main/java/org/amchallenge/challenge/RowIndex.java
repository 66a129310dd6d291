package org.amchallenge.challenge;

import java.util.Arrays;
import org.amchallenge.tabular.CsvBytes;
import java.nio.charset.StandardCharsets;

/**
 * Finds a reference row from the bytes of its key (sample, point, component) as they stand in an uploaded
 * file, without making a String per row: every key packed in one array in row order, and an
 * open-addressing table of rows by hash. A file in the template's order is read in row order, so the row
 * after the last one found is tried first and the lookup walks memory in order. Written by hand because the
 * collections at hand all want an object key, and an object per row of every upload is what it avoids.
 */
public final class RowIndex {
  private static final byte SEPARATOR = 0;
  private static final long EMPTY = -1;

  private final byte[] packed;
  private final int[] offsets;
  /** Each slot a row and its key's hash ({@code hash << 32 | row}), so that a probe reads one array before the key's bytes. */
  private final long[] slots;
  private final int mask;
  private final int rows;
  private final int duplicates;

  RowIndex(String[] samples, String[] points, String[] components) {
    this(keysOf(samples, points, components));
  }

  private static Keys keysOf(String[] samples, String[] points, String[] components) {
    Keys keys = new Keys(samples.length);
    for (int row = 0; row < samples.length; row++) keys.row(samples[row], points[row], components[row]);
    return keys;
  }

  RowIndex(Keys keys) {
    int n = keys.rows;
    // the arrays the keys were written into are kept where nearly full: cutting them to their exact size would
    // cost a copy, and both copies in memory at once, to save at most an eighth of their length
    offsets = keys.offsets.length - (n + 1) <= n / 8 ? keys.offsets : Arrays.copyOf(keys.offsets, n + 1);
    offsets[n] = keys.size;
    packed = keys.bytes.length - keys.size <= keys.size / 8 ? keys.bytes : Arrays.copyOf(keys.bytes, keys.size);
    rows = n;
    int[] hashes = new int[n];
    for (int row = 0; row < n; row++) hashes[row] = mix(hashInto(1, packed, offsets[row], offsets[row + 1]));
    // at most three quarters full: a probe past a slot compares the hash the slot holds, mostly in the same cache line
    int capacity = Integer.highestOneBit(Math.max(4, n + n / 2)) << 1;
    slots = new long[capacity];
    java.util.Arrays.fill(slots, EMPTY);
    mask = capacity - 1;
    int same = 0;
    for (int row = 0; row < n; row++) {
      int slot = hashes[row] & mask;
      while (slots[slot] != EMPTY) {
        int other = (int) slots[slot];
        if (hashes[other] == hashes[row] && Arrays.equals(packed, offsets[row], offsets[row + 1], packed, offsets[other], offsets[other + 1])) same++;
        slot = (slot + 1) & mask;
      }
      slots[slot] = entry(hashes[row], row);
    }
    duplicates = same;
  }

  /**
   * The rows' keys as UTF-8 bytes, written straight into one array as they are read, so that loading a large
   * reference makes no String or byte array per row.
   */
  static final class Keys {
    private byte[] bytes;
    private int size;
    private int[] offsets;
    private int rows;

    /** Room for this many rows; the bytes are sized at the first key, for as many keys as long as it and three bytes more each (its separators and a digit). */
    private final int expected;

    Keys(int rows) {
      expected = Math.max(16, rows);
      bytes = EMPTY_BYTES;
      offsets = new int[expected + 1];
    }

    private static final byte[] EMPTY_BYTES = new byte[0];

    /** A row's key from its parts. */
    void row(String sample, String point, String component) {
      start();
      add(sample);
      add(SEPARATOR);
      add(point);
      add(SEPARATOR);
      add(component);
    }

    /** A row's key with its sample's bytes as they stand in a file (taken as they are where ASCII, else as the String they decode to). */
    void row(byte[] line, int sampleFrom, int sampleTo, String point, String component) {
      start();
      boolean ascii = true;
      for (int i = sampleFrom; i < sampleTo && ascii; i++) ascii = line[i] >= 0;
      if (ascii) {
        ensure(sampleTo - sampleFrom);
        System.arraycopy(line, sampleFrom, bytes, size, sampleTo - sampleFrom);
        size += sampleTo - sampleFrom;
      } else {
        add(new String(line, sampleFrom, sampleTo - sampleFrom, StandardCharsets.UTF_8));
      }
      add(SEPARATOR);
      add(point);
      add(SEPARATOR);
      add(component);
    }

    private void start() {
      if (rows + 1 >= offsets.length) offsets = Arrays.copyOf(offsets, offsets.length * 2);
      offsets[rows++] = size;
    }

    private void ensure(int more) {
      if (size + more <= bytes.length) return;
      if (rows == 1 && size == 0) {
        // the first key: a file's keys are mostly as long as its first one, give or take a digit
        bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(16L, (long) expected * (more + 3)))];
      } else {
        bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(bytes.length * 2L, size + more)));
      }
    }

    private void add(byte b) {
      ensure(1);
      bytes[size++] = b;
    }

    private void add(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c >= 0x80) {
          // the rest as UTF-8 (the ASCII before it is the same bytes)
          for (byte b : text.substring(i).getBytes(StandardCharsets.UTF_8)) add(b);
          return;
        }
        add((byte) c);
      }
    }
  }

  /** The sample of a row, decoded from the packed keys: the table keeps no String per row. */
  public String sample(int row) {
    int from = offsets[row];
    int to = from;
    while (packed[to] != SEPARATOR) to++;
    return new String(packed, from, to - from, StandardCharsets.UTF_8);
  }

  /** How many rows repeat the key of an earlier one: 0 in a valid table. */
  public int duplicates() {
    return duplicates;
  }

  /**
   * The row of the key made of three byte ranges of {@code line} (sample, point, component; an empty range
   * is {@code from == to}), or -1 where the table has none. {@code hint} is the row to try first.
   */
  public int find(byte[] line, int sampleFrom, int sampleTo, int pointFrom, int pointTo, int componentFrom, int componentTo, int hint) {
    int length = (sampleTo - sampleFrom) + (pointTo - pointFrom) + (componentTo - componentFrom) + 2;
    // the hinted row by its bytes alone: a file in the template's order needs no hash
    if (hint >= 0 && hint < rows && matches(hint, length, line, sampleFrom, sampleTo, pointFrom, pointTo, componentFrom, componentTo)) {
      return hint;
    }
    return probe(hash(line, sampleFrom, sampleTo, pointFrom, pointTo, componentFrom, componentTo), line, sampleFrom, sampleTo, pointFrom,
        pointTo, componentFrom, componentTo);
  }

  /** Whether {@code row} (any int) is the row of the key given as three byte ranges. */
  public boolean isRow(int row, byte[] line, int sampleFrom, int sampleTo, int pointFrom, int pointTo, int componentFrom, int componentTo) {
    int length = (sampleTo - sampleFrom) + (pointTo - pointFrom) + (componentTo - componentFrom) + 2;
    return row >= 0 && row < rows && matches(row, length, line, sampleFrom, sampleTo, pointFrom, pointTo, componentFrom, componentTo);
  }

  /** The hash of a key given as three byte ranges, for {@link #probe}. */
  public int hash(byte[] line, int sampleFrom, int sampleTo, int pointFrom, int pointTo, int componentFrom, int componentTo) {
    int h = 1;
    h = hashInto(h, line, sampleFrom, sampleTo);
    h = 31 * h + SEPARATOR;
    h = hashInto(h, line, pointFrom, pointTo);
    h = 31 * h + SEPARATOR;
    h = hashInto(h, line, componentFrom, componentTo);
    return mix(h);
  }

  /** The row of a key whose {@link #hash} is {@code h}, or -1. */
  public int probe(int h, byte[] line, int sampleFrom, int sampleTo, int pointFrom, int pointTo, int componentFrom, int componentTo) {
    int length = (sampleTo - sampleFrom) + (pointTo - pointFrom) + (componentTo - componentFrom) + 2;
    for (int slot = h & mask; slots[slot] != EMPTY; slot = (slot + 1) & mask) {
      long entry = slots[slot];
      if ((int) (entry >>> 32) == h && matches((int) entry, length, line, sampleFrom, sampleTo, pointFrom, pointTo, componentFrom, componentTo)) {
        return (int) entry;
      }
    }
    return -1;
  }

  /**
   * The first slot a key of hash {@code h} is looked for in, read now: a reader with several keys to look up reads
   * their slots one after another before probing any, so that the memory reads overlap instead of waiting in turn.
   */
  public long slot(int h) {
    return slots[h & mask];
  }

  /** Where the key of the row in a slot {@link #slot} read starts, read now for the same reason; -1 for an empty slot. */
  public int keyStart(long slot) {
    return slot == EMPTY ? -1 : offsets[(int) slot];
  }

  /** A byte of the packed keys, read now for the same reason. */
  public byte keyByte(int at) {
    return at < 0 ? 0 : packed[at];
  }

  private static long entry(int hash, int row) {
    return ((long) hash << 32) | (row & 0xffffffffL);
  }

  private boolean matches(int row, int length, byte[] line, int s0, int s1, int p0, int p1, int c0, int c1) {
    int k = offsets[row];
    if (offsets[row + 1] - k != length) return false;
    k = same(packed, k, line, s0, s1);
    if (k < 0 || packed[k++] != SEPARATOR) return false;
    k = same(packed, k, line, p0, p1);
    if (k < 0 || packed[k++] != SEPARATOR) return false;
    return same(packed, k, line, c0, c1) >= 0;
  }

  /** Where the key goes on after the range, or -1 where they differ. */
  private static int same(byte[] key, int k, byte[] line, int from, int to) {
    return CsvBytes.same(key, k, line, from, to - from) ? k + to - from : -1;
  }

  private static int hashInto(int h, byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) h = 31 * h + bytes[i];
    return h;
  }

  /** MurmurHash3's finalizer: keys that differ in their last digit land far apart, so probe runs stay short. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }
}
