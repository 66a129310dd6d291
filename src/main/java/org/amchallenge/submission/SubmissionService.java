package org.amchallenge.submission;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.store.Store;
import org.amchallenge.store.SubmissionRecord;
import org.amchallenge.store.Team;

/** Takes an uploaded file from bytes to a durable, scored submission: read, score, store. */
public final class SubmissionService {
  private final Vertx vertx;
  private final Store store;
  private final Clock clock;

  public SubmissionService(Vertx vertx, Store store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  /** An uploaded file, as the HTTP layer received it. */
  public record Upload(byte[] body, String contentType, String fileName, String description) {}

  /** Reads and scores off the event loop, then stores; the future succeeds only once the row is committed. */
  public Future<SubmissionRecord> submit(ChallengeEntry entry, Team team, Upload upload) {
    return vertx.executeBlocking(() -> evaluate(entry, team, upload), false)
        .compose(scored -> store.insertSubmission(scored.record(), scored.compressedFile()).map(scored.record()));
  }

  private record Scored(SubmissionRecord record, byte[] compressedFile) {}

  private Scored evaluate(ChallengeEntry entry, Team team, Upload upload) {
    byte[] head = java.util.Arrays.copyOf(upload.body(), Math.min(upload.body().length, 64));
    SubmissionFormat format = SubmissionFormat.detect(upload.contentType(), upload.fileName(), head);
    ParsedSubmission parsed = new PredictionReader(entry.challenge(), entry.reference())
        .read(format, upload.body(), upload.description());
    Evaluation evaluation = Evaluation.of(entry.challenge(), entry.reference(), entry.publicRows(), entry.privateRows(),
        parsed.predictions());
    SubmissionRecord record = new SubmissionRecord(UUID.randomUUID().toString(), entry.id(), team.id(), team.name(),
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), upload.fileName(), format.name().toLowerCase(), parsed.description(), parsed.rows(),
        evaluation, entry.reference().sha256(), Scorer.VERSION);
    return new Scored(record, gzip(upload.body()));
  }

  /** Reads a stored file again, for the residuals of its rows. */
  public ParsedSubmission reread(ChallengeEntry entry, SubmissionRecord record, byte[] compressedFile) {
    byte[] body = gunzip(compressedFile);
    return new PredictionReader(entry.challenge(), entry.reference())
        .read(SubmissionFormat.valueOf(record.format().toUpperCase()), body, record.description());
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
    try (GZIPOutputStream zip = new GZIPOutputStream(out, 1 << 16)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] bytes) {
    try (var zip = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return zip.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
