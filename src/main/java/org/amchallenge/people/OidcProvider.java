package org.amchallenge.people;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An OpenID Connect provider the operator configures (serve --oidc): its name in the sign-in routes
 * ({@code /auth/oidc/{name}}), its issuer (discovered at start), the client's id and secret, the scopes asked for.
 * {@code orcid}: the provider's subject is an ORCID iD, shown beside the member's name.
 */
public record OidcProvider(String name, String issuer, String clientId, String clientSecret, boolean orcid, List<String> scopes) {
  /** A name that is a path segment and, upper-cased with _ for -, part of an environment variable's name. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  /** What a sign-in needs: who (openid), the email and whether the provider verified it, the name. */
  public static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");

  public OidcProvider {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a provider's name is lower-case letters, digits and -, starting with a letter: '" + name + "'");
    }
    scopes = scopes == null || scopes.isEmpty() ? (orcid ? List.of("openid") : DEFAULT_SCOPES) : List.copyOf(scopes);
    if (!scopes.contains("openid")) throw new IllegalArgumentException("provider '" + name + "': the scopes must include openid");
  }

  public OidcProvider(String name, String issuer, String clientId, String clientSecret, boolean orcid) {
    this(name, issuer, clientId, clientSecret, orcid, null);
  }

  /** Whether an issuer is ORCID's, in production or in its sandbox: their subjects are ORCID iDs. */
  public static boolean isOrcidIssuer(String issuer) {
    String host = URI.create(issuer).getHost();
    return "orcid.org".equals(host) || "sandbox.orcid.org".equals(host);
  }

  /**
   * The providers of {@code serve --oidc NAME=ISSUER} (repeated or comma-separated), each completed from the environment:
   * {@code AMC_OIDC_<NAME>_CLIENT_ID} and {@code AMC_OIDC_<NAME>_CLIENT_SECRET} (required), {@code AMC_OIDC_<NAME>_SCOPES}
   * (space- or comma-separated, default openid email profile; openid for ORCID) and {@code AMC_OIDC_<NAME>_ORCID}
   * (true or false; by default true for ORCID's issuers). Secrets stay out of the command line, which other users of
   * the machine can read.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static List<OidcProvider> fromOptions(List<String> specs, Map<String, String> env) {
    List<OidcProvider> providers = new ArrayList<>();
    for (String spec : specs == null ? List.<String>of() : specs) {
      if (spec == null || spec.isBlank()) continue;
      int equals = spec.indexOf('=');
      if (equals < 1) throw new IllegalArgumentException("--oidc takes NAME=ISSUER, e.g. orcid=https://orcid.org: '" + spec.strip() + "'");
      String name = spec.substring(0, equals).strip().toLowerCase(Locale.ROOT);
      String issuer = issuer(name, spec.substring(equals + 1).strip());
      if (providers.stream().anyMatch(p -> p.name().equals(name))) throw new IllegalArgumentException("provider '" + name + "' is given twice");
      String prefix = "AMC_OIDC_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
      String clientId = required(env, prefix + "CLIENT_ID", name);
      String secret = required(env, prefix + "CLIENT_SECRET", name);
      String orcidFlag = env.get(prefix + "ORCID");
      boolean orcid = orcidFlag == null || orcidFlag.isBlank() ? isOrcidIssuer(issuer) : Boolean.parseBoolean(orcidFlag.strip());
      String scopes = env.get(prefix + "SCOPES");
      List<String> scopeList = scopes == null ? null : Arrays.stream(scopes.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
      providers.add(new OidcProvider(name, issuer, clientId, secret, orcid, scopeList));
    }
    return List.copyOf(providers);
  }

  private static String issuer(String name, String issuer) {
    URI uri;
    try {
      uri = URI.create(issuer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("provider '" + name + "': the issuer is not a URL: '" + issuer + "'");
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null || uri.getQuery() != null) {
      throw new IllegalArgumentException("provider '" + name + "': the issuer is an https URL without a query, e.g. https://orcid.org: '" + issuer + "'");
    }
    // discovery appends /.well-known/openid-configuration to the issuer, which is compared without its trailing slash
    return issuer.replaceAll("/+$", "");
  }

  private static String required(Map<String, String> env, String variable, String name) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) throw new IllegalArgumentException("provider '" + name + "' needs " + variable);
    return value.strip();
  }

  @Override
  public String toString() {
    // the secret never reaches a log
    return "OidcProvider[" + name + ", " + issuer + ", client " + clientId + (orcid ? ", ORCID" : "") + ", scopes " + scopes + "]";
  }
}
