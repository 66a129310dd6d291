package org.amchallenge.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.amchallenge.domain.Account;
import org.amchallenge.domain.Role;
import org.amchallenge.domain.Scope;
import org.amchallenge.domain.Team;

/**
 * What the server keeps of people (SPEC "People"): accounts, their sign-in identities, sessions, personal access
 * tokens, links sent by mail, roles per challenge, registrations, and teams made by accounts. Every secret is kept as
 * its SHA-256 hash only; a password as its Argon2id hash.
 */
public interface PeopleStore {

  /** An account and its password's hash (null where it signs in through a provider only). */
  record Credentials(Account account, String passwordHash) {}

  /** A browser session: its account, the CSRF token its state changes carry, when it ends. */
  record Session(Account account, String csrfToken, Instant expiresAt) {}

  /** A personal access token, without its secret. */
  record AccessToken(String id, String accountId, String name, Set<Scope> scopes, Instant createdAt) {}

  /** A token found by its hash: whose, and what it may do. */
  record TokenHolder(Account account, AccessToken token) {}

  /** An account's role on a challenge. */
  record RoleGrant(String challengeId, Account account, Role role, Instant grantedAt) {}

  /** An account's registration to a challenge: approved, pending, denied or removed, with the terms it accepted and when. */
  record Participant(String challengeId, Account account, String status, String termsSha256, Instant acceptedAt, Instant decidedAt) {}

  /** Fails with {@link Store.DuplicateException} where the email's key is taken. */
  Future<Account> createAccount(Account account, String passwordHash);

  Future<Optional<Account>> account(String id);

  Future<Optional<Account>> accountByEmail(String email);

  Future<Optional<Credentials>> credentials(String email);

  /** Sets the password's hash and ends every session and personal access token of the account (a reset signs out everywhere). */
  Future<Void> setPassword(String accountId, String passwordHash);

  Future<Void> markVerified(String accountId);

  Future<Void> setCreator(String accountId, boolean creator);

  /** The account signed in through {@code provider} as {@code subject}, if any. */
  Future<Optional<Account>> accountByIdentity(String provider, String subject);

  /** Records that {@code provider}'s {@code subject} is this account, and its ORCID iD where the provider is ORCID. */
  Future<Void> linkIdentity(String provider, String subject, String accountId, String orcid);

  Future<Void> createSession(String tokenHash, String accountId, String csrfToken, Instant createdAt, Instant expiresAt);

  /** The session of this hash where it has not expired at {@code now}. */
  Future<Optional<Session>> session(String tokenHash, Instant now);

  Future<Void> deleteSession(String tokenHash);

  Future<Void> createAccessToken(AccessToken token, String tokenHash);

  Future<Optional<TokenHolder>> accessToken(String tokenHash);

  Future<List<AccessToken>> accessTokens(String accountId);

  /** The revoked token's hash, where the account had a token of this id. */
  Future<Optional<String>> revokeAccessToken(String accountId, String tokenId);

  /** A link sent by mail ({@code purpose} verify or reset), usable once until {@code expiresAt}. */
  Future<Void> createMailLink(String tokenHash, String accountId, String purpose, Instant expiresAt);

  /** The account of a link of this purpose not yet used nor expired at {@code now}; the link is used up. */
  Future<Optional<String>> useMailLink(String tokenHash, String purpose, Instant now);

  Future<Optional<Role>> role(String challengeId, String accountId);

  Future<List<RoleGrant>> roles(String challengeId);

  /** Every role of the account, on any challenge. */
  Future<List<RoleGrant>> rolesOf(String accountId);

  Future<Void> putRole(String challengeId, String accountId, Role role, Instant at);

  Future<Boolean> removeRole(String challengeId, String accountId);

  /** Records (or renews) an account's registration with the terms it accepted. */
  Future<Void> putParticipant(String challengeId, String accountId, String status, String termsSha256, Instant acceptedAt);

  Future<Optional<Participant>> participant(String challengeId, String accountId);

  Future<List<Participant>> participants(String challengeId);

  /** The account's registrations, on every challenge. */
  Future<List<Participant>> participations(String accountId);

  /** True where the account had registered. */
  Future<Boolean> decideParticipant(String challengeId, String accountId, String status, Instant at);

  /** A team made by an account, its captain and first member. Fails with {@link Store.DuplicateException} where the name is taken. */
  Future<Team> createAccountTeam(Team team, String tokenHash);

  Future<Optional<Team>> team(String teamId);

  /** The teams the account is a member of. */
  Future<List<Team>> teamsOf(String accountId);

  /** The challenges the team has uploaded to, with the accounts recorded as competing with it in each. */
  Future<Map<String, Set<String>>> challengesOfTeam(String teamId);

  /** The team the account competes with in this challenge, if it has uploaded with one. */
  Future<Optional<String>> competingTeam(String challengeId, String accountId);

  Future<Void> createInvitation(String codeHash, String teamId, Instant expiresAt);

  /** The team of an invitation valid at {@code now}. */
  Future<Optional<String>> invitation(String codeHash, Instant now);

  /**
   * Adds the account to the team, checked in one transaction with the team's row locked: in each challenge the team
   * competes in ({@code sizeLimits}: its most members; -1 for one that is over, where nothing is checked), the team stays within the limit and the account competes with
   * no other team; it is then recorded as competing with this team there. Fails with {@link ConflictException}.
   */
  Future<Team> addMember(String teamId, String accountId, Instant at, Map<String, Integer> sizeLimits);

  /**
   * Removes the account from the team, unless it competes with it in one of {@code runningChallenges} (it stays until
   * they close): fails with {@link ConflictException}. True where it was a member.
   */
  Future<Boolean> removeMember(String teamId, String accountId, Set<String> runningChallenges);

  /** Replaces the team's token; the old one's hash is answered, so that caches can forget it. */
  Future<String> replaceTeamToken(String teamId, String tokenHash);

  /** A change refused because of what is stored: a team's size, a member competing elsewhere. */
  class ConflictException extends RuntimeException {
    public ConflictException(String message) {
      super(message);
    }
  }
}
