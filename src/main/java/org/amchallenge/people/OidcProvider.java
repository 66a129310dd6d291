package org.amchallenge.people;

/**
 * An OpenID Connect provider the operator configures (serve --oidc): its name in the sign-in routes
 * ({@code /auth/oidc/{name}}), its issuer (discovered at start), the client's id and secret. {@code orcid}: the
 * provider's subject is an ORCID iD, shown beside the member's name.
 */
public record OidcProvider(String name, String issuer, String clientId, String clientSecret, boolean orcid) {}
