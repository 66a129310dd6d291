package org.amchallenge.http;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.domain.Account;
import org.amchallenge.domain.Names;
import org.amchallenge.domain.Role;
import org.amchallenge.domain.Scope;
import org.amchallenge.domain.Team;
import org.amchallenge.people.Passwords;
import org.amchallenge.people.PeopleService;
import org.amchallenge.people.PeopleService.Identity;
import org.amchallenge.problem.ApiException;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;
import org.amchallenge.store.PeopleStore.AccessToken;
import org.amchallenge.store.PeopleStore.Participant;
import org.amchallenge.store.PeopleStore.RoleGrant;

/** The routes of SPEC's "People": accounts, sessions, personal access tokens, roles, registrations and teams. */
final class PeopleRoutes {
  /** An address with one @, something before it and a dot in the domain after it; the mail, where configured, proves the rest. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final int MAX_EMAIL_LENGTH = 254;
  private final ApiContext api;

  PeopleRoutes(ApiContext api) {
    this.api = api;
  }

  private PeopleService people() {
    return api.people();
  }

  // ---- accounts and sessions

  void signUp(RoutingContext ctx) {
    JsonObject body = body(ctx);
    Problems problems = new Problems();
    String email = email(body.getValue("email"), problems);
    String password = password(body.getValue("password"), problems);
    String name = ChallengeRoutes.name(body.getValue("name"), "name", "your name", problems);
    problems.throwIfAny("Invalid account");
    people().signUp(email, password, name).onSuccess(signUp -> {
      if (signUp.session() == null) {
        // with mail: the same answer whether the email was new or not; the link proves it
        ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", "verification-sent").put("detail", "a link to verify the email is on its way to "
                + email + "; follow it, then sign in").encode());
        return;
      }
      SessionCookie.open(ctx, signUp.session(), people().config().publicUrl());
      ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("account", account(signUp.account(), people().isAdmin(signUp.account())))
              .put("csrf_token", signUp.session().csrfToken()).encode());
    }).onFailure(ctx::fail);
  }

  void signIn(RoutingContext ctx) {
    JsonObject body = body(ctx);
    Object email = body.getValue("email");
    Object password = body.getValue("password");
    if (!(email instanceof String e) || !(password instanceof String p) || p.length() > PeopleService.MAX_PASSWORD_LENGTH) {
      ctx.fail(ApiException.badRequest("send {\"email\": \"...\", \"password\": \"...\"}"));
      return;
    }
    people().signIn(e, p, Requests.clientAddress(ctx.request(), api.limits().behindProxy())).compose(session -> {
      // a session cookie the caller came with is replaced: a new secret at every sign-in, the old one ended before the answer
      String old = SessionCookie.of(ctx);
      return old == null ? Future.succeededFuture(session) : people().signOut(old).map(session);
    }).onSuccess(session -> {
      SessionCookie.open(ctx, session, people().config().publicUrl());
      ctx.json(new JsonObject().put("account", account(session.account(), people().isAdmin(session.account())))
          .put("csrf_token", session.csrfToken()));
    }).onFailure(ctx::fail);
  }

  void signOut(RoutingContext ctx) {
    String session = SessionCookie.of(ctx);
    Future<Void> ended = session == null ? Future.succeededFuture() : people().signOut(session);
    ended.onSuccess(done -> {
      SessionCookie.clear(ctx, people().config().publicUrl());
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  void me(RoutingContext ctx) {
    Identity identity = ApiVerticle.caller(ctx).identity();
    Account account = identity.account();
    Future<List<Team>> teams = people().teamsOf(account);
    Future<List<RoleGrant>> roles = people().rolesOf(account);
    Future<List<Participant>> registrations = api.store().people().participations(account.id());
    Future.all(teams, roles, registrations).onSuccess(all -> {
      JsonObject me = new JsonObject().put("account", account(account, identity.admin()))
          .put("teams", new JsonArray(teams.result().stream().map(t -> (Object) teamSummary(t, account)).toList()))
          .put("roles", new JsonArray(roles.result().stream().map(r -> (Object) new JsonObject().put("challenge", r.challengeId())
              .put("role", r.role().id())).toList()))
          .put("participations", new JsonArray(registrations.result().stream().map(p -> (Object) new JsonObject()
              .put("challenge", p.challengeId()).put("status", p.status())).toList()))
          .put("mail", people().mailEnabled());
      if (identity.session()) me.put("csrf_token", identity.csrfToken());
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(me);
    }).onFailure(ctx::fail);
  }

  static JsonObject account(Account account, boolean admin) {
    return new JsonObject().put("id", account.id()).put("email", account.email()).put("name", account.name())
        .put("email_verified", account.emailVerified()).put("orcid", account.orcid()).put("creator", account.creator()).put("admin", admin)
        .put("created_at", account.createdAt().toString());
  }

  // ---- personal access tokens

  void createToken(RoutingContext ctx) {
    Identity identity = ApiVerticle.caller(ctx).identity();
    JsonObject body = body(ctx);
    Problems problems = new Problems();
    String name = ChallengeRoutes.name(body.getValue("name"), "name", "the token's name", problems);
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    Object given = body.getValue("scopes");
    if (!(given instanceof JsonArray list) || list.isEmpty()) {
      problems.add(Problem.at(1, 1, "scopes", "list one or more of read, submit, organize"));
    } else {
      for (Object s : list) {
        Scope scope = s instanceof String id ? Scope.of(id) : null;
        if (scope == null) problems.add(Problem.at(1, 1, "scopes", "'" + s + "' is not a scope: read, submit or organize"));
        else scopes.add(scope);
      }
    }
    problems.throwIfAny("Invalid token");
    // a token makes no token wider than itself
    if (!identity.scopes().containsAll(scopes)) {
      ctx.fail(ApiException.forbidden("a token cannot make a token with scopes it does not have itself"));
      return;
    }
    people().createToken(identity.account(), name, scopes).onSuccess(made -> ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(token(made.token()).put("token", made.secret()).encode())).onFailure(ctx::fail);
  }

  void tokens(RoutingContext ctx) {
    people().tokens(ApiVerticle.caller(ctx).account()).onSuccess(list -> ctx.json(new JsonObject()
        .put("tokens", new JsonArray(list.stream().map(t -> (Object) token(t)).toList())))).onFailure(ctx::fail);
  }

  void revokeToken(RoutingContext ctx) {
    people().revokeToken(ApiVerticle.caller(ctx).account(), ctx.pathParam("tokenId"))
        .onSuccess(done -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private static JsonObject token(AccessToken t) {
    return new JsonObject().put("id", t.id()).put("name", t.name())
        .put("scopes", new JsonArray(t.scopes().stream().map(Scope::id).sorted().toList())).put("created_at", t.createdAt().toString());
  }

  // ---- admins and roles

  /** The admin token's holder vouches for an account's email: without mail, how an account named by --admins becomes an admin. */
  void verify(RoutingContext ctx) {
    people().verify(ctx.pathParam("email")).onSuccess(account -> ctx.json(new JsonObject()
        .put("email", account.email()).put("email_verified", account.emailVerified()))).onFailure(ctx::fail);
  }

