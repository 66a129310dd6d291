package org.amchallenge.competition;

import org.amchallenge.store.FileCodec;
import org.amchallenge.submission.ParsedSubmission;
import org.amchallenge.submission.FastLongCsv;
import org.amchallenge.submission.SubmissionFormat;
import org.amchallenge.submission.PredictionReader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.amchallenge.Fixtures;
import org.amchallenge.challenge.ChallengeCatalog;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ReferenceReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A large CSV read while it arrives gives what reading it whole gives, and its stored form is the file. */
class ArrivingUploadTest {
  private static final int SAMPLES = 100_000;
  private static final ChallengeEntry ENTRY = entry();
  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void close() throws Exception {
    VERTX.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ChallengeEntry entry() {
    StringBuilder reference = new StringBuilder("sample_id,quantity,value,uncertainty\n");
    for (int i = 0; i < SAMPLES; i++) {
      reference.append("P").append(i).append(",depth,").append(100 + i % 50).append(",2\n");
      reference.append("P").append(i).append(",width,").append(200 + i % 70).append(",3\n");
    }
    var challenge = Fixtures.challenge();
    return ChallengeCatalog.entry(challenge, ReferenceReader.read(challenge, reference.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Every reference row predicted, some lines with CR LF, blank lines between, an uncertainty column: about 5.7 MB, six parts. */
  private static byte[] predictions(Random random) {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value,uncertainty\r\n");
    for (int i = SAMPLES - 1; i >= 0; i--) {
      for (String quantity : List.of("depth", "width")) {
        csv.append("P").append(i).append(',').append(quantity).append(',').append(random.nextInt(100_000) / 100.0).append(',')
            .append(random.nextInt(4) == 0 ? "" : Double.toString(random.nextInt(500) / 100.0)).append(random.nextBoolean() ? "\r\n" : "\n");
        if (random.nextInt(500) == 0) csv.append("\n\r\n");
      }
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ParsedSubmission whole(byte[] body) {
    return new FastLongCsv(ENTRY.challenge(), ENTRY.reference()).read(body, null);
  }

  private static void assertSame(ParsedSubmission expected, ParsedSubmission actual) {
    assertEquals(expected.rows(), actual.rows());
    for (String quantity : List.of("depth", "width")) {
      assertArrayEquals(expected.predictions().column(quantity).values(), actual.predictions().column(quantity).values(), quantity);
      assertArrayEquals(expected.predictions().column(quantity).uncertainties(), actual.predictions().column(quantity).uncertainties(), quantity);
    }
  }

  @Test
  @DisplayName("read in pieces, each ending after an LF, a file gives what it gives read whole")
  void pieces() {
    Random random = new Random(11);
    for (int run = 0; run < 5; run++) {
      byte[] body = predictions(random);
      ParsedSubmission expected = whole(body);
      assertNotNull(expected);
      assertEquals(2 * SAMPLES, expected.rows());
      FastLongCsv reader = new FastLongCsv(ENTRY.challenge(), ENTRY.reference());
      for (int limit = 0; limit < body.length; ) {
        int next = Math.min(body.length, limit + 1 + random.nextInt(run == 0 ? 64 : 300_000));
        while (next < body.length && body[next - 1] != '\n') next++;
        if (next == body.length) break;
        assertTrue(reader.feed(body, next));
        limit = next;
      }
      assertSame(expected, reader.finish(body, null));
    }
  }

  @Test
  @DisplayName("a file the fast path refuses part way is refused read in pieces too, and read whole again")
  void refusedInPieces() {
    byte[] body = predictions(new Random(5));
    String text = new String(body, StandardCharsets.UTF_8);
    byte[] unknown = text.replace("P20000,width", "Q20000,width").getBytes(StandardCharsets.UTF_8);
    FastLongCsv reader = new FastLongCsv(ENTRY.challenge(), ENTRY.reference());
    boolean refused = false;
    for (int limit = 1; limit < unknown.length && !refused; limit++) {
      if (unknown[limit - 1] == '\n') refused = !reader.feed(unknown, limit);
    }
    assertTrue(refused);
    assertNull(reader.finish(unknown, null));
    assertFalse(new PredictionReader(ENTRY.challenge(), ENTRY.reference()).read(SubmissionFormat.CSV, body, null).rows() == 0);
  }

  /** The body in chunks of 1 byte to 64 kB, each handed over on the event loop as the HTTP layer does, then ended. */
  private static ArrivingUpload.Early arrive(byte[] body, Random random) throws Exception {
    CompletableFuture<ArrivingUpload.Early> result = new CompletableFuture<>();
    var context = VERTX.getOrCreateContext();
    context.runOnContext(start -> {
      ArrivingUpload upload = new ArrivingUpload(VERTX, ENTRY, "text/csv");
      Promise<Void> sent = Promise.promise();
      send(context, upload, body, 0, random, sent);
      sent.future().compose(done -> upload.finish()).onComplete(r -> {
        if (r.succeeded()) result.complete(r.result());
        else result.completeExceptionally(r.cause());
      });
    });
    return result.get(60, TimeUnit.SECONDS);
  }

  private static void send(io.vertx.core.Context context, ArrivingUpload upload, byte[] body, int at, Random random, Promise<Void> sent) {
    if (at == body.length) {
      sent.complete();
      return;
    }
    int size = Math.min(body.length - at, 1 + random.nextInt(65_536));
    upload.append(io.vertx.core.buffer.Buffer.buffer(Arrays.copyOfRange(body, at, at + size)));
    // each chunk on a later turn of the event loop, so that steps run meanwhile
    context.runOnContext(next -> send(context, upload, body, at + size, random, sent));
  }

  @Test
  @DisplayName("a body read as it arrives: the same predictions as read whole, taken once, for its own challenge only; the stored form is the file")
  void arriving() throws Exception {
    Random random = new Random(3);
    byte[] body = predictions(random);
    ArrivingUpload.Early early = arrive(body, random);
    assertArrayEquals(body, FileCodec.decompress(early.compressed().toArray()));
    assertArrayEquals(body, early.body(), "the whole body again, from the stored form");
    assertArrayEquals(Arrays.copyOf(body, 64), early.head());
    long lineEnds = 0;
    for (byte b : body) if (b == '\n') lineEnds++;
    assertEquals(lineEnds, early.rowMarks(), "the LFs the row limit is checked on");
    assertNull(early.take(Fixtures.entry()), "another entry's read is not used");
    early = arrive(body, random);
    ParsedSubmission parsed = early.take(ENTRY);
    assertSame(whole(body), parsed);
    assertNull(early.take(ENTRY), "taken once");
  }

  @Test
  @DisplayName("a file without uncertainties: each value in its reference row, every uncertainty NaN, the shared NaN column never written")
  void withoutUncertainties() throws Exception {
    Random random = new Random(8);
    // the reference has P0..P29999 in order for each quantity: row i of each table is sample Pi
    double[] depth = new double[SAMPLES];
    double[] width = new double[SAMPLES];
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 0; i < SAMPLES; i++) {
      depth[i] = random.nextInt(100_000) / 100.0;
      width[i] = i % 3 == 0 ? Double.NaN : random.nextInt(100_000) / 100.0;
      csv.append("P").append(i).append(",depth,").append(depth[i]).append('\n');
      if (i % 3 > 0) csv.append("P").append(i).append(",width,").append(width[i]).append('\n');
    }
    byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
    for (int run = 0; run < 2; run++) {
      ParsedSubmission parsed = arrive(body, random).take(ENTRY);
      assertEquals(SAMPLES + SAMPLES * 2 / 3, parsed.rows());
      assertArrayEquals(depth, parsed.predictions().column("depth").values());
      assertArrayEquals(width, parsed.predictions().column("width").values());
      for (String quantity : List.of("depth", "width")) {
        assertTrue(Arrays.stream(parsed.predictions().column(quantity).uncertainties()).allMatch(Double::isNaN), quantity);
        assertTrue(Arrays.stream(ENTRY.reference().table(quantity).unknownColumn()).allMatch(Double::isNaN), quantity);
      }
    }
  }

  @Test
  @DisplayName("a body the fast path does not take arrives with no predictions and its stored form intact")
  void notTaken() throws Exception {
    Random random = new Random(4);
    List<byte[]> bodies = new ArrayList<>();
    bodies.add(new String(predictions(random), StandardCharsets.UTF_8).replace("P123,depth", "\"P123\",depth").getBytes(StandardCharsets.UTF_8));
    byte[] json = new byte[1_200_000];
    Arrays.fill(json, (byte) ' ');
    json[0] = '{';
    json[json.length - 1] = '}';
    bodies.add(json);
    for (byte[] body : bodies) {
      ArrivingUpload.Early early = arrive(body, random);
      assertNull(early.take(ENTRY));
      assertArrayEquals(body, FileCodec.decompress(early.compressed().toArray()));
    }
  }

  /** The body sent back to back (faster than any track) until paused, resumed when told; the counts of pauses, resumes and most parts waiting. */
  private static CompletableFuture<ArrivingUpload.Early> burst(ChallengeEntry entry, byte[] body, Random random, int[] pauses, int[] resumes,
                                                               int[] mostWaiting) {
    CompletableFuture<ArrivingUpload.Early> result = new CompletableFuture<>();
    var context = VERTX.getOrCreateContext();
    context.runOnContext(start -> {
      ArrivingUpload upload = new ArrivingUpload(VERTX, entry, "text/csv");
      boolean[] paused = new boolean[1];
      int[] at = new int[1];
      // the sender: chunks back to back in one turn of the event loop (faster than any track), until paused
      Runnable[] burst = new Runnable[1];
      burst[0] = () -> {
        while (!paused[0] && at[0] < body.length) {
          int size = Math.min(body.length - at[0], 1 + random.nextInt(65_536));
          upload.append(io.vertx.core.buffer.Buffer.buffer(Arrays.copyOfRange(body, at[0], at[0] + size)));
          at[0] += size;
          mostWaiting[0] = Math.max(mostWaiting[0], upload.partsWaiting());
        }
        if (at[0] == body.length && !paused[0]) {
          at[0]++;
          upload.finish().onComplete(r -> {
            if (r.succeeded()) result.complete(r.result());
            else result.completeExceptionally(r.cause());
          });
        }
      };
      upload.flowControl(() -> {
        paused[0] = true;
        pauses[0]++;
      }, () -> {
        paused[0] = false;
        resumes[0]++;
        context.runOnContext(next -> burst[0].run());
      });
      burst[0].run();
    });
    return result;
  }

  @Test
  @DisplayName("a sender faster than the tracks is paused at four parts waiting and resumed as they are dropped; the file is read whole all the same")
  void flowControl() throws Exception {
    Random random = new Random(9);
    byte[] body = predictions(random);
    int[] pauses = new int[1];
    int[] resumes = new int[1];
    int[] mostWaiting = new int[1];
    ArrivingUpload.Early early = burst(ENTRY, body, random, pauses, resumes, mostWaiting).get(60, TimeUnit.SECONDS);
    assertTrue(pauses[0] >= 1, "paused at least once");
    assertEquals(pauses[0], resumes[0], "every pause resumed");
    assertEquals(4, mostWaiting[0], "never more than four parts waiting");
    assertSame(whole(body), early.take(ENTRY));
    assertArrayEquals(body, FileCodec.decompress(early.compressed().toArray()));
  }

  @Test
  @DisplayName("a step that fails: the sender is resumed and not paused again, the rest of the body comes and the upload fails; it does not hang")
  void failureWhilePaused() throws Exception {
    // a reference without the width table: the reading step throws at the first width row, in the first part
    var depthOnly = new org.amchallenge.challenge.ReferenceData(java.util.Map.of("depth", ENTRY.reference().table("depth")), ENTRY.reference().sha256());
    ChallengeEntry broken = ChallengeCatalog.entry(ENTRY.challenge(), depthOnly);
    Random random = new Random(10);
    // twice the rows (about 11 parts), so that more than four parts are still to come after the failure
    String rows = new String(predictions(random), StandardCharsets.UTF_8);
    byte[] body = (rows + rows.substring(rows.indexOf('\n') + 1)).getBytes(StandardCharsets.UTF_8);
    int[] pauses = new int[1];
    int[] resumes = new int[1];
    var result = burst(broken, body, random, pauses, resumes, new int[1]);
    var failure = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, () -> result.get(20, TimeUnit.SECONDS));
    assertTrue(failure.getCause() instanceof NullPointerException, failure.toString());
    // (whether the sender was paused before the failure was seen depends on when the worker threw)
    assertEquals(pauses[0], resumes[0], "every pause resumed");
  }
}
