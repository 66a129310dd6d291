package org.amchallenge.domain;

import java.time.Instant;
import java.util.List;

/**
 * A registered team; its token is kept only as a hash. A team made by an account has a captain and its members are
 * accounts ({@code accountIds}, and {@code members} their names); a team registered without an account (before
 * accounts, or for a challenge without registration) has free-text member names and no captain.
 */
public record Team(String id, String name, List<String> members, Instant createdAt, String captainId, List<String> accountIds) {

  /** A team registered without an account. */
  public Team(String id, String name, List<String> members, Instant createdAt) {
    this(id, name, members, createdAt, null, List.of());
  }

  /** The key an account competes by in a challenge (one team per participant), beside the name keys of free-text members. */
  public static String accountKey(String accountId) {
    return "account:" + accountId;
  }

  /** Its members' keys: its accounts', or the name keys of its free-text members (the same person however spelt). */
  public java.util.Set<String> memberKeys() {
    if (ofAccounts()) return accountIds.stream().map(Team::accountKey).collect(java.util.stream.Collectors.toUnmodifiableSet());
    return members.stream().filter(m -> !m.isBlank()).map(Names::storedKey).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** Whether its members are accounts. */
  public boolean ofAccounts() {
    return captainId != null;
  }
}
