package org.amchallenge.competition;

import org.amchallenge.store.FileCodec;
import org.amchallenge.submission.ParsedSubmission;
import org.amchallenge.submission.FastJson;
import org.amchallenge.submission.FastLongCsv;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.store.FileBytes;

/**
 * A large CSV or JSON body read while it arrives, never held whole: its bytes are cut into parts of about a megabyte
 * (of whole lines, for a CSV), and as each part comes in, one worker reads its lines on the fast path and another compresses it
 * for storing, each a part at a time, a step behind the network, side by side so that together they keep up with it.
 * A part is dropped once both have had it, so the body's bytes are in memory a megabyte or two at a time and a large
 * file fits a small heap; the stored form is the only whole copy. When the last byte has come, only the last part is left. The early read is only a head
 * start: the file's format is decided as for any upload, and where the fast path gives up the general reader
 * reads the whole file, decompressed from its stored form, and reports every problem.
 */
public final class ArrivingUpload {
  /** A part's least bytes: fewer, larger steps than the network's chunks. */
  private static final int STEP = 1 << 20;
  /** The bytes of the body's start kept for deciding its format. */
  private static final int HEAD = 64;

  /**
   * What was read while the body arrived: its predictions (null where the general reader must read it), the stored
   * form, and what the body's checks need. The predictions are taken once, so that their columns are not kept while
   * the file is stored.
   */
  public static final class Early {
    private final ChallengeEntry entry;
    private ParsedSubmission parsed;
    private final FileBytes compressed;
    private final long rowMarks;
    private final byte[] head;

    Early(ChallengeEntry entry, ParsedSubmission parsed, FileBytes compressed, long rowMarks, byte[] head) {
      this.entry = entry;
      this.parsed = parsed;
      this.compressed = compressed;
      this.rowMarks = rowMarks;
      this.head = head;
    }

    /** The predictions read for this entry, or null (none, another entry, or taken already). */
    public synchronized ParsedSubmission take(ChallengeEntry forEntry) {
      ParsedSubmission taken = forEntry == entry ? parsed : null;
      parsed = null;
      return taken;
    }

    /** The stored form: LZ4 frames of the body. */
    public FileBytes compressed() {
      return compressed;
    }

    /** The LF bytes in a CSV body, the '{' bytes in a JSON one, counted as it arrived: what the row limit is checked on. */
    public long rowMarks() {
      return rowMarks;
    }

    /** The body's first bytes (64 at most), for its format. */
    public byte[] head() {
      return head.clone();
    }

    /** The whole body again, from its stored form: for the general reader, where the fast path gave up. */
    public byte[] body() {
      return FileCodec.decompress(compressed.toArray());
    }
  }

  /** Whole lines of the body, {@code bytes[0, length)}; the last part ends the body. */
  private record Part(byte[] bytes, int length, boolean last) {}

  private final Vertx vertx;
  private final ChallengeEntry entry;
  // each track's own, touched only by its steps; dropped by its last step, so that a million-row file's columns
  // and buffers are not kept while it is stored
  private FastLongCsv csv;
  private FastJson json;
  private ParsedSubmission parsed;
  private long rowMarks;
  private FileBytes out;
  private LZ4FrameOutputStream lz4;
  private final Track reading = new Track(this::read);
  private final Track compressing = new Track(this::compress);
  // on the event loop only
  private final java.util.ArrayList<Part> parts = new java.util.ArrayList<>();
  private static final int SEGMENT = STEP + (STEP >> 2);
  // made as bytes arrive, not from the declared length, which costs a caller nothing to claim
  private byte[] segment = new byte[0];
  private final java.util.ArrayDeque<byte[]> spare = new java.util.ArrayDeque<>();
  private int used;
  private int lineEnd;
  private final byte[] head = new byte[HEAD];
  private int headSize;
  private Promise<Early> done;
  private Throwable failed;
  private boolean abandoned;
  // flow control: parts made and not yet dropped; past IN_FLIGHT the body's source is paused until one is dropped
  private int pending;
  private boolean paused;
  private Runnable pause = () -> { };
  private Runnable resume = () -> { };

  /**
   * At most this many parts wait for the tracks: a fast network outruns them, and parts piling up would each be a new
   * array that outlives a young collection. Paused, the sender waits (TCP's own flow control) and the arrays go round.
   */
  private static final int IN_FLIGHT = 4;

  /** Whether a body of this type and declared length is read as it arrives. */
  public static boolean suits(String contentType, long declared) {
    String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    return declared >= STEP && declared <= Integer.MAX_VALUE - 8 && !type.startsWith("multipart/") && !type.contains("spreadsheetml");
  }

  /** Whether this type names a JSON body, read by the JSON fast path; any other is read as a CSV. */
  private static boolean json(String contentType) {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
  }

  /** Whether the body is JSON, which is cut anywhere (the parser takes a token split across parts), not only at a line's end. */
  private final boolean isJson;

  public ArrivingUpload(Vertx vertx, ChallengeEntry entry, String contentType) {
    this.vertx = vertx;
    this.entry = entry;
    this.isJson = json(contentType);
    // the reader and the compressor are made at the first part: a body that never comes costs no buffers
  }

