package org.amchallenge.submission;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.store.FileBytes;

/**
 * A large CSV body read while it arrives: as each megabyte comes in, one worker reads its whole lines on the fast
 * path and another compresses its bytes for storing, each one step at a time, a step behind the network (the two
 * run side by side: one after the other they fell behind loopback). When the last byte has come, only the last
 * steps are left, so a million-row file is scored and stored as soon as it is in, instead of
 * being read, then parsed, then compressed. The bytes go into the one array the body is read into (sized from its
 * Content-Length); a step reads only the part written before it was started. The early read is only a head start:
 * the file's format is decided as for any upload, and where the fast path gives up the general reader reads the
 * whole file and reports every problem.
 */
public final class ArrivingUpload {
  /** A step's least bytes: fewer, larger steps than the network's chunks. */
  private static final int STEP = 1 << 20;

  /**
   * What was read while the body arrived: its predictions (null where the general reader must read it) and the
   * stored form. The predictions are taken once, so that their columns are not kept while the file is stored.
   */
  public static final class Early {
    private final ChallengeEntry entry;
    private ParsedSubmission parsed;
    private final FileBytes compressed;
    private final long lineEnds;

    Early(ChallengeEntry entry, ParsedSubmission parsed, FileBytes compressed, long lineEnds) {
      this.entry = entry;
      this.parsed = parsed;
      this.compressed = compressed;
      this.lineEnds = lineEnds;
    }

    /** The LF bytes in the body, counted as it arrived: what the row limit is checked on. */
    public long lineEnds() {
      return lineEnds;
    }

    /** The predictions read for this entry, or null (none, another entry, or taken already). */
    public synchronized ParsedSubmission take(ChallengeEntry forEntry) {
      ParsedSubmission taken = forEntry == entry ? parsed : null;
      parsed = null;
      return taken;
    }

    public FileBytes compressed() {
      return compressed;
    }
  }

  private final Vertx vertx;
  private final ChallengeEntry entry;
  private final byte[] body;
  // each track's own, touched only by its steps; dropped by its last step, so that a million-row file's columns
  // and buffers are not kept while it is stored
  private FastLongCsv csv;
  private ParsedSubmission parsed;
  private long lineEnds;
  private FileBytes out;
  private LZ4FrameOutputStream lz4;
  private final Track reading = new Track(this::read);
  private final Track compressing = new Track(this::compress);
  // on the event loop only
  private int arrived;
  private int lineEnd;
  private Promise<Early> done;
  private Throwable failed;
  private boolean abandoned;

  /** Whether a body of this type and declared length is read as it arrives. */
  public static boolean suits(String contentType, long declared) {
    String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    return declared >= STEP && declared <= Integer.MAX_VALUE - 8 && !type.startsWith("multipart/")
        && !type.contains("json") && !type.contains("spreadsheetml");
  }

  /** {@code body}: the array the body is read into, of its declared length. */
  public ArrivingUpload(Vertx vertx, ChallengeEntry entry, byte[] body) {
    this.vertx = vertx;
    this.entry = entry;
    this.body = body;
    this.csv = new FastLongCsv(entry.challenge(), entry.reference());
    this.out = new FileBytes();
    this.lz4 = SubmissionService.frames(out);
  }

  /** The body's bytes up to {@code size} have been written (on the event loop). */
  public void arrived(int size) {
    // only the new bytes are looked at, from their end back to their last LF: each byte once at most
    for (int i = size - 1; i >= arrived; i--) {
      if (body[i] == '\n') {
        lineEnd = i + 1;
        break;
      }
    }
    arrived = size;
    reading.next();
    compressing.next();
  }

  /** The whole body, {@code size} bytes, has come (on the event loop): what was read of it, once the last steps are done. */
  public Future<Early> finish(int size) {
    arrived = size;
    done = Promise.promise();
    if (failed != null) done.fail(failed);
    reading.next();
    compressing.next();
    return done.future();
  }

  /** The upload failed or was refused: no more steps. */
  public void abandon() {
    abandoned = true;
  }

  /** The part of a track's work on {@code body[from, limit)}; {@code last}: the body ends at {@code limit}. */
  private interface Work {
    void on(int from, int limit, boolean last) throws Exception;
  }

  private void read(int from, int limit, boolean last) {
    lineEnds += org.amchallenge.tabular.CsvBytes.count(body, from, limit, (byte) '\n');
    if (!last) {
      csv.feed(body, limit);
      return;
    }
    byte[] whole = limit == body.length ? body : java.util.Arrays.copyOf(body, limit);
    parsed = csv.finish(whole, null);
    csv = null;
  }

  private void compress(int from, int limit, boolean last) throws java.io.IOException {
    lz4.write(body, from, limit - from);
    if (last) {
      lz4.close();
      lz4 = null;
    }
  }

  /** One kind of work over the body, a step at a time: each step started from the event loop after the one before ended. */
  private final class Track {
    private final Work work;
    private int to;
    private boolean stepping;
    private boolean ended;

    Track(Work work) {
      this.work = work;
    }

    /** Starts the next step where one is due: a megabyte of whole lines waits, or the body has ended. */
    void next() {
      if (stepping || ended || failed != null || abandoned) return;
      if (done != null) step(arrived, true);
      else if (lineEnd - to >= STEP) step(lineEnd, false);
    }

    private void step(int limit, boolean last) {
      stepping = true;
      int from = to;
      to = limit;
      vertx.executeBlocking(() -> {
        work.on(from, limit, last);
        return null;
      }, false).onComplete(result -> {
        stepping = false;
        if (result.failed()) {
          if (failed == null) failed = result.cause();
          if (done != null) done.tryFail(failed);
          return;
        }
        ended = last;
        if (!ended) next();
        else if (reading.ended && compressing.ended) {
          done.tryComplete(new Early(entry, parsed, out, lineEnds));
          parsed = null;
          out = null;
        }
      });
    }
  }
}
