package org.amchallenge.http;

import org.amchallenge.competition.BoardIntervals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.Disclosure;
import org.amchallenge.challenge.Metric;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.leaderboard.Ranking;
import org.amchallenge.scoring.Plots;
import org.amchallenge.scoring.Rounding;
import org.amchallenge.scoring.QuantityScores;
import org.amchallenge.scoring.Scores;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;

/** The JSON answers of the API, shaped as SPEC shows them; figures rounded to the challenge's precision. */
final class Views {
  private static final java.util.Set<String> COUNTS = java.util.Set.of("n", "mape_excluded");
  private Views() {}

  /** Rounds to significant digits; precision 0 keeps full precision (after reveal, and offline). */
  static Double round(Double value, int precision) {
    return value == null ? null : Rounding.round(value, precision);
  }

  static JsonObject challengeSummary(Challenge c, Challenge.Status status) {
    return new JsonObject()
        .put("id", c.id()).put("title", c.title()).put("summary", c.summary())
        .put("material", c.material()).put("process", c.process())
        .put("status", status.id()).put("opens", c.opens().toString()).put("closes", c.closes().toString())
        .put("quantities", new JsonArray(c.quantities().stream().map(q -> (Object) q.id()).toList()));
  }

  private static final Parser MARKDOWN = Parser.builder().build();
  /** Raw HTML in a description is shown as text, and links may not run script: safe whatever the organizer wrote. */
  private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  /** Markdown rendered as the pages show it, raw HTML escaped and unsafe links removed; null stays null. */
  static String markdown(String text) {
    return text == null ? null : HTML.render(MARKDOWN.parse(text));
  }

  static JsonObject challenge(Challenge c, Challenge.Status status, int teams) {
    return challengeSummary(c, status)
        .put("description", c.description())
        .put("description_html", HTML.render(MARKDOWN.parse(c.description())))
        .put("reveal", c.reveal().name().toLowerCase())
        .put("feedback", c.feedback().name().toLowerCase())
        .put("after_reveal", c.afterReveal().name().toLowerCase())
        .put("teams", teams)
        .put("rules", new JsonObject()
            .put("max_submissions_per_day", c.rules().maxSubmissionsPerDay())
            .put("max_submissions_total", c.rules().maxSubmissionsTotal())
            .put("max_team_size", c.rules().maxTeamSize())
            .put("final_selections", c.rules().finalSelections()))
        .put("split", new JsonObject().put("public_fraction", c.split().publicFraction()).put("by", c.split().by().name().toLowerCase()))
        .put("ranking", new JsonObject()
            .put("score", c.ranking().score().name().toLowerCase())
            .put("ladder", c.ranking().ladder())
            .put("min_coverage", c.ranking().minCoverage())
            .put("precision", c.ranking().precision())
            .put("tie_break", new JsonArray(c.ranking().tieBreak().stream()
                .map(t -> (Object) new JsonObject().put("metric", t.metric()).put("samples", new JsonArray(t.samples()))).toList())))
        .put("quantities", new JsonArray(c.quantities().stream().map(q -> (Object) quantity(q)).toList()))
        .put("registration", c.registration() == null ? null : new JsonObject()
            .put("terms", c.registration().terms())
            .put("terms_html", HTML.render(MARKDOWN.parse(c.registration().terms())))
            .put("terms_sha256", c.registration().termsSha256())
            .put("approval", c.registration().approval().name().toLowerCase())
            .put("allowed_email_domains", new JsonArray(c.registration().allowedEmailDomains())))
        .put("method_form", methodForm(c.methodForm()));
  }

  /** The method card's form (SPEC "Method cards"), as the upload form on the challenge page is built from it. */
  private static JsonArray methodForm(org.amchallenge.challenge.MethodForm form) {
    return new JsonArray(form.fields().stream().map(f -> (Object) new JsonObject().put("id", f.id()).put("label", f.label())
        .put("type", f.type().name().toLowerCase()).put("required", f.required()).put("shown", f.shown().name().toLowerCase())
        .put("options", new JsonArray(f.options()))).toList());
  }

  /**
   * Every metric's name, formula, unit, better direction, normaliser and, for a primary, how it enters the overall score,
   * by metric id: one source for the page's column headers and legend, the docs and the command line.
   */
  static JsonObject metricDefinitions() {
    JsonObject metrics = new JsonObject();
    for (Metric metric : Metric.values()) {
      metrics.put(metric.id(), new JsonObject().put("name", metric.title()).put("definition", metric.definition())
          .put("unit", metric.unit().id()).put("better", metric.better()).put("normaliser", metric.normaliser())
          .put("primary", metric.canBePrimary()).put("loss", metric.loss()));
    }
    return metrics;
  }

