package org.amchallenge.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.problem.ApiException;

/** The ranking analysis of a challenge's final board: its organizers and reviewers at any time, anyone after the reveal. */
final class AnalysisRoutes {
  private final ApiContext api;

  AnalysisRoutes(ApiContext api) {
    this.api = api;
  }

  void show(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    // decided before anything is computed: the analysis is made of the private part's per-sample losses
    if (!ApiVerticle.caller(ctx).organizer() && !published.revealedAt(api.clock().instant())) {
      ctx.fail(ApiException.forbidden("the ranking analysis is made of the private part: it opens when the organizers reveal it"));
      return;
    }
    String accept = ctx.request().getHeader("Accept");
    api.analyses().of(published.entry()).onSuccess(analysis -> {
      if (accept != null && accept.startsWith("text/csv")) {
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + published.id() + "-challenger.csv\"").end(Buffer.buffer(analysis.challengerCsv()));
      } else if (accept != null && accept.startsWith("text/html")) {
        // the results bundle's page, not the site's: it carries its own style and no script, so it is sent as a download
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + published.id() + "-analysis.html\"").end(Buffer.buffer(analysis.html()));
      } else {
        ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(analysis.json()));
      }
    }).onFailure(ctx::fail);
  }
}
