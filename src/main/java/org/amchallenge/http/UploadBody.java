package org.amchallenge.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Arrays;
import java.util.Locale;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.competition.ArrivingUpload;

/**
 * Reads an admitted team's upload: the body into one array that grows as bytes arrive (never sized from the
 * declared Content-Length, which costs a caller nothing to claim), or, for a large CSV, as it arrives
 * ({@link ArrivingUpload}), never held whole. Refuses a body over the limit with 413 before reading it where the
 * length is declared, and as soon as it passes the limit where it is not. Multipart forms go to the body handler,
 * which writes their files to disk. Runs after the team was admitted: nothing is read for a refused caller.
 */
final class UploadBody implements Handler<RoutingContext> {
  static final String BYTES = "upload-bytes";
  /** A large CSV body, read as it arrived ({@link ArrivingUpload.Early}) instead of kept in {@link #BYTES}. */
  static final String EARLY = "upload-early";
  private static final String CUT_OFF = "upload-cut-off";
  /** Set once the whole body has been read (by this handler or, for a multipart form, by the body handler). */
  private static final String ARRIVED = "upload-arrived";
  private static final String MULTIPART = "upload-multipart";

  /** The handler after this one: the body has arrived, and the time limit no longer applies. */
  static void arrived(RoutingContext ctx) {
    ctx.put(ARRIVED, true);
    ctx.next();
  }

  /** 413, and the connection closed after it: the rest of the body is not read (nor drained). */
  private static void refuse(RoutingContext ctx) {
    ctx.put(Requests.PROBLEM_TYPE, "too-large");
    Requests.closeAfterAnswer(ctx);
    ctx.fail(413);
  }

  /** The body has not arrived in time: 408, and the connection closed so that the client stops sending. */
  private void tooSlow(RoutingContext ctx) {
    boolean multipart = ctx.get(MULTIPART) != null;
    // a plain body that has all come is being read, not late; a form's parts may still be missing after its last byte
    if (ctx.response().headWritten() || ctx.get(ARRIVED) != null || (ctx.request().isEnded() && !multipart)) return;
    ctx.put(CUT_OFF, true);
    ctx.put(Requests.PROBLEM_TYPE, "too-slow");
    Requests.closeAfterAnswer(ctx);
    // the body handler deletes a form's files only once the form is complete: these never will be
    if (multipart) ctx.addEndHandler(ended -> ctx.fileUploads().forEach(file -> ctx.vertx().fileSystem().delete(file.uploadedFileName())));
    ProblemHandler.send(ctx, ProblemHandler.problem(408, "too-slow", "Request Timeout", "the upload did not arrive within "
        + timeoutMillis / 1000 + " s; this server cuts slower uploads off").put("instance", ctx.request().path()));
  }

  /** The array a body starts in; it doubles as bytes arrive. */
  private static final int FIRST_ARRAY = 1 << 16;

  private final long limit;
  private final long timeoutMillis;
  private final BodyHandler multipart;

  /** {@code timeoutSeconds}: the time the whole body may take to arrive; a slower client gets 408 and its connection closed. */
  UploadBody(long limit, int timeoutSeconds, BodyHandler multipart) {
    this.limit = limit;
    this.timeoutMillis = timeoutSeconds * 1000L;
    this.multipart = multipart;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Requests.bodyRead(ctx);
    if (ctx.request().isEnded()) {
      // a body declared empty may have ended while the caller was admitted (only such a body is not held paused)
      ctx.put(BYTES, new byte[0]);
      ctx.next();
      return;
    }
    long timer = ctx.vertx().setTimer(timeoutMillis, fired -> tooSlow(ctx));
    ctx.addEndHandler(ended -> ctx.vertx().cancelTimer(timer));
    String type = ctx.request().getHeader("Content-Type");
    long declared = declaredLength(ctx);
    if (declared > limit && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/"))) {
      refuse(ctx);
      return;
    }
    // curl asks before sending a body over 1 MB and waits a second for the answer where none comes
    String expect = ctx.request().getHeader("Expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) ctx.response().writeContinue();
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      ctx.put(MULTIPART, true);
      multipart.handle(ctx);
      return;
    }
    new Reading(ctx, declared, type).start();
  }

  private static long declaredLength(RoutingContext ctx) {
    try {
      String length = ctx.request().getHeader("Content-Length");
      return length == null ? -1 : Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** One body being read. */
  private final class Reading {
    private final RoutingContext ctx;
    private byte[] body;
    private int size;
    private boolean failed;
    private ArrivingUpload arriving;

    Reading(RoutingContext ctx, long declared, String type) {
      this.ctx = ctx;
      Published published = ApiVerticle.published(ctx);
      if (ArrivingUpload.suits(type, declared) && published != null && published.hasReference()) {
        // a large CSV or JSON body is read as it arrives and never held whole
        arriving = new ArrivingUpload(ctx.vertx(), published.entry(), type);
        arriving.flowControl(() -> ctx.request().pause(), () -> ctx.request().resume());
      } else {
        this.body = new byte[(int) Math.min(FIRST_ARRAY, Math.max(0, declared))];
      }
    }

    private void fail() {
      failed = true;
      body = null;
      if (arriving != null) arriving.abandon();
    }

    void start() {
      ctx.request().handler(this::append).endHandler(end -> finish()).exceptionHandler(failure -> {
        if (!failed) {
          fail();
          ctx.fail(failure);
        }
      });
      ctx.request().resume();
    }

    private void append(Buffer chunk) {
      if (failed) return;
      if (ctx.get(CUT_OFF) != null) {
        fail();
        return;
      }
      if ((long) size + chunk.length() > limit) {
        fail();
        refuse(ctx);
        return;
      }
      if (arriving != null) {
        arriving.append(chunk);
        size += chunk.length();
        return;
      }
      if (size + chunk.length() > body.length) body = Arrays.copyOf(body, Math.max(size + chunk.length(), body.length * 2));
      chunk.getBytes(0, chunk.length(), body, size);
      size += chunk.length();
    }

    private void finish() {
      if (failed || ctx.get(CUT_OFF) != null) return;
      if (arriving == null) {
        ctx.put(BYTES, size == body.length ? body : Arrays.copyOf(body, size));
        ctx.next();
        return;
      }
      ArrivingUpload reading = arriving;
      arriving = null;
      reading.finish().onComplete(early -> {
        if (ctx.get(CUT_OFF) != null) return;
        if (early.failed()) {
          // nothing is kept of a body that failed on its way in: the failure is answered, and the file may be sent again
          ctx.fail(early.cause());
          return;
        }
        ctx.put(EARLY, early.result());
        ctx.next();
      });
    }
  }
}
