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

  /** Whether its members are accounts. */
  public boolean ofAccounts() {
    return captainId != null;
  }
}
