package org.amchallenge.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.amchallenge.problem.ApiException;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every error leaves as an RFC 9457 problem that tells whose it is. What the caller
 * sent is a 4xx; a store or dependency that is down is a 503 with Retry-After, since trying again later can
 * succeed; anything else is a bug of this server, a 500 whose request id finds its stack trace in the log
 * (the trace itself never leaves the server).
 */
final class ProblemHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    JsonObject problem;
    if (failure instanceof InvalidInputException invalid) {
      problem = problem(422, "invalid-input", invalid.getMessage(), describe(invalid))
          .put("problems", problems(invalid)).put("total_problems", invalid.total());
    } else if (failure instanceof ApiException api) {
      problem = problem(api.status(), api.type(), title(api.status()), api.getMessage());
      api.headers().forEach(ctx.response()::putHeader);
    } else if (failure instanceof Store.DuplicateException duplicate) {
      problem = problem(409, "conflict", title(409), duplicate.getMessage());
    } else if (failure instanceof HttpException http && http.getStatusCode() >= 400 && http.getStatusCode() < 500) {
      // Vert.x Web's own refusals of what was sent: a query it cannot decode, a body over the limit
      problem = statusProblem(http.getStatusCode());
    } else if (failure == null) {
      problem = statusProblem(ctx.statusCode());
    } else if (failure instanceof io.vertx.core.http.HttpClosedException && ctx.request().connection() != null) {
      // the client hung up before its request was done: nobody is left to answer, and nothing failed on this side
      LOG.debug("request {} {}: the client closed the connection ({})", ctx.request().method(), ctx.request().path(),
          net.logstash.logback.argument.StructuredArguments.kv("request_id", ctx.get(Requests.REQUEST_ID)));
      ctx.put(Requests.PROBLEM_TYPE, "client-closed");
      return;
    } else if (unstorableText(failure)) {
      problem = problem(400, "bad-request", title(400), "the request holds a character that cannot be stored, such as NUL");
    } else if (unavailable(failure)) {
      LOG.warn("request {} {} failed: the store or a dependency is unavailable ({})", ctx.request().method(), ctx.request().path(),
          net.logstash.logback.argument.StructuredArguments.kv("request_id", ctx.get(Requests.REQUEST_ID)), failure);
      problem = problem(503, "unavailable", title(503), "the store or a service this server needs is unavailable; "
          + "the request was not completed, try again");
    } else {
      LOG.error("request {} {} failed ({})", ctx.request().method(), ctx.request().path(),
          net.logstash.logback.argument.StructuredArguments.kv("request_id", ctx.get(Requests.REQUEST_ID)), failure);
      problem = problem(500, "internal-error", title(500), "the server failed on this request; its request id finds it in the server's log");
    }
    send(ctx, problem.put("instance", ctx.request().path()));
  }

  /**
   * SQL states of a store that is down or overloaded, where trying again later can succeed: a connection
   * failure (08), a transaction rolled back by a conflict (40), resources exhausted (53), an operator's
   * intervention such as a shutdown (57), a timeout (HYT), and H2's database closed or out of memory.
   */
  private static final java.util.List<String> UNAVAILABLE_STATES = java.util.List.of("08", "40", "53", "57", "HYT", "90098", "90121", "90108");
  /** SQL states of text the store cannot keep: a NUL or a character its encoding lacks, which only a caller sends. */
  private static final java.util.Set<String> UNSTORABLE_TEXT_STATES = java.util.Set.of("22021", "22P05");

  /** A cause chain is read this deep at most, in case one loops. */
  private static final int CAUSES = 16;

  /** Whether the failure is the store or a dependency being down or overloaded, anywhere in its causes. */
  private static boolean unavailable(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < CAUSES; t = t.getCause(), depth++) {
      if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException
          || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof io.vertx.sqlclient.ClosedConnectionException || t instanceof io.vertx.sqlclient.TransactionRollbackException
          || t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.ConnectException
          || t instanceof java.util.concurrent.RejectedExecutionException) {  // the last: workers refuse while the node stops
        return true;
      }
      // Vert.x's pools say so only in words
      if (t instanceof io.vertx.core.VertxException && "Pool closed".equalsIgnoreCase(t.getMessage())) return true;
      String state = sqlState(t);
      if (state != null && UNAVAILABLE_STATES.stream().anyMatch(state::startsWith)) return true;
    }
    return false;
  }

  private static boolean unstorableText(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < CAUSES; t = t.getCause(), depth++) {
      String state = sqlState(t);
      if (state != null && UNSTORABLE_TEXT_STATES.contains(state)) return true;
    }
    return false;
  }

  private static String sqlState(Throwable t) {
    if (t instanceof java.sql.SQLException sql) return sql.getSQLState();
    if (t instanceof io.vertx.sqlclient.DatabaseException db) return db.getSqlState();
    return null;
  }

  static void send(RoutingContext ctx, JsonObject problem) {
    if (ctx.get(Requests.REQUEST_ID) != null) problem.put("request_id", (String) ctx.get(Requests.REQUEST_ID));
    if (ctx.get(Requests.PROBLEM_TYPE) == null) ctx.put(Requests.PROBLEM_TYPE, problem.getString("type", "").replaceFirst("^/problems/", ""));
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    int status = problem.getInteger("status");
    if (status == 401) ctx.response().putHeader("WWW-Authenticate", "Bearer");
    if (status == 503) ctx.response().putHeader("Retry-After", "1");
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(problem.encode());
  }

  static JsonObject statusProblem(int status) {
    return switch (status) {
      case 413 -> problem(413, "too-large", title(413), "the body is over the size limit of this server");
      case 404 -> problem(404, "not-found", title(404), "no such resource");
      case 405 -> problem(405, "method-not-allowed", title(405), "this resource does not take that method");
      case 400 -> problem(400, "bad-request", title(400), "the request could not be read");
      default -> {
        int shown = status < 400 ? 500 : status;
        yield problem(shown, shown == 500 ? "internal-error" : "error", title(shown), "the request failed");
      }
    };
  }

  static JsonObject problem(int status, String type, String title, String detail) {
    return new JsonObject().put("type", "/problems/" + type).put("title", title).put("status", status).put("detail", detail);
  }

  private static String describe(InvalidInputException invalid) {
    int total = invalid.total();
    return total == 1 ? invalid.problems().get(0).describe() : total + " problems; each is listed with its line and column";
  }

  private static JsonArray problems(InvalidInputException invalid) {
    JsonArray list = new JsonArray();
    for (Problem p : invalid.problems()) {
      JsonObject json = new JsonObject();
      if (p.file() != null) json.put("file", p.file());
      if (p.sheet() != null) json.put("sheet", p.sheet());
      if (p.line() != null) json.put("line", p.line());
      if (p.column() != null) json.put("column", p.column());
      if (p.field() != null) json.put("field", p.field());
      list.add(json.put("detail", p.detail()));
    }
    return list;
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Authentication required";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      case 413 -> "Payload too large";
      case 415 -> "Unsupported media type";
      case 422 -> "Unprocessable content";
      case 429 -> "Too many requests";
      case 500 -> "Internal server error";
      case 503 -> "Service unavailable";
      default -> "Error";
    };
  }
}
