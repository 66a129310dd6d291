package org.amchallenge.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's count of what each caller is doing: requests per token in fixed one-minute windows, and uploads
 * of each team under way. Shared by every event loop of the node; keyed by token hash and team id, never by
 * a token.
 */
public final class Limiter {
  private static final long MINUTE = 60_000;

  private final Map<String, long[]> windows = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();

  /** Counts one request of this token; 0 where it is within {@code perMinute}, else the seconds until the next window. */
  public long request(String tokenHash, int perMinute, long nowMillis) {
    if (windows.size() > 100_000) windows.values().removeIf(w -> nowMillis - w[0] >= MINUTE);
    long[] window = windows.compute(tokenHash, (key, w) -> {
      if (w == null || nowMillis - w[0] >= MINUTE) return new long[] {nowMillis, 1};
      w[1]++;
      return w;
    });
    return window[1] <= perMinute ? 0 : Math.max(1, (window[0] + MINUTE - nowMillis + 999) / 1000);
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
}
