package org.amchallenge.people;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.amchallenge.domain.Tokens;
import org.amchallenge.problem.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through OpenID Connect providers: the authorization-code flow with PKCE (S256), {@code state} and
 * {@code nonce}. Each attempt is kept server side for {@link #ATTEMPT_LIFE}, once, in Vert.x's shared map (the cluster's
 * where the node is clustered, so the provider may send the browser back to any node), bound to the browser that
 * started it. The ID token's signature (the provider's JWKS), issuer and audience are checked by vertx-auth-oauth2;
 * its nonce and expiry here.
 */
public final class OidcSignIn {
  private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
  /** How long a person has at the provider's login page before the attempt is forgotten. */
  public static final Duration ATTEMPT_LIFE = Duration.ofMinutes(10);
  /** Clocks of the provider and this server may differ by this much. */
  private static final long LEEWAY_SECONDS = 120;
  private static final Pattern ORCID_ID = Pattern.compile("\\d{4}-\\d{4}-\\d{4}-\\d{3}[\\dX]");
  private static final String ATTEMPTS = "amc.oidc.attempts";

  private final Map<String, Discovered> providers;
  private final AsyncMap<String, JsonObject> attempts;
  private final String publicUrl;
  private final Clock clock;

  /** A provider whose discovery document and keys were read. */
  private record Discovered(OidcProvider provider, OAuth2Auth auth) {}

  /** Who the provider vouched for, and where the person goes next (a local path). */
  public record Identity(String provider, String subject, String email, boolean emailVerified, String name, String orcid, String returnTo) {}

  /** What the provider sent the browser back with: a code, or an error (the person declined, the provider failed). */
  public record Callback(String state, String code, String error, String errorDescription) {}

