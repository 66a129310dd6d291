package org.amchallenge.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.amchallenge.domain.Account;
import org.amchallenge.domain.Json;
import org.amchallenge.domain.Names;
import org.amchallenge.domain.Role;
import org.amchallenge.domain.Scope;
import org.amchallenge.domain.Team;

/** The people's tables on any Vert.x SQL pool, as the same templates on the embedded database and PostgreSQL (see {@link SqlStore}). */
final class SqlPeopleStore implements PeopleStore {
  private static final String ACCOUNT_COLUMNS = "a.id, a.email, a.name, a.email_verified, a.orcid, a.creator, a.created_at";
  /** Competing in a challenge is recorded per member key (the table of the one-team rule); an account's key is its id. */
  static final String ACCOUNT_KEY = Team.accountKey("");

  private final Pool pool;

  /** {@code teamChanged}: told the id of a team whose members or token changed, so that what is kept of it is read again. */
  SqlPeopleStore(Pool pool, java.util.function.Consumer<String> teamChanged) {
    this.pool = pool;
    this.onTeamChange = teamChanged;
  }

  private final java.util.function.Consumer<String> onTeamChange;

  /** The key an account competes by in the table of the one-team rule. */
  static String memberKey(String accountId) {
    return Team.accountKey(accountId);
  }

  @Override
  public Future<Account> createAccount(Account account, String passwordHash) {
    Map<String, Object> params = new HashMap<>();
    params.put("id", account.id());
    params.put("email", account.email());
    params.put("email_key", Account.emailKey(account.email()));
    params.put("name", account.name());
    params.put("password_hash", passwordHash);
    params.put("email_verified", account.emailVerified());
    params.put("orcid", account.orcid());
    params.put("creator", account.creator());
    params.put("created_at", account.createdAt().toEpochMilli());
    return update("INSERT INTO accounts (id, email, email_key, name, password_hash, email_verified, orcid, creator, created_at) VALUES "
        + "(#{id}, #{email}, #{email_key}, #{name}, #{password_hash}, #{email_verified}, #{orcid}, #{creator}, #{created_at})", params)
        .recover(failure -> Future.failedFuture(SqlStates.isUniqueViolation(failure)
            ? new Store.DuplicateException("an account with this email exists") : failure))
        .map(account);
  }

  @Override
  public Future<Optional<Account>> account(String id) {
    return first("SELECT " + ACCOUNT_COLUMNS + " FROM accounts a WHERE a.id = #{id}", Map.of("id", id), SqlPeopleStore::account);
  }

  @Override
  public Future<Optional<Account>> accountByEmail(String email) {
    return first("SELECT " + ACCOUNT_COLUMNS + " FROM accounts a WHERE a.email_key = #{key}", Map.of("key", Account.emailKey(email)),
        SqlPeopleStore::account);
  }

  @Override
  public Future<Optional<Credentials>> credentials(String email) {
    return first("SELECT " + ACCOUNT_COLUMNS + ", a.password_hash FROM accounts a WHERE a.email_key = #{key}",
        Map.of("key", Account.emailKey(email)), row -> new Credentials(account(row), row.getString(7)));
  }