  void setCreator(RoutingContext ctx) {
    boolean creator = ctx.request().method() == io.vertx.core.http.HttpMethod.PUT;
    people().setCreator(ctx.pathParam("email"), creator).onSuccess(account -> ctx.json(new JsonObject()
        .put("email", account.email()).put("creator", creator))).onFailure(ctx::fail);
  }

  void roles(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    people().roles(published.id()).onSuccess(list -> ctx.json(new JsonObject().put("challenge", published.id())
        .put("roles", new JsonArray(list.stream().map(r -> (Object) new JsonObject().put("email", r.account().email())
            .put("name", r.account().name()).put("role", r.role().id()).put("granted_at", r.grantedAt().toString())).toList()))))
        .onFailure(ctx::fail);
  }

  void grant(RoutingContext ctx) {
    Object role = body(ctx).getValue("role");
    if (!"organizer".equals(role) && !"reviewer".equals(role)) {
      ctx.fail(ApiException.badRequest("send {\"role\": \"organizer\"} or {\"role\": \"reviewer\"}"));
      return;
    }
    Published published = ApiVerticle.published(ctx);
    people().grant(published.id(), ctx.pathParam("email"), Role.of((String) role), ApiVerticle.caller(ctx).actor())
        .onSuccess(grant -> ctx.json(new JsonObject().put("challenge", published.id()).put("email", grant.account().email())
            .put("role", grant.role().id())))
        .onFailure(ctx::fail);
  }

