package org.amchallenge.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import org.amchallenge.people.PeopleService.SignedIn;

/** The browser session's cookie: HttpOnly, SameSite=Lax, Secure where the server is reached over TLS. */
final class SessionCookie {
  static final String NAME = "amc_session";

  private SessionCookie() {}

  static void open(RoutingContext ctx, SignedIn session, String publicUrl) {
    long seconds = Math.max(0, session.expiresAt().getEpochSecond() - java.time.Instant.now().getEpochSecond());
    ctx.response().addCookie(cookie(session.sessionToken(), publicUrl, ctx).setMaxAge(seconds));
    ctx.response().putHeader("Cache-Control", "no-store");
  }

  static void clear(RoutingContext ctx, String publicUrl) {
    ctx.response().addCookie(cookie("", publicUrl, ctx).setMaxAge(0));
  }

  /** The session's secret from the request's cookie, or null. */
  static String of(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(NAME);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  private static Cookie cookie(String value, String publicUrl, RoutingContext ctx) {
    boolean tls = ctx.request().isSSL() || publicUrl != null && publicUrl.startsWith("https:");
    return Cookie.cookie(NAME, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX).setSecure(tls);
  }
}
