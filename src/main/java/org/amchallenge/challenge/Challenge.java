package org.amchallenge.challenge;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A challenge definition as published by its organizer: what is asked, when, and how it is ranked. */
public record Challenge(
    String id,
    String title,
    String summary,
    String description,
    String material,
    String process,
    Instant opens,
    Instant closes,
    Reveal reveal,
    Feedback feedback,
    Rules rules,
    Split split,
    Ranking ranking,
    List<Quantity> quantities,
    Template template,
    Registration registration,
    AfterReveal afterReveal,
    MethodForm methodForm) {

  /** A challenge whose files carry no registration: any team may upload. */
  public Challenge(String id, String title, String summary, String description, String material, String process, Instant opens,
                   Instant closes, Reveal reveal, Feedback feedback, Rules rules, Split split, Ranking ranking, List<Quantity> quantities,
                   Template template) {
    this(id, title, summary, description, material, process, opens, closes, reveal, feedback, rules, split, ranking, quantities, template, null);
  }

  /** A challenge closed to uploads after its reveal (the default of {@code after_reveal}), with the default method form. */
  public Challenge(String id, String title, String summary, String description, String material, String process, Instant opens,
                   Instant closes, Reveal reveal, Feedback feedback, Rules rules, Split split, Ranking ranking, List<Quantity> quantities,
                   Template template, Registration registration) {
    this(id, title, summary, description, material, process, opens, closes, reveal, feedback, rules, split, ranking, quantities, template,
        registration, AfterReveal.CLOSED, MethodForm.DEFAULT);
  }

  /**
   * Who may compete (SPEC "registration"): the terms a participant accepts (Markdown, versioned by the SHA-256 of their
   * UTF-8 text), whether the organizers approve each participant, and the email domains allowed (empty: any).
   */
  public record Registration(String terms, String termsSha256, Approval approval, List<String> allowedEmailDomains) {
    /** Whether an email's domain is allowed: its domain, or a subdomain of one, ignoring case. */
    public boolean allows(String email) {
      if (allowedEmailDomains.isEmpty()) return true;
      String domain = email.substring(email.lastIndexOf('@') + 1).strip().toLowerCase(java.util.Locale.ROOT);
      return allowedEmailDomains.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
    }
  }

  public enum Approval { AUTO, MANUAL }

  public enum Reveal { ON_CLOSE, MANUAL }

  /**
   * What uploads after the reveal do (SPEC "After the reveal"): refused, or scored on all rows and ranked on a board of
   * their own, the post-reveal benchmark, which leaves the final ranking and the public board as they were.
   */
  public enum AfterReveal { CLOSED, BENCHMARK }

  /** When the challenge was revealed: by its organizer, or at its closing time where it reveals on close; null while it is not revealed at {@code now}. */
  public Instant revealInstant(Instant revealedByOrganizer, Instant now) {
    if (revealedByOrganizer != null) return revealedByOrganizer;
    return reveal == Reveal.ON_CLOSE && !now.isBefore(closes) ? closes : null;
  }

  /** What a competitor sees of a submission before the reveal: the public part's metrics, or the overall score only. */
  public enum Feedback { METRICS, SCORE }

  public record Rules(int maxSubmissionsPerDay, int maxSubmissionsTotal, int maxTeamSize, int finalSelections) {}

  public enum SplitBy { SAMPLE, POINT }

  public record Split(double publicFraction, long seed, SplitBy by) {}

  public enum Score { WEIGHTED_MEAN, TOTAL_POINTS }

  public record TieBreak(String metric, List<String> samples) {}

  public record Ranking(Score score, boolean ladder, double minCoverage, int precision, List<TieBreak> tieBreak, int bootstrap) {
    /** Lower is better for a weighted mean of losses; higher is better for points. */
    public boolean higherIsBetter() {
      return score == Score.TOTAL_POINTS;
    }
  }

  public Optional<Quantity> quantity(String id) {
    return quantities.stream().filter(q -> q.id().equals(id)).findFirst();
  }

  /** The status at the given time, before any manual reveal is taken into account. */
  public Status statusAt(Instant now, boolean revealedByOrganizer) {
    if (revealedByOrganizer) return Status.REVEALED;
    if (now.isBefore(opens)) return Status.UPCOMING;
    if (now.isBefore(closes)) return Status.OPEN;
    return reveal == Reveal.ON_CLOSE ? Status.REVEALED : Status.CLOSED;
  }

  public enum Status {
    UPCOMING, OPEN, CLOSED, REVEALED;

    public String id() {
      return name().toLowerCase();
    }
  }
}
