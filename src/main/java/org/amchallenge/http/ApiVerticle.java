package org.amchallenge.http;

import org.amchallenge.domain.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Optional;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.problem.ApiException;
import org.amchallenge.competition.ArrivingUpload;
import org.amchallenge.competition.SubmissionService.Upload;

/** The HTTP API: one small handler per route; errors travel to the one problem handler. */
public final class ApiVerticle extends VerticleBase {
  static final String CALLER = "caller";
  static final String CHALLENGE = "challenge";
  /** The largest body of a route that takes a small JSON object (a team, a webhook). */
  private static final long SMALL_BODY_BYTES = 16 * 1024;

  private final ApiContext api;
  private final int port;
  private final String host;
  private HttpServer server;
  private HeadDeadline heads;

  public ApiVerticle(ApiContext api, String host, int port) {
    this.api = api;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    // an idle connection (no byte either way) is closed after a minute; event streams send a heartbeat every 15 s
    server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setCompressionSupported(true).setIdleTimeout(60)
        // HTTP/1.1 only: a refusal closes its connection, which over HTTP/2 would end every other request on it
        .setHttp2ClearTextEnabled(false));
    api.servers().add(server);
    Requests requests = new Requests(api);
    LeaderboardRoutes leaderboards = new LeaderboardRoutes(api);
    Router router = router(requests, leaderboards);
    if (api.limits().headerSeconds() > 0) {
      heads = new HeadDeadline(vertx, api.limits().headerSeconds(), api.metrics());
      heads.start();
      server.connectionHandler(heads::opened);
    }
    HeadDeadline deadline = heads;
    // port 0 asks for one port the system chooses, shared by every instance: Vert.x's negative port (0 gives each its own)
    return server.requestHandler(request -> {
      if (deadline != null) deadline.arrived(request);
      if (!leaderboards.served(request, requests)) router.handle(request);
    }).listen(port == 0 ? -1 : port, host);
  }

  private Router router(Requests requests, LeaderboardRoutes leaderboards) {
    Router router = Router.router(vertx);
    ProblemHandler problems = new ProblemHandler();
    BodyHandler body = BodyHandler.create(api.uploadsDir().toString())
        .setBodyLimit(api.maxBodyBytes())
        .setDeleteUploadedFilesOnEnd(true);
    ChallengeRoutes challenges = new ChallengeRoutes(api);
    OrganizerRoutes organizer = new OrganizerRoutes(api);
    SubmissionRoutes submissions = new SubmissionRoutes(api, vertx);
    String one = "/api/challenges/:id";

    ExportRoutes exports = new ExportRoutes(api, leaderboards, vertx);
    WebhookRoutes webhooks = new WebhookRoutes(api);
    LeaderboardEvents events = new LeaderboardEvents(api, leaderboards, vertx);
    context.put(LeaderboardEvents.class.getName(), events);  // this instance's own, stopped in stop()
    events.start();
    router.route().handler(requests::begin);
    router.route().handler(requests::holdBody);
    router.route().handler(ApiVerticle::securityHeaders);
    router.route("/api/*").handler(requests::rateLimit);
    Authentication auth = new Authentication(api);
    PeopleRoutes people = new PeopleRoutes(api);
    router.route("/api/*").handler(auth::authenticate);
    // on a port of their own, the metrics are not served here at all
    if (!api.metricsAccess().ownPort()) router.get("/metrics").handler(new MetricsEndpoint(api)::scrape);
    router.get("/").handler(ctx -> page(ctx, "web/index.html"));
    router.get("/challenges/:id").handler(this::challengePage);
    router.get("/series/:seriesId").handler(this::seriesPage);
    router.get("/challenges/:id/analysis").handler(this::analysisPage);
    // people's pages: each asks the API who is signed in (GET /api/me) and says so, or sends the reader to sign in
    router.get("/sign-in").handler(ctx -> page(ctx, "web/sign-in.html"));
    router.get("/sign-up").handler(ctx -> page(ctx, "web/sign-up.html"));
    router.get("/account").handler(ctx -> page(ctx, "web/account.html"));
    router.get("/teams/:teamId").handler(ctx -> page(ctx, "web/team.html"));
    router.get("/teams/:teamId/join").handler(ctx -> page(ctx, "web/join.html"));
    // the organizer's console: each page asks the API what the signed-in account may see (GET /api/me/challenges)
    router.get("/console").handler(ctx -> page(ctx, "web/console.html"));
    router.get("/console/new").handler(ctx -> page(ctx, "web/console-new.html"));
    router.get("/console/challenges/:id").handler(ctx -> page(ctx, "web/console-challenge.html"));
    router.get("/assets/*").handler(StaticHandler.create("web/assets").setCachingEnabled(true).setMaxAgeSeconds(300));
    router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
    router.get("/health").handler(this::health);
    router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").sendFile("openapi.yaml"));
    // Swagger UI sets style attributes; this page alone allows inline styles
    router.get("/api-docs").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
      page(ctx, "web/api.html");
    });
    // every body is held unread until its caller is let through (Requests.holdBody); these routes then read theirs
    Handler<RoutingContext> readBody = ctx -> {
      Requests.bodyRead(ctx);
      body.handle(ctx);
    };
    // a team or a webhook is a few hundred bytes of JSON: a larger body is refused (413) before it fills memory
    BodyHandler small = BodyHandler.create(false).setBodyLimit(SMALL_BODY_BYTES);
    Handler<RoutingContext> readSmallBody = ctx -> {
      Requests.bodyRead(ctx);
      smallBodyDeadline(ctx);
      small.handle(ctx);
    };
    // people: accounts, sessions, tokens (SPEC "People")
    router.post("/api/accounts").handler(requests::limitRegistrations).handler(readSmallBody).handler(people::signUp);
    router.post("/api/sessions").handler(readSmallBody).handler(people::signIn);
    router.delete("/api/sessions/current").handler(people::signOut);
    router.get("/api/me").handler(auth.account(null)).handler(people::me);
    router.get("/api/me/challenges").handler(new ConsoleRoutes(api)::myChallenges);
    // making and revoking tokens changes the account: a read-only token does neither
    router.post("/api/tokens").handler(auth.account(org.amchallenge.domain.Scope.SUBMIT)).handler(readSmallBody).handler(people::createToken);
    router.get("/api/tokens").handler(auth.account(null)).handler(people::tokens);
    router.delete("/api/tokens/:tokenId").handler(auth.account(org.amchallenge.domain.Scope.SUBMIT)).handler(people::revokeToken);
    router.put("/api/accounts/:email/creator").handler(auth::requireAdmin).handler(people::setCreator);
    router.put("/api/accounts/:email/verified").handler(auth::requireAdmin).handler(people::verify);
    router.delete("/api/accounts/:email/creator").handler(auth::requireAdmin).handler(people::setCreator);
    router.get("/api/backup").handler(auth::requireAdmin).handler(new BackupRoutes(api, vertx)::backup);
    // teams: an account's (its captain's), or, without an account, SPEC's first kind, limited per address
    router.post("/api/teams").handler(ctx -> {
      if (ApiVerticle.caller(ctx).identity() == null) requests.limitRegistrations(ctx);
      else ctx.next();
    }).handler(readSmallBody).handler(ctx -> {
      Caller caller = ApiVerticle.caller(ctx);
      if (caller.identity() == null) challenges.registerTeam(ctx);
      else if (!caller.identity().may(org.amchallenge.domain.Scope.SUBMIT)) ctx.fail(ApiException.forbidden("this token's scopes do not include 'submit'"));
      else people.createTeam(ctx);
    });
    router.get("/api/teams/:teamId").handler(auth.account(null)).handler(people::team);
    router.post("/api/teams/:teamId/invitations").handler(auth.account(org.amchallenge.domain.Scope.SUBMIT)).handler(people::invite);
    router.post("/api/teams/:teamId/members").handler(auth.account(org.amchallenge.domain.Scope.SUBMIT)).handler(readSmallBody).handler(people::join);
    router.delete("/api/teams/:teamId/members/:email").handler(auth.account(org.amchallenge.domain.Scope.SUBMIT)).handler(people::leave);
    router.post("/api/teams/:teamId/token").handler(ctx -> {
      Caller caller = ApiVerticle.caller(ctx);
      if (caller.adminToken()) ctx.next();
      else auth.account(org.amchallenge.domain.Scope.SUBMIT).handle(ctx);
    }).handler(people::newTeamToken);

    MailRoutes mail = new MailRoutes(api.mailLinks(), ctx -> caller(ctx).account());
    router.get("/auth/verify").handler(mail::verify);
    router.get("/reset-password").handler(ctx -> page(ctx, "web/reset-password.html"));
    router.post("/api/accounts/verification").handler(auth.account(null)).handler(readSmallBody).handler(mail::resendVerification);
    router.post("/api/accounts/password-reset").handler(readSmallBody).handler(mail::requestReset);
    router.post("/api/accounts/password").handler(readSmallBody).handler(mail::resetPassword);
    // sign-in through OpenID Connect providers (OidcRoutes); /auth/* is rate-limited as /api/* is, each start keeping an attempt
    OidcRoutes oidc = new OidcRoutes(api);
    router.route("/auth/*").handler(requests::rateLimit);
    router.get("/api/auth/providers").handler(oidc::providers);
    router.get("/auth/oidc/:provider").handler(oidc::begin);
    router.get("/auth/oidc/:provider/callback").handler(oidc::callback);
    router.get("/api/challenges").handler(challenges::list);
    // the same for every challenge and every caller, so kept apart from a challenge's answer and cached by browsers
    String definitions = new io.vertx.core.json.JsonObject().put("metrics", Views.metricDefinitions()).encode();
    router.get("/api/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "public, max-age=3600").end(definitions));
    router.post("/api/challenges").handler(auth::requirePublisher).handler(readBody).handler(organizer::publish);
    // series: challenges grouped and ranked together (SPEC "Series")
    SeriesRoutes series = new SeriesRoutes(api);
    router.get("/api/series").handler(series::list);
    router.post("/api/series").handler(auth::requirePublisher).handler(readBody).handler(series::publish);
    router.get("/api/series/:seriesId").handler(series::find).handler(series::show);
    router.get("/api/series/:seriesId/leaderboard").handler(series::find).handler(series::leaderboard);
    router.get("/api/series/:seriesId/leaderboard/events").handler(series::find).handler(events::subscribeSeries);
    router.route(one + "/*").handler(this::findChallenge);
    router.get(one).handler(this::findChallenge).handler(auth::identifyCaller).handler(challenges::show);
    router.get(one + "/inputs/:file").handler(this::requireReference).handler(challenges::input);
    router.get(one + "/template.csv").handler(this::requireReference).handler(challenges::templateCsv);
    router.get(one + "/template.xlsx").handler(this::requireReference).handler(challenges::templateXlsx);
    router.put(one + "/reference").handler(auth::requireOrganizer).handler(readBody).handler(organizer::replaceReference);
    router.get(one + "/reference").handler(this::requireReference).handler(auth::identifyCaller).handler(organizer::reference);
    router.post(one + "/reveal").handler(this::requireReference).handler(auth::requireOrganizer).handler(organizer::reveal);
    router.get(one + "/audit").handler(auth::requireReader).handler(organizer::audit);
    router.post(one + "/close").handler(this::requireReference).handler(auth::requireOrganizer).handler(organizer::close);
    router.get(one + "/rescoring").handler(auth::requireReader).handler(organizer::rescoring);
    router.put(one + "/inputs/:file").handler(auth::requireOrganizer).handler(readBody).handler(organizer::putInput);
    router.delete(one + "/inputs/:file").handler(auth::requireOrganizer).handler(organizer::removeInput);
    router.post(one + "/disqualifications").handler(this::requireReference).handler(auth::requireOrganizer).handler(readSmallBody)
        .handler(organizer::disqualify);
    router.get(one + "/disqualifications").handler(this::requireReference).handler(auth::identifyCaller).handler(organizer::disqualifications);
    router.delete(one + "/disqualifications/:did").handler(this::requireReference).handler(auth::requireOrganizer).handler(organizer::reinstate);
    router.get(one + "/roles").handler(auth::requireReader).handler(people::roles);
    router.put(one + "/roles/:email").handler(auth::requireOwner).handler(readSmallBody).handler(people::grant);
    router.delete(one + "/roles/:email").handler(auth::requireOwner).handler(people::revoke);
    router.post(one + "/participants").handler(auth.account(org.amchallenge.domain.Scope.SUBMIT)).handler(readSmallBody).handler(people::register);
    router.get(one + "/participants").handler(auth::requireReader).handler(people::participants);
    router.put(one + "/participants/:email").handler(auth::requireOrganizer).handler(readSmallBody).handler(people::decide);
    // one upload, top to bottom: who, whether this team may upload now, then its body, then the file scored and stored
    router.post(one + "/submissions").handler(this::requireReference).handler(auth::authenticateTeam)
        .handler(requests::oneOfTeamUploads).handler(submissions::admit)
        .handler(new UploadBody(api.maxBodyBytes(), api.limits().uploadSeconds(), body)).handler(UploadBody::arrived)
        .handler(submissions::submit);
    // an organizer or reviewer reads every submission; a team (its token, or a signed-in member) its own
    router.get(one + "/submissions").handler(this::requireReference).handler(auth::identifyCaller).handler(ctx -> {
      if (caller(ctx).organizer()) submissions.listAll(ctx);
      else auth.authenticateTeam(ctx);
    }).handler(submissions::listOwn);
    router.get(one + "/submissions/:sid/file").handler(this::requireReference).handler(auth::identifyCaller).handler(ctx -> {
      if (caller(ctx).organizer()) ctx.next();
      else auth.authenticateTeam(ctx);
    }).handler(submissions::file);
    router.get(one + "/submissions/:sid").handler(this::requireReference).handler(auth::identifyCaller).handler(submissions::show);
    router.post(one + "/submissions/:sid/select").handler(this::requireReference).handler(auth::authenticateTeam).handler(submissions::select);
    router.delete(one + "/submissions/:sid/select").handler(this::requireReference).handler(auth::authenticateTeam).handler(submissions::unselect);
    router.get(one + "/leaderboard").handler(this::requireReference).handler(auth::identifyCaller).handler(leaderboards::show);
    router.get(one + "/leaderboard/events").handler(this::requireReference).handler(events::subscribe);
    router.get(one + "/export").handler(this::requireReference).handler(auth::identifyCaller).handler(exports::export);
    router.post(one + "/webhooks").handler(auth::requireOrganizer).handler(readSmallBody).handler(webhooks::add);
    router.get(one + "/webhooks").handler(auth::requireOrganizer).handler(webhooks::list);
    router.delete(one + "/webhooks/:hid").handler(auth::requireOrganizer).handler(webhooks::remove);
    router.get(one + "/history").handler(this::requireReference).handler(leaderboards::history);
    // baselines: who may add or remove one is decided before a byte of its file is read
    BaselineRoutes baselines = new BaselineRoutes(api, vertx);
    router.post(one + "/baselines").handler(this::requireReference).handler(auth::requireOrganizer).handler(readBody).handler(baselines::add);
    router.get(one + "/baselines").handler(this::requireReference).handler(auth::identifyCaller).handler(baselines::list);
    router.delete(one + "/baselines/:bid").handler(this::requireReference).handler(auth::requireOrganizer).handler(baselines::remove);
    router.get(one + "/analysis").handler(this::requireReference).handler(auth::identifyCaller).handler(new AnalysisRoutes(api)::show);

    router.getRoutes().forEach(route -> {
      if (route.getPath() != null && route.methods() != null) route.methods().forEach(m -> api.routes().add(m.name() + " " + route.getPath()));
    });
    router.route().failureHandler(problems);
    // a path or query the router cannot decode (a malformed percent-encoding) is the caller's: a problem too
    router.errorHandler(400, ctx -> ProblemHandler.send(ctx, ProblemHandler.statusProblem(400).put("instance", ctx.request().path())));
    router.errorHandler(404, ctx -> ProblemHandler.send(ctx, ProblemHandler.statusProblem(404).put("instance", ctx.request().path())));
    router.errorHandler(405, ctx -> ProblemHandler.send(ctx, ProblemHandler.statusProblem(405).put("instance", ctx.request().path())));
    return router;
  }

  /**
   * A small body (a team, a webhook) must arrive within the deadline of a request's head: a byte now and then would
   * otherwise hold the connection, each byte resetting the idle timeout. A late one is 408, its connection closed.
   */
  private void smallBodyDeadline(RoutingContext ctx) {
    int seconds = api.limits().headerSeconds();
    if (seconds <= 0 || ctx.request().isEnded()) return;
    long timer = vertx.setTimer(seconds * 1000L, fired -> {
      if (ctx.response().headWritten() || ctx.request().isEnded()) return;
      ctx.put(Requests.PROBLEM_TYPE, "too-slow");
      Requests.closeAfterAnswer(ctx);
      ProblemHandler.send(ctx, ProblemHandler.problem(408, "too-slow", "Request Timeout", "the body did not arrive within "
          + seconds + " s; this server cuts slower requests off").put("instance", ctx.request().path()));
    });
    ctx.addEndHandler(ended -> vertx.cancelTimer(timer));
  }

  /**
   * Every answer forbids what the pages never need: scripts, styles and connections from elsewhere, inline
   * script, framing. Team names and descriptions are inserted as text by the pages, never as markup.
   */
  private static void securityHeaders(RoutingContext ctx) {
    securityHeaders(ctx.response());
    ctx.next();
  }

  private static final CharSequence CSP = HttpHeaders.createOptimized("Content-Security-Policy");
  private static final CharSequence CSP_VALUE = HttpHeaders.createOptimized("default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  private static final CharSequence NO_SNIFF = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NO_SNIFF_VALUE = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence REFERRER = HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence REFERRER_VALUE = HttpHeaders.createOptimized("no-referrer");
  private static final CharSequence FRAMES = HttpHeaders.createOptimized("X-Frame-Options");
  private static final CharSequence FRAMES_VALUE = HttpHeaders.createOptimized("DENY");

  /** The security headers, their bytes encoded once. */
  static void securityHeaders(HttpServerResponse response) {
    response.putHeader(CSP, CSP_VALUE).putHeader(NO_SNIFF, NO_SNIFF_VALUE).putHeader(REFERRER, REFERRER_VALUE).putHeader(FRAMES, FRAMES_VALUE);
  }

  /** A challenge's page; for an id no challenge has, a page that says so (to a browser) or a problem (to a program), 404. */
  private void challengePage(RoutingContext ctx) {
    challengePage(ctx, "web/challenge.html");
  }

  private void analysisPage(RoutingContext ctx) {
    challengePage(ctx, "web/analysis.html");
  }

  private void challengePage(RoutingContext ctx, String file) {
    if (api.challenges().get(ctx.pathParam("id")).isPresent()) {
      page(ctx, file);
    } else if (accepts(ctx, "text/html")) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/html; charset=utf-8").sendFile("web/not-found.html");
    } else {
      ctx.fail(ApiException.notFound("no challenge '" + ctx.pathParam("id") + "'"));
    }
  }

  /** A series' page; for an id no series has, as for a challenge: a page that says so, or a problem, 404. */
  private void seriesPage(RoutingContext ctx) {
    if (api.series().registry().get(ctx.pathParam("seriesId")).isPresent()) {
      page(ctx, "web/series.html");
    } else if (accepts(ctx, "text/html")) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/html; charset=utf-8").sendFile("web/not-found.html");
    } else {
      ctx.fail(ApiException.notFound("no series '" + ctx.pathParam("seriesId") + "'"));
    }
  }

  private static boolean accepts(RoutingContext ctx, String type) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains(type);
  }

  private static void page(RoutingContext ctx, String file) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache").sendFile(file);
  }

  /** The store's last answer to a ping and when it was asked: a flood of /health reaches the database once a second at most. */
  private Future<Boolean> lastPing;
  private long lastPingAt;

  private Future<Boolean> ping() {
    long now = System.nanoTime();
    if (lastPing == null || now - lastPingAt > 1_000_000_000L) {
      lastPing = api.store().ping().otherwise(false);
      lastPingAt = now;
    }
    return lastPing;
  }

  private void health(RoutingContext ctx) {
    ping()
        .onSuccess(up -> ctx.response()
            .setStatusCode(up ? 200 : 503)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", up ? "up" : "down").put("database", up ? "up" : "down")
                .put("challenges", api.challenges().size()).encode()));
  }

  private void findChallenge(RoutingContext ctx) {
    Optional<Published> published = api.challenges().get(ctx.pathParam("id"));
    if (published.isEmpty()) {
      ctx.fail(ApiException.notFound("no challenge '" + ctx.pathParam("id") + "'"));
      return;
    }
    ctx.put(CHALLENGE, published.get());
    ctx.next();
  }

  /** A challenge whose reference data are not uploaded yet is the organizer's draft: not served otherwise. */
  private void requireReference(RoutingContext ctx) {
    if (!published(ctx).hasReference()) {
      ctx.fail(ApiException.notFound("no challenge '" + ctx.pathParam("id") + "' (it has no reference data yet)"));
      return;
    }
    ctx.next();
  }

  /** A multipart field {@code method}: the method card as a JSON object; null where none was sent. */
  private static java.util.Map<String, Object> methodField(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return new JsonObject(text).getMap();
    } catch (RuntimeException e) {
      throw new org.amchallenge.problem.InvalidInputException(org.amchallenge.competition.MethodCards.TITLE,
          java.util.List.of(new org.amchallenge.problem.Problem(null, null, null, "method", "must be a JSON object, e.g. {\"model_class\": \"machine_learning\"}")), 1);
    }
  }

  static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    String token = header.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  static Published published(RoutingContext ctx) {
    return ctx.get(CHALLENGE);
  }

  /** The challenge with its reference data; routes that need them are behind {@link #requireReference}. */
  static ChallengeEntry challenge(RoutingContext ctx) {
    return published(ctx).entry();
  }

  /** The uploaded file: a multipart part named "file", or the body itself. */
  static Future<Upload> upload(RoutingContext ctx, io.vertx.core.Vertx vertx) {
    String description = ctx.request().getFormAttribute("description");
    String method = ctx.request().getFormAttribute("method");
    for (FileUpload file : ctx.fileUploads()) {
      if (file.name().equals("file")) {
        return vertx.fileSystem().readFile(file.uploadedFileName())
            .map(bytes -> new Upload(bytes.getBytes(), file.contentType(), file.fileName(), description).withMethod(methodField(method)));
      }
    }
    if (!ctx.fileUploads().isEmpty()) return Future.failedFuture(ApiException.badRequest("the multipart body needs a part named 'file'"));
    byte[] read = ctx.get(UploadBody.BYTES);
    if (read != null) return Future.succeededFuture(new Upload(read, ctx.request().getHeader("Content-Type"), null, null));
    ArrivingUpload.Early early = ctx.get(UploadBody.EARLY);
    if (early != null) return Future.succeededFuture(Upload.arrived(early, ctx.request().getHeader("Content-Type")));
    Buffer body = ctx.body().buffer();
    return Future.succeededFuture(new Upload(body == null ? new byte[0] : body.getBytes(),
        ctx.request().getHeader("Content-Type"), null, null));
  }

  @Override
  public Future<?> stop() {
    if (heads != null) heads.stop();
    LeaderboardEvents events = context.get(LeaderboardEvents.class.getName());
    context.remove(LeaderboardEvents.class.getName());
    Future<Void> stopped = events == null ? Future.succeededFuture() : events.stop();
    if (server == null) return stopped;
    api.servers().remove(server);
    return stopped.transform(done -> server.close());
  }
}