  void revoke(RoutingContext ctx) {
    people().revoke(ApiVerticle.published(ctx).id(), ctx.pathParam("email"), ApiVerticle.caller(ctx).actor())
        .onSuccess(done -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  // ---- registration

  void register(RoutingContext ctx) {
    Object accepted = body(ctx).getValue("accept_terms");
    Published published = ApiVerticle.published(ctx);
    people().register(ApiVerticle.caller(ctx).identity(), published, accepted instanceof String s ? s : null)
        .onSuccess(status -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("challenge", published.id()).put("status", status).encode()))
        .onFailure(ctx::fail);
  }

  /** The participants, as JSON or (Accept: text/csv) a CSV with the terms' version each accepted and when. */
  void participants(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    people().participants(published.id()).onSuccess(list -> {
      String accept = ctx.request().getHeader("Accept");
      if (accept != null && accept.contains("text/csv")) {
        StringBuilder csv = new StringBuilder("email,name,orcid,status,terms_sha256,accepted_at,decided_at\r\n");
        for (Participant p : list) {
          csv.append(String.join(",", cell(p.account().email()), cell(p.account().name()), cell(p.account().orcid()), p.status(),
              cell(p.termsSha256()), p.acceptedAt().toString(), p.decidedAt() == null ? "" : p.decidedAt().toString())).append("\r\n");
        }
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + published.id() + "-participants.csv\"").end(csv.toString());
        return;
      }
      ctx.json(new JsonObject().put("challenge", published.id()).put("participants", new JsonArray(list.stream().map(p -> (Object) new JsonObject()
          .put("email", p.account().email()).put("name", p.account().name()).put("orcid", p.account().orcid()).put("status", p.status())
          .put("terms_sha256", p.termsSha256()).put("accepted_at", p.acceptedAt().toString())
          .put("decided_at", p.decidedAt() == null ? null : p.decidedAt().toString())).toList())));
    }).onFailure(ctx::fail);
  }

