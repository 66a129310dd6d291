package org.amchallenge.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.domain.Role;
import org.amchallenge.domain.Scope;
import org.amchallenge.domain.Tokens;
import org.amchallenge.people.PeopleService.Identity;
import org.amchallenge.problem.ApiException;

/**
 * Who a request comes from, and whether it may call its route, decided from the headers before any body is read:
 * the admin token, a personal access token ({@code amc_pat_…}), a team's token, or the browser's session cookie (whose
 * state changes carry {@code X-CSRF-Token}). Then one guard per kind of route: an organizer's change, an organizer's
 * read, a team's upload, an account's own business, a site admin's.
 */
final class Authentication {
  static final String PAT_PREFIX = "amc_pat_";
  private final ApiContext api;

  Authentication(ApiContext api) {
    this.api = api;
  }

  /** Every /api request: the caller, from a token or the session; an unknown token is 401, a session's change without its CSRF token 403. */
  void authenticate(RoutingContext ctx) {
    String token = ApiVerticle.bearer(ctx);
    if (token != null) {
      String hash = Tokens.hash(token);
      if (Tokens.sameHash(hash, api.organizerTokenHash())) {
        proceed(ctx, Caller.ADMIN);
      } else if (token.startsWith(PAT_PREFIX)) {
        api.people().byAccessToken(token).onComplete(found -> {
          if (found.failed()) ctx.fail(found.cause());
          else if (found.result().isEmpty()) ctx.fail(ApiException.unauthorized("the token is not valid (revoked, or never issued)"));
          else {
            api.limiter().knowTeam(hash, "account-" + found.result().get().account().id());
            proceed(ctx, Caller.of(found.result().get()));
          }
        });
      } else {
        api.store().teamByTokenHash(hash).onComplete(found -> {
          if (found.failed()) ctx.fail(found.cause());
          else if (found.result().isEmpty()) ctx.fail(ApiException.unauthorized("the token is not valid"));
          else proceed(ctx, Caller.of(found.result().get()));
        });
      }
      return;
    }
    String session = SessionCookie.of(ctx);
    // signing up or in makes a new session, whatever cookie the browser still holds: it acts with no session's authority
    if (opensSession(ctx) && crossSite(ctx)) {
      ctx.fail(new ApiException(403, "csrf", "signing up or in is taken from this server's own pages only", java.util.Map.of()));
      return;
    }
    if (session == null || opensSession(ctx)) {
      proceed(ctx, Caller.ANYONE);
      return;
    }
    api.people().bySession(session).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
      } else if (found.result().isEmpty()) {
        proceed(ctx, Caller.ANYONE);  // an ended session's cookie: the caller is anyone
      } else if (changesState(ctx) && !Tokens.sameHash(csrf(ctx), found.result().get().csrfToken())) {
        ctx.fail(new ApiException(403, "csrf", "a change sent with the session's cookie must carry its X-CSRF-Token header "
            + "(the csrf_token of POST /api/sessions or GET /api/me)", java.util.Map.of()));
      } else {
        proceed(ctx, Caller.of(found.result().get()));
      }
    });
  }

  private static boolean opensSession(RoutingContext ctx) {
    String path = ctx.request().path();
    return ctx.request().method() == HttpMethod.POST && ("/api/sessions".equals(path) || "/api/accounts".equals(path));
  }

  /**
   * A request a page of another site made the browser send (Sec-Fetch-Site, or an Origin other than this server's): a
   * form there could otherwise sign the browser in to the other site's account.
   */
  private static boolean crossSite(RoutingContext ctx) {
    String site = ctx.request().getHeader("Sec-Fetch-Site");
    if (site != null) return site.equals("cross-site");
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || origin.equals("null")) return origin != null;
    String host = ctx.request().getHeader("Host");
    return host == null || !origin.replaceFirst("^https?://", "").equals(host);
  }

  private static String csrf(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-CSRF-Token");
    return given == null ? "" : given;
  }

  private static boolean changesState(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
  }

  private static void proceed(RoutingContext ctx, Caller caller) {
    ctx.put(ApiVerticle.CALLER, caller);
    ctx.next();
  }

  /** A challenge's read route: the caller's role on it, where the caller is an account that may act as organizer. */
  void identifyCaller(RoutingContext ctx) {
    roleOnChallenge(ctx).onSuccess(caller -> proceed(ctx, caller)).onFailure(ctx::fail);
  }

  private Future<Caller> roleOnChallenge(RoutingContext ctx) {
    Caller caller = ApiVerticle.caller(ctx);
    Published published = ApiVerticle.published(ctx);
    Identity identity = caller.identity();
    if (published == null || identity == null || !identity.may(Scope.ORGANIZE)) return Future.succeededFuture(caller);
    return api.people().role(identity, published.id()).map(role -> role.map(caller::withRole).orElse(caller));
  }

  /** An organizer's change on this challenge: its owner, an organizer, or an admin. */
  void requireOrganizer(RoutingContext ctx) {
    require(ctx, Caller::changes, "this route is for the challenge's organizers; a reviewer reads, and changes nothing");
  }

  /** An organizer's read on this challenge (audit, participants, roles): any role on it, or an admin. */
  void requireReader(RoutingContext ctx) {
    require(ctx, Caller::organizer, "this route is for the challenge's organizers and reviewers");
  }

  /** The owner's business (roles): the owner, or an admin. */
  void requireOwner(RoutingContext ctx) {
    require(ctx, caller -> caller.admin() || caller.role() == Role.OWNER, "only the challenge's owner (or a site admin) manages its roles");
  }

  private void require(RoutingContext ctx, java.util.function.Predicate<Caller> allowed, String refusal) {
    Caller caller = ApiVerticle.caller(ctx);
    if (caller.team() == null && caller.identity() == null && !caller.adminToken()) {
      ctx.fail(ApiException.unauthorized("sign in, or send a token as 'Authorization: Bearer <token>'"));
      return;
    }
    if (caller.identity() != null && !caller.identity().may(Scope.ORGANIZE)) {
      ctx.fail(ApiException.forbidden("this token's scopes do not include 'organize'"));
      return;
    }
    roleOnChallenge(ctx).onSuccess(withRole -> {
      if (allowed.test(withRole)) proceed(ctx, withRole);
      else ctx.fail(ApiException.forbidden(caller.team() != null ? "this route is the organizers'; a team's token cannot use it" : refusal));
    }).onFailure(ctx::fail);
  }

  /** Publishing: an admin, an account allowed to create challenges, or an organizer of one (who may update it). */
  void requirePublisher(RoutingContext ctx) {
    Caller caller = ApiVerticle.caller(ctx);
    if (caller.admin() && (caller.identity() == null || caller.identity().may(Scope.ORGANIZE))) {
      ctx.next();
      return;
    }
    if (caller.identity() == null) {
      ctx.fail(caller.team() != null ? ApiException.forbidden("this route is the organizers'; a team's token cannot use it")
          : ApiException.unauthorized("sign in, or send a token as 'Authorization: Bearer <token>'"));
      return;
    }
    if (!caller.identity().may(Scope.ORGANIZE)) {
      ctx.fail(ApiException.forbidden("this token's scopes do not include 'organize'"));
      return;
    }
    api.people().mayPublish(caller.identity()).onSuccess(may -> {
      if (may) ctx.next();
      else ctx.fail(ApiException.forbidden("creating a challenge needs a site admin's leave (PUT /api/accounts/{email}/creator)"));
    }).onFailure(ctx::fail);
  }

  /** A signed-in account (a session, or a token with {@code scope}); 401 for anyone else. */
  Handler account(Scope scope) {
    return ctx -> {
      Caller caller = ApiVerticle.caller(ctx);
      if (caller.identity() == null) {
        ctx.fail(caller.team() != null || caller.adminToken()
            ? ApiException.forbidden("this route is an account's: sign in, or send a personal access token")
            : ApiException.unauthorized("sign in, or send a personal access token as 'Authorization: Bearer <token>'"));
      } else if (scope != null && !caller.identity().may(scope)) {
        ctx.fail(ApiException.forbidden("this token's scopes do not include '" + scope.id() + "'"));
      } else {
        ctx.next();
      }
    };
  }

  interface Handler extends io.vertx.core.Handler<RoutingContext> {}

  /** A site admin: the admin token, or an account named by --admins. */
  void requireAdmin(RoutingContext ctx) {
    Caller caller = ApiVerticle.caller(ctx);
    if (caller.admin()) ctx.next();
    else if (caller.team() == null && caller.identity() == null) ctx.fail(ApiException.unauthorized("this route is a site admin's: send the admin token"));
    else ctx.fail(ApiException.forbidden("this route is a site admin's"));
  }

  /**
   * A team's route on this challenge (upload, its submissions, selections): a team's token, or an account with
   * {@code submit} uploading with its team there ({@code ?team=} where it is in several and has not yet uploaded).
   */
  void authenticateTeam(RoutingContext ctx) {
    Caller caller = ApiVerticle.caller(ctx);
    if (caller.team() != null) {
      ctx.next();
      return;
    }
    if (caller.identity() == null) {
      ctx.fail(caller.adminToken() ? ApiException.forbidden("only a team (its token, or a signed-in member) can do this; the admin token cannot")
          : ApiException.unauthorized("send the team's token as 'Authorization: Bearer <token>', or sign in"));
      return;
    }
    // a team's reads (its submissions) need no more than 'read'; its uploads and selections need 'submit'
    if (changesState(ctx) && !caller.identity().may(Scope.SUBMIT)) {
      ctx.fail(ApiException.forbidden("this token's scopes do not include 'submit'"));
      return;
    }
    String teamId = ctx.queryParams().get("team");
    api.people().teamForUpload(caller.identity().account(), ApiVerticle.published(ctx).id(), teamId)
        .onSuccess(team -> proceed(ctx, caller.withTeam(team)))
        .onFailure(ctx::fail);
  }
}
