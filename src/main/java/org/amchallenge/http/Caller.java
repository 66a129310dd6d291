package org.amchallenge.http;

import org.amchallenge.domain.Account;
import org.amchallenge.domain.Role;
import org.amchallenge.domain.Team;
import org.amchallenge.people.PeopleService.Identity;

/**
 * Who is calling: a site admin (the admin token, or an admin's account), a team (its token, or a member's account
 * uploading with it), an account (a session or a personal access token) with its role on the challenge at hand, or
 * anyone. {@code role} is set only on a challenge's routes, and only for a caller that may act as organizer there.
 */
record Caller(boolean adminToken, Team team, Identity identity, Role role) {
  static final Caller ANYONE = new Caller(false, null, null, null);
  static final Caller ADMIN = new Caller(true, null, null, null);

  static Caller of(Team team) {
    return new Caller(false, team, null, null);
  }

  static Caller of(Identity identity) {
    return new Caller(false, null, identity, null);
  }

  Caller withTeam(Team uploading) {
    return new Caller(adminToken, uploading, identity, role);
  }

  Caller withRole(Role onChallenge) {
    return new Caller(adminToken, team, identity, onChallenge);
  }

  boolean admin() {
    return adminToken || identity != null && identity.admin();
  }

  Account account() {
    return identity == null ? null : identity.account();
  }

  /** Whether the caller reads what a challenge's organizers read (private board, residuals, audit): an admin or any role on it. */
  boolean organizer() {
    return admin() || role != null;
  }

  /** Whether the caller changes the challenge: an admin, its owner or an organizer. */
  boolean changes() {
    return admin() || role != null && role.changes();
  }

  /** Who did an action, as the audit log names them. */
  String actor() {
    if (identity != null) return identity.account().email();
    return adminToken ? "admin token" : null;
  }

  boolean owns(String teamId) {
    return team != null && team.id().equals(teamId);
  }
}