  /** A CSV cell: quoted where it holds a comma, quote or line break; a leading =, +, - or @ is kept from spreadsheets' formulas. */
  private static String cell(String value) {
    if (value == null) return "";
    String text = value.matches("^[=+\\-@].*") ? "'" + value : value;
    return text.matches(".*[,\"\r\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  void decide(RoutingContext ctx) {
    Object status = body(ctx).getValue("status");
    people().decide(ApiVerticle.published(ctx).id(), ctx.pathParam("email"), status instanceof String s ? s : "", ApiVerticle.caller(ctx).actor())
        .onSuccess(done -> ctx.json(new JsonObject().put("email", ctx.pathParam("email")).put("status", status)))
        .onFailure(ctx::fail);
  }

  // ---- teams

  void createTeam(RoutingContext ctx) {
    Problems problems = new Problems();
    String name = ChallengeRoutes.name(body(ctx).getValue("name"), "name", "the team name", problems);
    problems.throwIfAny("Invalid team");
    Account captain = ApiVerticle.caller(ctx).account();
    people().createTeam(captain, name).onSuccess(made -> ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .putHeader("Location", "/api/teams/" + made.team().id())
        .end(teamSummary(made.team(), captain).put("token", made.token()).encode())).onFailure(ctx::fail);
  }

  /** A team: its members' names and ORCID iDs to anyone signed in; their emails to its members and admins. */
  void team(RoutingContext ctx) {
    Caller caller = ApiVerticle.caller(ctx);
    people().team(ctx.pathParam("teamId")).compose(team -> {
      boolean inside = caller.admin() || caller.account() != null && team.accountIds().contains(caller.account().id());
      List<Future<java.util.Optional<Account>>> members = new ArrayList<>();
      for (String id : team.accountIds()) members.add(people().account(id));
      return Future.all(members).map(all -> {
        JsonArray list = new JsonArray();
        for (Future<java.util.Optional<Account>> m : members) {
          m.result().ifPresent(a -> {
            JsonObject member = new JsonObject().put("name", a.name()).put("orcid", a.orcid()).put("captain", a.id().equals(team.captainId()));
            if (inside) member.put("email", a.email());
            list.add(member);
          });
        }
        return teamSummary(team, caller.account()).put("accounts", list);
      });
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  static JsonObject teamSummary(Team team, Account viewer) {
    return Views.team(team).put("captain", viewer != null && viewer.id().equals(team.captainId()));
  }

  void invite(RoutingContext ctx) {
    String teamId = ctx.pathParam("teamId");
    people().invite(ApiVerticle.caller(ctx).identity(), teamId).onSuccess(invitation -> ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("code", invitation.code()).put("expires_at", invitation.expiresAt().toString())
            // without a public URL configured, a link on this server
            .put("url", (people().config().publicUrl() == null ? "" : people().config().publicUrl()) + "/teams/" + teamId
                + "/join?code=" + invitation.code()).encode()))
        .onFailure(ctx::fail);
  }

  void join(RoutingContext ctx) {
    Object code = body(ctx).getValue("code");
    Account account = ApiVerticle.caller(ctx).account();
    people().join(account, ctx.pathParam("teamId"), code instanceof String s ? s : null)
        .onSuccess(team -> ctx.json(teamSummary(team, account))).onFailure(ctx::fail);
  }

  void leave(RoutingContext ctx) {
    people().leave(ApiVerticle.caller(ctx).identity(), ctx.pathParam("teamId"), ctx.pathParam("email"))
        .onSuccess(done -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  /** A new team token: by the captain, or a site admin (also for a team made before accounts, whose token was lost). */
  void newTeamToken(RoutingContext ctx) {
    Caller caller = ApiVerticle.caller(ctx);
    String teamId = ctx.pathParam("teamId");
    Future<PeopleService.TeamToken> made = caller.identity() != null ? people().newTeamToken(caller.identity(), teamId)
        : people().newTeamTokenByAdmin(teamId);
    made.onSuccess(t -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(Views.team(t.team()).put("token", t.token()).encode())).onFailure(ctx::fail);
  }

  // ---- input

  static JsonObject body(RoutingContext ctx) {
    // JSON only: a form of another site cannot send this type without the browser asking this server first (CORS)
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
      throw new ApiException(415, "unsupported-media-type", "send the body as JSON, with 'Content-Type: application/json'", java.util.Map.of());
    }
    try {
      JsonObject body = ctx.body().asJsonObject();
      return body == null ? new JsonObject() : body;
    } catch (DecodeException | ClassCastException e) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
  }

  private static String email(Object value, Problems problems) {
    if (!(value instanceof String text) || text.strip().length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(text.strip()).matches()
        || Names.firstForbidden(text).isPresent()) {
      problems.add(Problem.at(1, 1, "email", "an email address such as ada@example.org is required"));
      return null;
    }
    return text.strip();
  }

  private static String password(Object value, Problems problems) {
    if (!(value instanceof String text) || text.length() < Passwords.MIN_LENGTH || text.length() > PeopleService.MAX_PASSWORD_LENGTH) {
      problems.add(Problem.at(1, 1, "password", "a password of " + Passwords.MIN_LENGTH + " to " + PeopleService.MAX_PASSWORD_LENGTH
          + " characters is required"));
      return null;
    }
    return text;
  }
}
