package org.amchallenge.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.problem.ApiException;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.store.SubmissionRecord;

/** Uploading predictions and reading a team's own submissions back. */
final class SubmissionRoutes {
  private final ApiContext api;
  private final Vertx vertx;

  SubmissionRoutes(ApiContext api, Vertx vertx) {
    this.api = api;
    this.vertx = vertx;
  }

  void submit(RoutingContext ctx) {
    ChallengeEntry entry = ApiVerticle.challenge(ctx);
    Caller caller = ApiVerticle.caller(ctx);
    if (caller.team() == null) {
      ctx.fail(ApiException.forbidden("only a team's token can submit; the organizer token cannot"));
      return;
    }
    checkOpen(entry.challenge());
    ApiVerticle.upload(ctx, vertx)
        .compose(upload -> api.submissions().submit(entry, caller.team(), upload))
        .compose(record -> api.boards().added(record).map(record))
        .onSuccess(record -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .putHeader("Location", ctx.request().path() + "/" + record.id())
            .end(answer(entry, record, Caller.of(caller.team())).encode()))
        .onFailure(ctx::fail);
  }

  private void checkOpen(Challenge challenge) {
    Instant now = api.clock().instant();
    if (now.isBefore(challenge.opens())) {
      throw ApiException.forbidden("the challenge opens at " + challenge.opens() + "; no submission is accepted before");
    }
    if (!now.isBefore(challenge.closes())) {
      throw ApiException.forbidden("the challenge closed at " + challenge.closes() + "; no submission is accepted after");
    }
  }

  void listOwn(RoutingContext ctx) {
    ChallengeEntry entry = ApiVerticle.challenge(ctx);
    Caller caller = ApiVerticle.caller(ctx);
    if (caller.team() == null) {
      ctx.fail(ApiException.forbidden("a team's token lists that team's submissions"));
      return;
    }
    api.store().submissionsOfTeam(entry.id(), caller.team().id())
        .onSuccess(list -> {
          JsonArray rows = new JsonArray();
          list.forEach(s -> rows.add(answer(entry, s, caller)));
          ctx.json(new JsonObject().put("challenge", entry.id()).put("team", caller.team().name()).put("submissions", rows));
        })
        .onFailure(ctx::fail);
  }

  void show(RoutingContext ctx) {
    ChallengeEntry entry = ApiVerticle.challenge(ctx);
    Caller caller = ApiVerticle.caller(ctx);
    api.store().submission(entry.id(), ctx.pathParam("sid"))
        .compose(found -> {
          SubmissionRecord record = found.filter(s -> mayRead(entry, s, caller))
              .orElseThrow(() -> ApiException.notFound("no submission '" + ctx.pathParam("sid") + "' that this token may read"));
          return residuals(entry, record, seesAll(entry, caller))
              .map(residuals -> answer(entry, record, caller).put("residuals", residuals));
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private boolean revealed(ChallengeEntry entry) {
    return entry.challenge().statusAt(api.clock().instant(), false) == Challenge.Status.REVEALED;
  }

  private boolean seesAll(ChallengeEntry entry, Caller caller) {
    return caller.organizer() || revealed(entry);
  }

  private boolean mayRead(ChallengeEntry entry, SubmissionRecord s, Caller caller) {
    return seesAll(entry, caller) || caller.owns(s.teamId());
  }

  /** The public part for its owner before reveal; every part for the organizer, and for all after reveal. */
  private JsonObject answer(ChallengeEntry entry, SubmissionRecord s, Caller caller) {
    boolean all = seesAll(entry, caller);
    int precision = revealed(entry) ? 0 : entry.challenge().ranking().precision();
    JsonObject answer = Views.submission(s, "public", s.evaluation().publicPart(), precision);
    if (all) {
      answer.put("private", Views.part(s.evaluation().privatePart(), precision))
          .put("all", Views.part(s.evaluation().all(), precision))
          .put("description", s.description());
    }
    return answer;
  }

  /** Each predicted row with its residual: public rows for the owner, all rows where the caller sees all. */
  private Future<JsonArray> residuals(ChallengeEntry entry, SubmissionRecord record, boolean allRows) {
    int precision = revealed(entry) ? 0 : entry.challenge().ranking().precision();
    return api.store().submissionFile(record.id())
        .compose(file -> vertx.executeBlocking(() -> {
          Predictions predictions = api.submissions().reread(entry, record, file.orElseThrow()).predictions();
          JsonArray rows = new JsonArray();
          for (Map.Entry<String, ReferenceTable> q : entry.reference().tables().entrySet()) {
            Predictions.Column column = predictions.column(q.getKey());
            if (column != null) addResiduals(rows, q.getValue(), column, allRows ? null : entry.publicRows().get(q.getKey()), precision);
          }
          return rows;
        }, false));
  }

  private static void addResiduals(JsonArray rows, ReferenceTable table, Predictions.Column column, boolean[] include, int precision) {
    for (int i = 0; i < table.size(); i++) {
      double predicted = column.values()[i];
      if (Double.isNaN(predicted) || (include != null && !include[i])) continue;
      double measured = table.values()[i];
      double uncertainty = table.uncertainties()[i];
      rows.add(new JsonObject().put("sample_id", table.sample(i)).put("quantity", table.quantity().id())
          .put("point", table.point(i)).put("component", table.component(i))
          .put("predicted", Views.round(predicted, precision)).put("measured", Views.round(measured, precision))
          .put("uncertainty", Double.isNaN(uncertainty) ? null : Views.round(uncertainty, precision))
          .put("residual", Views.round(org.amchallenge.scoring.ErrorMetrics.error(predicted, measured, table.censored()[i]), precision)).put("weight", table.weights()[i]));
    }
  }
}