  private static JsonObject quantity(Quantity q) {
    JsonObject json = new JsonObject().put("id", q.id()).put("name", q.name()).put("unit", q.unit())
        .put("kind", q.kind().id()).put("primary", q.primary()).put("weight", q.weight())
        .put("transform", q.transform().name().toLowerCase()).put("aliases", new JsonArray(q.aliases()));
    if (q.point() != null) json.put("point", new JsonObject().put("name", q.point().name()).put("unit", q.point().unit()));
    if (!q.components().isEmpty()) json.put("components", new JsonArray(q.components()));
    if (q.isCurve()) json.put("curve", new JsonObject().put("x", q.curveAxis()));
    if (q.hasObservations()) json.put("distribution", "samples");
    if (q.points() != null) {
      json.put("points", new JsonObject().put("band_unit", q.points().bandUnit().name().toLowerCase())
          .put("bands", new JsonArray(q.points().bands().stream()
              .map(b -> (Object) new JsonObject().put("within", b.within()).put("points", b.points())).toList())));
    }
    return json;
  }

  /**
   * A submission's plots by quantity: a curve's samples as [x, y] pairs, a distribution's as values, each side with its
   * count before thinning, and the PIT values; rounded as the answer's other figures.
   */
  static JsonObject plots(Map<String, Plots.QuantityPlots> plots, int precision) {
    JsonObject json = new JsonObject();
    plots.forEach((id, q) -> json.put(id, quantityPlots(q, precision)));
    return json;
  }

  private static JsonObject quantityPlots(Plots.QuantityPlots q, int precision) {
    Quantity quantity = q.quantity();
    // scored in log10: the page draws that axis on a log scale
    JsonObject json = new JsonObject().put("kind", quantity.bySample() ? quantity.kind().id() : "values").put("unit", quantity.unit())
        .put("transform", quantity.transform().name().toLowerCase());
    if (quantity.isCurve()) json.put("x", quantity.curveAxis());
    if (quantity.isCurve() && quantity.point() != null && quantity.curveAxis().equals(quantity.point().name())) {
      json.put("x_unit", quantity.point().unit());
    }
    if (quantity.bySample()) {
      json.put("samples", new JsonArray(q.samples().stream().map(sample -> (Object) samplePlot(sample, precision)).toList()));
    }
    if (q.pit() != null) json.put("pit", points(q.pit(), precision)).put("pit_n", q.pit().n());
    return json;
  }

  private static JsonObject samplePlot(Plots.Sample sample, int precision) {
    JsonObject json = new JsonObject().put("sample_id", sample.sample())
        .put("predicted", points(sample.predicted(), precision)).put("predicted_n", sample.predicted().n());
    if (sample.measured() != null) json.put("measured", points(sample.measured(), precision)).put("measured_n", sample.measured().n());
    return json;
  }

  /** JSON has no NaN: a figure that is not a number is null. */
  private static Double finite(double value, int precision) {
    return Double.isFinite(value) ? Rounding.round(value, precision) : null;
  }

  private static JsonArray points(Plots.Points points, int precision) {
    JsonArray json = new JsonArray();
    for (int k = 0; k < points.y().length; k++) {
      Double y = finite(points.y()[k], precision);
      json.add(points.x() == null ? y : new JsonArray().add(finite(points.x()[k], precision)).add(y));
    }
    return json;
  }

  static JsonObject team(Team team) {
    return new JsonObject().put("id", team.id()).put("name", team.name())
        .put("members", new JsonArray(team.members())).put("created_at", team.createdAt().toString());
  }

  /**
   * A submission's answer on one part ("board"), as SPEC's example shows it, with what {@code shown} lets its caller read;
   * below {@link Disclosure#ALL}, {@code n} counts the rows given over the whole challenge, not the part's.
   */
  static JsonObject submission(SubmissionRecord s, String board, Scores scores, int precision, Disclosure shown, ChallengeEntry entry) {
    return new JsonObject()
        .put("id", s.id()).put("challenge", s.challengeId()).put("team", s.teamName())
        .put("submitted_at", s.submittedAt().toString())
        .put("file_name", s.fileName()).put("format", s.format()).put("rows", s.rows())
        .put("board", board)
        .put("score", round(scores.score(), precision)).put("ranked", scores.ranked())
        .put("quantities", quantities(scores, precision, shown, entry))
        .put("scorer_version", s.scorerVersion()).put("reference_sha256", s.referenceSha256());
  }

