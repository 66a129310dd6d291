package org.amchallenge.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.problem.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Argon2id hashes as the sign-in uses them: right, comparable with the reference implementation, and never on the event loop. */
@ExtendWith(VertxExtension.class)
class PasswordsTest {
  private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

  private Passwords passwords;

  @BeforeEach
  void start(Vertx vertx) {
    passwords = new Passwords(vertx);
  }

  @AfterEach
  void stop() {
    await(passwords.close());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      throw new AssertionError("succeeded, where a failure was expected");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("a hash is a PHC string of Argon2id at OWASP's cost with a 16-byte salt, it verifies its password and no other, and two hashes of one password differ")
  void hashThenVerify() {
    String hash = await(passwords.hash("correct horse battery"));
    Matcher phc = PHC.matcher(hash);
    assertTrue(phc.matches(), hash);
    assertEquals(List.of("19456", "2", "1"), List.of(phc.group(1), phc.group(2), phc.group(3)), hash);
    assertEquals(16, java.util.Base64.getDecoder().decode(phc.group(4)).length);
    assertEquals(32, java.util.Base64.getDecoder().decode(phc.group(5)).length);
    assertTrue(await(passwords.verify("correct horse battery", hash)));
    assertFalse(await(passwords.verify("correct horse batterz", hash)));
    assertFalse(await(passwords.verify("", hash)));
    assertNotEquals(hash, await(passwords.hash("correct horse battery")), "a fresh salt each time");
  }

  @Test
  @DisplayName("the reference implementation's own Argon2id hashes (phc-winner-argon2, src/test.c) verify, with their parameters read from the string, also on memory reused from earlier hashes")
  void referenceVectors() {
    // computed by the C reference implementation, not by this code: password "password", salt "somesalt"
    String[] reference = {
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"};
    // and again once the blocks kept from hash to hash hold an earlier hash's memory
    await(passwords.hash("an earlier password"));
    for (String hash : List.of(reference[0], reference[1], reference[1], reference[0])) {
      assertTrue(await(passwords.verify("password", hash)), hash);
      assertFalse(await(passwords.verify("passwore", hash)), hash);
      assertTrue(passwords.outdated(hash), "other parameters than today's: " + hash);
    }
    assertFalse(passwords.outdated(await(passwords.hash("a password of today"))));
  }

  @Test
  @DisplayName("a password typed with composed or decomposed accents is the same password (NFKC, as NIST SP 800-63B asks)")
  void normalized() {
    String composed = "Ångström-legierung";
    String decomposed = java.text.Normalizer.normalize(composed, java.text.Normalizer.Form.NFD);
    assertNotEquals(composed, decomposed);
    assertTrue(await(passwords.verify(decomposed, await(passwords.hash(composed)))));
  }

  @Test
  @DisplayName("a hash that is not an Argon2id PHC string, or asks for more memory than any of ours, is refused without being computed")
  void malformedHash() {
    assertInstanceOf(IllegalStateException.class, failure(passwords.verify("password", "$2a$10$abcdefghijklmnopqrstuu")));
    assertInstanceOf(IllegalStateException.class,
        failure(passwords.verify("password", "$argon2id$v=19$m=4000000,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")));
  }

  @Test
  @DisplayName("an unknown account (no hash) answers false after as long as a wrong password for a known one takes")
  void noHashTakesAsLong() {
    String hash = await(passwords.hash("the real password"));
    long[] real = new long[9];
    long[] none = new long[9];
    // interleaved, so that a change of the machine's load weighs on both alike
    for (int i = 0; i < real.length; i++) {
      long start = System.nanoTime();
      assertFalse(await(passwords.verify("a wrong password", hash)));
      real[i] = System.nanoTime() - start;
      start = System.nanoTime();
      assertFalse(await(passwords.verify("a wrong password", null)));
      none[i] = System.nanoTime() - start;
    }
    double ratio = (double) median(none) / median(real);
    // a shortcut for unknown accounts would answer in well under a tenth of the time; the bounds leave room for a loaded machine
    assertTrue(ratio > 0.4 && ratio < 2.5, "no hash " + median(none) / 1e6 + " ms, a real one " + median(real) / 1e6 + " ms");
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  @Test
  @DisplayName("hashes run on the passwords' own threads, never an event loop's: a timer on the calling event loop keeps firing while eight hashes run")
  void offTheEventLoop(Vertx vertx) throws Exception {
    Set<String> hashingThreads = ConcurrentHashMap.newKeySet();
    Thread watcher = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.getAllStackTraces().forEach((thread, stack) -> {
          if (Arrays.stream(stack).anyMatch(frame -> frame.getClassName().startsWith("org.bouncycastle.crypto.generators.Argon2"))) {
            hashingThreads.add(thread.getName());
          }
        });
        Thread.onSpinWait();
      }
    });
    watcher.start();
    Context context = vertx.getOrCreateContext();
    Promise<long[]> measured = Promise.promise();
    context.runOnContext(nothing -> {
      assertTrue(Context.isOnEventLoopThread());
      long[] gap = {0, System.nanoTime()};
      long timer = vertx.setPeriodic(5, id -> {
        long now = System.nanoTime();
        gap[0] = Math.max(gap[0], now - gap[1]);
        gap[1] = now;
      });
      long start = System.nanoTime();
      List<Future<String>> hashes = new ArrayList<>();
      for (int i = 0; i < 8; i++) hashes.add(passwords.hash("password number " + i));
      long calls = System.nanoTime() - start;
      Future.all(hashes).onComplete(done -> {
        vertx.cancelTimer(timer);
        measured.complete(new long[] {gap[0], calls, System.nanoTime() - start});
      });
    });
    long[] figures = await(measured.future());
    watcher.interrupt();
    watcher.join();
    assertFalse(hashingThreads.isEmpty(), "the hashes were seen running");
    assertTrue(hashingThreads.stream().allMatch(name -> name.startsWith("amc-passwords")), "hashing threads: " + hashingThreads);
    double allMs = figures[2] / 1e6;
    double longestGapMs = figures[0] / 1e6;
    // eight hashes of about 50 ms each: on the event loop, the timer would wait for at least one whole hash
    assertTrue(figures[1] / 1e6 < allMs / 8, "starting eight hashes took " + figures[1] / 1e6 + " ms on the event loop, all " + allMs + " ms");
    assertTrue(longestGapMs < allMs / 4, "the timer waited " + longestGapMs + " ms while the hashes took " + allMs + " ms");
  }

  @Test
  @DisplayName("beyond the hashes that may wait for a thread, more are refused at once with 503 and Retry-After, and the count recovers after")
  void boundedQueue(Vertx vertx) {
    Passwords small = new Passwords(vertx, 1, 2, Passwords.COST);
    try {
      List<Future<String>> hashes = new ArrayList<>();
      for (int i = 0; i < 10; i++) hashes.add(small.hash("password number " + i));
      await(Future.join(hashes).otherwiseEmpty());
      long hashed = hashes.stream().filter(Future::succeeded).count();
      assertEquals(3, hashed, "one running and two waiting");
      for (Future<String> refused : hashes.stream().filter(Future::failed).toList()) {
        ApiException busy = assertInstanceOf(ApiException.class, refused.cause());
        assertEquals(503, busy.status());
        assertEquals("sign-in is busy; try again", busy.getMessage());
        assertEquals(Map.of("Retry-After", "1"), busy.headers());
      }
      assertEquals(0, small.pending());
      assertTrue(await(small.verify("password number 0", await(hashes.get(0)))), "served again once the queue emptied");
    } finally {
      await(small.close());
    }
  }
}
