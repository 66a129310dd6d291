package org.amchallenge.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Failed sign-ins counted per account and per address, on a clock the test sets. */
class SignInThrottleTest {
  private static final long T0 = 1_780_000_000_000L;
  private static final String HOME = "192.0.2.10";

  @Test
  @DisplayName("an account's first five failures cost nothing; then the wait is 1 s, 2 s, 4 s … doubling up to 15 minutes")
  void accountBackoff() {
    SignInThrottle throttle = new SignInThrottle();
    long now = T0;
    List<Long> waits = new ArrayList<>();
    // each failure from an address of its own, so that only the account's count is at work
    for (int failure = 1; failure <= 17; failure++) {
      assertEquals(0, throttle.retryAfterSeconds("ada@example.org", "198.51.100." + failure, now), "may try, before failure " + failure);
      throttle.failed("ada@example.org", "198.51.100." + failure, now);
      long wait = throttle.retryAfterSeconds("ada@example.org", "203.0.113.1", now);
      waits.add(wait);
      now += wait * 1000;
    }
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 900L, 900L), waits);
  }

  @Test
  @DisplayName("the wait counts down with the clock, in whole seconds rounded up, and another account is not held by it")
  void countsDown() {
    SignInThrottle throttle = new SignInThrottle();
    for (int i = 0; i < 8; i++) throttle.failed("ada@example.org", "198.51.100." + i, T0); // 3 past the allowance: 4 s
    assertEquals(4, throttle.retryAfterSeconds("ada@example.org", HOME, T0));
    assertEquals(3, throttle.retryAfterSeconds("ada@example.org", HOME, T0 + 1_500));
    assertEquals(1, throttle.retryAfterSeconds("ada@example.org", HOME, T0 + 3_999));
    assertEquals(0, throttle.retryAfterSeconds("ada@example.org", HOME, T0 + 4_000));
    assertEquals(0, throttle.retryAfterSeconds("grace@example.org", HOME, T0));
  }

  @Test
  @DisplayName("an address's first twenty failures cost nothing, whatever the emails; then every email from it waits, and other addresses do not")
  void addressBackoff() {
    SignInThrottle throttle = new SignInThrottle();
    for (int i = 1; i <= 20; i++) {
      throttle.failed("guess" + i + "@example.org", HOME, T0);
      assertEquals(0, throttle.retryAfterSeconds("next@example.org", HOME, T0), "after " + i + " failures");
    }
    throttle.failed("guess21@example.org", HOME, T0);
    assertEquals(1, throttle.retryAfterSeconds("next@example.org", HOME, T0));
    throttle.failed("guess22@example.org", HOME, T0);
    assertEquals(2, throttle.retryAfterSeconds("next@example.org", HOME, T0));
    assertEquals(0, throttle.retryAfterSeconds("next@example.org", "198.51.100.7", T0));
  }

  @Test
  @DisplayName("a success forgets the account's failures but not the address's, so that one's own account cannot clear an address between guesses")
  void success() {
    SignInThrottle throttle = new SignInThrottle();
    for (int i = 0; i < 21; i++) throttle.failed("ada@example.org", HOME, T0);
    assertEquals(900, throttle.retryAfterSeconds("ada@example.org", "198.51.100.1", T0));
    throttle.succeeded("ada@example.org", HOME);
    assertEquals(0, throttle.retryAfterSeconds("ada@example.org", "198.51.100.1", T0));
    assertEquals(1, throttle.retryAfterSeconds("grace@example.org", HOME, T0), "the address's 21 failures still count");
  }

  @Test
  @DisplayName("after a quiet hour the count starts again: five free failures once more")
  void forgotten() {
    SignInThrottle throttle = new SignInThrottle();
    for (int i = 0; i < 7; i++) throttle.failed("ada@example.org", "198.51.100." + i, T0);
    assertEquals(2, throttle.retryAfterSeconds("ada@example.org", HOME, T0));
    long later = T0 + SignInThrottle.FORGOTTEN_AFTER.toMillis();
    for (int i = 0; i < 5; i++) {
      throttle.failed("ada@example.org", "198.51.100." + i, later);
      assertEquals(0, throttle.retryAfterSeconds("ada@example.org", HOME, later), "failure " + (i + 1) + " after the hour");
    }
    throttle.failed("ada@example.org", HOME, later);
    assertEquals(1, throttle.retryAfterSeconds("ada@example.org", HOME, later));
  }

  @Test
  @DisplayName("guesses at 200,000 random emails keep at most the bound in memory, and a much-tried account's count survives the flood")
  void bounded() {
    SignInThrottle throttle = new SignInThrottle(1_000);
    for (int i = 0; i < 10; i++) {
      throttle.failed("ada@example.org", "198.51.100." + i, T0);
      throttle.retryAfterSeconds("ada@example.org", HOME, T0);
    }
    long waitBefore = throttle.retryAfterSeconds("ada@example.org", HOME, T0);
    assertEquals(16, waitBefore);
    java.util.Random random = new java.util.Random(23);
    for (int i = 0; i < 200_000; i++) {
      String email = Long.toHexString(random.nextLong()) + "@example.org";
      throttle.failed(email, "203.0.113." + random.nextInt(256), T0);
      if (i % 50 == 0) throttle.retryAfterSeconds("ada@example.org", HOME, T0); // the attacked account keeps being tried
    }
    assertTrue(throttle.keys() <= 2_000, throttle.keys() + " keys kept");
    assertEquals(waitBefore, throttle.retryAfterSeconds("ada@example.org", HOME, T0), "the account's count was not pushed out");
  }
}