  private OidcSignIn(Map<String, Discovered> providers, AsyncMap<String, JsonObject> attempts, String publicUrl, Clock clock) {
    this.providers = providers;
    this.attempts = attempts;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  /**
   * Reads each provider's discovery document and keys. A provider that cannot be discovered (unreachable, an issuer
   * that does not match, no keys) is logged and left out: the server starts with the others.
   */
  public static Future<OidcSignIn> discover(Vertx vertx, PeopleConfig config) {
    List<OidcProvider> configured = config.providers() == null ? List.of() : config.providers();
    List<Future<Discovered>> discoveries = configured.stream().map(provider -> discover(vertx, provider)
        .onFailure(failure -> LOG.warn("OpenID Connect provider '{}' ({}) left out: its discovery failed: {}", provider.name(),
            provider.issuer(), failure.getMessage()))).toList();
    return Future.join(discoveries).otherwiseEmpty().compose(done -> vertx.sharedData().<String, JsonObject>getAsyncMap(ATTEMPTS)).map(map -> {
      Map<String, Discovered> found = new LinkedHashMap<>();
      discoveries.stream().filter(Future::succeeded).map(Future::result).forEach(d -> found.put(d.provider().name(), d));
      if (!found.isEmpty()) LOG.info("OpenID Connect sign-in through {}", found.keySet());
      return new OidcSignIn(Collections.unmodifiableMap(found), map, config.publicUrl(), Clock.systemUTC());
    });
  }

  private static Future<Discovered> discover(Vertx vertx, OidcProvider provider) {
    HttpClientOptions http = new HttpClientOptions().setConnectTimeout(10_000).setIdleTimeout(30);
    return metadata(vertx, provider.issuer(), http).compose(metadata -> {
      JsonArray challenges = metadata.getJsonArray("code_challenge_methods_supported");
      if (challenges != null && !challenges.contains("S256")) {
        LOG.warn("OpenID Connect provider '{}' does not list PKCE S256; the code challenge is sent all the same", provider.name());
      }
      OAuth2Options options = new OAuth2Options().setSite(provider.issuer()).setClientId(provider.clientId())
          .setClientSecret(provider.clientSecret()).setValidateIssuer(true).setHttpClientOptions(http)
          .setUseBasicAuthorization(basicAuthentication(metadata));
      return OpenIDConnectAuth.discover(vertx, options);
    }).map(auth -> {
      // a token signed with a key the provider added since: its keys are read again for the next sign-in
      auth.missingKeyHandler(kid -> auth.jWKSet().onFailure(failure -> LOG.warn("the keys of provider '{}' could not be read again: {}",
          provider.name(), failure.getMessage())));
      return new Discovered(provider, auth);
    });
  }

  /** The discovery document, read first for what vertx-auth-oauth2 does not keep: how the client authenticates. */
  private static Future<JsonObject> metadata(Vertx vertx, String issuer, HttpClientOptions options) {
    HttpClient client = vertx.createHttpClient(options);
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(issuer + "/.well-known/openid-configuration")
            .addHeader("Accept", "application/json"))
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200 ? response.body()
            : Future.failedFuture("the discovery document answered " + response.statusCode()))
        .map(body -> body.toJsonObject())
        .andThen(done -> client.close());
  }

  /** client_secret_basic where the provider lists it or lists nothing (the default of OpenID Connect), else client_secret_post. */
  private static boolean basicAuthentication(JsonObject metadata) {
    JsonArray methods = metadata.getJsonArray("token_endpoint_auth_methods_supported");
    return methods == null || methods.contains("client_secret_basic") || !methods.contains("client_secret_post");
  }

  /** The providers discovered, in the order the operator gave them. */
  public List<OidcProvider> providers() {
    return providers.values().stream().map(Discovered::provider).toList();
  }

  /** Whether a provider of this name was discovered. */
  public boolean offers(String name) {
    return providers.containsKey(name);
  }

  /** The configured address browsers reach this server at; null where the request's own is used. */
  public String publicUrl() {
    return publicUrl;
  }

  /**
   * Starts an attempt: a new state, nonce and PKCE verifier kept for {@link #ATTEMPT_LIFE}, bound to the browser by
   * the hash of its secret. The answer is the provider's authorization URL, where the browser goes next.
   */
  public Future<String> begin(String providerName, String redirectUri, String browserSecret, String returnTo) {
    Discovered discovered = providers.get(providerName);
    if (discovered == null) return Future.failedFuture(unknown(providerName));
    String state = Tokens.newToken("");
    String nonce = Tokens.newToken("");
    String verifier = Tokens.newToken("");
    JsonObject attempt = new JsonObject().put("provider", providerName).put("nonce", nonce).put("verifier", verifier)
        .put("redirect_uri", redirectUri).put("browser", Tokens.hash(browserSecret)).put("return_to", returnTo);
    String url = discovered.auth().authorizeURL(new OAuth2AuthorizationURL().setRedirectUri(redirectUri)
        .setScopes(discovered.provider().scopes()).setState(state).setCodeChallenge(challenge(verifier)).setCodeChallengeMethod("S256")
        .putAdditionalParameter("nonce", nonce));
    return attempts.put(Tokens.hash(state), attempt, ATTEMPT_LIFE.toMillis()).map(url);
  }

  /**
   * Ends an attempt: takes it (a state is good once), checks it was started by this browser for this provider,
   * exchanges the code with the verifier, checks the ID token, and reads who it names.
   */
  public Future<Identity> finish(String providerName, Callback callback, String browserSecret) {
    Discovered discovered = providers.get(providerName);
    if (discovered == null) return Future.failedFuture(unknown(providerName));
    if (callback.state() == null || callback.state().isEmpty()) {
      return Future.failedFuture(ApiException.badRequest("the provider's answer has no state: start the sign-in again"));
    }
    return attempts.remove(Tokens.hash(callback.state())).compose(attempt -> {
      if (attempt == null || !providerName.equals(attempt.getString("provider"))) {
        return Future.failedFuture(ApiException.badRequest("this sign-in is unknown, already finished or older than "
            + ATTEMPT_LIFE.toMinutes() + " minutes: start it again"));
      }
      if (browserSecret == null || !Tokens.sameHash(Tokens.hash(browserSecret), attempt.getString("browser"))) {
        return Future.failedFuture(ApiException.badRequest("this sign-in was started in another browser (or its cookies were cleared): "
            + "start it again here"));
      }
      if (callback.error() != null) {
        return Future.failedFuture(ApiException.forbidden("the provider '" + providerName + "' did not sign you in: " + callback.error()
            + (callback.errorDescription() == null ? "" : " (" + callback.errorDescription() + ")")));
      }
      if (callback.code() == null || callback.code().isEmpty()) {
        return Future.failedFuture(ApiException.badRequest("the provider's answer has neither a code nor an error"));
      }
      return exchange(discovered, callback.code(), attempt);
    });
  }

  private Future<Identity> exchange(Discovered discovered, String code, JsonObject attempt) {
    Oauth2Credentials credentials = new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code)
        .setRedirectUri(attempt.getString("redirect_uri")).setCodeVerifier(attempt.getString("verifier"));
    String name = discovered.provider().name();
    return discovered.auth().authenticate(credentials)
        .recover(failure -> Future.failedFuture(providerError(name, "it refused the code (" + failure.getMessage() + ")")))
        .compose(user -> {
          JsonObject idToken = user.attributes().getJsonObject("idToken");
          if (idToken == null) {
            return Future.failedFuture(providerError(name, "its ID token is missing, or its signature, issuer or audience did not verify"));
          }
          String problem = idTokenProblem(idToken, attempt.getString("nonce"));
          if (problem != null) return Future.failedFuture(providerError(name, problem));
          return withUserInfo(discovered, user, idToken).compose(claims -> identity(discovered.provider(), claims, attempt.getString("return_to")));
        });
  }

  /** What is wrong with a verified ID token for this attempt, or null: the nonce sent, an expiry to come, a subject. */
  private String idTokenProblem(JsonObject idToken, String nonce) {
    if (!nonce.equals(idToken.getValue("nonce"))) return "its ID token does not carry the nonce of this sign-in";
    long now = clock.instant().getEpochSecond();
    if (!(idToken.getValue("exp") instanceof Number exp) || exp.longValue() + LEEWAY_SECONDS < now) return "its ID token has expired";
    if (idToken.getValue("iat") instanceof Number iat && iat.longValue() - LEEWAY_SECONDS > now) return "its ID token is issued in the future";
    if (!(idToken.getValue("sub") instanceof String sub) || sub.isBlank()) return "its ID token names no subject";
    return null;
  }

  /**
   * The ID token's claims, with the email, its verification and the name from the UserInfo endpoint where the token
   * lacks them (providers differ in what they put in the token); UserInfo answers for the same subject or not at all.
   */
  private Future<JsonObject> withUserInfo(Discovered discovered, User user, JsonObject idToken) {
    if (idToken.getValue("email") instanceof String) return Future.succeededFuture(idToken);
    return discovered.auth().userInfo(user).map(info -> {
      JsonObject claims = idToken.copy();
      for (String claim : List.of("email", "email_verified", "name", "given_name", "family_name")) {
        if (!claims.containsKey(claim) && info.containsKey(claim)) claims.put(claim, info.getValue(claim));
      }
      return claims;
    }).otherwise(failure -> {
      LOG.debug("provider '{}' answered no UserInfo: {}", discovered.provider().name(), failure.getMessage());
      return idToken;
    });
  }

  private static Future<Identity> identity(OidcProvider provider, JsonObject claims, String returnTo) {
    String subject = claims.getString("sub");
    String orcid = null;
    if (provider.orcid()) {
      if (!isOrcidId(subject)) return Future.failedFuture(providerError(provider.name(), "its subject is not an ORCID iD: " + subject));
      orcid = subject;
    }
    String email = claims.getValue("email") instanceof String e && !e.isBlank() ? e.strip() : null;
    // some providers send the flag as a string
    Object verified = claims.getValue("email_verified");
    boolean emailVerified = email != null && (Boolean.TRUE.equals(verified) || "true".equals(verified));
    return Future.succeededFuture(new Identity(provider.name(), subject, email, emailVerified, name(claims), orcid, returnTo));
  }

  /** The person's name: the name claim, else given and family names, else null (the account falls back on the email). */
  private static String name(JsonObject claims) {
    if (claims.getValue("name") instanceof String name && !name.isBlank()) return name.strip();
    String given = claims.getValue("given_name") instanceof String g ? g.strip() : "";
    String family = claims.getValue("family_name") instanceof String f ? f.strip() : "";
    String joined = (given + " " + family).strip();
    return joined.isEmpty() ? null : joined;
  }

  /** An ORCID iD: four groups of four digits, the last character a check digit (ISO 7064 11,2) that may be X. */
  public static boolean isOrcidId(String id) {
    if (id == null || !ORCID_ID.matcher(id).matches()) return false;
    String digits = id.replace("-", "");
    int total = 0;
    for (int i = 0; i < 15; i++) total = (total + (digits.charAt(i) - '0')) * 2;
    int check = (12 - total % 11) % 11;
    return digits.charAt(15) == (check == 10 ? 'X' : (char) ('0' + check));
  }

  /** The PKCE challenge of a verifier: its SHA-256, base64url without padding (RFC 7636, S256). */
  static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static ApiException unknown(String name) {
    return ApiException.notFound("no sign-in provider is named '" + name + "'");
  }

  private static ApiException providerError(String name, String what) {
    return new ApiException(502, "provider-error", "the sign-in through '" + name + "' failed: " + what + "; start it again");
  }
}
