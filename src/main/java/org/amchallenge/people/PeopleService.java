package org.amchallenge.people;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeRegistry;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.domain.Account;
import org.amchallenge.domain.AuditEntry;
import org.amchallenge.domain.Role;
import org.amchallenge.domain.Scope;
import org.amchallenge.domain.Team;
import org.amchallenge.domain.Tokens;
import org.amchallenge.problem.ApiException;
import org.amchallenge.store.PeopleStore;
import org.amchallenge.store.PeopleStore.AccessToken;
import org.amchallenge.store.PeopleStore.Participant;
import org.amchallenge.store.PeopleStore.RoleGrant;
import org.amchallenge.store.Store;

/**
 * Who is who (SPEC "People"): accounts and how they sign in, browser sessions and personal access tokens, site admins
 * and roles per challenge, registrations, and teams made by accounts. Sessions and tokens found by their hash are kept
 * on each node for a moment; a sign-out, a revoked token or a changed team is told to every node at once.
 */
public final class PeopleService {
  public static final Duration SESSION_LIFE = Duration.ofDays(14);
  static final Duration INVITATION_LIFE = Duration.ofDays(7);
  /** Longest password taken: Argon2id's cost does not grow with it, but a megabyte body should not be hashed. */
  public static final int MAX_PASSWORD_LENGTH = 1000;
  /** Told to every node: a hash of a session or token that no longer holds, or {@code team:<id>} for a changed team. */
  static final String FORGET = "amc.people.forget";
  private static final String TEAM_PREFIX = "team:";

  /** A session just opened: its secret goes in the cookie, its CSRF token to the page. */
  public record SignedIn(Account account, String sessionToken, String csrfToken, Instant expiresAt) {}

  /**
   * Who a request comes from: an account, through a session (with its CSRF token, and when it ends) or a personal access
   * token (with its scopes; {@code expiresAt} null).
   */
  public record Identity(Account account, Set<Scope> scopes, String csrfToken, String tokenHash, boolean admin, Instant expiresAt) {
    public boolean session() {
      return csrfToken != null;
    }

    public boolean may(Scope scope) {
      return scopes.contains(scope);
    }
  }

  /** A sign-up's outcome: the account and its session, or (where emails are verified) a link on its way and nothing more. */
  public record SignUp(Account account, SignedIn session) {}

  /** A token just made: shown once. */
  public record NewToken(AccessToken token, String secret) {}

  /** A team just made, or given a new token: the token is shown once. */
  public record TeamToken(Team team, String token) {}

  private final Vertx vertx;
  private final Store store;
  private final PeopleStore people;
  private final ChallengeRegistry challenges;
  private final PeopleConfig config;
  private final Passwords passwords;
  private final SignInThrottle throttle;
  private final MailLinks mail;
  private final Clock clock;
  private final Cache<String, Identity> known = Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(Duration.ofSeconds(30)).build();
  private MessageConsumer<String> forgotten;
  private MessageConsumer<String> accountChanged;

  public PeopleService(Vertx vertx, Store store, ChallengeRegistry challenges, PeopleConfig config, Passwords passwords,
                       SignInThrottle throttle, MailLinks mail, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.people = store.people();
    this.challenges = challenges;
    this.config = config;
    this.passwords = passwords;
    this.throttle = throttle;
    this.mail = mail;
    this.clock = clock;
  }

  public Future<Void> start() {
    forgotten = vertx.eventBus().consumer(FORGET, message -> {
      String what = message.body();
      if (what.startsWith(TEAM_PREFIX)) store.forgetTeam(what.substring(TEAM_PREFIX.length()));
      else known.invalidate(what);
    });
    // a password reset or a verified email: what is kept of the account's sessions and tokens is read again
    accountChanged = vertx.eventBus().consumer(MailLinks.ACCOUNT_CHANGED,
        message -> known.asMap().values().removeIf(identity -> identity.account().id().equals(message.body())));
    return forgotten.completion().compose(done -> accountChanged.completion());
  }

  public Future<Void> stop() {
    if (forgotten == null) return Future.succeededFuture();
    return Future.join(forgotten.unregister(), accountChanged.unregister()).mapEmpty();
  }

  public PeopleConfig config() {
    return config;
  }

