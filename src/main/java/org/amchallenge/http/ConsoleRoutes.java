package org.amchallenge.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.leaderboard.Ranking;
import org.amchallenge.problem.ApiException;

/** The organizer's console: the challenges a caller has a role on (every one for an admin), each with its figures of the day. */
final class ConsoleRoutes {
  private final ApiContext api;

  ConsoleRoutes(ApiContext api) {
    this.api = api;
  }

  void myChallenges(RoutingContext ctx) {
    Caller caller = ApiVerticle.caller(ctx);
    if (caller.identity() == null && !caller.adminToken()) {
      ctx.fail(caller.team() != null ? ApiException.forbidden("this route is an account's: sign in, or send a personal access token")
          : ApiException.unauthorized("sign in, or send a personal access token as 'Authorization: Bearer <token>'"));
      return;
    }
    Future<Map<String, String>> roles = caller.admin() ? Future.succeededFuture(Map.of())
        : api.people().rolesOf(caller.account()).map(grants -> {
          Map<String, String> byChallenge = new java.util.HashMap<>();
          grants.forEach(g -> byChallenge.put(g.challengeId(), g.role().name().toLowerCase(java.util.Locale.ROOT)));
          return byChallenge;
        });
    roles.compose(byChallenge -> {
      List<Published> mine = api.challenges().all().stream()
          .filter(p -> caller.admin() || byChallenge.containsKey(p.id()))
          .sorted(java.util.Comparator.comparing((Published p) -> p.challenge().closes()).reversed()).toList();
      List<Future<JsonObject>> rows = new ArrayList<>();
      for (Published p : mine) rows.add(row(p, byChallenge.getOrDefault(p.id(), "admin")));
      return Future.all(rows).map(all -> {
        JsonArray list = new JsonArray();
        rows.forEach(f -> list.add(f.result()));
        return new JsonObject().put("challenges", list);
      });
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private Future<JsonObject> row(Published p, String role) {
    Instant now = api.clock().instant();
    JsonObject row = new JsonObject().put("id", p.id()).put("title", p.challenge().title())
        .put("status", p.hasReference() ? p.statusAt(now).id() : "draft")
        .put("opens", p.challenge().opens().toString()).put("closes", p.challenge().closes().toString())
        .put("revealed_at", p.revealedAt() == null ? null : p.revealedAt().toString())
        .put("role", role).put("has_reference", p.hasReference());
    Future<JsonObject> participants = api.people().participants(p.id()).map(list -> new JsonObject()
        .put("approved", list.stream().filter(x -> x.status().equals("approved")).count())
        .put("pending", list.stream().filter(x -> x.status().equals("pending")).count()));
    Future<List<SubmissionRecord>> every = p.hasReference() ? api.boards().everySubmission(p.id()) : Future.succeededFuture(List.of());
    Future<List<SubmissionRecord>> ranked = p.hasReference() ? api.boards().submissions(p.id()) : Future.succeededFuture(List.of());
    return Future.all(participants, every, ranked).map(all -> {
      Instant dayStart = now.truncatedTo(ChronoUnit.DAYS);
      List<SubmissionRecord> submissions = every.result();
      List<Ranking.Row> board = p.hasReference() ? Ranking.finalBoard(p.challenge(), ranked.result()) : List.of();
      int precision = p.revealedAt(now) ? 0 : p.challenge().ranking().precision();
      return row.put("participants", participants.result())
          .put("teams", submissions.stream().map(SubmissionRecord::teamId).distinct().count())
          .put("submissions_today", submissions.stream().filter(s -> !s.submittedAt().isBefore(dayStart)).count())
          .put("submissions_total", submissions.size())
          .put("leader", board.isEmpty() ? null : new JsonObject().put("team", board.get(0).team())
              .put("score", Views.round(board.get(0).score(), precision)));
    });
  }
}
