package org.amchallenge.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.challenge.ReferenceTable;
import org.amchallenge.problem.ApiException;
import org.amchallenge.scoring.ErrorMetrics;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.store.QuotaExceededException;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;
import org.amchallenge.domain.Usage;

/** Uploading predictions, reading a team's own submissions back, and marking them for the final ranking. */
final class SubmissionRoutes {
  private final ApiContext api;
  private final Vertx vertx;

  SubmissionRoutes(ApiContext api, Vertx vertx) {
    this.api = api;
    this.vertx = vertx;
  }

  void submit(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    Team team = teamOf(ctx);
    checkOpen(published);
    checkTeamSize(published.challenge(), team);
    Instant now = api.clock().instant();
    checkOneTeamPerParticipant(published, team)
        .compose(ok -> api.boards().submissionsOfTeam(published.id(), team.id()))
        .compose(history -> ApiVerticle.upload(ctx, vertx).compose(upload -> api.submissions()
            .submit(published.entry(), team, upload, history)))
        .recover(failure -> Future.failedFuture(failure instanceof QuotaExceededException quota ? tooMany(quota, published, now) : failure))
        .compose(record -> api.boards().added(record).map(record))
        .onSuccess(record -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .putHeader("Location", ctx.request().path() + "/" + record.id())
            .end(answer(published, record, Caller.of(team)).encode()))
        .onFailure(ctx::fail);
  }

  private static Team teamOf(RoutingContext ctx) {
    Caller caller = ApiVerticle.caller(ctx);
    if (caller.team() == null) throw ApiException.forbidden("only a team's token can do this; the organizer token cannot");
    return caller.team();
  }

  private void checkOpen(Published published) {
    Instant now = api.clock().instant();
    Challenge challenge = published.challenge();
    if (now.isBefore(challenge.opens())) {
      throw ApiException.forbidden("the challenge opens at " + challenge.opens() + "; no submission is accepted before");
    }
    if (!now.isBefore(challenge.closes())) {
      throw ApiException.forbidden("the challenge closed at " + challenge.closes() + "; no submission is accepted after");
    }
    if (published.revealedAt() != null) {
      throw ApiException.forbidden("the challenge was revealed at " + published.revealedAt() + "; no submission is accepted after");
    }
  }

  private static void checkTeamSize(Challenge challenge, Team team) {
    int limit = challenge.rules().maxTeamSize();
    if (team.members().size() > limit) {
      throw ApiException.forbidden("team '" + team.name() + "' has " + team.members().size() + " members; this challenge allows " + limit);
    }
  }

  /** A participant competes in a challenge with one team only. */
  private Future<Void> checkOneTeamPerParticipant(Published published, Team team) {
    Set<String> members = team.members().stream().map(m -> m.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    if (members.isEmpty()) return Future.succeededFuture();
    return api.store().teamsOf(published.id()).compose(teams -> {
      for (Team other : teams) {
        if (other.id().equals(team.id())) continue;
        for (String member : other.members()) {
          if (members.contains(member.strip().toLowerCase(Locale.ROOT))) {
            return Future.failedFuture(ApiException.forbidden("'" + member + "' competes in this challenge with another team already; "
                + "a participant belongs to one team per challenge"));
          }
        }
      }
      return Future.succeededFuture();
    });
  }

  /** 429, with Retry-After until the next UTC day where the daily limit was reached. */
  private static ApiException tooMany(QuotaExceededException quota, Published published, Instant now) {
    Instant next = now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    if (!quota.daily()) return new ApiException(429, "quota", quota.getMessage() + "; the rest of the challenge is closed to it");
    return new ApiException(429, "quota", quota.getMessage() + "; the next is accepted from " + next,
        Map.of("Retry-After", Long.toString(Math.max(1, Duration.between(now, next).toSeconds()))));
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

  void show(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    Caller caller = ApiVerticle.caller(ctx);
    api.store().submission(published.id(), ctx.pathParam("sid"))
        .compose(found -> {
          SubmissionRecord record = found.filter(s -> mayRead(published, s, caller))
              .orElseThrow(() -> ApiException.notFound("no submission '" + ctx.pathParam("sid") + "' that this token may read"));
          return residuals(published, record, seesAll(published, caller))
              .map(residuals -> answer(published, record, caller).put("residuals", residuals));
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

  private boolean mayRead(Published published, SubmissionRecord s, Caller caller) {
    return seesAll(published, caller) || caller.owns(s.teamId());
  }

  /**
   * The public part for its owner before reveal (with the Ladder, the released public score as its score);
   * every part for the organizer, and for all after reveal.
   */
  private JsonObject answer(Published published, SubmissionRecord s, Caller caller) {
    boolean all = seesAll(published, caller);
    int precision = revealed(published) ? 0 : published.challenge().ranking().precision();
    JsonObject answer = Views.submission(s, "public", s.evaluation().publicPart(), precision).put("selected", s.selected());
    if (published.challenge().ranking().ladder()) {
      answer.put("ladder", true).put("score", Views.round(s.releasedScore(), precision));
    }
    if (all) {
      answer.put("public_score", Views.round(s.evaluation().publicPart().score(), precision))
          .put("private", Views.part(s.evaluation().privatePart(), precision))
          .put("all", Views.part(s.evaluation().all(), precision))
          .put("description", s.description());
    }
    return answer;
  }

  /**
   * Each predicted row with its residual: the owner's public rows before reveal (the residual only, never the
   * measured value); every row, with the measurement, for the organizer and for all after reveal.
   */
  private Future<JsonArray> residuals(Published published, SubmissionRecord record, boolean allRows) {
    ChallengeEntry entry = published.entry();
    int precision = revealed(published) ? 0 : published.challenge().ranking().precision();
    return api.store().submissionFile(record.id())
        .compose(file -> vertx.executeBlocking(() -> {
          Predictions predictions = api.submissions().reread(entry, record, file.orElseThrow()).predictions();
          JsonArray rows = new JsonArray();
          for (Map.Entry<String, ReferenceTable> q : entry.reference().tables().entrySet()) {
            Predictions.Column column = predictions.column(q.getKey());
            if (column != null) addResiduals(rows, q.getValue(), column, allRows ? null : entry.publicRows().get(q.getKey()), allRows, precision);
          }
          return rows;
        }, false));
  }

  private static void addResiduals(JsonArray rows, ReferenceTable table, Predictions.Column column, boolean[] include,
                                   boolean withMeasurements, int precision) {
    for (int i = 0; i < table.size(); i++) {
      double predicted = column.values()[i];
      if (Double.isNaN(predicted) || (include != null && !include[i])) continue;
      double measured = table.values()[i];
      JsonObject row = new JsonObject().put("sample_id", table.sample(i)).put("quantity", table.quantity().id())
          .put("point", table.point(i)).put("component", table.component(i))
          .put("predicted", Views.round(predicted, precision))
          .put("residual", Views.round(ErrorMetrics.error(predicted, measured, table.censored()[i]), precision))
          .put("weight", table.weights()[i]);
      if (withMeasurements) {
        double uncertainty = table.uncertainties()[i];
        row.put("measured", Views.round(measured, precision)).put("uncertainty", Double.isNaN(uncertainty) ? null : Views.round(uncertainty, precision));
      }
      rows.add(row);
    }
  }
}
