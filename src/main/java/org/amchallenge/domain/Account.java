package org.amchallenge.domain;

import java.time.Instant;

/**
 * A person (SPEC "People"): signed up with an email and a password, or signed in through an OpenID Connect
 * provider. {@code orcid} is the ORCID iD where the account came from ORCID; {@code creator}: an admin let it
 * create challenges.
 */
public record Account(String id, String email, String name, boolean emailVerified, String orcid, boolean creator, Instant createdAt) {

  /** The key an email is unique by: an address is one person however its letters are cased. */
  public static String emailKey(String email) {
    return email.strip().toLowerCase(java.util.Locale.ROOT);
  }
}
