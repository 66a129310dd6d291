package org.amchallenge.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.amchallenge.problem.ApiException;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one failure handler: every error leaves as an RFC 9457 problem, and nothing unexpected as a bare 500. */
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
    } else if (failure == null) {
      problem = statusProblem(ctx.statusCode());
    } else {
      LOG.error("request {} {} failed ({})", ctx.request().method(), ctx.request().path(),
          net.logstash.logback.argument.StructuredArguments.kv("request_id", ctx.get(Requests.REQUEST_ID)), failure);
      problem = problem(503, "unavailable", title(503), "the server could not complete the request; it was not stored, try again");
    }
    send(ctx, problem.put("instance", ctx.request().path()));
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
      default -> problem(status < 400 ? 500 : status, "error", title(status), "the request failed");
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
      case 503 -> "Service unavailable";
      default -> "Error";
    };
  }
}
