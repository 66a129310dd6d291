package org.amchallenge.people;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.amchallenge.domain.Account;
import org.amchallenge.domain.Tokens;
import org.amchallenge.problem.ApiException;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.store.PeopleStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links for email verification and password reset, sent as plain text mails through the operator's SMTP server
 * (SPEC "People"). A link carries a random token kept only as its SHA-256 hash, works once, and for a while:
 * {@link #VERIFY_VALID} to verify an email, {@link #RESET_VALID} to reset a password.
 */
public final class MailLinks {
  private static final Logger LOG = LoggerFactory.getLogger(MailLinks.class);

  /**
   * Published on the event bus, to every node, with an account's id after a link changed it (its email verified, its
   * password reset and its sessions ended): whoever keeps accounts or sessions in memory forgets that account's.
   */
  public static final String ACCOUNT_CHANGED = "amc.people.account-changed";
  public static final String VERIFY = "verify";
  public static final String RESET = "reset";
  public static final Duration VERIFY_VALID = Duration.ofHours(48);
  public static final Duration RESET_VALID = Duration.ofHours(1);
  /** One mail of each kind per account in this time: a stranger asking again and again cannot fill someone's mailbox. */
  public static final Duration MAIL_INTERVAL = Duration.ofMinutes(1);
  /** The same bound as at sign-up: Argon2id takes any length, but a megabyte of password is no password. */
  public static final int MAX_PASSWORD_LENGTH = 1000;
  /** A token is 43 characters; anything much longer is not one of ours and is not hashed. */
  private static final int MAX_TOKEN_LENGTH = 100;

  private final MailClient client;
  private final io.vertx.core.eventbus.EventBus events;
  private final String from;
  private final String publicUrl;
  private final PeopleStore store;
  private final Passwords passwords;
  private final Clock clock;
  private final Cache<String, Instant> lastSent;

  private MailLinks(MailClient client, io.vertx.core.eventbus.EventBus events, String from, String publicUrl, PeopleStore store,
                    Passwords passwords, Clock clock) {
    this.client = client;
    this.events = events;
    this.from = from;
    this.publicUrl = publicUrl;
    this.store = store;
    this.passwords = passwords;
    this.clock = clock;
    // the interval is counted on the server's clock, the one the links expire by
    this.lastSent = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(MAIL_INTERVAL)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
  }

  /**
   * Mail through the operator's SMTP server where {@code config.mail()} names one, links to {@code config.publicUrl()};
   * without one, {@link #off()}.
   */
  public static MailLinks create(Vertx vertx, PeopleConfig config, PeopleStore store, Passwords passwords, Clock clock) {
    MailConfig mail = config.mail();
    if (mail == null) return off();
    if (config.publicUrl() == null || config.publicUrl().isBlank()) {
      throw new IllegalArgumentException("links sent by mail need the server's public URL (--public-url)");
    }
    String url = config.publicUrl().strip().replaceAll("/+$", "");
    String from = mail.from() == null || mail.from().isBlank() ? defaultSender(url) : mail.from().strip();
    return new MailLinks(MailClient.create(vertx, smtp(mail)), vertx.eventBus(), from, url, store, passwords, clock);
  }

  /** The sender where the operator names none: amchallenge at the host of the server's public URL. */
  public static String defaultSender(String publicUrl) {
    String host = null;
    try {
      host = java.net.URI.create(publicUrl.strip()).getHost();
    } catch (IllegalArgumentException notAUri) {
      // a URL that does not parse leaves the sender at localhost, which the start's log line shows the operator
    }
    return "amchallenge@" + (host == null ? "localhost" : host);
  }

  /** No mail: emails are not verified, and passwords are not reset by link. */
  public static MailLinks off() {
    return new MailLinks(null, null, null, null, null, null, Clock.systemUTC());
  }

  private static io.vertx.ext.mail.MailConfig smtp(MailConfig mail) {
    boolean login = mail.username() != null && !mail.username().isBlank();
    io.vertx.ext.mail.MailConfig smtp = new io.vertx.ext.mail.MailConfig()
        .setHostname(mail.host())
        .setPort(mail.port())
        // OPTIONAL upgrades where the server offers STARTTLS; REQUIRED refuses to send in the clear
        .setStarttls(mail.startTls() ? StartTLSOptions.REQUIRED : StartTLSOptions.OPTIONAL)
        .setLogin(login ? LoginOption.REQUIRED : LoginOption.DISABLED)
        .setConnectTimeout(10_000)
        .setMaxPoolSize(4);
    if (login) smtp.setUsername(mail.username()).setPassword(mail.password());
    return smtp;
  }

  /** Whether the operator configured mail: without it, emails are not verified and passwords are not reset by link. */
  public boolean enabled() {
    return client != null;
  }

  /**
   * Sends the account a link that verifies its email, valid {@link #VERIFY_VALID}. Nothing where mail is off or the
   * email is verified already; a 429 where a link went to it less than {@link #MAIL_INTERVAL} ago.
   */
  public Future<Void> sendVerification(Account account) {
    if (!enabled() || account.emailVerified()) return Future.succeededFuture();
    Optional<Duration> wait = claim(VERIFY, account.id());
    if (wait.isPresent()) {
      return Future.failedFuture(new ApiException(429, "too-many-mails", "a link was sent to " + account.email()
          + " a moment ago; wait for it, or try again in a minute", Map.of("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())))));
    }
    return sendLink(account, VERIFY, VERIFY_VALID, publicUrl + "/auth/verify?token=", verificationText());
  }

  /**
   * A new verification link, asked for by the signed-in account (as stored now, not as its session remembers it):
   * 404 where mail is off, 409 where its email is verified already, 429 where a link went a moment ago.
   */
  public Future<Account> resendVerification(Account account) {
    if (!enabled()) return Future.failedFuture(mailOff());
    return store.account(account.id()).compose(found -> {
      Account current = found.orElse(account);
      if (current.emailVerified()) return Future.failedFuture(ApiException.conflict("the email " + current.email() + " is verified already"));
      return sendVerification(current).map(current);
    });
  }

  /**
   * Marks the email of the link's account verified, and answers the account; a link unknown, used or expired fails
   * with a 400 that says how to get a new one.
   */
  public Future<Account> verify(String token) {
    return useLink(token, VERIFY)
        .compose(accountId -> store.markVerified(accountId).compose(done -> changed(accountId)))
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(linkNotValid(VERIFY))));
  }

  /**
   * Sends a link to choose a new password to the account of this email, if there is one. It answers at once, the same
   * whether or not there is: the account is looked up and the mail sent afterwards, so that neither the answer nor
   * the time it takes tells who has an account. Where mail is off, it fails the same for every email.
   */
  public Future<Void> requestReset(String email) {
    if (!enabled()) return Future.failedFuture(mailOff());
    if (email == null || email.isBlank()) return Future.succeededFuture();
    store.accountByEmail(email.strip())
        .compose(found -> found.filter(account -> claim(RESET, account.id()).isEmpty())
            .map(account -> sendLink(account, RESET, RESET_VALID, publicUrl + "/reset-password#token=", resetText()))
            .orElseGet(Future::succeededFuture))
        .onFailure(failure -> LOG.warn("a password reset link could not be sent", failure));
    return Future.succeededFuture();
  }

  /**
   * Sets the password of the link's account (ending all its sessions) and marks its email verified, since the link
   * came through it. A password too short or too long is a 422 and leaves the link usable; a link unknown, used or
   * expired a 400.
   */
  public Future<Account> reset(String token, String newPassword) {
    if (!enabled()) return Future.failedFuture(mailOff());
    if (newPassword == null || newPassword.length() < Passwords.MIN_LENGTH || newPassword.length() > MAX_PASSWORD_LENGTH) {
      return Future.failedFuture(new InvalidInputException("the new password is not valid", Problem.at(1, 1, "password",
          "a password of " + Passwords.MIN_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters is required")));
    }
    // the link is used up before the costly hash, so that made-up tokens cost the server one lookup each
    return useLink(token, RESET).compose(accountId -> passwords.hash(newPassword)
        .compose(hash -> store.setPassword(accountId, hash))
        .compose(done -> store.markVerified(accountId))
        .compose(done -> changed(accountId))
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(linkNotValid(RESET)))));
  }

  /**
   * Tells the owner of an email that someone tried to sign up with it: sign-up answers the same for a new email and a
   * taken one, and this mail is how the owner learns of it. Sent afterwards, as {@link #requestReset} is.
   */
  public void sendSignUpNotice(Account existing) {
    if (!enabled() || claim("sign-up", existing.id()).isPresent()) return;
    send(existing.email(), "Your account at " + publicUrl, """
        Hello,

        Someone, probably you, tried to sign up again with this email on the amchallenge server at %s.
        This email has an account there already: sign in at %s/sign-in

        Forgot the password? On that page, "Forgot your password?" sends you a link to choose a new one.

        If it was not you, ignore this mail: nothing was changed.
        """.formatted(publicUrl, publicUrl))
        .onFailure(failure -> LOG.warn("a sign-up notice could not be sent to account {}", existing.id(), failure));
  }

  /** The account as stored now, after every node was told to forget what it remembers of it. */
  private Future<Optional<Account>> changed(String accountId) {
    events.publish(ACCOUNT_CHANGED, accountId);
    return store.account(accountId);
  }

  /** The account of a link not yet used nor expired, the link used up; otherwise a 400. */
  private Future<String> useLink(String token, String purpose) {
    if (!enabled()) return Future.failedFuture(mailOff());
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) return Future.failedFuture(linkNotValid(purpose));
    return store.useMailLink(Tokens.hash(token.strip()), purpose, clock.instant())
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(linkNotValid(purpose))));
  }

  private Future<Void> sendLink(Account account, String purpose, Duration valid, String linkPrefix, String text) {
    String token = Tokens.newToken("");
    return store.createMailLink(Tokens.hash(token), account.id(), purpose, clock.instant().plus(valid))
        .compose(stored -> send(account.email(), subject(purpose), text.formatted(publicUrl, linkPrefix + token)))
        .onFailure(failure -> lastSent.invalidate(purpose + ":" + account.id()));
  }

  private Future<Void> send(String to, String subject, String text) {
    return client.sendMail(new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text)).mapEmpty();
  }

  /**
   * Takes the account's turn for a mail of this purpose: empty where it was free (and is now taken for
   * {@link #MAIL_INTERVAL}), else how long until it frees. Taken atomically, so that two requests at once send one mail.
   */
  private Optional<Duration> claim(String purpose, String accountId) {
    Instant now = clock.instant();
    Instant last = lastSent.asMap().putIfAbsent(purpose + ":" + accountId, now);
    return last == null ? Optional.empty() : Optional.of(Duration.between(now, last.plus(MAIL_INTERVAL)));
  }

  private String subject(String purpose) {
    return (purpose.equals(VERIFY) ? "Verify your email at " : "Choose a new password at ") + publicUrl;
  }

  // The account's name is left out of every mail: anyone may sign up with someone else's email and any name, and the
  // mail would carry the name's words to that inbox from this server.
  private static String verificationText() {
    return """
        Hello,

        Someone, probably you, made an account with this email on the amchallenge server at %s.
        To confirm that this email is yours, open this link within 48 hours:

        %s

        The link works once. If you did not make this account, ignore this mail: the email stays unverified.
        """;
  }

  private static String resetText() {
    return """
        Hello,

        Someone, probably you, asked to reset the password of your account on the amchallenge server at %s.
        To choose a new password, open this link within 1 hour:

        %s

        The link works once. Setting a new password signs your account out everywhere.
        If you did not ask for it, ignore this mail: your password stays as it is.
        """;
  }

  private static ApiException linkNotValid(String purpose) {
    String again = purpose.equals(VERIFY)
        ? "links to verify an email work once, for 48 hours: sign in and ask for a new link on your account page"
        : "links to reset a password work once, for 1 hour: ask for a new link on the sign-in page (\"Forgot your password?\")";
    return new ApiException(400, "link-not-valid", "this link is no longer valid; " + again);
  }

  private static ApiException mailOff() {
    return new ApiException(404, "mail-off", "this server sends no mail: emails are not verified and passwords are not reset "
        + "by link here; ask the server's operator");
  }
}
