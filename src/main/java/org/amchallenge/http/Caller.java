package org.amchallenge.http;

import org.amchallenge.domain.Team;

/** Who is calling: the organizer, a team, or anyone (no token). */
record Caller(boolean organizer, Team team) {
  static final Caller ANYONE = new Caller(false, null);
  static final Caller ORGANIZER = new Caller(true, null);

  static Caller of(Team team) {
    return new Caller(false, team);
  }

  boolean owns(String teamId) {
    return team != null && team.id().equals(teamId);
  }
}