  /** How to pause and resume the body's source (on the event loop): a request's {@code pause} and {@code resume}. */
  public void flowControl(Runnable pause, Runnable resume) {
    this.pause = pause;
    this.resume = resume;
  }

  /** Parts made and not yet dropped (on the event loop). */
  int partsWaiting() {
    return pending;
  }

  /** The body's next bytes (on the event loop). */
  public void append(Buffer chunk) {
    int n = chunk.length();
    if (headSize < HEAD) {
      int take = Math.min(HEAD - headSize, n);
      chunk.getBytes(0, take, head, headSize);
      headSize += take;
    }
    if (used + n > segment.length) segment = java.util.Arrays.copyOf(segment, Math.max(used + n, Math.max(1 << 16, segment.length * 2)));
    chunk.getBytes(0, n, segment, used);
    // only the new bytes are looked at, from their end back to their last LF: each byte once at most
    for (int i = used + n - 1; i >= used; i--) {
      if (segment[i] == '\n') {
        lineEnd = i + 1;
        break;
      }
    }
    used += n;
    if (isJson) lineEnd = used;
    if (lineEnd < STEP) return;
    // a part of whole lines goes to the tracks; the line begun after it starts the next segment, in an array
    // both tracks are done with where there is one (a few in turn instead of one per megabyte of the file)
    byte[] full = segment;
    byte[] reused = spare.poll();
    segment = reused != null && reused.length >= used - lineEnd + STEP ? reused : new byte[Math.max(SEGMENT, used - lineEnd + STEP)];
    System.arraycopy(full, lineEnd, segment, 0, used - lineEnd);
    parts.add(new Part(full, lineEnd, false));
    used -= lineEnd;
    lineEnd = 0;
    if (++pending >= IN_FLIGHT && !paused && failed == null) {
      paused = true;
      pause.run();
    }
    reading.next();
    compressing.next();
  }

  /** The whole body has come (on the event loop): what was read of it, once the last part is done. */
  public Future<Early> finish() {
    parts.add(new Part(java.util.Arrays.copyOf(segment, used), used, true));
    segment = null;
    spare.clear();
    done = Promise.promise();
    if (failed != null) done.fail(failed);
    reading.next();
    compressing.next();
    return done.future();
  }

  /** The upload failed or was refused: no more steps, and the parts not read yet dropped. */
  public void abandon() {
    abandoned = true;
    parts.clear();
    spare.clear();
    segment = null;
  }

  /** A track's work on one part. */
  private interface Work {
    void on(Part part) throws Exception;
  }

  private void read(Part part) {
    rowMarks += org.amchallenge.tabular.CsvBytes.count(part.bytes(), 0, part.length(), isJson ? (byte) '{' : (byte) '\n');
    if (isJson) {
      if (json == null) json = new FastJson(entry.challenge(), entry.reference());
      json.feedPart(part.bytes(), part.length());
      if (part.last()) {
        parsed = json.finishParts(null);
        json = null;
      }
      return;
    }
    if (csv == null) csv = new FastLongCsv(entry.challenge(), entry.reference());
    csv.feedPart(part.bytes(), part.length());
    if (part.last()) {
      parsed = csv.result(null);
      csv = null;
    }
  }

  private void compress(Part part) throws java.io.IOException {
    if (lz4 == null) {
      out = new FileBytes();
      lz4 = FileCodec.frames(out);
    }
    lz4.write(part.bytes(), 0, part.length());
    if (part.last()) {
      lz4.close();
      lz4 = null;
    }
  }

  /** One kind of work over the parts, in order, one at a time: each step started from the event loop after the one before ended. */
  private final class Track {
    private final Work work;
    private int next;
    private int completed;
    private boolean stepping;
    private boolean ended;

    Track(Work work) {
      this.work = work;
    }

    /** Starts the next step where a part waits. */
    void next() {
      if (stepping || ended || failed != null || abandoned || next >= parts.size()) return;
      int index = next++;
      Part part = parts.get(index);
      stepping = true;
      vertx.executeBlocking(() -> {
        work.on(part);
        return null;
      }, false).onComplete(result -> {
        stepping = false;
        completed = index + 1;
        // a part both tracks have had is dropped
        if (!abandoned && reading.completed > index && compressing.completed > index) {
          parts.set(index, null);
          if (!part.last()) {
            spare.push(part.bytes());
            if (--pending < IN_FLIGHT && paused) {
              paused = false;
              resume.run();
            }
          }
        }
        if (result.failed()) {
          if (failed == null) failed = result.cause();
          if (done != null) done.tryFail(failed);
          // no part will be dropped now: the rest of the body must still come, for the failure to be answered
          if (paused) {
            paused = false;
            resume.run();
          }
          return;
        }
        ended = part.last();
        if (!ended) next();
        else if (reading.ended && compressing.ended) {
          done.tryComplete(new Early(entry, parsed, out, rowMarks, java.util.Arrays.copyOf(head, headSize)));
          parsed = null;
          out = null;
        }
      });
    }
  }
}
