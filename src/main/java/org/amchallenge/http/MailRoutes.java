package org.amchallenge.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.amchallenge.domain.Account;
import org.amchallenge.people.MailLinks;
import org.amchallenge.problem.ApiException;

/** The routes of links sent by mail: verifying an email, asking for a password reset, and setting the new password. */
final class MailRoutes {
  private final MailLinks links;
  /** The signed-in account of a request, null where none is: the authentication in front of the route finds it. */
  private final Function<RoutingContext, Account> signedIn;

  MailRoutes(MailLinks links, Function<RoutingContext, Account> signedIn) {
    this.links = links;
    this.signedIn = signedIn;
  }

  /** {@code GET /auth/verify?token=}: the link of a verification mail; the browser goes on to the account page. */
  void verify(RoutingContext ctx) {
    links.verify(ctx.queryParams().get("token"))
        .onSuccess(account -> ctx.response().setStatusCode(303).putHeader("Location", "/account?verified=1")
            .putHeader("Cache-Control", "no-store").end())
        .onFailure(failure -> {
          // a person followed the link from a mail: a page in words, not a problem document, where a browser asks
          if (failure instanceof ApiException refused && refused.status() == 400 && accepts(ctx, "text/html")) {
            ctx.response().setStatusCode(400).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").sendFile("web/link-not-valid.html");
          } else {
            ctx.fail(failure);
          }
        });
  }

  /** {@code POST /api/accounts/verification}: a new verification link for the signed-in account. */
  void resendVerification(RoutingContext ctx) {
    Account account = signedIn.apply(ctx);
    if (account == null) {
      ctx.fail(ApiException.unauthorized("sign in to ask for a new link"));
      return;
    }
    links.resendVerification(account)
        .onSuccess(sentTo -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", "sent").put("detail", "a link to verify " + sentTo.email()
                + " is on its way; it works once, within 48 hours").encode()))
        .onFailure(ctx::fail);
  }

  /** {@code POST /api/accounts/password-reset {email}}: 202 whatever the email, so that the answer tells no one who has an account. */
  void requestReset(RoutingContext ctx) {
    Object email = body(ctx).getValue("email");
    if (!(email instanceof String address) || address.isBlank()) {
      ctx.fail(ApiException.badRequest("send {\"email\": \"...\"}: the email of the account"));
      return;
    }
    links.requestReset(address)
        .onSuccess(accepted -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(new JsonObject().put("status", "accepted").put("detail", "if an account has this email, a link to choose "
                + "a new password is on its way to it; the link works once, within 1 hour").encode()))
        .onFailure(ctx::fail);
  }

  /** {@code POST /api/accounts/password {token, password}}: the new password of a reset link's account; 204. */
  void resetPassword(RoutingContext ctx) {
    JsonObject body = body(ctx);
    Object token = body.getValue("token");
    Object password = body.getValue("password");
    if (!(token instanceof String link)) {
      ctx.fail(ApiException.badRequest("send {\"token\": \"...\", \"password\": \"...\"}: the token of the link in the mail"));
      return;
    }
    links.reset(link, password instanceof String p ? p : null)
        .onSuccess(account -> ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
        .onFailure(ctx::fail);
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      return body == null ? new JsonObject() : body;
    } catch (DecodeException | ClassCastException e) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
  }

  private static boolean accepts(RoutingContext ctx, String type) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains(type);
  }
}
