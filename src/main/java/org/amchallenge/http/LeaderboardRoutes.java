package org.amchallenge.http;

import org.amchallenge.competition.BoardIntervals;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.Disclosure;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.leaderboard.Ranking;
import org.amchallenge.problem.ApiException;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.domain.SubmissionRecord;

/** The public board, the private board (organizer, or anyone after reveal), and one quantity's board; JSON or CSV. */
final class LeaderboardRoutes {
  private static final CsvMapper CSV = CsvMapper.builder().enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
  private final ApiContext api;

  LeaderboardRoutes(ApiContext api) {
    this.api = api;
  }

  /** The public board of a challenge as last encoded, and the version of the board it was encoded from. */
  private record Encoded(long version, boolean revealed, Buffer json, String etag) {}

  private final Map<String, Encoded> encoded = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The public board, the one everybody reads, is encoded once per change and served as bytes, with an ETag
   * so that a page that has it gets a 304; any other board is computed on each read.
   */
  void show(RoutingContext ctx) {
    api.metrics().boardRead();
    // an organizer's view carries the method card's organizer fields: never the bytes everybody is served
    if (ctx.queryParams().isEmpty() && !wantsCsv(ctx) && !ApiVerticle.caller(ctx).organizer()) showPublic(ctx);
    else showAny(ctx);
  }

  private void showPublic(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    long version = api.boards().version(published.id());
    boolean revealed = published.revealedAt(api.clock().instant());
    Encoded known = fresh(published, version, revealed);
    Future<Encoded> board = known != null ? Future.succeededFuture(known)
        : publicBoard(published).map(json -> {
          Encoded made = new Encoded(version, revealed, json.toBuffer(), "\"" + published.id() + "-" + version + (revealed ? "-r" : "") + "\"");
          encoded.put(published.id(), made);
          return made;
        });
    board.onSuccess(shown -> send(ctx.request(), shown)).onFailure(ctx::fail);
  }

  private Encoded fresh(Published published, long version, boolean revealed) {
    Encoded known = encoded.get(published.id());
    return known != null && known.version() == version && known.revealed() == revealed ? known : null;
  }

  private static final CharSequence ETAG = HttpHeaders.createOptimized("ETag");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private static void send(HttpServerRequest request, Encoded shown) {
    HttpServerResponse response = request.response().putHeader(ETAG, shown.etag()).putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    if (shown.etag().equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
    } else {
      response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(shown.json());
    }
  }

  private static final String PREFIX = "/api/challenges/";
  private static final String SUFFIX = "/leaderboard";

