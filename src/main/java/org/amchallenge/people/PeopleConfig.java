package org.amchallenge.people;

import java.util.List;
import java.util.Set;

/**
 * How people sign in on this server: the accounts that are site admins (their emails' keys), the address the server
 * is reached at from a browser (for links in mails and OpenID Connect's redirects), the SMTP server (null: no mail,
 * emails are not verified), and the OpenID Connect providers.
 */
public record PeopleConfig(Set<String> admins, String publicUrl, MailConfig mail, List<OidcProvider> providers) {
  public static final PeopleConfig DEFAULT = new PeopleConfig(Set.of(), null, null, List.of());

  public PeopleConfig withMail(MailConfig newMail) {
    return new PeopleConfig(admins, publicUrl, newMail, providers);
  }

  public PeopleConfig withProviders(List<OidcProvider> newProviders) {
    return new PeopleConfig(admins, publicUrl, mail, newProviders);
  }

  public PeopleConfig withAdmins(Set<String> newAdmins) {
    return new PeopleConfig(newAdmins == null ? Set.of() : Set.copyOf(newAdmins), publicUrl, mail, providers);
  }

  public PeopleConfig withPublicUrl(String url) {
    return new PeopleConfig(admins, url, mail, providers);
  }
}
