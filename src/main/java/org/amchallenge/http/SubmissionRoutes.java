package org.amchallenge.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.Disclosure;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.competition.SubmissionService.Admitted;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.problem.ApiException;
import org.amchallenge.scoring.ErrorMetrics;
import org.amchallenge.scoring.Plots;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;
import org.amchallenge.domain.Usage;

/** Uploading predictions, reading a team's own submissions back, and marking them for the final ranking. */
final class SubmissionRoutes {
  private static final String ADMITTED = "admitted";
  private final ApiContext api;
  private final Vertx vertx;

  SubmissionRoutes(ApiContext api, Vertx vertx) {
    this.api = api;
    this.vertx = vertx;
  }

  /** Whether this team may upload here now, decided from the headers: the body waits, paused, until it is. */
  void admit(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    Team team = teamOf(ctx);
    api.people().checkRegistered(published, team).compose(registered -> api.submissions().admit(published, team))
        .onSuccess(admitted -> {
          ctx.put(ADMITTED, admitted);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** The admitted team's file, read by {@link UploadBody}: scored, stored, and answered 201 with its public scores. */
  void submit(RoutingContext ctx) {
    Admitted admitted = ctx.get(ADMITTED);
    Published published = admitted.published();
    ApiVerticle.upload(ctx, vertx)
        .compose(upload -> api.submissions().submit(admitted, upload))
        .onSuccess(record -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .putHeader("Location", ctx.request().path() + "/" + record.id())
            .end(answer(published, record, Caller.of(admitted.team())).encode()))
        .onFailure(ctx::fail);
  }

  private static Team teamOf(RoutingContext ctx) {
    Caller caller = ApiVerticle.caller(ctx);
    if (caller.team() == null) throw ApiException.forbidden("only a team's token can do this; the organizer token cannot");
    return caller.team();
  }

  void listOwn(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    Team team = teamOf(ctx);
    Instant now = api.clock().instant();
    Instant dayStart = now.truncatedTo(ChronoUnit.DAYS);
    api.store().usage(published.id(), team.id(), dayStart)
        .compose(usage -> api.store().submissionsOfTeam(published.id(), team.id()).map(list -> {
          JsonArray rows = new JsonArray();
          list.forEach(s -> rows.add(answer(published, s, Caller.of(team))));
          return new JsonObject().put("challenge", published.id()).put("team", team.name())
              .put("quota", quota(published.challenge().rules(), usage, dayStart))
              .put("selections", new JsonObject().put("limit", published.challenge().rules().finalSelections())
                  .put("used", list.stream().filter(SubmissionRecord::selected).count()))
              .put("submissions", rows);
        }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static JsonObject quota(Challenge.Rules rules, Usage usage, Instant dayStart) {
    return new JsonObject()
        .put("today", new JsonObject().put("used", usage.today()).put("limit", rules.maxSubmissionsPerDay())
            .put("remaining", Math.max(0, rules.maxSubmissionsPerDay() - usage.today()))
            .put("resets_at", dayStart.plus(1, ChronoUnit.DAYS).toString()))
        .put("total", new JsonObject().put("used", usage.total()).put("limit", rules.maxSubmissionsTotal())
            .put("remaining", Math.max(0, rules.maxSubmissionsTotal() - usage.total())));
  }

  /**
   * Every submission of the challenge, newest first, for its organizers and reviewers: {@code team} (its name) and the
   * UTC days {@code from} and {@code to} (inclusive) narrow it.
   */
  void listAll(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    Caller caller = ApiVerticle.caller(ctx);
    String team = ctx.queryParams().get("team");
    Instant from = day(ctx.queryParams().get("from"), "from", 0);
    Instant to = day(ctx.queryParams().get("to"), "to", 1);
    int precision = revealed(published) ? 0 : published.challenge().ranking().precision();
    // the uploads after the reveal (a post-reveal board's) come after every one of the competition
    Future<java.util.List<SubmissionRecord>> every = api.boards().everySubmission(published.id()).compose(competition ->
        api.boards().postReveal(published.id()).map(after -> {
          java.util.List<SubmissionRecord> both = new java.util.ArrayList<>(competition);
          both.addAll(after);
          return both;
        }));
    every.compose(all -> api.boards().disqualifications(published.id()).map(out -> {
      JsonArray rows = new JsonArray();
      for (int i = all.size() - 1; i >= 0; i--) {
        SubmissionRecord s = all.get(i);
        if (team != null && !team.equals(s.teamName())) continue;
        if (from != null && s.submittedAt().isBefore(from) || to != null && !s.submittedAt().isBefore(to)) continue;
        org.amchallenge.domain.Disqualification d = out.stream().filter(x -> x.covers(s)).findFirst().orElse(null);
        rows.add(new JsonObject().put("id", s.id()).put("team", s.teamName()).put("team_id", s.teamId())
            .put("submitted_at", s.submittedAt().toString()).put("file_name", s.fileName()).put("format", s.format()).put("rows", s.rows())
            .put("description", s.description()).put("description_html", Views.markdown(s.description())).put("selected", s.selected())
            .put("public", new JsonObject().put("score", Views.round(s.evaluation().publicPart().score(), precision))
                .put("ranked", s.evaluation().publicPart().ranked()))
            .put("private", new JsonObject().put("score", Views.round(s.evaluation().privatePart().score(), precision))
                .put("ranked", s.evaluation().privatePart().ranked()))
            .put("disqualified", d == null ? null : new JsonObject().put("reason", d.reason()).put("at", d.at().toString()).put("actor", d.actor()))
            .put("post_reveal", s.postReveal()));
      }
      return new JsonObject().put("challenge", published.id()).put("submissions", rows);
    })).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static Instant day(String text, String name, int plusDays) {
    if (text == null || text.isBlank()) return null;
    try {
      return java.time.LocalDate.parse(text).plusDays(plusDays).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiException.badRequest("'" + name + "' must be a day as YYYY-MM-DD (UTC)");
    }
  }

  /** A submission's file as it was uploaded: its team's, and its challenge's organizers' and reviewers'. */
  void file(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    Caller caller = ApiVerticle.caller(ctx);
    String sid = ctx.pathParam("sid");
    api.store().submission(published.id(), sid)
        .map(found -> found.filter(s -> caller.organizer() || caller.owns(s.teamId()))
            .orElseThrow(() -> ApiException.notFound("no submission '" + sid + "' whose file this caller may read")))
        .compose(record -> api.store().submissionFile(record.id())
            .compose(file -> vertx.executeBlocking(() -> org.amchallenge.store.FileCodec.decompress(file.orElseThrow()), false))
            .map(bytes -> {
              String name = record.fileName() == null || record.fileName().isBlank() ? record.id() + "." + record.format()
                  : record.fileName().replaceAll("[^A-Za-z0-9._-]", "_");
              ctx.response().putHeader("Content-Type", "application/octet-stream")
                  .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
                  .end(io.vertx.core.buffer.Buffer.buffer(bytes));
              return null;
            }))
        .onFailure(ctx::fail);
  }

  void show(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    Caller caller = ApiVerticle.caller(ctx);
    api.store().submission(published.id(), ctx.pathParam("sid"))
        .compose(found -> found.isEmpty() ? Future.succeededFuture(found) : mayRead(published, found.get(), caller)
            .map(may -> may ? found : java.util.Optional.<SubmissionRecord>empty()))
        .compose(found -> {
          SubmissionRecord record = found.orElseThrow(() -> ApiException.notFound("no submission '" + ctx.pathParam("sid")
              + "' that this token may read"));
          JsonObject answer = answer(published, record, caller);
          // per-row figures and the plots' measured side are the organizer's until the reveal: they give the measurements
          return figures(published, record, seesAll(published, caller)).map(answer::mergeIn);
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** Marks one of the team's submissions for the final ranking, up to the challenge's final_selections. */
  void select(RoutingContext ctx) {
    changeSelection(ctx, true);
  }

  void unselect(RoutingContext ctx) {
    changeSelection(ctx, false);
  }

  private void changeSelection(RoutingContext ctx, boolean select) {
    Published published = ApiVerticle.published(ctx);
    Team team = teamOf(ctx);
    if (!api.clock().instant().isBefore(published.challenge().closes()) || published.revealedAt() != null) {
      throw ApiException.forbidden("selections are final once the challenge closed at " + published.challenge().closes());
    }
    api.store().submission(published.id(), ctx.pathParam("sid"))
        .compose(found -> {
          SubmissionRecord record = found.filter(s -> s.teamId().equals(team.id()))
              .orElseThrow(() -> ApiException.notFound("no submission '" + ctx.pathParam("sid") + "' of this team"));
          return select ? api.store().select(record, published.challenge().rules().finalSelections(), api.clock().instant())
              : api.store().unselect(record);
        })
        .onSuccess(done -> {
          api.boards().invalidate(published.id());
          ctx.json(new JsonObject().put("submission", ctx.pathParam("sid")).put("selected", select));
        })
        .onFailure(ctx::fail);
  }

  private boolean revealed(Published published) {
    return published.revealedAt(api.clock().instant());
  }

  private boolean seesAll(Published published, Caller caller) {
    return caller.organizer() || revealed(published);
  }

  /** The organizers', everyone's after the reveal, and its team's: by its token, or a member signed in (a session or a token). */
  private Future<Boolean> mayRead(Published published, SubmissionRecord s, Caller caller) {
    if (seesAll(published, caller) || caller.owns(s.teamId())) return Future.succeededFuture(true);
    if (caller.account() == null) return Future.succeededFuture(false);
    return api.people().team(s.teamId()).map(team -> team.accountIds().contains(caller.account().id())).otherwise(false);
  }

  /**
   * The public part for its owner before reveal, as much of it as SPEC's "What a competitor may learn" allows (with the
   * Ladder, only the released public score); every part for the organizer, and for all after reveal.
   */
  private JsonObject answer(Published published, SubmissionRecord s, Caller caller) {
    boolean all = seesAll(published, caller);
    Challenge challenge = published.challenge();
    Disclosure shown = Disclosure.of(challenge, revealed(published), caller.organizer());
    int precision = revealed(published) ? 0 : challenge.ranking().precision();
    // an upload after the reveal is scored on all rows, for the post-reveal board, where everything is public
    JsonObject answer = s.postReveal()
        ? Views.submission(s, Evaluation.Board.POST_REVEAL.id(), s.evaluation().all(), precision, shown, published.entry())
        : Views.submission(s, "public", s.evaluation().publicPart(), precision, shown, published.entry());
    answer.put("selected", s.selected());
    if (!s.evaluation().notes().isEmpty()) answer.put("notes", new io.vertx.core.json.JsonArray(s.evaluation().notes()));
    // the Ladder releases the public board's scores: an upload after the reveal is on no public board
    if (challenge.ranking().ladder() && !s.postReveal()) {
      answer.put("ladder", true).put("score", Views.round(s.releasedScore(), precision));
    }
    if (!shown.perQuantity()) answer.put("feedback", "score");
    // its team and the organizers read the whole card; anyone else (after the reveal) the fields shown to all
    Map<String, Object> card = caller.organizer() || caller.owns(s.teamId()) ? s.method()
        : org.amchallenge.competition.MethodCards.shown(challenge.methodForm(), s, false, revealed(published));
    answer.put("method", card == null ? null : new JsonObject(new java.util.LinkedHashMap<>(card)));
    if (all) {
      answer.put("public_score", Views.round(s.evaluation().publicPart().score(), precision))
          .put("private", Views.part(s.evaluation().privatePart(), precision))
          .put("all", Views.part(s.evaluation().all(), precision))
          .put("description", s.description()).put("description_html", Views.markdown(s.description()));
    }
    return answer;
  }

  /**
   * The file read again for its plots, and with {@code all} (the organizer, and all after the reveal) each predicted row
   * with its residual and measurement and the plots' measured side; without it, the team's own predicted side only.
   */
  private Future<JsonObject> figures(Published published, SubmissionRecord record, boolean all) {
    ChallengeEntry entry = published.entry();
    // a team's own side has points only for curves and distributions: a challenge without them reads no file for it
    if (!all && published.challenge().quantities().stream().noneMatch(org.amchallenge.challenge.Quantity::bySample)) {
      return Future.succeededFuture(new JsonObject().put("plots", new JsonObject()));
    }
    int precision = revealed(published) ? 0 : published.challenge().ranking().precision();
    return api.store().submissionFile(record.id())
        .compose(file -> vertx.executeBlocking(() -> {
          Predictions predictions = api.submissions().reread(entry, record, file.orElseThrow()).predictions();
          JsonObject figures = new JsonObject().put("plots", Views.plots(Plots.of(entry.reference(), predictions, all), precision));
          if (!all) return figures;
          JsonArray rows = new JsonArray();
          for (Map.Entry<String, ReferenceTable> q : entry.reference().tables().entrySet()) {
            Predictions.Column column = predictions.column(q.getKey());
            if (column != null) addResiduals(rows, q.getValue(), column, entry.publicRows().get(q.getKey()), precision);
          }
          return figures.put("residuals", rows);
        }, false));
  }

  /** {@code publicRows} names each row's part, for the organizer's plots (and everyone's after the reveal, when the split is public). */
  private static void addResiduals(JsonArray rows, ReferenceTable table, Predictions.Column column, boolean[] publicRows, int precision) {
    for (int i = 0; i < table.size(); i++) {
      double predicted = column.values()[i];
      if (Double.isNaN(predicted)) continue;
      double measured = table.values()[i];
      JsonObject row = new JsonObject().put("sample_id", table.sample(i)).put("quantity", table.quantity().id())
          .put("point", table.point(i)).put("component", table.component(i))
          .put("predicted", Views.round(predicted, precision))
          .put("residual", Views.round(ErrorMetrics.error(predicted, measured, table.censored()[i]), precision))
          .put("weight", table.weights()[i]).put("part", publicRows[i] ? "public" : "private");
      double uncertainty = table.uncertainties()[i];
      rows.add(row.put("measured", Views.round(measured, precision))
          .put("uncertainty", Double.isNaN(uncertainty) ? null : Views.round(uncertainty, precision)));
    }
  }
}