  /**
   * A baseline as its challenge's baselines list it: its public part's score as the public board shows it, and every part
   * for its organizers, and for everyone after the reveal ({@code all}).
   */
  static JsonObject baseline(org.amchallenge.domain.Baseline b, int precision, boolean all, Disclosure shown, ChallengeEntry entry) {
    SubmissionRecord s = b.asSubmission();
    JsonObject json = submission(s, "public", b.evaluation().publicPart(), precision, shown, entry);
    json.remove("team");
    json.put("name", b.name()).put("baseline", true).put("added_at", b.addedAt().toString())
        .put("description", b.description()).put("description_html", markdown(b.description()));
    if (all) {
      json.put("private", part(b.evaluation().privatePart(), precision)).put("all", part(b.evaluation().all(), precision));
    }
    return json;
  }

  static JsonObject part(Scores scores, int precision) {
    return new JsonObject().put("score", round(scores.score(), precision)).put("ranked", scores.ranked())
        .put("quantities", quantities(scores, precision, Disclosure.ALL, null));
  }

  /** {@code entry} may be null where {@code shown} is {@link Disclosure#ALL}. */
  private static JsonObject quantities(Scores scores, int precision, Disclosure shown, ChallengeEntry entry) {
    JsonObject quantities = new JsonObject();
    if (!shown.perQuantity()) return quantities;
    for (Map.Entry<String, QuantityScores> q : scores.quantities().entrySet()) {
      JsonObject metrics = new JsonObject();
      String primary = shown == Disclosure.ALL ? "" : entry.challenge().quantity(q.getKey()).map(Quantity::primary).orElse("");
      q.getValue().metrics().forEach((metric, value) -> {
        if (!shown.shows(metric, primary)) return;
        Double figure = metric.equals(Metric.N.id()) && shown != Disclosure.ALL ? given(q.getValue(), entry, q.getKey()) : value;
        metrics.put(metric, COUNTS.contains(metric) && figure != null ? (Object) figure.longValue() : round(figure, precision));
      });
      quantities.put(q.getKey(), metrics);
    }
    return quantities;
  }

  /**
   * The rows given of a quantity over the whole challenge: its coverage of every reference row; for a curve or a
   * distribution, the samples given, since its rows per sample are the held-out number of observations.
   */
  private static Double given(QuantityScores scores, ChallengeEntry entry, String quantity) {
    Double coverage = scores.metric(Metric.COVERAGE);
    var table = entry.reference().table(quantity);
    int expected = table.quantity().bySample() ? table.rowsBySample().size() : table.size();
    return coverage == null ? null : (double) Math.round(coverage * expected);
  }

  /** A board; {@code perQuantity} false: each row's quantities are left out (SPEC: the Ladder's, or {@code feedback: score}). */
  static JsonObject leaderboard(String challenge, String board, String quantity, Instant updatedAt,
                                List<Ranking.Row> rows, Map<String, BoardIntervals.Interval> intervals, int precision, boolean perQuantity) {
    JsonArray json = new JsonArray();
    for (Ranking.Row row : rows) {
      JsonObject primaries = new JsonObject();
      if (perQuantity) row.quantities().forEach((q, v) -> primaries.put(q, round(v, precision)));
      // a baseline is listed where its score puts it, and ranks nothing (SPEC "Baselines")
      JsonObject shown = new JsonObject().put("rank", row.baseline() ? null : row.rank()).put("team", row.team())
          .put("score", round(row.score(), precision));
      if (row.baseline()) shown.put("baseline", true);
      BoardIntervals.Interval interval = intervals.get(row.submission());
      if (interval != null) {
        shown.put("score_interval", new JsonArray().add(round(interval.low(), precision)).add(round(interval.high(), precision)))
            .put("indistinguishable_from_leader", interval.indistinguishableFromLeader());
      }
      shown.put("quantities", primaries).put("entries", row.baseline() ? null : row.entries())
          .put("last_submission", row.baseline() ? null : row.lastSubmission().toString()).put("submission", row.submission());
      // the post-reveal board is dated: each row says when its submission came, after the reveal
      if (board.equals(Evaluation.Board.POST_REVEAL.id())) shown.put("submitted_at", row.submittedAt().toString());
      json.add(shown);
    }
    return new JsonObject().put("challenge", challenge).put("board", board).put("quantity", quantity)
        .put("updated_at", updatedAt == null ? null : updatedAt.toString()).put("rows", json);
  }
}
