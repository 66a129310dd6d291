package org.amchallenge.http;

import org.amchallenge.domain.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.amchallenge.ops.MetricsAccess;
import org.amchallenge.problem.ApiException;

/**
 * {@code GET /metrics}, the Prometheus text, kept to the operator: on the API's port to the bearer of the metrics
 * token or of the organizer's; or on a port of its own, to whoever reaches it (the token asked only where one is set).
 */
public final class MetricsEndpoint {
  private final ApiContext api;
  /** The metrics token's hash; null where none is set. */
  private final String tokenHash;

  MetricsEndpoint(ApiContext api) {
    this.api = api;
    String token = api.metricsAccess().token();
    this.tokenHash = token == null || token.isBlank() ? null : Tokens.hash(token.strip());
  }

  void scrape(RoutingContext ctx) {
    if (!allowed(ApiVerticle.bearer(ctx))) {
      ctx.fail(ApiException.unauthorized("the metrics are the operator's: send the metrics token, or the organizer's, as "
          + "'Authorization: Bearer <token>'"));
      return;
    }
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(api.metrics().scrape());
  }

  private boolean allowed(String token) {
    if (api.metricsAccess().ownPort() && tokenHash == null) return true;
    if (token == null) return false;
    String hash = Tokens.hash(token);
    return (tokenHash != null && Tokens.sameHash(hash, tokenHash)) || Tokens.sameHash(hash, api.organizerTokenHash());
  }

  /**
   * The metrics' own server, where the operator asked for one ({@link MetricsAccess#ownPort()}): it serves {@code GET
   * /metrics} alone; else nothing is started and the future holds null.
   */
  public static Future<HttpServer> listen(Vertx vertx, ApiContext api) {
    MetricsAccess access = api.metricsAccess();
    if (!access.ownPort()) return Future.succeededFuture();
    MetricsEndpoint endpoint = new MetricsEndpoint(api);
    Router router = Router.router(vertx);
    router.get("/metrics").handler(endpoint::scrape);
    router.route().failureHandler(new ProblemHandler());
    router.errorHandler(404, ctx -> ProblemHandler.send(ctx, ProblemHandler.statusProblem(404).put("instance", ctx.request().path())));
    router.errorHandler(405, ctx -> ProblemHandler.send(ctx, ProblemHandler.statusProblem(405).put("instance", ctx.request().path())));
    return vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60).setHttp2ClearTextEnabled(false))
        .requestHandler(router).listen(access.port(), access.host());
  }
}
