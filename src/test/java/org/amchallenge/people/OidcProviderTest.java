package org.amchallenge.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.amchallenge.Main;
import org.amchallenge.cli.ExitCodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The providers of serve --oidc and the environment, and ORCID iDs. */
class OidcProviderTest {
  @TempDir Path dir;

  @Test
  @DisplayName("--oidc NAME=ISSUER takes its client from AMC_OIDC_<NAME>_*; ORCID's issuers are ORCID by default, asking for openid alone")
  void providersFromOptionsAndEnvironment() {
    Map<String, String> env = Map.of(
        "AMC_OIDC_ORCID_CLIENT_ID", "APP-1234", "AMC_OIDC_ORCID_CLIENT_SECRET", "s1",
        "AMC_OIDC_MY_CAMPUS_CLIENT_ID", " campus-app ", "AMC_OIDC_MY_CAMPUS_CLIENT_SECRET", "s2",
        "AMC_OIDC_MY_CAMPUS_SCOPES", "openid, email profile groups");
    List<OidcProvider> providers = OidcProvider.fromOptions(List.of("orcid=https://sandbox.orcid.org/", " My-Campus=https://idp.campus.example/realms/x", ""), env);
    assertEquals(2, providers.size());
    OidcProvider orcid = providers.get(0);
    assertEquals("orcid", orcid.name());
    assertEquals("https://sandbox.orcid.org", orcid.issuer(), "compared without the trailing slash, as discovery does");
    assertTrue(orcid.orcid());
    assertEquals(List.of("openid"), orcid.scopes());
    OidcProvider campus = providers.get(1);
    assertEquals("my-campus", campus.name());
    assertEquals("campus-app", campus.clientId());
    assertFalse(campus.orcid());
    assertEquals(List.of("openid", "email", "profile", "groups"), campus.scopes());
    assertFalse(campus.toString().contains("s2"), "the secret stays out of logs: " + campus);

    assertTrue(OidcProvider.fromOptions(List.of("orcid=https://orcid.org"), Map.of("AMC_OIDC_ORCID_CLIENT_ID", "a",
        "AMC_OIDC_ORCID_CLIENT_SECRET", "b", "AMC_OIDC_ORCID_ORCID", "false")).stream().noneMatch(OidcProvider::orcid));
  }

  @Test
  @DisplayName("a provider without its client, with a malformed issuer or name, or given twice is refused with what to set")
  void malformedProvidersAreRefused() {
    Map<String, String> env = Map.of("AMC_OIDC_X_CLIENT_ID", "a", "AMC_OIDC_X_CLIENT_SECRET", "b");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OidcProvider.fromOptions(List.of("x=https://idp.example"), Map.of()))
        .getMessage().contains("AMC_OIDC_X_CLIENT_ID"));
    assertThrows(IllegalArgumentException.class, () -> OidcProvider.fromOptions(List.of("https://idp.example"), env));
    assertThrows(IllegalArgumentException.class, () -> OidcProvider.fromOptions(List.of("x=idp.example"), env));
    assertThrows(IllegalArgumentException.class, () -> OidcProvider.fromOptions(List.of("x=https://idp.example?a=b"), env));
    assertThrows(IllegalArgumentException.class, () -> OidcProvider.fromOptions(List.of("x=https://a.example", "x=https://b.example"), env));
    assertThrows(IllegalArgumentException.class, () -> OidcProvider.fromOptions(List.of("x/y=https://idp.example"), env));
    assertThrows(IllegalArgumentException.class, () -> new OidcProvider("x", "https://idp.example", "a", "b", false, List.of("email")));
  }

  @Test
  @DisplayName("serve refuses to start (exit 2) with a provider whose client is not in the environment, naming the variable")
  void serveRefusesAnIncompleteProvider() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int exit;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = Main.run("serve", "--host", "127.0.0.1", "--port", "0", "--data", dir.resolve("data").toString(),
          "--oidc", "nowhere-idp=https://idp.nowhere.example");
    } finally {
      System.setErr(old);
    }
    assertEquals(ExitCodes.USAGE, exit);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("AMC_OIDC_NOWHERE_IDP_CLIENT_ID"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("an ORCID iD has four groups of four digits and an ISO 7064 11,2 check character, X for ten")
  void orcidIds() {
    // ORCID's own examples (Josiah Carberry and others), and each with its check character changed
    for (String valid : List.of("0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X")) {
      assertTrue(OidcSignIn.isOrcidId(valid), valid);
      char check = valid.charAt(18);
      assertFalse(OidcSignIn.isOrcidId(valid.substring(0, 18) + (check == '0' ? '1' : '0')), valid);
    }
    for (String invalid : List.of("0000-0002-1825-009", "000000021825 0097", "https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-009x")) {
      assertFalse(OidcSignIn.isOrcidId(invalid), invalid);
    }
  }

  @Test
  @DisplayName("the PKCE challenge of RFC 7636's example verifier is the one the RFC gives")
  void pkceChallengeOfTheRfcExample() {
    assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", OidcSignIn.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
  }
}
