package org.amchallenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.amchallenge.people.MailConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code serve --smtp-*} options, as the server is given them. */
class MailOptionsTest {

  private static Main.Serve serve(String... args) {
    Main.Serve serve = new Main.Serve();
    new CommandLine(serve).parseArgs(args);
    return serve;
  }

  @Test
  @DisplayName("--smtp-host and its companions make the mail configuration; the sender defaults to the public URL's host")
  void smtpOptions() {
    MailConfig mail = serve("--public-url", "https://challenges.example.org/", "--smtp-host", " mail.example.org ", "--smtp-port", "2525",
        "--smtp-user", "amc", "--smtp-password", "secret", "--smtp-starttls").people().mail();
    assertEquals(new MailConfig("mail.example.org", 2525, "amc", "secret", "amchallenge@challenges.example.org", true), mail);
    assertEquals("news@example.org", serve("--smtp-host", "localhost", "--smtp-from", "news@example.org").people().mail().from());
  }

  @Test
  @DisplayName("without --smtp-host there is no mail")
  void noSmtpHost() {
    assumeNoEnvironmentHost();
    assertNull(serve("--smtp-port", "25").people().mail());
  }

  /** The option's default is the environment's AMC_SMTP_HOST: where the machine sets it, this test has nothing to say. */
  private static void assumeNoEnvironmentHost() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AMC_SMTP_HOST") == null);
  }
}
