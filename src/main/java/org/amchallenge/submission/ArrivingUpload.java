package org.amchallenge.submission;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.amchallenge.challenge.ChallengeEntry;

/**
 * A large CSV body read while it arrives: as each megabyte comes in, a worker reads its whole lines on the fast
 * path and compresses its bytes for storing, one step at a time, a step behind the network. When the last byte
 * has come, only the last step is left, so a million-row file is scored and stored as soon as it is in, instead of
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
    private final byte[] compressed;

    Early(ChallengeEntry entry, ParsedSubmission parsed, byte[] compressed) {
      this.entry = entry;
      this.parsed = parsed;
      this.compressed = compressed;
    }

    /** The predictions read for this entry, or null (none, another entry, or taken already). */
    public synchronized ParsedSubmission take(ChallengeEntry forEntry) {
      ParsedSubmission taken = forEntry == entry ? parsed : null;
      parsed = null;
      return taken;
    }

    public byte[] compressed() {
      return compressed;
    }
  }

  private final Vertx vertx;
  private final ChallengeEntry entry;
  private final byte[] body;
  // dropped after the last step: a million-row file's columns and buffers are not kept while it is stored
  private FastLongCsv csv;
  private ByteArrayOutputStream out;
  private LZ4FrameOutputStream lz4;
  // on the event loop only
  private int compressedTo;
  private boolean stepping;
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
    this.out = new ByteArrayOutputStream(Math.max(64, body.length / 2));
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
    if (stepping || failed != null || abandoned || lineEnd - compressedTo < STEP) return;
    step(lineEnd, false);
  }

  /** The whole body, {@code size} bytes, has come (on the event loop): what was read of it, once the last step is done. */
  public Future<Early> finish(int size) {
    arrived = size;
    done = Promise.promise();
    if (failed != null) done.fail(failed);
    else if (!stepping) step(size, true);
    return done.future();
  }

  /** The upload failed or was refused: no more steps. */
  public void abandon() {
    abandoned = true;
  }

  private void step(int limit, boolean last) {
    stepping = true;
    int from = compressedTo;
    compressedTo = limit;
    FastLongCsv reader = csv;
    ByteArrayOutputStream bytes = out;
    LZ4FrameOutputStream frames = lz4;
    if (last) {
      csv = null;
      out = null;
      lz4 = null;
    }
    vertx.executeBlocking(() -> {
      if (!last) reader.feed(body, limit);
      frames.write(body, from, limit - from);
      if (!last) return null;
      frames.close();
      byte[] whole = limit == body.length ? body : java.util.Arrays.copyOf(body, limit);
      return new Early(entry, reader.finish(whole, null), bytes.toByteArray());
    }, false).onComplete(result -> {
      stepping = false;
      if (result.failed()) {
        failed = result.cause();
        if (done != null) done.fail(failed);
        return;
      }
      if (last) done.complete(result.result());
      else if (done != null) step(arrived, true);
      else arrived(arrived);
    });
  }
}