  @Override
  public Future<Void> setPassword(String accountId, String passwordHash) {
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, "UPDATE accounts SET password_hash = #{hash} WHERE id = #{id}")
        .execute(Map.of("hash", passwordHash, "id", accountId))
        .compose(done -> SqlTemplate.forUpdate(connection, "DELETE FROM sessions WHERE account_id = #{id}").execute(Map.of("id", accountId)))
        // a new password ends whatever the old one let in: the sessions and the personal access tokens
        .compose(done -> SqlTemplate.forUpdate(connection, "DELETE FROM access_tokens WHERE account_id = #{id}").execute(Map.of("id", accountId))))
        .mapEmpty();
  }

  @Override
  public Future<Void> markVerified(String accountId) {
    return update("UPDATE accounts SET email_verified = TRUE WHERE id = #{id}", Map.of("id", accountId)).mapEmpty();
  }

  @Override
  public Future<Void> setCreator(String accountId, boolean creator) {
    return update("UPDATE accounts SET creator = #{creator} WHERE id = #{id}", Map.of("creator", creator, "id", accountId)).mapEmpty();
  }

  @Override
  public Future<Optional<Account>> accountByIdentity(String provider, String subject) {
    return first("SELECT " + ACCOUNT_COLUMNS + " FROM accounts a JOIN account_identities i ON i.account_id = a.id "
        + "WHERE i.provider = #{provider} AND i.subject = #{subject}", Map.of("provider", provider, "subject", subject), SqlPeopleStore::account);
  }

  @Override
  public Future<Void> linkIdentity(String provider, String subject, String accountId, String orcid) {
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, "INSERT INTO account_identities (provider, subject, account_id) "
            + "VALUES (#{provider}, #{subject}, #{account_id})").execute(Map.of("provider", provider, "subject", subject, "account_id", accountId))
        .compose(done -> orcid == null ? Future.succeededFuture()
            : SqlTemplate.forUpdate(connection, "UPDATE accounts SET orcid = #{orcid} WHERE id = #{id}").execute(Map.of("orcid", orcid, "id", accountId))))
        .recover(failure -> SqlStates.isUniqueViolation(failure) ? Future.succeededFuture() : Future.failedFuture(failure))
        .mapEmpty();
  }

  @Override
  public Future<Void> createSession(String tokenHash, String accountId, String csrfToken, Instant createdAt, Instant expiresAt) {
    return update("INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at) VALUES (#{hash}, #{account}, #{csrf}, "
        + "#{created}, #{expires})", Map.of("hash", tokenHash, "account", accountId, "csrf", csrfToken, "created", createdAt.toEpochMilli(),
        "expires", expiresAt.toEpochMilli())).mapEmpty();
  }

  @Override
  public Future<Optional<Session>> session(String tokenHash, Instant now) {
    return first("SELECT " + ACCOUNT_COLUMNS + ", s.csrf_token, s.expires_at FROM sessions s JOIN accounts a ON a.id = s.account_id "
            + "WHERE s.token_hash = #{hash} AND s.expires_at > #{now}", Map.of("hash", tokenHash, "now", now.toEpochMilli()),
        row -> new Session(account(row), row.getString(7), Instant.ofEpochMilli(row.getLong(8))));
  }

  @Override
  public Future<Void> deleteSession(String tokenHash) {
    return update("DELETE FROM sessions WHERE token_hash = #{hash}", Map.of("hash", tokenHash)).mapEmpty();
  }

  @Override
  public Future<Void> createAccessToken(AccessToken token, String tokenHash) {
    return update("INSERT INTO access_tokens (id, account_id, name, token_hash, scopes, created_at) VALUES (#{id}, #{account}, #{name}, "
        + "#{hash}, #{scopes}, #{created})", Map.of("id", token.id(), "account", token.accountId(), "name", token.name(), "hash", tokenHash,
        "scopes", scopes(token.scopes()), "created", token.createdAt().toEpochMilli())).mapEmpty();
  }

  @Override
  public Future<Optional<TokenHolder>> accessToken(String tokenHash) {
    return first("SELECT " + ACCOUNT_COLUMNS + ", t.id, t.name, t.scopes, t.created_at FROM access_tokens t JOIN accounts a ON a.id = t.account_id "
        + "WHERE t.token_hash = #{hash}", Map.of("hash", tokenHash), row -> {
          Account account = account(row);
          return new TokenHolder(account, new AccessToken(row.getString(7), account.id(), row.getString(8), scopes(row.getString(9)),
              Instant.ofEpochMilli(row.getLong(10))));
        });
  }

  @Override
  public Future<List<AccessToken>> accessTokens(String accountId) {
    return list("SELECT id, account_id, name, scopes, created_at FROM access_tokens WHERE account_id = #{account} ORDER BY created_at, id",
        Map.of("account", accountId), row -> new AccessToken(row.getString(0), row.getString(1), row.getString(2), scopes(row.getString(3)),
            Instant.ofEpochMilli(row.getLong(4))));
  }

  @Override
  public Future<Optional<String>> revokeAccessToken(String accountId, String tokenId) {
    Map<String, Object> params = Map.of("account", accountId, "id", tokenId);
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection, "SELECT token_hash FROM access_tokens WHERE id = #{id} "
            + "AND account_id = #{account}").mapTo(row -> row.getString(0)).execute(params)
        .compose(rows -> {
          if (!rows.iterator().hasNext()) return Future.succeededFuture(Optional.<String>empty());
          String hash = rows.iterator().next();
          return SqlTemplate.forUpdate(connection, "DELETE FROM access_tokens WHERE id = #{id} AND account_id = #{account}").execute(params)
              .map(done -> Optional.of(hash));
        }));
  }

  @Override
  public Future<Void> createMailLink(String tokenHash, String accountId, String purpose, Instant expiresAt) {
    return update("INSERT INTO mail_links (token_hash, account_id, purpose, expires_at) VALUES (#{hash}, #{account}, #{purpose}, #{expires})",
        Map.of("hash", tokenHash, "account", accountId, "purpose", purpose, "expires", expiresAt.toEpochMilli())).mapEmpty();
  }

  @Override
  public Future<Optional<String>> useMailLink(String tokenHash, String purpose, Instant now) {
    Map<String, Object> params = Map.of("hash", tokenHash, "purpose", purpose, "now", now.toEpochMilli());
    // deleted first: of two uses of one link at the same instant, only the one whose delete counted a row goes on
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection, "SELECT account_id, expires_at FROM mail_links "
            + "WHERE token_hash = #{hash} AND purpose = #{purpose}").mapTo(row -> Map.entry(row.getString(0), row.getLong(1))).execute(params)
        .compose(rows -> {
          if (!rows.iterator().hasNext()) return Future.succeededFuture(Optional.<String>empty());
          Map.Entry<String, Long> link = rows.iterator().next();
          return SqlTemplate.forUpdate(connection, "DELETE FROM mail_links WHERE token_hash = #{hash}").execute(params)
              .map(deleted -> deleted.rowCount() == 1 && link.getValue() > now.toEpochMilli() ? Optional.of(link.getKey()) : Optional.<String>empty());
        }));
  }

  @Override
  public Future<Optional<Role>> role(String challengeId, String accountId) {
    return first("SELECT role FROM challenge_roles WHERE challenge_id = #{challenge} AND account_id = #{account}",
        Map.of("challenge", challengeId, "account", accountId), row -> Role.of(row.getString(0)));
  }

  @Override
  public Future<List<RoleGrant>> roles(String challengeId) {
    return list("SELECT " + ACCOUNT_COLUMNS + ", r.challenge_id, r.role, r.granted_at FROM challenge_roles r JOIN accounts a ON a.id = r.account_id "
        + "WHERE r.challenge_id = #{challenge} ORDER BY r.granted_at, a.email_key", Map.of("challenge", challengeId), SqlPeopleStore::grant);
  }

  @Override
  public Future<List<RoleGrant>> rolesOf(String accountId) {
    return list("SELECT " + ACCOUNT_COLUMNS + ", r.challenge_id, r.role, r.granted_at FROM challenge_roles r JOIN accounts a ON a.id = r.account_id "
        + "WHERE r.account_id = #{account} ORDER BY r.challenge_id", Map.of("account", accountId), SqlPeopleStore::grant);
  }

  @Override
  public Future<Void> putRole(String challengeId, String accountId, Role role, Instant at) {
    Map<String, Object> params = Map.of("challenge", challengeId, "account", accountId, "role", role.id(), "at", at.toEpochMilli());
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, "UPDATE challenge_roles SET role = #{role} "
            + "WHERE challenge_id = #{challenge} AND account_id = #{account}").execute(params)
        .compose(updated -> updated.rowCount() > 0 ? Future.succeededFuture()
            : SqlTemplate.forUpdate(connection, "INSERT INTO challenge_roles (challenge_id, account_id, role, granted_at) "
                + "VALUES (#{challenge}, #{account}, #{role}, #{at})").execute(params).mapEmpty()))
        .mapEmpty();
  }

  @Override
  public Future<Boolean> removeRole(String challengeId, String accountId) {
    return update("DELETE FROM challenge_roles WHERE challenge_id = #{challenge} AND account_id = #{account}",
        Map.of("challenge", challengeId, "account", accountId)).map(count -> count > 0);
  }

  @Override
  public Future<Void> putParticipant(String challengeId, String accountId, String status, String termsSha256, Instant acceptedAt) {
    Map<String, Object> params = new HashMap<>(Map.of("challenge", challengeId, "account", accountId, "status", status,
        "at", acceptedAt.toEpochMilli()));
    params.put("terms", termsSha256);
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, "UPDATE participants SET status = #{status}, "
            + "terms_sha256 = #{terms}, accepted_at = #{at}, decided_at = NULL WHERE challenge_id = #{challenge} AND account_id = #{account}")
        .execute(params)
        .compose(updated -> updated.rowCount() > 0 ? Future.succeededFuture()
            : SqlTemplate.forUpdate(connection, "INSERT INTO participants (challenge_id, account_id, status, terms_sha256, accepted_at) "
                + "VALUES (#{challenge}, #{account}, #{status}, #{terms}, #{at})").execute(params).mapEmpty()))
        .mapEmpty();
  }

  @Override
  public Future<Optional<Participant>> participant(String challengeId, String accountId) {
    return first("SELECT " + ACCOUNT_COLUMNS + ", p.challenge_id, p.status, p.terms_sha256, p.accepted_at, p.decided_at FROM participants p "
        + "JOIN accounts a ON a.id = p.account_id WHERE p.challenge_id = #{challenge} AND p.account_id = #{account}",
        Map.of("challenge", challengeId, "account", accountId), SqlPeopleStore::participant);
  }

  @Override
  public Future<List<Participant>> participants(String challengeId) {
    return list("SELECT " + ACCOUNT_COLUMNS + ", p.challenge_id, p.status, p.terms_sha256, p.accepted_at, p.decided_at FROM participants p "
        + "JOIN accounts a ON a.id = p.account_id WHERE p.challenge_id = #{challenge} ORDER BY p.accepted_at, a.email_key",
        Map.of("challenge", challengeId), SqlPeopleStore::participant);
  }

  @Override
  public Future<List<Participant>> participations(String accountId) {
    return list("SELECT " + ACCOUNT_COLUMNS + ", p.challenge_id, p.status, p.terms_sha256, p.accepted_at, p.decided_at FROM participants p "
        + "JOIN accounts a ON a.id = p.account_id WHERE p.account_id = #{account} ORDER BY p.challenge_id",
        Map.of("account", accountId), SqlPeopleStore::participant);
  }

  @Override
  public Future<Boolean> decideParticipant(String challengeId, String accountId, String status, Instant at) {
    return update("UPDATE participants SET status = #{status}, decided_at = #{at} WHERE challenge_id = #{challenge} AND account_id = #{account}",
        Map.of("status", status, "at", at.toEpochMilli(), "challenge", challengeId, "account", accountId)).map(count -> count > 0);
  }

  @Override
  public Future<Team> createAccountTeam(Team team, String tokenHash) {
    Map<String, Object> params = Map.of("id", team.id(), "name", team.name(), "name_key", Names.storedKey(team.name()),
        "members", Json.write(team.members()), "token_hash", tokenHash, "created_at", team.createdAt().toEpochMilli(), "captain", team.captainId());
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection,
                "INSERT INTO teams (id, name, name_key, members, token_hash, created_at, captain_id) "
                    + "VALUES (#{id}, #{name}, #{name_key}, #{members}, #{token_hash}, #{created_at}, #{captain})").execute(params)
            .compose(done -> SqlTemplate.forUpdate(connection, "INSERT INTO team_members (team_id, account_id, joined_at) "
                + "VALUES (#{id}, #{captain}, #{created_at})").execute(params)))
        .recover(failure -> Future.failedFuture(SqlStates.isUniqueViolation(failure)
            ? new Store.DuplicateException("the team name '" + team.name() + "' is taken: a new name must differ from every "
                + "registered team's name by more than case, width, spacing or look-alike characters") : failure))
        .map(team);
  }

  @Override
  public Future<Optional<Team>> team(String teamId) {
    return pool.withTransaction(connection -> team(connection, teamId));
  }

  /** A team with its member accounts, read on this connection. */
  static Future<Optional<Team>> team(SqlConnection connection, String teamId) {
    return SqlTemplate.forQuery(connection, "SELECT id, name, members, created_at, captain_id FROM teams WHERE id = #{id}")
        .mapTo(row -> row).execute(Map.of("id", teamId))
        .compose(rows -> {
          if (!rows.iterator().hasNext()) return Future.succeededFuture(Optional.<Team>empty());
          Row row = rows.iterator().next();
          List<String> names = Json.MAPPER.convertValue(Json.read(row.getString(2), List.class), new com.fasterxml.jackson.core.type.TypeReference<>() {});
          String captain = row.getString(4);
          Team bare = new Team(row.getString(0), row.getString(1), names, Instant.ofEpochMilli(row.getLong(3)), captain, List.of());
          if (captain == null) return Future.succeededFuture(Optional.of(bare));
          return withMembers(connection, bare).map(Optional::of);
        });
  }

  /** The team with its member accounts and their names, in the order they joined. */
  static Future<Team> withMembers(SqlConnection connection, Team team) {
    return SqlTemplate.forQuery(connection, "SELECT m.account_id, a.name FROM team_members m JOIN accounts a ON a.id = m.account_id "
            + "WHERE m.team_id = #{id} ORDER BY m.joined_at, m.account_id").mapTo(row -> Map.entry(row.getString(0), row.getString(1)))
        .execute(Map.of("id", team.id()))
        .map(rows -> {
          List<String> ids = new ArrayList<>();
          List<String> names = new ArrayList<>();
          rows.forEach(member -> {
            ids.add(member.getKey());
            names.add(member.getValue());
          });
          return new Team(team.id(), team.name(), List.copyOf(names), team.createdAt(), team.captainId(), List.copyOf(ids));
        });
  }

  @Override
  public Future<List<Team>> teamsOf(String accountId) {
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection, "SELECT team_id FROM team_members WHERE account_id = #{account} "
            + "ORDER BY joined_at, team_id").mapTo(row -> row.getString(0)).execute(Map.of("account", accountId))
        .compose(rows -> {
          Future<List<Team>> chain = Future.succeededFuture(new ArrayList<>());
          for (String id : rows) {
            chain = chain.compose(teams -> team(connection, id).map(found -> {
              found.ifPresent(teams::add);
              return teams;
            }));
          }
          return chain;
        }));
  }

  @Override
  public Future<Map<String, Set<String>>> challengesOfTeam(String teamId) {
    return list("SELECT challenge_id, member_key FROM challenge_members WHERE team_id = #{team}", Map.of("team", teamId),
        row -> Map.entry(row.getString(0), row.getString(1)))
        .map(rows -> {
          Map<String, Set<String>> challenges = new LinkedHashMap<>();
          for (Map.Entry<String, String> row : rows) {
            Set<String> accounts = challenges.computeIfAbsent(row.getKey(), c -> new TreeSet<>());
            if (row.getValue().startsWith(ACCOUNT_KEY)) accounts.add(row.getValue().substring(ACCOUNT_KEY.length()));
          }
          return challenges;
        });
  }

  @Override
  public Future<Optional<String>> competingTeam(String challengeId, String accountId) {
    return first("SELECT team_id FROM challenge_members WHERE challenge_id = #{challenge} AND member_key = #{key}",
        Map.of("challenge", challengeId, "key", memberKey(accountId)), row -> row.getString(0));
  }

  @Override
  public Future<Void> createInvitation(String codeHash, String teamId, Instant expiresAt) {
    return update("INSERT INTO team_invitations (code_hash, team_id, expires_at) VALUES (#{hash}, #{team}, #{expires})",
        Map.of("hash", codeHash, "team", teamId, "expires", expiresAt.toEpochMilli())).mapEmpty();
  }

  @Override
  public Future<Optional<String>> invitation(String codeHash, Instant now) {
    return first("SELECT team_id FROM team_invitations WHERE code_hash = #{hash} AND expires_at > #{now}",
        Map.of("hash", codeHash, "now", now.toEpochMilli()), row -> row.getString(0));
  }

  @Override
  public Future<Team> addMember(String teamId, String accountId, Instant at, Map<String, Integer> sizeLimits) {
    Future<Team> added = pool.withTransaction(connection -> SqlTemplate.forQuery(connection, "SELECT id FROM teams WHERE id = #{id} FOR UPDATE")
        .execute(Map.of("id", teamId))
        .compose(locked -> team(connection, teamId))
        .compose(found -> {
          Team team = found.orElseThrow(() -> new ConflictException("no team " + teamId));
          if (team.accountIds().contains(accountId)) return Future.succeededFuture(team);
          // the team's challenges as they are under the lock: a first upload stored since the limits were read is not missed
          return SqlTemplate.forQuery(connection, "SELECT DISTINCT challenge_id FROM challenge_members WHERE team_id = #{team}")
              .mapTo(row -> row.getString(0)).execute(Map.of("team", teamId))
              .compose(now -> {
                for (String challenge : now) {
                  if (!sizeLimits.containsKey(challenge)) {
                    return Future.failedFuture(new ConflictException("the team began competing in challenge '" + challenge
                        + "' while you joined; join again"));
                  }
                }
                return Future.succeededFuture();
              })
              .compose(fresh -> SqlTemplate.forQuery(connection, "SELECT challenge_id, team_id FROM challenge_members WHERE member_key = #{key}")
              .mapTo(row -> Map.entry(row.getString(0), row.getString(1))).execute(Map.of("key", memberKey(accountId)))
              .compose(competing -> {
                Map<String, String> elsewhere = new HashMap<>();
                competing.forEach(row -> elsewhere.put(row.getKey(), row.getValue()));
                List<String> problems = new ArrayList<>();
                for (Map.Entry<String, Integer> limit : new java.util.TreeMap<>(sizeLimits).entrySet()) {
                  if (limit.getValue() < 0) continue;
                  String other = elsewhere.get(limit.getKey());
                  if (other != null && !other.equals(teamId)) {
                    problems.add("you compete in challenge '" + limit.getKey() + "' with another team, and this team competes in it too");
                  } else if (limit.getValue() > 0 && team.accountIds().size() + 1 > limit.getValue()) {
                    problems.add("challenge '" + limit.getKey() + "' takes teams of at most " + limit.getValue() + " members, and this team has "
                        + team.accountIds().size());
                  }
                }
                if (!problems.isEmpty()) return Future.failedFuture(new ConflictException(String.join("; ", problems)));
                Future<?> chain = SqlTemplate.forUpdate(connection, "INSERT INTO team_members (team_id, account_id, joined_at) "
                    + "VALUES (#{team}, #{account}, #{at})").execute(Map.of("team", teamId, "account", accountId, "at", at.toEpochMilli()));
                for (String challenge : sizeLimits.keySet()) {
                  if (sizeLimits.get(challenge) < 0 || teamId.equals(elsewhere.get(challenge))) continue;
                  chain = chain.compose(done -> SqlTemplate.forUpdate(connection, "INSERT INTO challenge_members (challenge_id, member_key, team_id) "
                      + "VALUES (#{challenge}, #{key}, #{team})").execute(Map.of("challenge", challenge, "key", memberKey(accountId), "team", teamId)));
                }
                return chain.compose(done -> syncNames(connection, teamId)).compose(done -> team(connection, teamId)).map(Optional::orElseThrow);
              }));
        }));
    return added.onSuccess(team -> onTeamChange.accept(teamId));
  }

  @Override
  public Future<Boolean> removeMember(String teamId, String accountId, Set<String> runningChallenges) {
    Future<Boolean> removed = pool.withTransaction(connection -> SqlTemplate.forQuery(connection, "SELECT id FROM teams WHERE id = #{id} FOR UPDATE")
        .execute(Map.of("id", teamId))
        .compose(locked -> SqlTemplate.forQuery(connection, "SELECT challenge_id FROM challenge_members WHERE team_id = #{team} AND member_key = #{key}")
            .mapTo(row -> row.getString(0)).execute(Map.of("team", teamId, "key", memberKey(accountId))))
        .compose(challenges -> {
          Set<String> running = new TreeSet<>();
          challenges.forEach(c -> {
            if (runningChallenges.contains(c)) running.add(c);
          });
          if (!running.isEmpty()) {
            return Future.failedFuture(new ConflictException("this member has competed with the team in " + String.join(", ", running)
                + ", still running: a member stays until the challenge closes"));
          }
          return SqlTemplate.forUpdate(connection, "DELETE FROM team_members WHERE team_id = #{team} AND account_id = #{account}")
              .execute(Map.of("team", teamId, "account", accountId))
              .compose(deleted -> syncNames(connection, teamId).map(deleted.rowCount() > 0));
        }));
    return removed.onSuccess(done -> onTeamChange.accept(teamId));
  }

  /** The team's row keeps its members' names, which the boards and answers show. */
  private static Future<Void> syncNames(SqlConnection connection, String teamId) {
    return SqlTemplate.forQuery(connection, "SELECT a.name FROM team_members m JOIN accounts a ON a.id = m.account_id WHERE m.team_id = #{id} "
            + "ORDER BY m.joined_at, m.account_id").mapTo(row -> row.getString(0)).execute(Map.of("id", teamId))
        .compose(rows -> {
          List<String> names = new ArrayList<>();
          rows.forEach(names::add);
          return SqlTemplate.forUpdate(connection, "UPDATE teams SET members = #{members} WHERE id = #{id}")
              .execute(Map.of("members", Json.write(names), "id", teamId));
        }).mapEmpty();
  }

  @Override
  public Future<String> replaceTeamToken(String teamId, String tokenHash) {
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection, "SELECT token_hash FROM teams WHERE id = #{id} FOR UPDATE")
            .mapTo(row -> row.getString(0)).execute(Map.of("id", teamId))
            .compose(rows -> {
              String old = rows.iterator().hasNext() ? rows.iterator().next() : null;
              return SqlTemplate.forUpdate(connection, "UPDATE teams SET token_hash = #{hash} WHERE id = #{id}")
                  .execute(Map.of("hash", tokenHash, "id", teamId)).map(old);
            }))
        .onSuccess(old -> onTeamChange.accept(teamId));
  }

  private static Account account(Row row) {
    return new Account(row.getString(0), row.getString(1), row.getString(2), row.getBoolean(3), row.getString(4), row.getBoolean(5),
        Instant.ofEpochMilli(row.getLong(6)));
  }

  private static RoleGrant grant(Row row) {
    return new RoleGrant(row.getString(7), account(row), Role.of(row.getString(8)), Instant.ofEpochMilli(row.getLong(9)));
  }

  private static Participant participant(Row row) {
    return new Participant(row.getString(7), account(row), row.getString(8), row.getString(9), Instant.ofEpochMilli(row.getLong(10)),
        row.getValue(11) == null ? null : Instant.ofEpochMilli(row.getLong(11)));
  }

  private static String scopes(Set<Scope> scopes) {
    return scopes.stream().map(Scope::id).sorted().collect(Collectors.joining(","));
  }

  private static Set<Scope> scopes(String text) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String id : text.split(",")) {
      Scope scope = Scope.of(id.strip());
      if (scope != null) scopes.add(scope);
    }
    return scopes;
  }

  private Future<Integer> update(String sql, Map<String, Object> params) {
    return pool.withTransaction(connection -> SqlTemplate.forUpdate(connection, sql).execute(params)).map(result -> result.rowCount());
  }

  private <T> Future<List<T>> list(String sql, Map<String, Object> params, Function<Row, T> mapper) {
    return pool.withTransaction(connection -> SqlTemplate.forQuery(connection, sql).mapTo(mapper::apply).execute(params))
        .map(rows -> {
          List<T> list = new ArrayList<>();
          rows.forEach(list::add);
          return list;
        });
  }

  private <T> Future<Optional<T>> first(String sql, Map<String, Object> params, Function<Row, T> mapper) {
    return list(sql, params, mapper).map(rows -> rows.stream().findFirst());
  }
}
