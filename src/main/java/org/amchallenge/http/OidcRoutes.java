package org.amchallenge.http;

import io.vertx.core.Future;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.regex.Pattern;
import org.amchallenge.domain.Tokens;
import org.amchallenge.people.OidcSignIn;
import org.amchallenge.people.OidcSignIn.Callback;
import org.amchallenge.problem.ApiException;

/**
 * Sign-in through an OpenID Connect provider: {@code GET /auth/oidc/{provider}} sends the browser to the provider,
 * {@code GET /auth/oidc/{provider}/callback} takes it back, opens a session and sends it on to {@code /account} (or the
 * local path it asked for with {@code return_to}). {@code GET /api/auth/providers} lists the providers for the sign-in page.
 */
final class OidcRoutes {
  /** The cookie that binds an attempt to the browser that started it, so that nobody can finish it from another (login CSRF). */
  static final String BROWSER_COOKIE = "amc_oidc";
  static final String DEFAULT_RETURN = "/account";
  private static final int MAX_RETURN_LENGTH = 1000;
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
  private final ApiContext api;

  OidcRoutes(ApiContext api) {
    this.api = api;
  }

  private OidcSignIn oidc() {
    return api.oidc();
  }

  /** The providers a person may sign in with: name, and whether it gives an ORCID iD. */
  void providers(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    oidc().providers().forEach(p -> list.add(new JsonObject().put("name", p.name()).put("orcid", p.orcid())));
    ctx.json(list);
  }

  void begin(RoutingContext ctx) {
    String provider = ctx.pathParam("provider");
    if (!oidc().offers(provider)) throw ApiException.notFound("no sign-in provider is named '" + provider + "'");
    String returnTo = returnTo(ctx.queryParams().get("return_to"));
    String browser = browserSecret(ctx);
    if (browser == null) browser = Tokens.newToken("");
    // set again at every start: its life runs from the newest attempt
    ctx.response().addCookie(Cookie.cookie(BROWSER_COOKIE, browser).setPath("/auth/oidc").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
        .setSecure(secure(ctx)).setMaxAge(OidcSignIn.ATTEMPT_LIFE.toSeconds()));
    oidc().begin(provider, redirectUri(ctx, provider), browser, returnTo).onSuccess(url -> redirect(ctx, url)).onFailure(ctx::fail);
  }

  void callback(RoutingContext ctx) {
    String provider = ctx.pathParam("provider");
    var query = ctx.queryParams();
    Callback callback = new Callback(query.get("state"), query.get("code"), query.get("error"), query.get("error_description"));
    // a browser already signed in links the provider's identity (an ORCID iD, which ORCID gives without an email) to its account
    String old = SessionCookie.of(ctx);
    Future<java.util.Optional<org.amchallenge.people.PeopleService.Identity>> current = old == null
        ? Future.succeededFuture(java.util.Optional.empty()) : api.people().bySession(old);
    oidc().finish(provider, callback, browserSecret(ctx))
        .compose(who -> current.compose(signedIn -> api.people().signInWithProvider(who.provider(), who.subject(), who.email(),
                who.emailVerified(), who.name(), who.orcid(), signedIn.map(org.amchallenge.people.PeopleService.Identity::account).orElse(null)))
            // the old session ended before the answer: else its cookie still works on the browser's next request
            .compose(session -> (old == null ? Future.<Void>succeededFuture() : api.people().signOut(old)).map(session))
            .onSuccess(session -> {
              SessionCookie.open(ctx, session, oidc().publicUrl());
              redirect(ctx, who.returnTo());
            }))
        .onFailure(ctx::fail);
  }

  /** The browser's secret from its cookie, where it holds one that this server could have made. */
  private static String browserSecret(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(BROWSER_COOKIE);
    return cookie != null && SECRET.matcher(cookie.getValue()).matches() ? cookie.getValue() : null;
  }

  /**
   * Where to go once signed in: a path on this server (one slash, no scheme, no host), never another site, so that a
   * link to the sign-in cannot send a person elsewhere with this server's name on it.
   */
  static String returnTo(String asked) {
    if (asked == null || asked.isEmpty()) return DEFAULT_RETURN;
    boolean local = asked.length() <= MAX_RETURN_LENGTH && asked.startsWith("/") && !asked.startsWith("//")
        && asked.chars().noneMatch(c -> c <= ' ' || c == '\\' || c == 0x7f);
    if (local) {
      try {
        URI uri = new URI(asked);
        local = uri.getScheme() == null && uri.getRawAuthority() == null;
      } catch (java.net.URISyntaxException e) {
        local = false;
      }
    }
    if (!local) throw ApiException.badRequest("return_to is a path on this server, such as /account: '" + asked + "'");
    return asked;
  }

  /** The callback's address as the provider knows it: on the configured public URL, else on the address the browser used. */
  private String redirectUri(RoutingContext ctx, String provider) {
    return origin(ctx) + "/auth/oidc/" + provider + "/callback";
  }

  private String origin(RoutingContext ctx) {
    if (oidc().publicUrl() != null) return oidc().publicUrl();
    URI uri = URI.create(ctx.request().absoluteURI());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private boolean secure(RoutingContext ctx) {
    return ctx.request().isSSL() || origin(ctx).startsWith("https:");
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(302).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }
}
