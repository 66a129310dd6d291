package org.amchallenge.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.problem.ApiException;

/** The organizer's routes: publish or update a challenge, replace its reference data, reveal, read the audit log. */
final class OrganizerRoutes {
  private final ApiContext api;

  OrganizerRoutes(ApiContext api) {
    this.api = api;
  }

  /** A definition as YAML (the default) or JSON; 201 for a new challenge, 200 for an update. */
  void publish(RoutingContext ctx) {
    byte[] body = bytes(ctx);
    String type = ctx.request().getHeader("Content-Type");
    boolean json = type != null ? type.contains("json") : firstNonBlank(body) == '{';
    Caller caller = ApiVerticle.caller(ctx);
    api.competition().publish(body, !json, caller.actor(), (id, exists) -> mayPublish(caller, id, exists))
        .compose(publication -> publication.created() && caller.identity() != null
            ? api.people().own(caller.account(), publication.published().id()).map(publication) : Future.succeededFuture(publication))
        .onSuccess(publication -> {
          Published published = publication.published();
          ctx.response().setStatusCode(publication.created() ? 201 : 200)
              .putHeader("Content-Type", "application/json")
              .putHeader("Location", "/api/challenges/" + published.id())
              .end(Views.challenge(published.challenge(), published.statusAt(api.clock().instant()), 0)
                  .put("has_reference", published.hasReference()).encode());
        })
        .onFailure(ctx::fail);
  }

  /** A new challenge: an admin's or a creator's; an update: an admin's, or its owner's or organizers'. */
  private Future<Void> mayPublish(Caller caller, String id, boolean exists) {
    if (caller.admin()) return Future.succeededFuture();
    if (!exists) {
      return caller.account().creator() ? Future.succeededFuture()
          : Future.failedFuture(ApiException.forbidden("creating a challenge needs a site admin's leave (PUT /api/accounts/{email}/creator)"));
    }
    return api.people().role(caller.identity(), id).compose(role -> role.isPresent() && role.get().changes() ? Future.<Void>succeededFuture()
        : Future.failedFuture(ApiException.forbidden("challenge '" + id + "' is another's: only its owner and organizers update it")));
  }

  void replaceReference(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    api.competition().replaceReference(published, bytes(ctx), ApiVerticle.caller(ctx).actor())
        .onSuccess(rescored -> {
          Published now = api.challenges().get(published.id()).orElseThrow();
          ctx.json(new JsonObject().put("challenge", published.id())
              .put("reference_sha256", now.entry().reference().sha256())
              .put("rows", now.entry().reference().rows())
              .put("rescored_submissions", rescored));
        })
        .onFailure(ctx::fail);
  }

  void reveal(RoutingContext ctx) {
    api.competition().reveal(ApiVerticle.published(ctx), "true".equals(ctx.queryParams().get("close_now")), ApiVerticle.caller(ctx).actor())
        .onSuccess(published -> ctx.json(new JsonObject().put("challenge", published.id())
            .put("status", published.statusAt(api.clock().instant()).id())
            .put("revealed_at", published.revealedAt().toString())))
        .onFailure(ctx::fail);
  }

  void audit(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    api.competition().audit(published.id()).onSuccess(entries -> {
      JsonArray list = new JsonArray();
      entries.forEach(e -> list.add(new JsonObject().put("at", e.at().toString()).put("action", e.action()).put("detail", e.detail())
          .put("actor", e.actor())));
      ctx.json(new JsonObject().put("challenge", published.id()).put("actions", list));
    }).onFailure(ctx::fail);
  }

  /** The reference CSV: the organizer's at any time, everyone's after the reveal. */
  void reference(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    if (!ApiVerticle.caller(ctx).organizer() && !published.revealedAt(api.clock().instant())) {
      ctx.fail(ApiException.forbidden("the reference data are held out until the organizer reveals them"));
      return;
    }
    api.competition().reference(published.id())
        .onSuccess(csv -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + published.id() + "-reference.csv\"")
            .end(Buffer.buffer(csv)))
        .onFailure(ctx::fail);
  }

  private static byte[] bytes(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return body == null ? new byte[0] : body.getBytes();
  }

  private static int firstNonBlank(byte[] body) {
    for (byte b : body) if (!Character.isWhitespace(b)) return b;
    return -1;
  }
}
