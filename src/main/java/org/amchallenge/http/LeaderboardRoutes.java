package org.amchallenge.http;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.Quantity;
import org.amchallenge.leaderboard.Ranking;
import org.amchallenge.problem.ApiException;
import org.amchallenge.scoring.Evaluation.Board;
import org.amchallenge.store.SubmissionRecord;

/** The public board, the private board (organizer, or anyone after reveal), and one quantity's board; JSON or CSV. */
final class LeaderboardRoutes {
  private static final CsvMapper CSV = new CsvMapper();
  private final ApiContext api;

  LeaderboardRoutes(ApiContext api) {
    this.api = api;
  }

  void show(RoutingContext ctx) {
    ChallengeEntry entry = ApiVerticle.challenge(ctx);
    Challenge challenge = entry.challenge();
    boolean revealed = challenge.statusAt(api.clock().instant(), false) == Challenge.Status.REVEALED;
    Board board = board(ctx.queryParams().get("board"), revealed || ApiVerticle.caller(ctx).organizer());
    String quantityId = ctx.queryParams().get("quantity");
    Quantity quantity = quantityId == null ? null : challenge.quantity(quantityId)
        .orElseThrow(() -> ApiException.notFound("no quantity '" + quantityId + "' in challenge " + challenge.id()));
    int precision = revealed ? 0 : challenge.ranking().precision();
    api.boards().submissions(entry.id()).onSuccess(submissions -> {
      List<Ranking.Row> rows = quantity == null ? Ranking.overall(challenge, submissions, board)
          : Ranking.ofQuantity(challenge, quantity, submissions, board);
      Instant updated = submissions.isEmpty() ? null : submissions.get(submissions.size() - 1).submittedAt();
      if (wantsCsv(ctx)) {
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + challenge.id() + "-" + board.id() + "-leaderboard.csv\"")
            .end(csv(challenge, rows, precision));
      } else {
        ctx.json(Views.leaderboard(challenge.id(), board.id(), quantityId, updated, rows, precision));
      }
    }).onFailure(ctx::fail);
  }

  private static Board board(String requested, boolean mayReadPrivate) {
    if (requested == null || requested.equals("public")) return Board.PUBLIC;
    if (!requested.equals("private")) throw ApiException.badRequest("board must be 'public' or 'private'");
    if (!mayReadPrivate) throw ApiException.forbidden("the private board is the organizer's until the challenge is revealed");
    return Board.PRIVATE;
  }

  private static boolean wantsCsv(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("text/csv");
  }

  private static String csv(Challenge challenge, List<Ranking.Row> rows, int precision) {
    List<String> header = new ArrayList<>(List.of("rank", "team", "score"));
    challenge.quantities().forEach(q -> header.add(q.id()));
    header.addAll(List.of("entries", "last_submission", "submission"));
    StringWriter out = new StringWriter();
    try (SequenceWriter writer = CSV.writer().writeValues(out)) {
      writer.write(header);
      for (Ranking.Row row : rows) {
        List<Object> cells = new ArrayList<>(List.of(row.rank(), neutralized(row.team()), text(Views.round(row.score(), precision))));
        challenge.quantities().forEach(q -> cells.add(text(Views.round(row.quantities().get(q.id()), precision))));
        cells.addAll(List.of(row.entries(), row.lastSubmission().toString(), row.submission()));
        writer.write(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String text(Double value) {
    return value == null ? "" : org.amchallenge.tabular.Numbers.shortest(value);
  }

  /** A cell a spreadsheet would run as a formula (=, +, -, @) is written as text. */
  static String neutralized(String cell) {
    return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
  }
}
