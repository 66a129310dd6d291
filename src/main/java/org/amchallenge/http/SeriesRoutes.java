package org.amchallenge.http;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.amchallenge.challenge.Series;
import org.amchallenge.competition.SeriesService;
import org.amchallenge.leaderboard.SeriesRanking;
import org.amchallenge.problem.ApiException;

/** The series: the list, one series with its challenges' states and leaders, its board (JSON or CSV), and publishing one. */
final class SeriesRoutes {
  static final String SERIES = "series";
  private static final CsvMapper CSV = CsvMapper.builder().enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
  private final ApiContext api;

  SeriesRoutes(ApiContext api) {
    this.api = api;
  }

  /** Finds the series of the path, or 404. */
  void find(RoutingContext ctx) {
    Series series = api.series().registry().get(ctx.pathParam("seriesId"))
        .orElseThrow(() -> ApiException.notFound("no series '" + ctx.pathParam("seriesId") + "'"));
    ctx.put(SERIES, series);
    ctx.next();
  }

  static Series series(RoutingContext ctx) {
    return ctx.get(SERIES);
  }

  void list(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    api.series().registry().all().forEach(series -> list.add(summary(series)));
    ctx.json(new JsonObject().put("series", list));
  }

  static JsonObject summary(Series series) {
    return new JsonObject().put("id", series.id()).put("title", series.title()).put("description", series.description())
        .put("challenges", new JsonArray(List.copyOf(series.challenges())))
        .put("ranking", new JsonObject().put("method", series.ranking().method().id()).put("min_challenges", series.ranking().minChallenges()));
  }

  /** One series: its challenges as the public sees them (state, the board its ranks come from, its leaders); a draft by its id alone. */
  void show(RoutingContext ctx) {
    api.series().board(series(ctx)).onSuccess(board -> ctx.json(detail(board))).onFailure(ctx::fail);
  }

  static JsonObject detail(SeriesService.Board board) {
    JsonArray challenges = new JsonArray();
    for (SeriesService.Part part : board.parts()) {
      if (part.published() == null) {
        // not yet served to the public (no reference data): nothing of it is shown but the id the series file gives
        challenges.add(new JsonObject().put("id", part.challengeId()).put("title", null).put("status", "draft").put("closes", null)
            .put("board", null).put("teams_ranked", 0).put("leaders", new JsonArray()));
        continue;
      }
      JsonArray leaders = new JsonArray();
      part.leaders().forEach(row -> leaders.add(row.team()));
      challenges.add(new JsonObject().put("id", part.challengeId()).put("title", part.published().challenge().title())
          .put("status", part.state()).put("closes", part.published().challenge().closes().toString()).put("board", part.board())
          .put("teams_ranked", part.ranks().size()).put("leaders", leaders));
    }
    return summary(board.series()).put("description_html", Views.markdown(board.series().description())).put("challenges", challenges);
  }

  /** The series board, JSON or CSV as the challenge boards are negotiated. */
  void leaderboard(RoutingContext ctx) {
    Series series = series(ctx);
    api.series().board(series).onSuccess(board -> {
      String accept = ctx.request().getHeader("Accept");
      if (accept != null && accept.contains("text/csv")) {
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + series.id() + "-series-leaderboard.csv\"")
            .end(csv(board));
      } else {
        ctx.json(json(board));
      }
    }).onFailure(ctx::fail);
  }

  /** The board as JSON: each challenge with the board its ranks come from, then the rows. */
  static JsonObject json(SeriesService.Board board) {
    JsonArray challenges = new JsonArray();
    board.parts().forEach(part -> challenges.add(new JsonObject().put("id", part.challengeId()).put("board", part.board())));
    JsonArray rows = new JsonArray();
    for (SeriesRanking.Row row : board.rows()) {
      JsonObject ranks = new JsonObject();
      row.ranks().forEach(ranks::put);
      rows.add(new JsonObject().put("rank", row.rank()).put("team", row.team()).put("ranks", ranks)
          .put("challenges_ranked", row.challengesRanked()).put("mean_rank", row.meanRank()));
    }
    Series series = board.series();
    return new JsonObject().put("series", series.id()).put("method", series.ranking().method().id())
        .put("min_challenges", series.ranking().minChallenges()).put("challenges", challenges).put("rows", rows);
  }

  static String csv(SeriesService.Board board) {
    List<String> header = new ArrayList<>(List.of("rank", "team"));
    header.addAll(board.series().challenges());
    header.addAll(List.of("challenges_ranked", "mean_rank"));
    StringWriter out = new StringWriter();
    try (SequenceWriter writer = CSV.writer().writeValues(out)) {
      writer.write(header);
      for (SeriesRanking.Row row : board.rows()) {
        List<Object> cells = new ArrayList<>();
        cells.add(row.rank() == null ? "" : row.rank().toString());
        cells.add(org.amchallenge.tabular.CsvCells.neutralized(row.team()));
        row.ranks().values().forEach(rank -> cells.add(rank == null ? "" : rank.toString()));
        cells.add(row.challengesRanked());
        cells.add(row.meanRank() == null ? "" : org.amchallenge.tabular.Numbers.shortest(row.meanRank()));
        writer.write(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * A series as YAML (the default) or JSON; 201 for a new series, 200 for an update. A site admin may publish any; an
   * account, a series whose every challenge it may change (its owner's or organizer's).
   */
  void publish(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    byte[] bytes = body == null ? new byte[0] : body.getBytes();
    String type = ctx.request().getHeader("Content-Type");
    boolean json = type != null ? type.contains("json") : firstNonBlank(bytes) == '{';
    Caller caller = ApiVerticle.caller(ctx);
    api.series().publish(bytes, !json, caller.actor(), series -> mayPublish(caller, series))
        .onSuccess(publication -> ctx.response().setStatusCode(publication.created() ? 201 : 200)
            .putHeader("Content-Type", "application/json")
            .putHeader("Location", "/api/series/" + publication.series().id())
            .end(summary(publication.series()).encode()))
        .onFailure(ctx::fail);
  }

  private Future<Void> mayPublish(Caller caller, Series series) {
    if (caller.admin()) return Future.succeededFuture();
    Future<Void> all = Future.succeededFuture();
    for (String id : series.challenges()) {
      all = all.compose(done -> api.people().role(caller.identity(), id).compose(role -> role.isPresent() && role.get().changes()
          ? Future.<Void>succeededFuture()
          : Future.failedFuture(ApiException.forbidden("a series is published by a site admin, or by the organizers of each of its "
              + "challenges: challenge '" + id + "' is another's"))));
    }
    return all;
  }

  private static int firstNonBlank(byte[] body) {
    for (byte b : body) if (!Character.isWhitespace(b)) return b;
    return -1;
  }
}