  /**
   * The read everybody makes, served without the router since it needs none of the router's checks: an
   * anonymous GET of a public board whose bytes are already encoded for the board as it stands. Anything else
   * (a token, a query, CSV, a board not yet encoded, an id that needs decoding) is false, and the router
   * answers it with every check.
   */
  boolean served(HttpServerRequest request, Requests requests) {
    if (request.method() != HttpMethod.GET || request.query() != null || request.headers().contains(HttpHeaders.AUTHORIZATION)) return false;
    // a signed-in browser may be an organizer of this challenge, whose view differs: it goes through the router
    String cookies = request.getHeader(HttpHeaders.COOKIE);
    if (cookies != null && cookies.contains(SessionCookie.NAME + "=")) return false;
    String path = request.path();
    if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) return false;
    String id = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    if (id.indexOf('/') >= 0 || id.indexOf('%') >= 0) return false;
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept != null && accept.contains("text/csv")) return false;
    Published published = api.challenges().get(id).orElse(null);
    if (published == null || !published.hasReference()) return false;
    Encoded shown = fresh(published, api.boards().version(id), published.revealedAt(api.clock().instant()));
    if (shown == null) return false;
    requests.begin(request);
    ApiVerticle.securityHeaders(request.response());
    api.metrics().boardRead();
    send(request, shown);
    return true;
  }

  private void showAny(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    Challenge challenge = published.challenge();
    boolean revealed = published.revealedAt(api.clock().instant());
    Evaluation.Board board = board(ctx.queryParams().get("board"), revealed || ApiVerticle.caller(ctx).organizer(), challenge);
    Disclosure disclosed = Disclosure.of(challenge, revealed, ApiVerticle.caller(ctx).organizer());
    String quantityId = ctx.queryParams().get("quantity");
    Quantity quantity = quantityId == null ? null : challenge.quantity(quantityId)
        .orElseThrow(() -> ApiException.notFound("no quantity '" + quantityId + "' in challenge " + challenge.id()));
    if (quantity != null && !disclosed.perQuantity()) {
      throw ApiException.forbidden("this challenge shows only the overall score until it is revealed; its quantities' boards open then");
    }
    int precision = revealed ? 0 : challenge.ranking().precision();
    board(published, board, quantity).onSuccess(shown -> {
      if (wantsCsv(ctx)) {
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + challenge.id() + "-" + board.id() + "-leaderboard.csv\"")
            .end(csv(challenge, shown, precision, disclosed.perQuantity()));
      } else {
        // the public board names the disqualified only once revealed: before, they are the organizers' (and a ladder's raw score)
        Evaluation.Board listed = board == Evaluation.Board.PRIVATE || revealed ? board : null;
        JsonObject json = Views.leaderboard(challenge.id(), board.id(), quantityId, shown.updated(), shown.rows(), shown.intervals(),
            precision, disclosed.perQuantity());
        withMethods(json, challenge, shown, ApiVerticle.caller(ctx).organizer(), revealed, methodFilter(ctx, challenge, revealed));
        ctx.json(withDisqualified(json, shown, listed, precision));
      }
    }).onFailure(ctx::fail);
  }

  /** The public overall board as JSON, as the live events send it. */
  Future<JsonObject> publicBoard(Published published) {
    boolean revealed = published.revealedAt(api.clock().instant());
    int precision = revealed ? 0 : published.challenge().ranking().precision();
    boolean perQuantity = Disclosure.of(published.challenge(), revealed, false).perQuantity();
    return board(published, Evaluation.Board.PUBLIC, null).map(shown -> withDisqualified(withMethods(Views.leaderboard(published.id(), "public", null,
        shown.updated(), shown.rows(), shown.intervals(), precision, perQuantity), published.challenge(), shown, false, revealed, Map.of()),
        shown, revealed ? Evaluation.Board.PUBLIC : null, precision));
  }

  /**
   * Each row's method card, the fields whose {@code shown} lets this caller read them (none: no {@code method}); and the rows
   * narrowed to those whose card has each filter's option ({@code ?model_class=machine_learning}).
   */
  private static JsonObject withMethods(JsonObject json, Challenge challenge, Board shown, boolean organizer, boolean revealed,
                                        Map<String, String> filters) {
    JsonArray kept = new JsonArray();
    for (Object item : json.getJsonArray("rows")) {
      JsonObject row = (JsonObject) item;
      SubmissionRecord submission = shown.byId().get(row.getString("submission"));
      Map<String, Object> card = submission == null ? null : org.amchallenge.competition.MethodCards.shown(challenge.methodForm(), submission, organizer, revealed);
      if (card != null && !card.isEmpty()) row.put("method", new JsonObject(new java.util.LinkedHashMap<>(card)));
      if (filters.entrySet().stream().allMatch(f -> chosen(card == null ? null : card.get(f.getKey()), f.getValue()))) kept.add(row);
    }
    return json.put("rows", kept);
  }

  private static boolean chosen(Object value, String option) {
    return value instanceof String text ? text.equals(option) : value instanceof List<?> list && list.contains(option);
  }

  /**
   * The query's filters on the method card's choice fields this caller may read. Any other parameter is left alone, as
   * before: a filter on a field the caller may not read would tell its values by the rows it keeps.
   */
  private static Map<String, String> methodFilter(RoutingContext ctx, Challenge challenge, boolean revealed) {
    Map<String, String> filters = new java.util.LinkedHashMap<>();
    for (var param : ctx.queryParams()) {
      if (param.getKey().equals("board") || param.getKey().equals("quantity")) continue;
      org.amchallenge.challenge.MethodForm.Field field = challenge.methodForm().field(param.getKey());
      boolean choice = field != null && (field.type() == org.amchallenge.challenge.MethodForm.Type.CHOICE
          || field.type() == org.amchallenge.challenge.MethodForm.Type.CHOICES);
      boolean readable = field != null && (field.shown() == org.amchallenge.challenge.MethodForm.Shown.ALWAYS
          || field.shown() == org.amchallenge.challenge.MethodForm.Shown.AFTER_REVEAL && revealed || ApiVerticle.caller(ctx).organizer());
      if (choice && readable) filters.put(param.getKey(), param.getValue());
    }
    return filters;
  }

  /** The post-reveal board as JSON, as the live events send it (everything is public once revealed: full precision). */
  Future<JsonObject> postRevealBoard(Published published) {
    return board(published, Evaluation.Board.POST_REVEAL, null).map(shown -> Views.leaderboard(published.id(),
        Evaluation.Board.POST_REVEAL.id(), null, shown.updated(), shown.rows(), shown.intervals(), 0, true));
  }

  /** The overall public or final board as CSV at full precision, for the results bundle. */
  Future<String> csvOf(Published published, Evaluation.Board board) {
    return board(published, board, null).map(shown -> csv(published.challenge(), shown, 0, true));
  }

  /** The rows of a board, with their score intervals where the board has them. */
  private Future<Board> board(Published published, Evaluation.Board board, Quantity quantity) {
    ChallengeEntry entry = published.entry();
    Challenge challenge = entry.challenge();
    boolean afterReveal = board == Evaluation.Board.POST_REVEAL;
    // the post-reveal board lists no disqualification: they were decided, and are shown, on the competition's boards
    Future<List<org.amchallenge.domain.Disqualification>> out = quantity == null && !afterReveal ? api.boards().disqualifications(entry.id())
        : Future.succeededFuture(List.of());
    Future<List<SubmissionRecord>> ranked = afterReveal ? api.boards().postReveal(entry.id()) : api.boards().submissions(entry.id());
    Future<List<SubmissionRecord>> baselines = api.boards().baselines(entry.id());
    return ranked.compose(teams -> baselines.compose(kept -> out.compose(disqualified -> {
      List<SubmissionRecord> submissions = new ArrayList<>(teams);
      submissions.addAll(kept);
      List<Ranking.Row> rows = quantity != null ? Ranking.ofQuantity(challenge, quantity, submissions, board)
          : board == Evaluation.Board.PRIVATE ? Ranking.finalBoard(challenge, submissions)
          : Ranking.overall(challenge, submissions, board);
      Instant updated = teams.isEmpty() ? null : teams.get(teams.size() - 1).submittedAt();
      boolean ladder = challenge.ranking().ladder() && board == Evaluation.Board.PUBLIC;  // intervals would undo its rounding
      // a baseline's file is not a submission's: the intervals are the teams'
      List<Ranking.Row> teamRows = rows.stream().filter(row -> !row.baseline()).toList();
      Future<Map<String, BoardIntervals.Interval>> intervals = quantity == null && !ladder && !afterReveal
          ? api.intervals().of(entry, board, teamRows) : Future.succeededFuture(Map.of());
      Future<List<SubmissionRecord>> every = disqualified.isEmpty() ? Future.succeededFuture(List.of()) : api.boards().everySubmission(entry.id());
      Map<String, SubmissionRecord> byId = new java.util.HashMap<>();
      submissions.forEach(s -> byId.put(s.id(), s));
      return intervals.compose(found -> every.map(all -> new Board(rows, found, updated, disqualified, all, afterReveal, byId)));
    })));
  }

  /**
   * The overall boards list, after their ranked rows, what an organizer disqualified, with the reason and (for a
   * submission) its score on that board: the private board always, the public one once revealed ({@code board} null: none).
   */
  private static JsonObject withDisqualified(JsonObject json, Board shown, Evaluation.Board board, int precision) {
    if (board == null || shown.disqualified().isEmpty()) return json;
    JsonArray rows = json.getJsonArray("rows");
    for (org.amchallenge.domain.Disqualification d : shown.disqualified()) {
      Double score = d.submissionId() == null ? null : shown.every().stream().filter(s -> s.id().equals(d.submissionId())).findFirst()
          .map(s -> board == Evaluation.Board.PRIVATE ? s.evaluation().privatePart().score() : s.evaluation().publicPart().score()).orElse(null);
      rows.add(new JsonObject().put("rank", null).put("team", d.teamName()).put("score", Views.round(score, precision))
          .put("submission", d.submissionId())
          .put("disqualified", new JsonObject().put("reason", d.reason()).put("at", d.at().toString())
              .put("whole_team", d.submissionId() == null)));
    }
    return json;
  }

  /**
   * The best public score over time: each submission that improved on the best so far (the released score
   * under the Ladder), for the challenge page's chart.
   */
  void history(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    Challenge challenge = published.challenge();
    int precision = published.revealedAt(api.clock().instant()) ? 0 : challenge.ranking().precision();
    api.boards().submissions(published.id()).onSuccess(submissions -> {
      JsonArray points = new JsonArray();
      Double best = null;
      for (var s : submissions) {
        Double score = challenge.ranking().ladder() ? s.releasedScore() : s.evaluation().publicPart().ranked() ? s.evaluation().publicPart().score() : null;
        if (score == null) continue;
        boolean improves = best == null || (challenge.ranking().higherIsBetter() ? score > best : score < best);
        if (!improves) continue;
        best = score;
        points.add(new JsonObject().put("at", s.submittedAt().toString()).put("team", s.teamName()).put("score", Views.round(score, precision)));
      }
      ctx.json(new JsonObject().put("challenge", challenge.id()).put("higher_is_better", challenge.ranking().higherIsBetter()).put("best", points));
    }).onFailure(ctx::fail);
  }

  /** A board as shown: its rows, their score intervals where known, and the time of its last submission. */
  private record Board(List<Ranking.Row> rows, Map<String, BoardIntervals.Interval> intervals, Instant updated,
                       List<org.amchallenge.domain.Disqualification> disqualified, List<SubmissionRecord> every, boolean dated,
                       Map<String, SubmissionRecord> byId) {
    boolean hasBaselines() {
      return rows.stream().anyMatch(Ranking.Row::baseline);
    }
  }

  private static Evaluation.Board board(String requested, boolean mayReadPrivate, Challenge challenge) {
    if (requested == null || requested.equals("public")) return Evaluation.Board.PUBLIC;
    if (requested.equals("post_reveal")) {
      if (challenge.afterReveal() != Challenge.AfterReveal.BENCHMARK) {
        throw ApiException.notFound("challenge " + challenge.id() + " keeps no post-reveal board: its after_reveal is closed");
      }
      return Evaluation.Board.POST_REVEAL;
    }
    if (!requested.equals("private")) throw ApiException.badRequest("board must be 'public', 'private' or 'post_reveal'");
    if (!mayReadPrivate) throw ApiException.forbidden("the private board is the organizer's until the challenge is revealed");
    return Evaluation.Board.PRIVATE;
  }

  private static boolean wantsCsv(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("text/csv");
  }

  private static String csv(Challenge challenge, Board board, int precision, boolean perQuantity) {
    List<String> header = new ArrayList<>(List.of("rank", "team", "score", "score_low", "score_high", "indistinguishable_from_leader"));
    if (perQuantity) challenge.quantities().forEach(q -> header.add(q.id()));
    header.addAll(List.of("entries", "last_submission", "submission"));
    // the columns of a board without baselines, or undated, stay as they were: scripts read them by position too
    boolean baselines = board.hasBaselines();
    if (baselines) header.add("baseline");
    if (board.dated()) header.add("submitted_at");
    StringWriter out = new StringWriter();
    try (SequenceWriter writer = CSV.writer().writeValues(out)) {
      writer.write(header);
      for (Ranking.Row row : board.rows()) {
        BoardIntervals.Interval interval = board.intervals().get(row.submission());
        List<Object> cells = new ArrayList<>(List.of(row.baseline() ? "" : row.rank(), org.amchallenge.tabular.CsvCells.neutralized(row.team()),
            text(Views.round(row.score(), precision)),
            interval == null ? "" : text(Views.round(interval.low(), precision)),
            interval == null ? "" : text(Views.round(interval.high(), precision)),
            interval == null ? "" : Boolean.toString(interval.indistinguishableFromLeader())));
        if (perQuantity) challenge.quantities().forEach(q -> cells.add(text(Views.round(row.quantities().get(q.id()), precision))));
        cells.addAll(List.of(row.baseline() ? "" : row.entries(), row.baseline() ? "" : row.lastSubmission().toString(), row.submission()));
        if (baselines) cells.add(Boolean.toString(row.baseline()));
        if (board.dated()) cells.add(row.submittedAt().toString());
        writer.write(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String text(Double value) {
    return value == null || !Double.isFinite(value) ? "" : org.amchallenge.tabular.Numbers.shortest(value);
  }
}
