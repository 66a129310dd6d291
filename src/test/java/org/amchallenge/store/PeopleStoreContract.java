package org.amchallenge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.amchallenge.domain.Account;
import org.amchallenge.domain.Role;
import org.amchallenge.domain.Scope;
import org.amchallenge.domain.Team;
import org.amchallenge.store.PeopleStore.AccessToken;
import org.amchallenge.store.PeopleStore.Participant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What every store must keep of people (SPEC "People"), run against each database the product runs on. */
abstract class PeopleStoreContract {
  static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

  /** The store under test, on an empty database. */
  abstract Store store();

  private PeopleStore people() {
    return store().people();
  }

  static <T> T join(Future<T> future) {
    return StoreContract.join(future);
  }

  static Throwable failure(Future<?> future) {
    try {
      join(future);
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  private Account account(String email) {
    Account account = new Account(UUID.randomUUID().toString(), email, email.substring(0, email.indexOf('@')), false, null, false, DAY);
    return join(people().createAccount(account, "argon2-of-" + email));
  }

  private Team team(String name, Account captain, String tokenHash) {
    Team team = new Team(UUID.randomUUID().toString(), name, List.of(captain.name()), DAY, captain.id(), List.of(captain.id()));
    return join(people().createAccountTeam(team, tokenHash));
  }

  @Test
  @DisplayName("accounts are unique by email whatever its letters' case; found by it in any case, kept as given")
  void accountsByEmail() {
    Account ada = account("Ada.Lovelace@Example.org");
    Throwable twin = failure(people().createAccount(new Account(UUID.randomUUID().toString(), "ada.lovelace@EXAMPLE.ORG", "Ada 2", false,
        null, false, DAY), "other-hash"));
    assertInstanceOf(Store.DuplicateException.class, twin);
    Account found = join(people().accountByEmail("ADA.LOVELACE@example.org")).orElseThrow();
    assertEquals(ada.id(), found.id());
    assertEquals("Ada.Lovelace@Example.org", found.email());
    assertEquals(DAY, found.createdAt());
    assertEquals("argon2-of-Ada.Lovelace@Example.org", join(people().credentials("ada.lovelace@example.org")).orElseThrow().passwordHash());
    assertTrue(join(people().accountByEmail("grace@example.org")).isEmpty());
    assertTrue(join(people().credentials("grace@example.org")).isEmpty());

    join(people().setCreator(ada.id(), true));
    join(people().markVerified(ada.id()));
    Account changed = join(people().account(ada.id())).orElseThrow();
    assertTrue(changed.creator());
    assertTrue(changed.emailVerified());
  }

  @Test
  @DisplayName("a session holds until it expires, or is deleted; a new password ends every session of the account")
  void sessionsExpire() {
    Account ada = account("ada@example.org");
    Instant expires = DAY.plus(Duration.ofHours(1));
    join(people().createSession("session-1", ada.id(), "csrf-1", DAY, expires));
    join(people().createSession("session-2", ada.id(), "csrf-2", DAY, expires));
    PeopleStore.Session session = join(people().session("session-1", DAY.plusSeconds(60))).orElseThrow();
    assertEquals(ada.id(), session.account().id());
    assertEquals("csrf-1", session.csrfToken());
    assertEquals(expires, session.expiresAt());
    assertTrue(join(people().session("session-1", expires.minusMillis(1))).isPresent());
    assertTrue(join(people().session("session-1", expires)).isEmpty(), "ended at its expiry");
    assertTrue(join(people().session("nobody's", DAY)).isEmpty());

    join(people().deleteSession("session-1"));
    assertTrue(join(people().session("session-1", DAY)).isEmpty());
    assertTrue(join(people().session("session-2", DAY)).isPresent());
    join(people().setPassword(ada.id(), "new-hash"));
    assertTrue(join(people().session("session-2", DAY)).isEmpty(), "a reset signs out everywhere");
    assertEquals("new-hash", join(people().credentials("ada@example.org")).orElseThrow().passwordHash());
  }

  @Test
  @DisplayName("a link sent by mail is used once, for its purpose only, before it expires")
  void mailLinksUsedOnce() {
    Account ada = account("ada@example.org");
    join(people().createMailLink("link-1", ada.id(), "verify", DAY.plus(Duration.ofDays(1))));
    assertTrue(join(people().useMailLink("link-1", "reset", DAY)).isEmpty(), "a verification link resets no password");
    assertEquals(Optional.of(ada.id()), join(people().useMailLink("link-1", "verify", DAY)));
    assertTrue(join(people().useMailLink("link-1", "verify", DAY)).isEmpty(), "used once");

    join(people().createMailLink("link-2", ada.id(), "reset", DAY.plus(Duration.ofHours(1))));
    assertTrue(join(people().useMailLink("link-2", "reset", DAY.plus(Duration.ofHours(1)))).isEmpty(), "expired");
    assertTrue(join(people().useMailLink("link-2", "reset", DAY)).isEmpty(), "an expired link is gone, not kept for later");

    // two uses of one link at once: one of them only
    join(people().createMailLink("link-3", ada.id(), "reset", DAY.plus(Duration.ofDays(1))));
    List<Future<Optional<String>>> uses = new ArrayList<>();
    for (int i = 0; i < 8; i++) uses.add(people().useMailLink("link-3", "reset", DAY));
    assertEquals(1, uses.stream().map(PeopleStoreContract::join).filter(Optional::isPresent).count());
  }

  @Test
  @DisplayName("a role per account and challenge: put, replaced, listed both ways, removed")
  void roles() {
    Account ann = account("ann@example.org");
    Account oli = account("oli@example.org");
    join(people().putRole("c1", ann.id(), Role.OWNER, DAY));
    join(people().putRole("c1", oli.id(), Role.ORGANIZER, DAY));
    join(people().putRole("c2", oli.id(), Role.ORGANIZER, DAY));
    join(people().putRole("c2", oli.id(), Role.REVIEWER, DAY.plusSeconds(5)));
    assertEquals(Optional.of(Role.OWNER), join(people().role("c1", ann.id())));
    assertEquals(Optional.of(Role.REVIEWER), join(people().role("c2", oli.id())), "a role put again replaces the old");
    assertTrue(join(people().role("c2", ann.id())).isEmpty());
    List<PeopleStore.RoleGrant> onC1 = join(people().roles("c1"));
    assertEquals(2, onC1.size());
    assertEquals(Set.of("ann@example.org", "oli@example.org"), Set.of(onC1.get(0).account().email(), onC1.get(1).account().email()));
    List<PeopleStore.RoleGrant> olis = join(people().rolesOf(oli.id()));
    assertEquals(Map.of("c1", Role.ORGANIZER, "c2", Role.REVIEWER), Map.of(olis.get(0).challengeId(), olis.get(0).role(),
        olis.get(1).challengeId(), olis.get(1).role()));
    assertTrue(join(people().removeRole("c2", oli.id())));
    assertFalse(join(people().removeRole("c2", oli.id())));
    assertTrue(join(people().role("c2", oli.id())).isEmpty());
    assertEquals(1, join(people().rolesOf(oli.id())).size());
  }

  @Test
  @DisplayName("a participant: its terms and the time accepted kept, its status decided, listed per challenge and per account")
  void participants() {
    Account eve = account("eve@example.org");
    Account fay = account("fay@example.org");
    join(people().putParticipant("c1", eve.id(), "pending", "sha-1", DAY));
    join(people().putParticipant("c1", fay.id(), "approved", "sha-1", DAY.plusSeconds(1)));
    join(people().putParticipant("c2", eve.id(), "approved", null, DAY.plusSeconds(2)));
    Participant pending = join(people().participant("c1", eve.id())).orElseThrow();
    assertEquals("pending", pending.status());
    assertEquals("sha-1", pending.termsSha256());
    assertEquals(DAY, pending.acceptedAt());
    assertNull(pending.decidedAt());
    assertTrue(join(people().decideParticipant("c1", eve.id(), "approved", DAY.plusSeconds(60))));
    assertFalse(join(people().decideParticipant("c3", eve.id(), "approved", DAY)), "no registration there");
    Participant decided = join(people().participant("c1", eve.id())).orElseThrow();
    assertEquals("approved", decided.status());
    assertEquals(DAY.plusSeconds(60), decided.decidedAt());
    assertEquals(2, join(people().participants("c1")).size());
    assertEquals(Set.of("c1", "c2"), Set.copyOf(join(people().participations(eve.id())).stream().map(Participant::challengeId).toList()));

    // accepted again, with new terms: renewed, not doubled
    join(people().putParticipant("c1", fay.id(), "approved", "sha-2", DAY.plusSeconds(90)));
    Participant renewed = join(people().participant("c1", fay.id())).orElseThrow();
    assertEquals("sha-2", renewed.termsSha256());
    assertEquals(DAY.plusSeconds(90), renewed.acceptedAt());
    assertEquals(2, join(people().participants("c1")).size());
  }

  @Test
  @DisplayName("personal access tokens: found by their hash with their scopes, listed, revoked (the hash answered, for caches to forget)")
  void accessTokens() {
    Account ada = account("ada@example.org");
    Account bob = account("bob@example.org");
    AccessToken token = new AccessToken(UUID.randomUUID().toString(), ada.id(), "laptop", Set.of(Scope.READ, Scope.SUBMIT), DAY);
    join(people().createAccessToken(token, "pat-hash-1"));
    PeopleStore.TokenHolder holder = join(people().accessToken("pat-hash-1")).orElseThrow();
    assertEquals(ada.id(), holder.account().id());
    assertEquals(Set.of(Scope.READ, Scope.SUBMIT), holder.token().scopes());
    assertEquals(List.of(token), join(people().accessTokens(ada.id())));
    assertTrue(join(people().revokeAccessToken(bob.id(), token.id())).isEmpty(), "another account's token is not revoked");
    assertEquals(Optional.of("pat-hash-1"), join(people().revokeAccessToken(ada.id(), token.id())));
    assertTrue(join(people().accessToken("pat-hash-1")).isEmpty());
    assertTrue(join(people().accessTokens(ada.id())).isEmpty());
  }

  @Test
  @DisplayName("two accounts joining at once a team one short of its limit: exactly one joins, the other is refused naming the limit")
  void concurrentJoinsAtTheLimit() {
    for (int round = 0; round < 5; round++) {
      Account captain = account("captain" + round + "@example.org");
      Team team = team("Team " + round, captain, "team-hash-" + round);
      List<Future<Team>> joins = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Account joining = account("joining" + round + "-" + i + "@example.org");
        joins.add(people().addMember(team.id(), joining.id(), DAY, Map.of("c1", 2)));
      }
      int joined = 0;
      for (Future<Team> j : joins) {
        try {
          join(j);
          joined++;
        } catch (CompletionException e) {
          assertInstanceOf(PeopleStore.ConflictException.class, e.getCause());
          assertTrue(e.getCause().getMessage().contains("at most 2"), e.getCause().getMessage());
        }
      }
      assertEquals(1, joined, "round " + round);
      assertEquals(2, join(people().team(team.id())).orElseThrow().accountIds().size());
    }
  }

  @Test
  @DisplayName("a member joins a team, competing with it where the team competes, refused where it competes with another; it leaves unless it competes in a running challenge")
  void membersAndTheOneTeamRule() {
    Account cap = account("cap@example.org");
    Account mem = account("mem@example.org");
    Account other = account("other@example.org");
    Team team = team("Meltwater", cap, "hash-m");
    Team rival = team("Rivals", other, "hash-r");
    Team joined = join(people().addMember(team.id(), mem.id(), DAY.plusSeconds(1), Map.of("c1", 3)));
    assertEquals(List.of(cap.id(), mem.id()), joined.accountIds());
    assertEquals(List.of("cap", "mem"), joined.members(), "the names the boards show");
    assertEquals(Optional.of(team.id()), join(people().competingTeam("c1", mem.id())));
    assertEquals(Set.of("c1"), join(people().challengesOfTeam(team.id())).keySet());
    assertEquals(List.of(team.id()), join(people().teamsOf(mem.id())).stream().map(Team::id).toList());

    Throwable refused = failure(people().addMember(rival.id(), mem.id(), DAY, Map.of("c1", 3)));
    assertInstanceOf(PeopleStore.ConflictException.class, refused);
    assertTrue(refused.getMessage().contains("another team"), refused.getMessage());
    // where the rival competes in no challenge of the member's, it joins
    assertEquals(2, join(people().addMember(rival.id(), mem.id(), DAY, Map.of("c2", 3))).accountIds().size());

    Throwable stays = failure(people().removeMember(team.id(), mem.id(), Set.of("c1")));
    assertInstanceOf(PeopleStore.ConflictException.class, stays);
    assertTrue(join(people().removeMember(team.id(), mem.id(), Set.of())), "c1 closed: it leaves");
    assertEquals(List.of(cap.id()), join(people().team(team.id())).orElseThrow().accountIds());
    assertFalse(join(people().removeMember(team.id(), mem.id(), Set.of())));
  }

  @Test
  @DisplayName("a team's token replaced: the old hash answered and no longer the team's, the new one is")
  void teamTokenReplaced() {
    Account cap = account("cap@example.org");
    Team team = team("Meltwater", cap, "token-hash-1");
    assertEquals(team.id(), join(store().teamByTokenHash("token-hash-1")).orElseThrow().id());
    assertEquals("token-hash-1", join(people().replaceTeamToken(team.id(), "token-hash-2")));
    assertTrue(join(store().teamByTokenHash("token-hash-1")).isEmpty(), "the old token is no team's");
    assertEquals(team.id(), join(store().teamByTokenHash("token-hash-2")).orElseThrow().id());
    assertEquals("token-hash-2", join(people().replaceTeamToken(team.id(), "token-hash-3")));
    assertNull(join(people().replaceTeamToken("no-such-team", "token-hash-4")));
  }
}
