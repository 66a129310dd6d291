package org.amchallenge.people;

import io.vertx.core.Future;
import java.time.Instant;
import org.amchallenge.domain.Account;

/** SKELETON (the lead fills it in): accounts, sessions, tokens, roles, registration and teams. */
public final class PeopleService {

  /** A session just opened: its secret goes in the cookie, its CSRF token to the page. */
  public record SignedIn(Account account, String sessionToken, String csrfToken, Instant expiresAt) {}

  /**
   * Signs in the person {@code provider} vouches for as {@code subject}: the account linked to that identity, else the
   * account of that email where the provider says it is verified (then linked), else a new account; a new session.
   */
  public Future<SignedIn> signInWithProvider(String provider, String subject, String email, boolean emailVerified, String name, String orcid) {
    return Future.failedFuture(new UnsupportedOperationException("skeleton"));
  }
}
