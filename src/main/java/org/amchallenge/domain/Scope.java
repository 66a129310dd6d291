package org.amchallenge.domain;

import java.util.EnumSet;
import java.util.Set;

/** What a personal access token may do: read, upload and change teams (submit), act on challenges (organize). */
public enum Scope {
  READ, SUBMIT, ORGANIZE;

  public static final Set<Scope> ALL = EnumSet.allOf(Scope.class);

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The scope named {@code id}, or null for a name that is none. */
  public static Scope of(String id) {
    for (Scope scope : values()) if (scope.id().equals(id)) return scope;
    return null;
  }
}
