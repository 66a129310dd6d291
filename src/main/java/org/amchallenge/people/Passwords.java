package org.amchallenge.people;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.problem.ApiException;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id hashes of account passwords, computed on a small pool of their own off the event loop. A hash is a PHC
 * string ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) that carries its parameters, so that they can be raised
 * later while the hashes already stored still verify.
 */
public final class Passwords {
  public static final int MIN_LENGTH = 10;

  /** OWASP's first Argon2id choice (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. */
  public static final Cost COST = new Cost(19 * 1024, 2, 1);
  /**
   * Hashes computed at once at most, one a thread: each keeps its 19 MiB of blocks for the next, so that four are 76 MiB
   * held, and four hash 80 passwords a second or so, more than the people of a challenge sign in with.
   */
  public static final int MAX_THREADS = 4;
  /** Hashes waiting for a thread beyond this many are refused: a flood of sign-ins cannot queue without end. */
  public static final int MAX_WAITING = 64;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{16,128})");
  /** Stored hashes are ours, but one read from a damaged row should not make a single verification take minutes. */
  private static final int MAX_MEMORY_KIB = 1 << 20;

  /** Argon2's memory in KiB, passes and lanes. */
  public record Cost(int memoryKib, int iterations, int parallelism) {}

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final SecureRandom random = new SecureRandom();
  private final WorkerExecutor workers;
  private final int threads;
  private final int maxWaiting;
  private final Cost cost;
  private final AtomicInteger pending = new AtomicInteger();
  /**
   * The memory of the hashes, kept from one to the next: allocated afresh, 19 MiB of garbage a hash made a collection
   * every few hashes and pauses of up to a quarter of a second in a 256 MB heap, which stop the event loops too.
   */
  private final Argon2BytesGenerator.BlockPool blocks;

  public Passwords(Vertx vertx) {
    this(vertx, Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors())), MAX_WAITING, COST);
  }

  /** With a pool of {@code threads} and at most {@code maxWaiting} hashes waiting for one, at this cost. */
  public Passwords(Vertx vertx, int threads, int maxWaiting, Cost cost) {
    this.threads = threads;
    this.maxWaiting = maxWaiting;
    this.cost = cost;
    this.blocks = new Argon2BytesGenerator.FixedBlockPool(threads * (Argon2BytesGenerator.getBlockCount(cost.memoryKib(), cost.parallelism()) + 8));
    // a pool of its own, named apart from any other instance's (a shared executor takes the size it was first made
    // with): hashes must wait neither for nor in front of the uploads on Vert.x's shared worker pool
    this.workers = vertx.createSharedWorkerExecutor("amc-passwords-" + INSTANCES.incrementAndGet(), threads);
  }

  /** The password's Argon2id hash, as one string with its parameters and salt. */
  public Future<String> hash(String password) {
    return offTheEventLoop(() -> {
      // drawn here, off the event loop too: a SecureRandom may wait for the system's entropy
      byte[] salt = new byte[SALT_BYTES];
      random.nextBytes(salt);
      return encode(cost, salt, argon2(password, cost, salt, HASH_BYTES));
    });
  }

  /** Whether the password matches the hash; with a null hash, a dummy verification of the same cost, then false. */
  public Future<Boolean> verify(String password, String hash) {
    if (hash == null) return offTheEventLoop(this::dummyVerification);
    Matcher phc = PHC.matcher(hash);
    if (!phc.matches()) return Future.failedFuture(new IllegalStateException("a stored password hash is not an Argon2id PHC string"));
    Cost stored = new Cost(Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)), Integer.parseInt(phc.group(3)));
    if (stored.memoryKib() > MAX_MEMORY_KIB || stored.iterations() < 1 || stored.parallelism() < 1 || stored.memoryKib() < 8 * stored.parallelism()) {
      return Future.failedFuture(new IllegalStateException("a stored password hash has parameters out of range: " + stored));
    }
    byte[] salt = decode(phc.group(4));
    byte[] expected = decode(phc.group(5));
    return offTheEventLoop(() -> MessageDigest.isEqual(expected, argon2(password, stored, salt, expected.length)));
  }

  /** Whether a hash was made with other parameters than today's, so that the service may hash the password anew at sign-in. */
  public boolean outdated(String hash) {
    Matcher phc = PHC.matcher(hash);
    return !phc.matches() || !cost.equals(new Cost(Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)), Integer.parseInt(phc.group(3))));
  }

  /** Hashes now computed or waiting for a thread. */
  public int pending() {
    return pending.get();
  }

  /** The cost of an unknown account's sign-in is that of a known one, so that its time does not tell the two apart. */
  private boolean dummyVerification() {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] computed = argon2("", cost, salt, HASH_BYTES);
    MessageDigest.isEqual(computed, new byte[HASH_BYTES]);
    return false;
  }

  private <T> Future<T> offTheEventLoop(java.util.concurrent.Callable<T> work) {
    if (pending.incrementAndGet() > threads + maxWaiting) {
      pending.decrementAndGet();
      return Future.failedFuture(new ApiException(503, "busy", "sign-in is busy; try again", Map.of("Retry-After", "1")));
    }
    // unordered: the hashes of different requests run side by side on the pool's threads
    return workers.executeBlocking(work, false).andThen(done -> pending.decrementAndGet());
  }

  /**
   * NIST SP 800-63B asks that a password be normalized (NFKC) before it is hashed, so that the same characters
   * typed on another keyboard or system, composed differently, still match.
   */
  private byte[] argon2(String password, Cost cost, byte[] salt, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(cost.memoryKib()).withIterations(cost.iterations()).withParallelism(cost.parallelism())
        .withSalt(salt).withBlockPool(blocks).build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  private static String encode(Cost cost, byte[] salt, byte[] hash) {
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
        + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
  }

  private static byte[] decode(String unpadded) {
    return Base64.getDecoder().decode(unpadded);
  }

  /** Releases the pool's threads. */
  public Future<Void> close() {
    return workers.close();
  }
}
