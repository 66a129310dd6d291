package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amchallenge.Fixtures;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.people.MailConfig;
import org.amchallenge.people.MailLinks;
import org.amchallenge.people.PeopleConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Email verification and password reset by link, through a real SMTP server (GreenMail on loopback) that the server
 * is started with, as {@code serve --smtp-host} would start it; the links are read from the mails that arrived.
 */
@ExtendWith(VertxExtension.class)
class MailLinksTest {
  private static final String PUBLIC_URL = "https://challenges.example.org";
  private static final String SMTP_USER = "amchallenge";
  private static final String SMTP_PASSWORD = "smtp-secret-of-the-test";
  private static final String SENDER = "challenges@example.org";
  private static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC_URL) + "(/\\S+)");
  /** Long enough for a mail that was going to be sent to arrive on loopback many times over. */
  private static final long QUIET_MILLIS = 1_500;

  @TempDir Path dir;
  private GreenMail smtp;
  private TestClock clock;
  private LiveServer live;

  /** GreenMail on a port the system chooses, logins checked; then the server, on the test's clock, sending through it. */
  private void start(Vertx vertx) throws Exception {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.setUser(SENDER, SMTP_USER, SMTP_PASSWORD);
    smtp.start();
    clock = new TestClock(TestServer.NOW);
    MailConfig mail = new MailConfig("127.0.0.1", smtp.getSmtp().getPort(), SMTP_USER, SMTP_PASSWORD, SENDER, false);
    live = LiveServer.of(vertx, config(clock).withPeople(PeopleConfig.DEFAULT.withPublicUrl(PUBLIC_URL).withMail(mail)));
  }

  private ServerConfig config(java.time.Clock on) throws Exception {
    Fixtures.copyTo(dir);
    return new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"), null,
        TestServer.ORGANIZER, 1 << 20, on);
  }

  @AfterEach
  void stop() {
    if (live != null) live.close();
    if (smtp != null) smtp.stop();
  }

  @Test
  @DisplayName("the verification link mailed at sign-up marks the email verified, then lands on the account page; a second use is refused in words")
  void verificationLink(Vertx vertx) throws Exception {
    start(vertx);
    signUp("ada@example.org", "first password of Ada");
    MimeMessage mail = onlyMailTo("ada@example.org");
    String text = text(mail);
    assertEquals(SENDER, mail.getFrom()[0].toString());
    assertTrue(mail.getSubject().contains(PUBLIC_URL), mail.getSubject());
    assertTrue(text.contains("48 hours") && text.contains("the amchallenge server at " + PUBLIC_URL), text);
    String link = link(text);
    assertTrue(link.startsWith("/auth/verify?token="), link);
    assertFalse(signIn("ada@example.org", "first password of Ada").bodyAsJsonObject().getJsonObject("account").getBoolean("email_verified"));

    HttpResponse<Buffer> verified = LiveServer.join(live.client.get(link).followRedirects(false).send());
    assertEquals(303, verified.statusCode());
    assertEquals("/account?verified=1", verified.getHeader("Location"));
    assertTrue(signIn("ada@example.org", "first password of Ada").bodyAsJsonObject().getJsonObject("account").getBoolean("email_verified"));

    HttpResponse<Buffer> again = LiveServer.join(live.client.get(link).followRedirects(false).send());
    assertEquals(400, again.statusCode());
    assertEquals("/problems/link-not-valid", again.bodyAsJsonObject().getString("type"));
    assertTrue(again.bodyAsJsonObject().getString("detail").contains("ask for a new link"), again.bodyAsString());
    HttpResponse<Buffer> page = LiveServer.join(live.client.get(link).putHeader("Accept", "text/html").followRedirects(false).send());
    assertEquals(400, page.statusCode());
    assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(page.bodyAsString().contains("This link is no longer valid"), page.bodyAsString());
  }

  @Test
  @DisplayName("a reset link arrives for a known email, works once, ends the account's sessions; the new password signs in, the old no longer")
  void resetLink(Vertx vertx) throws Exception {
    start(vertx);
    signUp("grace@example.org", "old password of Grace");
    onlyMailTo("grace@example.org");  // the verification link, not followed: a reset works on an unverified email too
    String session = sessionCookie(signIn("grace@example.org", "old password of Grace"));
    assertEquals(200, me(session).statusCode());

    HttpResponse<Buffer> asked = requestReset("grace@example.org");
    assertEquals(202, asked.statusCode());
    MimeMessage mail = mailsTo("grace@example.org", 2).get(1);
    String text = text(mail);
    assertTrue(text.contains("1 hour") && text.contains(PUBLIC_URL), text);
    String link = link(text);
    assertTrue(link.startsWith("/reset-password#token="), link);
    String token = link.substring(link.indexOf("#token=") + 7);

    HttpResponse<Buffer> tooShort = setPassword(token, "short");
    assertEquals(422, tooShort.statusCode());
    assertEquals("password", tooShort.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0).getString("field"));
    assertEquals(204, setPassword(token, "new password of Grace").statusCode(), "a refused password leaves the link usable");
    HttpResponse<Buffer> twice = setPassword(token, "another password of Grace");
    assertEquals(400, twice.statusCode());
    assertEquals("/problems/link-not-valid", twice.bodyAsJsonObject().getString("type"));

    assertEquals(401, me(session).statusCode(), "a reset signs out everywhere");
    HttpResponse<Buffer> signedIn = signIn("grace@example.org", "new password of Grace");
    assertEquals(200, signedIn.statusCode());
    assertTrue(signedIn.bodyAsJsonObject().getJsonObject("account").getBoolean("email_verified"), "the link came through the email");
    assertEquals(401, signIn("grace@example.org", "old password of Grace").statusCode());
    assertEquals(401, signIn("grace@example.org", "another password of Grace").statusCode());
  }

  @Test
  @DisplayName("a reset for an unknown email answers exactly as for a known one, and sends nothing")
  void noEnumeration(Vertx vertx) throws Exception {
    start(vertx);
    signUp("mary@example.org", "password of Mary");
    onlyMailTo("mary@example.org");

    HttpResponse<Buffer> unknown = requestReset("nobody@example.org");
    HttpResponse<Buffer> known = requestReset("mary@example.org");
    assertEquals(known.statusCode(), unknown.statusCode());
    assertEquals(202, unknown.statusCode());
    assertEquals(known.getHeader("Content-Type"), unknown.getHeader("Content-Type"));
    assertEquals(known.bodyAsString(), unknown.bodyAsString());
    assertFalse(unknown.bodyAsString().contains("nobody"), unknown.bodyAsString());

    assertEquals(2, mailsTo("mary@example.org", 2).size());
    Thread.sleep(QUIET_MILLIS);
    List<String> recipients = Arrays.stream(smtp.getReceivedMessages()).map(MailLinksTest::recipient).toList();
    assertEquals(List.of("mary@example.org", "mary@example.org"), recipients, "nothing to the unknown email");
  }

  @Test
  @DisplayName("a reset link an hour old and a verification link two days old are refused on the server's clock; new ones work")
  void expiredLinks(Vertx vertx) throws Exception {
    start(vertx);
    signUp("rosalind@example.org", "password of Rosalind");
    String verify = link(text(onlyMailTo("rosalind@example.org")));
    assertEquals(202, requestReset("rosalind@example.org").statusCode());
    String reset = link(text(mailsTo("rosalind@example.org", 2).get(1)));
    String token = reset.substring(reset.indexOf("#token=") + 7);

    clock.advance(MailLinks.RESET_VALID.plusSeconds(1));
    HttpResponse<Buffer> late = setPassword(token, "late password of Rosalind");
    assertEquals(400, late.statusCode());
    assertEquals("/problems/link-not-valid", late.bodyAsJsonObject().getString("type"));
    assertEquals(401, signIn("rosalind@example.org", "late password of Rosalind").statusCode());

    assertEquals(202, requestReset("rosalind@example.org").statusCode());
    String fresh = link(text(mailsTo("rosalind@example.org", 3).get(2)));
    assertNotEquals(reset, fresh);
    assertEquals(204, setPassword(fresh.substring(fresh.indexOf("#token=") + 7), "fresh password of Rosalind").statusCode());
    assertEquals(200, signIn("rosalind@example.org", "fresh password of Rosalind").statusCode());

    clock.set(TestServer.NOW.plus(MailLinks.VERIFY_VALID).plusSeconds(1));
    assertEquals(400, LiveServer.join(live.client.get(verify).followRedirects(false).send()).statusCode());
  }

  @Test
  @DisplayName("signing up again with a taken email answers as the first time, and mails the email's owner a notice, not a link")
  void signUpNotice(Vertx vertx) throws Exception {
    start(vertx);
    signUp("emmy@example.org", "password of Emmy");
    onlyMailTo("emmy@example.org");
    signUp("emmy@example.org", "someone else's password");
    String notice = text(mailsTo("emmy@example.org", 2).get(1));
    assertTrue(notice.contains("has an account there already"), notice);
    assertEquals("/sign-in", link(notice));
    assertEquals(401, signIn("emmy@example.org", "someone else's password").statusCode());
    assertEquals(200, signIn("emmy@example.org", "password of Emmy").statusCode());
  }

  @Test
  @DisplayName("a signed-in account asks for a new verification link; a second ask within the minute is 429, and anonymous callers 401")
  void resendVerification(Vertx vertx) throws Exception {
    start(vertx);
    assertEquals(401, LiveServer.join(live.client.post("/api/accounts/verification").sendJsonObject(new JsonObject())).statusCode());
    signUp("lise@example.org", "password of Lise");
    onlyMailTo("lise@example.org");
    HttpResponse<Buffer> signedIn = signIn("lise@example.org", "password of Lise");
    String session = sessionCookie(signedIn);
    String csrf = signedIn.bodyAsJsonObject().getString("csrf_token");

    clock.advance(MailLinks.MAIL_INTERVAL.plusSeconds(1));
    HttpResponse<Buffer> resent = resend(session, csrf);
    assertEquals(202, resent.statusCode(), resent.bodyAsString());
    String link = link(text(mailsTo("lise@example.org", 2).get(1)));
    HttpResponse<Buffer> soon = resend(session, csrf);
    assertEquals(429, soon.statusCode());
    assertTrue(Integer.parseInt(soon.getHeader("Retry-After")) > 0);

    assertEquals(303, LiveServer.join(live.client.get(link).followRedirects(false).send()).statusCode());
    assertEquals(409, resend(session, csrf).statusCode(), "verified already");
  }

  @Test
  @DisplayName("the page a reset link lands on is served with its script apart (no inline script), and asks for the password twice")
  void resetPage(Vertx vertx) throws Exception {
    start(vertx);
    HttpResponse<Buffer> page = live.get("/reset-password", null);
    assertEquals(200, page.statusCode());
    String html = page.bodyAsString();
    assertFalse(html.contains("<script>"), "the policy forbids inline script");
    assertTrue(html.contains("/assets/reset-password.js") && html.contains("id=\"password-again\""), html);
    assertTrue(page.getHeader("Content-Security-Policy").contains("script-src 'self'"));
    HttpResponse<Buffer> script = live.get("/assets/reset-password.js", null);
    assertEquals(200, script.statusCode());
    assertTrue(script.bodyAsString().contains("/api/accounts/password"));
  }

  @Test
  @DisplayName("without --smtp-host the start says that emails are not verified, and a reset is refused alike for any email")
  void withoutMail(Vertx vertx) throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(Server.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try {
      live = LiveServer.of(vertx, config(java.time.Clock.fixed(TestServer.NOW, java.time.ZoneOffset.UTC)));
    } finally {
      log.detachAppender(lines);
    }
    assertTrue(lines.list.stream().anyMatch(line -> line.getFormattedMessage()
        .equals("no SMTP server configured (--smtp-host): emails are not verified and passwords cannot be reset by link")), lines.list.toString());

    HttpResponse<Buffer> one = requestReset("ada@example.org");
    HttpResponse<Buffer> other = requestReset("nobody@example.org");
    assertEquals(404, one.statusCode());
    assertEquals("/problems/mail-off", one.bodyAsJsonObject().getString("type"));
    assertEquals(one.bodyAsJsonObject().getString("detail"), other.bodyAsJsonObject().getString("detail"));
    assertEquals(404, setPassword("any-token-at-all", "a long enough password").statusCode());
  }

  // ---- the steps, through the HTTP API

  /** A new account through the API; with mail, the answer only says a link is on its way. */
  private void signUp(String email, String password) {
    HttpResponse<Buffer> made = LiveServer.join(live.client.post("/api/accounts")
        .sendJsonObject(new JsonObject().put("email", email).put("password", password).put("name", "Someone")));
    assertEquals(202, made.statusCode(), made.bodyAsString());
  }

  private HttpResponse<Buffer> signIn(String email, String password) {
    return LiveServer.join(live.client.post("/api/sessions").sendJsonObject(new JsonObject().put("email", email).put("password", password)));
  }

  private HttpResponse<Buffer> me(String session) {
    return LiveServer.join(live.client.get("/api/me").putHeader("Cookie", "amc_session=" + session).send());
  }

  private HttpResponse<Buffer> resend(String session, String csrf) {
    return LiveServer.join(live.client.post("/api/accounts/verification").putHeader("Cookie", "amc_session=" + session)
        .putHeader("X-CSRF-Token", csrf).sendJsonObject(new JsonObject()));
  }

  private HttpResponse<Buffer> requestReset(String email) {
    return LiveServer.join(live.client.post("/api/accounts/password-reset").sendJsonObject(new JsonObject().put("email", email)));
  }

  private HttpResponse<Buffer> setPassword(String token, String password) {
    return LiveServer.join(live.client.post("/api/accounts/password")
        .sendJsonObject(new JsonObject().put("token", token).put("password", password)));
  }

  private static String sessionCookie(HttpResponse<Buffer> signedIn) {
    assertEquals(200, signedIn.statusCode(), signedIn.bodyAsString());
    return signedIn.cookies().stream().filter(c -> c.startsWith("amc_session=")).findFirst()
        .map(c -> c.substring("amc_session=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).orElseThrow();
  }

  // ---- the mails

  /** The first {@code count} mails to the address, waited for; the test fails where they do not come. */
  private List<MimeMessage> mailsTo(String address, int count) {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<MimeMessage> mails;
    do {
      mails = Arrays.stream(smtp.getReceivedMessages()).filter(m -> address.equals(recipient(m))).toList();
      if (mails.size() >= count) return mails.subList(0, count);
      smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
    } while (System.nanoTime() < until);
    throw new AssertionError(count + " mails to " + address + " did not arrive; " + mails.size() + " did");
  }

  private MimeMessage onlyMailTo(String address) {
    return mailsTo(address, 1).get(0);
  }

  /** The mail's text as its reader sees it, decoded from its transfer encoding. */
  private static String text(MimeMessage mail) {
    try {
      return (String) mail.getContent();
    } catch (java.io.IOException | jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  private static String recipient(MimeMessage mail) {
    try {
      return mail.getRecipients(Message.RecipientType.TO)[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  /** The path of the one link to this server that the mail's text holds. */
  private static String link(String text) {
    Matcher found = LINK.matcher(text);
    assertTrue(found.find(), "no link to " + PUBLIC_URL + " in: " + text);
    String path = found.group(1);
    assertFalse(found.find(), "one link only: " + text);
    return path;
  }
}
