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
    if ("true".equals(ctx.queryParams().get("dry_run"))) {
      api.competition().preview(body, !json, (id, exists) -> mayPublish(caller, id, exists))
          .onSuccess(preview -> ctx.json(new JsonObject().put("valid", true)
              .put("challenge", Views.challenge(preview.challenge(), preview.challenge().statusAt(api.clock().instant(), false), 0))
              .put("template_csv", preview.templateCsv())))
          .onFailure(ctx::fail);
      return;
    }
    api.competition().publish(body, !json, caller.actor(), (id, exists) -> mayPublish(caller, id, exists))
        .compose(publication -> publication.created() && caller.identity() != null
            ? api.people().own(caller.account(), publication.published().id()).map(publication) : Future.succeededFuture(publication))
        .onSuccess(publication -> {
          Published published = publication.published();
          ctx.response().setStatusCode(publication.created() ? 201 : 200)
              .putHeader("Content-Type", "application/json")
              .putHeader("Location", "/api/challenges/" + published.id())
              .end(Views.challenge(published.challenge(), published.statusAt(api.clock().instant()), 0)
                  .put("has_reference", published.hasReference())
                  .put("status", published.hasReference() ? published.statusAt(api.clock().instant()).id() : "draft").encode());
        })
        .onFailure(ctx::fail);
  }

  /** A new challenge: an admin's or a creator's; an update: an admin's, or its owner's or organizers'. */
  private Future<Void> mayPublish(Caller caller, String id, boolean exists) {
    if (caller.admin()) return Future.succeededFuture();
    if (!exists) {
      return api.people().mayCreate(caller.identity()).compose(creator -> creator ? Future.<Void>succeededFuture()
          : Future.failedFuture(ApiException.forbidden("creating a challenge needs a site admin's leave (PUT /api/accounts/{email}/creator)")));
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
              .put("rescored_submissions", rescored)
              .put("report", report(now.entry())));
        })
        .onFailure(ctx::fail);
  }

  /** What the organizer uploaded, counted: rows, samples, each quantity's rows and those with an uncertainty, each part's rows. */
  private static JsonObject report(org.amchallenge.challenge.ChallengeEntry entry) {
    JsonObject quantities = new JsonObject();
    java.util.Set<String> samples = new java.util.HashSet<>();
    int publicRows = 0;
    int rows = 0;
    for (var table : entry.reference().tables().entrySet()) {
      var t = table.getValue();
      boolean[] isPublic = entry.publicRows().get(table.getKey());
      int withUncertainty = 0;
      for (int i = 0; i < t.size(); i++) {
        samples.add(t.sample(i));
        if (!Double.isNaN(t.uncertainties()[i])) withUncertainty++;
        if (isPublic != null && isPublic[i]) publicRows++;
      }
      rows += t.size();
      quantities.put(table.getKey(), new JsonObject().put("rows", t.size()).put("with_uncertainty", withUncertainty));
    }
    return new JsonObject().put("rows", rows).put("samples", samples.size()).put("quantities", quantities)
        .put("public_rows", publicRows).put("private_rows", rows - publicRows);
  }

  void reveal(RoutingContext ctx) {
    api.competition().reveal(ApiVerticle.published(ctx), "true".equals(ctx.queryParams().get("close_now")), ApiVerticle.caller(ctx).actor())
        .onSuccess(published -> ctx.json(new JsonObject().put("challenge", published.id())
            .put("status", published.statusAt(api.clock().instant()).id())
            .put("revealed_at", published.revealedAt().toString())))
        .onFailure(ctx::fail);
  }

  /** Closes an open challenge now. */
  void close(RoutingContext ctx) {
    api.competition().close(ApiVerticle.published(ctx), ApiVerticle.caller(ctx).actor())
        .onSuccess(published -> ctx.json(new JsonObject().put("challenge", published.id())
            .put("status", published.statusAt(api.clock().instant()).id()).put("closes", published.challenge().closes().toString())))
        .onFailure(ctx::fail);
  }

  /** How far the rescore after a reference upload has come, on this node. */
  void rescoring(RoutingContext ctx) {
    var progress = api.submissions().rescoring(ApiVerticle.published(ctx).id());
    ctx.json(new JsonObject().put("running", progress.isPresent())
        .put("done", progress.map(p -> p.done().get()).orElse(0)).put("total", progress.map(p -> p.total()).orElse(0)));
  }

  void putInput(RoutingContext ctx) {
    String name = inputName(ctx);
    if (name == null) return;
    api.competition().putInput(ApiVerticle.published(ctx), name, bytes(ctx), ApiVerticle.caller(ctx).actor())
        .onSuccess(stored -> ctx.response().setStatusCode(stored.created() ? 201 : 200).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("name", name).put("size", ctx.body().length()).put("sha256", stored.sha256()).encode()))
        .onFailure(ctx::fail);
  }

  void removeInput(RoutingContext ctx) {
    String name = inputName(ctx);
    if (name == null) return;
    api.competition().removeInput(ApiVerticle.published(ctx), name, ApiVerticle.caller(ctx).actor())
        .onSuccess(removed -> {
          if (removed) ctx.response().setStatusCode(204).end();
          else ctx.fail(ApiException.notFound("no uploaded input file '" + name + "'"));
        })
        .onFailure(ctx::fail);
  }

  private static String inputName(RoutingContext ctx) {
    String name = ctx.pathParam("file");
    if (!ChallengeRoutes.SAFE_FILE.matcher(name).matches() || name.length() > 128) {
      ctx.fail(ApiException.badRequest("an input file's name is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit"));
      return null;
    }
    return name;
  }

  void disqualify(RoutingContext ctx) {
    JsonObject body = PeopleRoutes.body(ctx);
    api.competition().disqualify(ApiVerticle.published(ctx), text(body, "submission"), text(body, "team"), text(body, "reason"),
            ApiVerticle.caller(ctx).actor())
        .onSuccess(d -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(disqualification(d).encode()))
        .onFailure(ctx::fail);
  }

  /** The disqualifications: the organizers' and reviewers' at any time, everyone's after the reveal. */
  void disqualifications(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    if (!ApiVerticle.caller(ctx).organizer() && !published.revealedAt(api.clock().instant())) {
      ctx.fail(ApiException.forbidden("the disqualifications are the organizers' until the reveal"));
      return;
    }
    api.boards().disqualifications(published.id())
        .onSuccess(list -> ctx.json(new JsonObject().put("challenge", published.id())
            .put("disqualifications", new JsonArray(list.stream().map(d -> (Object) disqualification(d)).toList()))))
        .onFailure(ctx::fail);
  }

  void reinstate(RoutingContext ctx) {
    api.competition().reinstate(ApiVerticle.published(ctx), ctx.pathParam("did"), ApiVerticle.caller(ctx).actor())
        .onSuccess(done -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static String text(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) throw ApiException.badRequest("'" + field + "' must be a string");
    return (String) value;
  }

  private static JsonObject disqualification(org.amchallenge.domain.Disqualification d) {
    return new JsonObject().put("id", d.id()).put("submission", d.submissionId()).put("team", d.teamName()).put("reason", d.reason())
        .put("actor", d.actor()).put("at", d.at().toString());
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
