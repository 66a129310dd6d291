package org.amchallenge.people;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * A node's count of failed sign-ins, per account (its email key) and per client address, with a backoff that doubles
 * with each failure past a free allowance. An email is counted whether or not an account has it, so that the answer
 * says nothing of which emails exist. The counts are kept in bounded caches, so that guesses at random emails cannot
 * fill the memory; the caches' admission by frequency keeps a much-tried account's count against a flood of one-off
 * emails that would push it out.
 */
public final class SignInThrottle {
  /** Failures of one account that cost nothing: a person mistyping. */
  public static final int FREE_PER_ACCOUNT = 5;
  /** Failures from one address that cost nothing, more than an account's: several people may sign in through one NAT. */
  public static final int FREE_PER_ADDRESS = 20;
  /** The first wait after the allowance; each further failure doubles it, up to {@link #LONGEST}. */
  public static final Duration FIRST = Duration.ofSeconds(1);
  public static final Duration LONGEST = Duration.ofMinutes(15);
  /** After this long without a failure, the count starts again. */
  public static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);
  /** Accounts and addresses counted at most, each. */
  public static final int KEYS = 100_000;

  /** How many sign-ins failed, and when the last did. */
  private record Failures(int count, long lastMillis) {}

  private final Cache<String, Failures> accounts;
  private final Cache<String, Failures> addresses;

  public SignInThrottle() {
    this(KEYS);
  }

  /** With another bound on the accounts and addresses counted (tests). */
  public SignInThrottle(int keys) {
    // maintenance on the calling thread: a short step amortised over the sign-ins, no pool thread woken for it
    accounts = Caffeine.newBuilder().maximumSize(keys).expireAfterWrite(FORGOTTEN_AFTER).executor(Runnable::run).build();
    addresses = Caffeine.newBuilder().maximumSize(keys).expireAfterWrite(FORGOTTEN_AFTER).executor(Runnable::run).build();
  }

  /** Seconds until a sign-in for this email from this address may be tried again; 0 now. */
  public long retryAfterSeconds(String emailKey, String address, long nowMillis) {
    long waitMillis = Math.max(waitMillis(accounts.getIfPresent(emailKey), FREE_PER_ACCOUNT, nowMillis),
        waitMillis(addresses.getIfPresent(address), FREE_PER_ADDRESS, nowMillis));
    return (waitMillis + 999) / 1000;
  }

  /** Counts a failed sign-in, for an email with or without an account. */
  public void failed(String emailKey, String address, long nowMillis) {
    count(accounts, emailKey, nowMillis);
    count(addresses, address, nowMillis);
  }

  /**
   * Forgets the account's failures. The address's stay: else whoever holds one account could clear the count of an
   * address between guesses at others by signing in to it.
   */
  public void succeeded(String emailKey, String address) {
    accounts.invalidate(emailKey);
  }

  /** The accounts and addresses counted, after the caches' pending evictions. */
  public long keys() {
    accounts.cleanUp();
    addresses.cleanUp();
    return accounts.estimatedSize() + addresses.estimatedSize();
  }

  private static void count(Cache<String, Failures> cache, String key, long nowMillis) {
    cache.asMap().compute(key, (k, before) -> new Failures(current(before, nowMillis) + 1, nowMillis));
  }

  /** The failures still counted at this time: none after a quiet {@link #FORGOTTEN_AFTER}. */
  private static int current(Failures failures, long nowMillis) {
    return failures == null || nowMillis - failures.lastMillis() >= FORGOTTEN_AFTER.toMillis() ? 0 : failures.count();
  }

  private static long waitMillis(Failures failures, int free, long nowMillis) {
    int beyond = current(failures, nowMillis) - free;
    if (beyond <= 0) return 0;
    // 1 s after the first failure past the allowance, doubled with each next one; the shift is capped before it overflows
    long backoff = Math.min(FIRST.toMillis() << Math.min(beyond - 1, 30), LONGEST.toMillis());
    return Math.max(0, failures.lastMillis() + backoff - nowMillis);
  }
}
