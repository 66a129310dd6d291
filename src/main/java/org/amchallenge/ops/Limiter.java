package org.amchallenge.ops;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's count of what each caller is doing: requests per caller (a team, the organizer, or a client address
 * while its caller is unknown) in fixed one-minute windows, team registrations per address in one-hour windows,
 * uploads of each team under way, and event streams open per address and in all. Shared by every event loop of
 * the node; keyed by team id and address, never by a token. The windows are kept in bounded caches: past
 * {@link #KEYS} callers the least recently seen is forgotten (its window starts again), so that no number of
 * callers fills the memory.
 */
public final class Limiter {
  /** The callers and addresses whose windows are kept at most, in each of the minute and the hour windows. */
  public static final int KEYS = 100_000;
  /** The teams known by their token's hash at most, so that their requests count as theirs. */
  static final int TEAMS_KNOWN = 10_000;
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);

  /** Where an event stream was refused, if it was. */
  public enum Stream { OPENED, NODE_FULL, ADDRESS_FULL }

  // a fixed window is two longs under a cache's lock: a token-bucket library would add a dependency for the same answer
  private final Cache<String, long[]> minutes;
  private final Cache<String, long[]> hours;
  private final Cache<String, String> teamsByTokenHash = Caffeine.newBuilder().maximumSize(TEAMS_KNOWN).expireAfterAccess(HOUR)
      .executor(Runnable::run).build();
  private final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();
  private final AtomicInteger streams = new AtomicInteger();
  private final Map<String, Integer> streamsByAddress = new ConcurrentHashMap<>();

  public Limiter() {
    this(KEYS);
  }

  /** With another bound on the callers kept (tests). */
  public Limiter(int keys) {
    // maintenance on the calling thread: a short step amortised over the requests, no pool thread woken for it
    minutes = Caffeine.newBuilder().maximumSize(keys).expireAfterAccess(MINUTE).executor(Runnable::run).build();
    hours = Caffeine.newBuilder().maximumSize(keys).expireAfterAccess(HOUR).executor(Runnable::run).build();
  }

  /** Counts one request of this caller; 0 where it is within {@code perMinute}, else the seconds until its next window. */
  public long request(String caller, int perMinute, long nowMillis) {
    return count(minutes, caller, perMinute, MINUTE.toMillis(), nowMillis);
  }

  /** Counts one team registration from this address; 0 where it is within {@code perHour}, else the seconds until its next window. */
  public long registration(String address, int perHour, long nowMillis) {
    return count(hours, address, perHour, HOUR.toMillis(), nowMillis);
  }

  private static long count(Cache<String, long[]> windows, String key, int limit, long length, long nowMillis) {
    long[] window = windows.asMap().compute(key, (k, w) -> {
      if (w == null || nowMillis - w[0] >= length) return new long[] {nowMillis, 1};
      w[1]++;
      return w;
    });
    return window[1] <= limit ? 0 : Math.max(1, (window[0] + length - nowMillis + 999) / 1000);
  }

  /** The team id of a token's hash, where a request of that team was seen here; null otherwise. */
  public String teamOf(String tokenHash) {
    return teamsByTokenHash.getIfPresent(tokenHash);
  }

  /** Remembers that this token's hash is the team's, so that its next requests count as the team's. */
  public void knowTeam(String tokenHash, String teamId) {
    teamsByTokenHash.put(tokenHash, teamId);
  }

  /** The callers and addresses whose windows are kept, after the caches' pending evictions. */
  public long keys() {
    minutes.cleanUp();
    hours.cleanUp();
    return minutes.estimatedSize() + hours.estimatedSize();
  }

  /** Starts one upload of the team, where fewer than {@code limit} are under way; false where it must wait. */
  public boolean startUpload(String teamId, int limit) {
    AtomicInteger running = uploads.computeIfAbsent(teamId, id -> new AtomicInteger());
    if (running.incrementAndGet() <= limit) return true;
    running.decrementAndGet();
    return false;
  }

  public void endUpload(String teamId) {
    AtomicInteger running = uploads.get(teamId);
    if (running != null) running.decrementAndGet();
  }

  /**
   * Opens one event stream from this address where fewer than {@code perNode} are open on the node and fewer than
   * {@code perAddress} from the address (0: no limit); each one opened is closed by {@link #closeStream}.
   */
  public Stream openStream(String address, int perNode, int perAddress) {
    if (streams.incrementAndGet() > perNode && perNode > 0) {
      streams.decrementAndGet();
      return Stream.NODE_FULL;
    }
    boolean[] opened = {false};
    streamsByAddress.compute(address, (a, open) -> {
      int now = open == null ? 0 : open;
      if (perAddress > 0 && now >= perAddress) return open;
      opened[0] = true;
      return now + 1;
    });
    if (opened[0]) return Stream.OPENED;
    streams.decrementAndGet();
    return Stream.ADDRESS_FULL;
  }

  /** An event stream opened from this address has ended; an address with none open is forgotten. */
  public void closeStream(String address) {
    streams.decrementAndGet();
    streamsByAddress.computeIfPresent(address, (a, open) -> open <= 1 ? null : open - 1);
  }

  /** Event streams open on this node. */
  public int streams() {
    return streams.get();
  }
}
