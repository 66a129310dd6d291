package org.amchallenge.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.challenge.Disclosure;
import org.amchallenge.competition.SubmissionService;
import org.amchallenge.domain.Baseline;
import org.amchallenge.problem.ApiException;

/**
 * A challenge's baselines (SPEC "Baselines"): its organizers add one (a prediction file, as a submission's body, with a
 * name and an optional description) and remove it; anyone lists them, with what the public board shows of each.
 */
final class BaselineRoutes {
  private final ApiContext api;
  private final Vertx vertx;

  BaselineRoutes(ApiContext api, Vertx vertx) {
    this.api = api;
    this.vertx = vertx;
  }

  /** The organizer's file, read once the route let the caller through: scored, stored, answered 201 with its scores. */
  void add(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    String name = ctx.queryParams().get("name");
    String queried = ctx.queryParams().get("description");
    ApiVerticle.upload(ctx, vertx)
        .compose(upload -> {
          String description = upload.description() != null ? upload.description() : queried;
          return api.competition().addBaseline(published, withDescription(upload, description), name, description,
              ApiVerticle.caller(ctx).actor());
        })
        .onSuccess(baseline -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .putHeader("Location", ctx.request().path() + "/" + baseline.id())
            .end(view(published, baseline, true).encode()))
        .onFailure(ctx::fail);
  }

  private static SubmissionService.Upload withDescription(SubmissionService.Upload upload, String description) {
    return new SubmissionService.Upload(upload.body(), upload.contentType(), upload.fileName(), description, upload.early());
  }

  void list(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    boolean organizer = ApiVerticle.caller(ctx).organizer();
    api.store().baselines(published.id()).map(baselines -> {
      JsonArray rows = new JsonArray();
      baselines.forEach(b -> rows.add(view(published, b, organizer)));
      return new JsonObject().put("challenge", published.id()).put("baselines", rows);
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  void remove(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    String id = ctx.pathParam("bid");
    api.competition().removeBaseline(published, id, ApiVerticle.caller(ctx).actor())
        .onSuccess(removed -> {
          if (removed) ctx.response().setStatusCode(204).end();
          else ctx.fail(ApiException.notFound("no baseline '" + id + "' in challenge " + published.id()));
        })
        .onFailure(ctx::fail);
  }

  /** What a caller may read of a baseline: before the reveal, the public part as the public board shows it, unless an organizer. */
  private JsonObject view(Published published, Baseline baseline, boolean organizer) {
    boolean revealed = published.revealedAt(api.clock().instant());
    int precision = revealed ? 0 : published.challenge().ranking().precision();
    Disclosure shown = Disclosure.of(published.challenge(), revealed, organizer);
    return Views.baseline(baseline, precision, organizer || revealed, shown, published.entry());
  }
}
