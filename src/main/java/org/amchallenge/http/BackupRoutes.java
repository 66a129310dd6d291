package org.amchallenge.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.amchallenge.problem.ApiException;
import org.amchallenge.store.Backup;

/**
 * A site admin's backup of the embedded store, taken while the server serves: the store writes the zip to a file on a
 * worker of its own, which is then sent and deleted. On PostgreSQL the answer points to the database's own tools.
 */
final class BackupRoutes {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private final ApiContext api;
  private final Vertx vertx;

  BackupRoutes(ApiContext api, Vertx vertx) {
    this.api = api;
    this.vertx = vertx;
  }

  void backup(RoutingContext ctx) {
    Instant now = api.clock().instant();
    Path file = api.uploadsDir().resolve("backup-" + java.util.UUID.randomUUID() + ".zip");
    api.store().backup(file, now)
        .onSuccess(manifest -> ctx.response()
            .putHeader("Content-Type", "application/zip")
            .putHeader("Content-Disposition", "attachment; filename=\"amchallenge-backup-" + STAMP.format(now) + ".zip\"")
            .putHeader("Cache-Control", "no-store")
            .sendFile(file.toString())
            .onComplete(sent -> vertx.fileSystem().delete(file.toString())))
        .onFailure(failure -> ctx.fail(failure instanceof Backup.NotEmbeddedException
            ? new ApiException(409, "not-embedded", "this server keeps its data in PostgreSQL, which this route does not copy: "
                + "back it up with pg_dump (and restore with pg_restore), see operating.md")
            : failure));
  }
}