  public boolean mailEnabled() {
    return mail.enabled();
  }

  /**
   * Whether the account is a site admin: named by --admins, and its email verified (by a mailed link, a provider that
   * vouches for it, or the admin token's holder), so that whoever signs up first with an admin's email is not one.
   */
  public boolean isAdmin(Account account) {
    return account != null && account.emailVerified() && config.admins().contains(Account.emailKey(account.email()));
  }

  private void forgetEverywhere(String what) {
    known.invalidate(what);
    vertx.eventBus().publish(FORGET, what);
  }

  private void teamChanged(String teamId) {
    store.forgetTeam(teamId);
    vertx.eventBus().publish(FORGET, TEAM_PREFIX + teamId);
  }

  // ---- accounts and sign-in

  /**
   * A new account. Without mail it is signed in at once; with mail, its email is verified by a link first, and an email
   * that has an account already is answered the same way (its owner is told by mail), so that sign-up tells no one
   * which emails have accounts.
   */
  public Future<SignUp> signUp(String email, String password, String name) {
    Account account = new Account(UUID.randomUUID().toString(), email.strip(), name, false, null, false, clock.instant());
    return passwords.hash(password)
        .compose(hash -> people.createAccount(account, hash))
        .compose(created -> {
          if (!mail.enabled()) return openSession(created).map(session -> new SignUp(created, session));
          // not waited for: the answer takes as long whether the email was new or taken
          mail.sendVerification(created);
          return Future.succeededFuture(new SignUp(created, null));
        })
        .recover(failure -> {
          if (!(failure instanceof Store.DuplicateException)) return Future.failedFuture(failure);
          if (mail.enabled()) {
            people.accountByEmail(email).onSuccess(found -> found.ifPresent(mail::sendSignUpNotice));
            return Future.succeededFuture(new SignUp(null, null));
          }
          return Future.failedFuture(ApiException.conflict("an account with this email exists: sign in, or ask the server's operator"));
        });
  }

  /**
   * Signs in with email and password. Every refusal reads the same and costs the same (an unknown email, an account
   * without a password, a wrong password: one Argon2id verification each); repeated failures wait, per email and per
   * address, whether or not the email has an account.
   */
  public Future<SignedIn> signIn(String email, String password, String address) {
    String key = Account.emailKey(email);
    // the wall clock, not the competition's: a wait must run out whatever the server's clock says
    long now = System.currentTimeMillis();
    // the email's failures count per address too: guesses from elsewhere do not lock its owner out
    String attempt = key + " " + address;
    long wait = throttle.retryAfterSeconds(attempt, address, now);
    if (wait > 0) {
      return Future.failedFuture(new ApiException(429, "sign-in-throttled", "too many failed sign-ins for this email or from this address; "
          + "try again in " + wait + " s", Map.of("Retry-After", Long.toString(wait))));
    }
    // guesses sent at once would all pass the count above before the first is counted: a few at a time per email
    java.util.concurrent.atomic.AtomicInteger running = signingIn.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger());
    if (running.incrementAndGet() > SIGN_INS_AT_ONCE) {
      release(key, running);
      return Future.failedFuture(new ApiException(429, "sign-in-throttled", "sign-ins for this email are under way; try again in 1 s",
          Map.of("Retry-After", "1")));
    }
    return checkPassword(email, password, attempt, address).onComplete(done -> release(key, running));
  }

  /** Sign-ins under way per email key, removed when none is. */
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> signingIn = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int SIGN_INS_AT_ONCE = 2;

  private void release(String key, java.util.concurrent.atomic.AtomicInteger running) {
    if (running.decrementAndGet() <= 0) signingIn.remove(key, running);
  }

  private Future<SignedIn> checkPassword(String email, String password, String key, String address) {
    return people.credentials(email).compose(found -> {
      String hash = found.map(PeopleStore.Credentials::passwordHash).orElse(null);
      return passwords.verify(password, hash).compose(matches -> {
        if (!matches || found.isEmpty()) {
          throttle.failed(key, address, System.currentTimeMillis());
          return Future.failedFuture(ApiException.unauthorized("the email or the password is wrong"));
        }
        throttle.succeeded(key, address);
        return openSession(found.get().account());
      });
    });
  }

  /**
   * Signs in the person {@code provider} vouches for as {@code subject}: the account linked to that identity, else the
   * account of that email where the provider says it is verified (then linked), else a new account; a new session.
   */
  public Future<SignedIn> signInWithProvider(String provider, String subject, String email, boolean emailVerified, String name, String orcid) {
    return signInWithProvider(provider, subject, email, emailVerified, name, orcid, null);
  }

  /**
   * The same, where {@code signedIn} (the account the browser is signed in as, or null) is given the identity when no
   * account has it yet: how an ORCID iD, which ORCID shares without an email, joins an account.
   */
  public Future<SignedIn> signInWithProvider(String provider, String subject, String email, boolean emailVerified, String name, String orcid,
                                             Account signedIn) {
    return people.accountByIdentity(provider, subject).compose(linked -> {
      if (linked.isPresent()) {
        Account account = linked.get();
        Future<Void> orcidKept = orcid != null && !orcid.equals(account.orcid()) ? people.linkIdentity(provider, subject, account.id(), orcid)
            : Future.succeededFuture();
        return orcidKept.compose(done -> people.account(account.id())).compose(now -> openSession(now.orElse(account)));
      }
      if (signedIn != null) {
        return people.linkIdentity(provider, subject, signedIn.id(), orcid).compose(done -> people.account(signedIn.id()))
            .compose(now -> openSession(now.orElse(signedIn)));
      }
      if (email == null || email.isBlank()) {
        return Future.failedFuture(ApiException.forbidden("the provider '" + provider + "' did not tell this server your email: sign in "
            + "(or sign up) with your email first, then sign in with '" + provider + "' to add it to your account"));
      }
      return people.accountByEmail(email).compose(byEmail -> {
        if (byEmail.isPresent() && !emailVerified) {
          return Future.failedFuture(ApiException.conflict("an account with this email exists, and the provider '" + provider
              + "' has not verified the email: sign in with the password, or verify the email at the provider"));
        }
        Future<Account> account = byEmail.isPresent()
            ? (emailVerified && !byEmail.get().emailVerified() ? people.markVerified(byEmail.get().id()).map(byEmail.get()) : Future.succeededFuture(byEmail.get()))
            : people.createAccount(new Account(UUID.randomUUID().toString(), email.strip(), name == null || name.isBlank() ? email.strip() : name,
                emailVerified, orcid, false, clock.instant()), null);
        return account.compose(a -> people.linkIdentity(provider, subject, a.id(), orcid).compose(done -> people.account(a.id()))
            .compose(now -> openSession(now.orElse(a))));
      });
    });
  }

  private Future<SignedIn> openSession(Account account) {
    String token = Tokens.newToken("amc_s_");
    String csrf = Tokens.newToken("");
    Instant now = clock.instant();
    Instant expires = now.plus(SESSION_LIFE);
    return people.createSession(Tokens.hash(token), account.id(), csrf, now, expires).map(done -> new SignedIn(account, token, csrf, expires));
  }

  public Future<Void> signOut(String sessionToken) {
    String hash = Tokens.hash(sessionToken);
    return people.deleteSession(hash).onSuccess(done -> forgetEverywhere(hash));
  }

  /** The account of a session cookie's value, with every scope and its CSRF token; empty for an unknown or ended one. */
  public Future<Optional<Identity>> bySession(String sessionToken) {
    String hash = Tokens.hash(sessionToken);
    Identity cached = known.getIfPresent(hash);
    // a session kept here ends when it expires, not up to a cache's lifetime later
    if (cached != null && cached.session() && clock.instant().isBefore(cached.expiresAt())) return Future.succeededFuture(Optional.of(cached));
    return people.session(hash, clock.instant()).map(found -> found.map(session -> {
      Identity identity = new Identity(session.account(), Scope.ALL, session.csrfToken(), hash, isAdmin(session.account()), session.expiresAt());
      known.put(hash, identity);
      return identity;
    }));
  }

  /** The account of a personal access token, with its scopes; empty for an unknown or revoked one. */
  public Future<Optional<Identity>> byAccessToken(String token) {
    String hash = Tokens.hash(token);
    Identity cached = known.getIfPresent(hash);
    if (cached != null && !cached.session()) return Future.succeededFuture(Optional.of(cached));
    return people.accessToken(hash).map(found -> found.map(holder -> {
      Identity identity = new Identity(holder.account(), holder.token().scopes(), null, hash, isAdmin(holder.account()), null);
      known.put(hash, identity);
      return identity;
    }));
  }

  public Future<Optional<Account>> account(String id) {
    return people.account(id);
  }

  // ---- personal access tokens

  public Future<NewToken> createToken(Account account, String name, Set<Scope> scopes) {
    String secret = Tokens.newToken("amc_pat_");
    AccessToken token = new AccessToken(UUID.randomUUID().toString(), account.id(), name, Set.copyOf(scopes), clock.instant());
    return people.createAccessToken(token, Tokens.hash(secret)).map(done -> new NewToken(token, secret));
  }

  public Future<List<AccessToken>> tokens(Account account) {
    return people.accessTokens(account.id());
  }

  public Future<Void> revokeToken(Account account, String tokenId) {
    return people.revokeAccessToken(account.id(), tokenId).compose(hash -> {
      if (hash.isEmpty()) return Future.failedFuture(ApiException.notFound("you have no token '" + tokenId + "'"));
      forgetEverywhere(hash.get());
      return Future.succeededFuture();
    });
  }

  // ---- admins, creators and roles

  /** Lets an account create challenges, or no longer (admins only). */
  public Future<Account> setCreator(String email, boolean creator) {
    // every node forgets what it keeps of the account's sessions and tokens: the account reads as changed at once
    return accountOf(email).compose(account -> people.setCreator(account.id(), creator)
        .onSuccess(done -> forgetAccountEverywhere(account.id())).map(account));
  }

  /** This node forgets the account's sessions and tokens before the answer; the others when told. */
  private void forgetAccountEverywhere(String accountId) {
    known.asMap().values().removeIf(identity -> identity.account().id().equals(accountId));
    vertx.eventBus().publish(MailLinks.ACCOUNT_CHANGED, accountId);
  }

  private Future<Account> accountOf(String email) {
    return people.accountByEmail(email).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ApiException.notFound("no account has the email '" + email + "'"))));
  }

  /** The account's role on a challenge: admins are owners of every challenge. */
  public Future<Optional<Role>> role(Identity identity, String challengeId) {
    if (identity.admin()) return Future.succeededFuture(Optional.of(Role.OWNER));
    return people.role(challengeId, identity.account().id());
  }

  /** Whether the account may publish: an admin, a creator, or an organizer of some challenge (who may update it). */
  public Future<Boolean> mayPublish(Identity identity) {
    if (identity.admin()) return Future.succeededFuture(true);
    return mayCreate(identity).compose(creator -> creator ? Future.succeededFuture(true)
        : people.rolesOf(identity.account().id()).map(roles -> roles.stream().anyMatch(r -> r.role().changes())));
  }

  /**
   * Whether the account may create challenges, as stored now: the identity of a session or token is kept for a moment
   * on each node, and an admin's leave (or its withdrawal) holds from the next request.
   */
  public Future<Boolean> mayCreate(Identity identity) {
    if (identity.admin()) return Future.succeededFuture(true);
    return people.account(identity.account().id()).map(found -> found.map(Account::creator).orElse(false));
  }

  public Future<List<RoleGrant>> roles(String challengeId) {
    return people.roles(challengeId);
  }

  public Future<List<RoleGrant>> rolesOf(Account account) {
    return people.rolesOf(account.id());
  }

  /** Makes the account the owner of a challenge it just created. */
  public Future<Void> own(Account account, String challengeId) {
    return people.putRole(challengeId, account.id(), Role.OWNER, clock.instant());
  }

  public Future<RoleGrant> grant(String challengeId, String email, Role role, String actor) {
    if (role == Role.OWNER) return Future.failedFuture(ApiException.badRequest("a role is organizer or reviewer; the owner is who created the challenge"));
    return accountOf(email).compose(account -> people.role(challengeId, account.id()).compose(current -> {
      if (current.isPresent() && current.get() == Role.OWNER) {
        return Future.failedFuture(ApiException.conflict(email + " owns this challenge; an owner's role does not change"));
      }
      Instant now = clock.instant();
      return people.putRole(challengeId, account.id(), role, now)
          .compose(done -> store.addAudit(audit(challengeId, "role", email + " made " + role.id(), actor)))
          .map(done -> new RoleGrant(challengeId, account, role, now));
    }));
  }

  public Future<Void> revoke(String challengeId, String email, String actor) {
    return accountOf(email).compose(account -> people.role(challengeId, account.id()).compose(current -> {
      if (current.isEmpty()) return Future.failedFuture(ApiException.notFound(email + " has no role on this challenge"));
      if (current.get() == Role.OWNER) return Future.failedFuture(ApiException.conflict(email + " owns this challenge; an owner's role is not removed"));
      return people.removeRole(challengeId, account.id())
          .compose(done -> store.addAudit(audit(challengeId, "role", email + " no longer " + current.get().id(), actor)));
    }));
  }

  // ---- registration

  /** An account's registration to a challenge with its terms accepted: approved at once, or pending the organizers' approval. */
  public Future<String> register(Identity identity, Published published, String acceptedTerms) {
    Account account = identity.account();
    Challenge.Registration registration = published.challenge().registration();
    if (mail.enabled() && !account.emailVerified()) {
      return Future.failedFuture(ApiException.forbidden("verify your email first: the link is in the mail this server sent you "
          + "(POST /api/accounts/verification sends it again)"));
    }
    if (registration != null && !registration.allows(account.email())) {
      return Future.failedFuture(ApiException.forbidden("this challenge takes participants with an email at "
          + String.join(", ", registration.allowedEmailDomains()) + " only"));
    }
    String terms = registration == null ? null : registration.termsSha256();
    if (terms != null && !terms.equals(acceptedTerms)) {
      return Future.failedFuture(ApiException.conflict("the terms you accepted are not the challenge's terms (SHA-256 " + terms
          + "): read them again from GET /api/challenges/" + published.id() + " and accept those"));
    }
    return people.participant(published.id(), account.id()).compose(existing -> {
      if (existing.isPresent()) {
        String status = existing.get().status();
        if (status.equals("denied") || status.equals("removed")) {
          return Future.failedFuture(ApiException.forbidden("the organizers have " + status + " your registration to this challenge"));
        }
        if (java.util.Objects.equals(existing.get().termsSha256(), terms)) return Future.succeededFuture(status);
      }
      String status = registration != null && registration.approval() == Challenge.Approval.MANUAL
          && !(existing.isPresent() && existing.get().status().equals("approved")) ? "pending" : "approved";
      return people.putParticipant(published.id(), account.id(), status, terms, clock.instant()).map(status);
    });
  }

  public Future<List<Participant>> participants(String challengeId) {
    return people.participants(challengeId);
  }

  public Future<Void> decide(String challengeId, String email, String status, String actor) {
    if (!Set.of("approved", "denied", "removed").contains(status)) {
      return Future.failedFuture(ApiException.badRequest("status is approved, denied or removed"));
    }
    return people.accountByEmail(email)
        .compose(account -> account.isEmpty() ? Future.succeededFuture(false)
            : people.decideParticipant(challengeId, account.get().id(), status, clock.instant()))
        .compose(found -> found ? store.addAudit(audit(challengeId, "participant", email + " " + status, actor))
            : Future.failedFuture(ApiException.notFound(email + " has not registered to this challenge")));
  }

  // ---- teams

  public Future<TeamToken> createTeam(Account captain, String name) {
    String token = Tokens.newToken("amc_");
    Team team = new Team(UUID.randomUUID().toString(), name, List.of(captain.name()), clock.instant(), captain.id(), List.of(captain.id()));
    return people.createAccountTeam(team, Tokens.hash(token)).map(created -> new TeamToken(created, token));
  }

  public Future<Team> team(String teamId) {
    return people.team(teamId).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ApiException.notFound("no team '" + teamId + "'"))));
  }

  public Future<List<Team>> teamsOf(Account account) {
    return people.teamsOf(account.id());
  }

  /** The team, where the account is its captain (or an admin); 403 otherwise. */
  public Future<Team> captainedTeam(Identity identity, String teamId) {
    return team(teamId).compose(team -> actsAsAdmin(identity) || identity.account().id().equals(team.captainId()) ? Future.succeededFuture(team)
        : Future.failedFuture(ApiException.forbidden("only the team's captain may do this")));
  }

  public record Invitation(String code, Instant expiresAt) {}

  public Future<Invitation> invite(Identity identity, String teamId) {
    String code = Tokens.newToken("");
    Instant expires = clock.instant().plus(INVITATION_LIFE);
    return captainedTeam(identity, teamId).compose(team -> people.createInvitation(Tokens.hash(code), teamId, expires))
        .map(done -> new Invitation(code, expires));
  }

  /** Joins a team by its invitation's code: checked against every challenge the team competes in (its size, one team per account). */
  public Future<Team> join(Account account, String teamId, String code) {
    return people.invitation(Tokens.hash(code == null ? "" : code), clock.instant()).compose(invited -> {
      if (invited.isEmpty() || !invited.get().equals(teamId)) {
        return Future.failedFuture(ApiException.forbidden("this invitation is not valid for this team (it may have expired): "
            + "ask the captain for a new one"));
      }
      return people.challengesOfTeam(teamId).compose(competing -> {
        Map<String, Integer> limits = new HashMap<>();
        for (String challengeId : competing.keySet()) {
          Optional<Published> published = challenges.get(challengeId);
          // a challenge revealed (or gone) holds the team no more: -1, nothing checked there
          boolean running = published.isPresent() && !published.get().revealedAt(clock.instant());
          limits.put(challengeId, running ? published.get().challenge().rules().maxTeamSize() : -1);
        }
        return people.addMember(teamId, account.id(), clock.instant(), limits);
      });
    }).recover(PeopleService::conflict).onSuccess(team -> teamChanged(teamId));
  }

  /** An account leaves a team (itself, or removed by the captain or an admin); it stays while it competes with it in a running challenge. */
  public Future<Void> leave(Identity identity, String teamId, String email) {
    return team(teamId).compose(team -> {
      // who may ask is decided before the email is looked up: the answer tells no one else whether it has an account
      boolean self = Account.emailKey(email).equals(Account.emailKey(identity.account().email()));
      if (!self && !actsAsAdmin(identity) && !identity.account().id().equals(team.captainId())) {
        return Future.failedFuture(ApiException.forbidden("a member leaves by itself, or is removed by the team's captain"));
      }
      return people.accountByEmail(email).map(found -> found.filter(member -> team.accountIds().contains(member.id())))
          .compose(found -> found.map(Future::succeededFuture)
              .orElseGet(() -> Future.failedFuture(ApiException.notFound(email + " is not a member of this team"))))
          .map(member -> Map.entry(team, member));
    }).compose(entry -> {
      Team team = entry.getKey();
      Account member = entry.getValue();
      if (member.id().equals(team.captainId()) && team.accountIds().size() > 1) {
        return Future.failedFuture(ApiException.conflict("the captain leaves last: remove the other members first"));
      }
      Set<String> running = new java.util.TreeSet<>();
      Instant now = clock.instant();
      challenges.all().forEach(p -> {
        if (now.isBefore(p.challenge().closes()) && !p.revealedAt(now)) running.add(p.id());
      });
      return people.removeMember(teamId, member.id(), running).mapEmpty();
    }).recover(PeopleService::conflict).onSuccess(done -> teamChanged(teamId)).mapEmpty();
  }

  /** A new token for the team, the old one revoked at once on every node. */
  public Future<TeamToken> newTeamToken(Identity identity, String teamId) {
    String token = Tokens.newToken("amc_");
    return captainedTeam(identity, teamId)
        .compose(team -> people.replaceTeamToken(teamId, Tokens.hash(token)).map(old -> new TeamToken(team, token)))
        .onSuccess(done -> teamChanged(teamId));
  }

  /** A new token for a team made before accounts, by an admin: a lost token is no longer the end of a team. */
  public Future<TeamToken> newTeamTokenByAdmin(String teamId) {
    String token = Tokens.newToken("amc_");
    return people.replaceTeamToken(teamId, Tokens.hash(token)).compose(old -> old == null
            ? Future.failedFuture(ApiException.notFound("no team '" + teamId + "'"))
            : team(teamId).map(team -> new TeamToken(team, token)))
        .onSuccess(done -> teamChanged(teamId));
  }

  /**
   * The team an account uploads with to a challenge: the one it competes with there; else {@code teamId} where given
   * (it must be one of its teams), else its only team.
   */
  public Future<Team> teamForUpload(Account account, String challengeId, String teamId) {
    return people.competingTeam(challengeId, account.id()).compose(competing -> {
      if (competing.isPresent()) {
        if (teamId != null && !teamId.equals(competing.get())) {
          return Future.failedFuture(ApiException.conflict("you compete in this challenge with another team; an account competes with one team"));
        }
        return team(competing.get());
      }
      return people.teamsOf(account.id()).compose(teams -> {
        List<Team> chosen = new ArrayList<>();
        for (Team t : teams) if (teamId == null || t.id().equals(teamId)) chosen.add(t);
        if (chosen.size() == 1) return Future.succeededFuture(chosen.get(0));
        if (teams.isEmpty()) return Future.failedFuture(ApiException.forbidden("you are in no team: make one (POST /api/teams) or join one by its invitation"));
        if (chosen.isEmpty()) return Future.failedFuture(ApiException.forbidden("you are not a member of team '" + teamId + "'"));
        return Future.failedFuture(ApiException.badRequest("you are in " + teams.size() + " teams: name the one to upload with, ?team=<id>"));
      });
    });
  }

  /**
   * For a challenge with registration, every member of the uploading team must be an approved participant: a team
   * without accounts cannot upload to it. The refusal names no member.
   */
  public Future<Void> checkRegistered(Published published, Team team) {
    return noRoleOn(published, team).compose(done -> registered(published, team));
  }

  /** Those who read a challenge's held-out data do not compete in it: no member of an uploading team has a role on it. */
  private Future<Void> noRoleOn(Published published, Team team) {
    if (!team.ofAccounts()) return Future.succeededFuture();
    return people.roles(published.id()).compose(roles -> roles.stream().anyMatch(r -> team.accountIds().contains(r.account().id()))
        ? Future.failedFuture(ApiException.forbidden("a member of this team has a role on this challenge (owner, organizer or reviewer), "
            + "and those who read its held-out data do not compete in it"))
        : Future.succeededFuture());
  }

  private Future<Void> registered(Published published, Team team) {
    if (published.challenge().registration() == null) return Future.succeededFuture();
    if (!team.ofAccounts()) {
      return Future.failedFuture(ApiException.forbidden("this challenge takes registered participants only: upload with a team made by "
          + "a signed-in account whose members have joined the challenge"));
    }
    String terms = published.challenge().registration().termsSha256();
    return people.participants(published.id()).compose(list -> {
      Set<String> approved = new java.util.HashSet<>();
      for (Participant p : list) {
        if (p.status().equals("approved") && terms.equals(p.termsSha256())) approved.add(p.account().id());
      }
      return approved.containsAll(team.accountIds()) ? Future.succeededFuture()
          : Future.failedFuture(ApiException.forbidden("every member of the team must have joined this challenge (accepted its current terms) "
              + "and been approved before the team uploads"));
    });
  }

  /** An admin acting as one: an admin's session, or an admin's token with {@code organize}. */
  private static boolean actsAsAdmin(Identity identity) {
    return identity.admin() && identity.may(Scope.ORGANIZE);
  }

  /** The admin token's holder vouches for an account's email (without mail, the way an account named by --admins becomes one). */
  public Future<Account> verify(String email) {
    return accountOf(email).compose(account -> people.markVerified(account.id()).compose(done -> people.account(account.id())))
        .map(found -> {
          vertx.eventBus().publish(MailLinks.ACCOUNT_CHANGED, found.orElseThrow().id());
          return found.orElseThrow();
        });
  }

  private AuditEntry audit(String challengeId, String action, String detail, String actor) {
    String id = String.format("%016x-", clock.millis()) + UUID.randomUUID().toString().substring(0, 18);
    return new AuditEntry(id, challengeId, clock.instant(), action, detail, actor);
  }

  private static <T> Future<T> conflict(Throwable failure) {
    return Future.failedFuture(failure instanceof PeopleStore.ConflictException c ? ApiException.conflict(c.getMessage()) : failure);
  }
}
