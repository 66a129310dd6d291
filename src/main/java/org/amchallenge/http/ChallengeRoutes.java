package org.amchallenge.http;

import org.amchallenge.domain.Tokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.problem.ApiException;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;
import org.amchallenge.domain.Names;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.domain.Team;
import org.amchallenge.submission.SubmissionFormat;
import org.amchallenge.submission.TemplateWriter;

/** Challenges as the public sees them, their input files, and team registration. */
final class ChallengeRoutes {
  static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
  private static final int MAX_MEMBERS = 100;

  private final ApiContext api;

  ChallengeRoutes(ApiContext api) {
    this.api = api;
  }

  /** Every published challenge; drafts without reference data only for the organizer. */
  void list(RoutingContext ctx) {
    Instant now = api.clock().instant();
    Caller caller = ApiVerticle.caller(ctx);
    Future<Set<String>> drafts = caller.identity() == null || caller.admin() ? Future.succeededFuture(Set.of())
        : api.people().rolesOf(caller.account()).map(roles -> roles.stream().map(r -> r.challengeId()).collect(java.util.stream.Collectors.toSet()));
    drafts.onSuccess(mine -> {
      JsonArray list = new JsonArray();
      for (Published published : api.challenges().all()) {
        if (published.hasReference() || caller.admin() || mine.contains(published.id())) {
          list.add(Views.challengeSummary(published.challenge(), published.statusAt(now)));
        }
      }
      ctx.json(new JsonObject().put("challenges", list));
    }).onFailure(ctx::fail);
  }

  void show(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    boolean organizer = ApiVerticle.caller(ctx).organizer();
    if (!published.hasReference() && !organizer) {
      ctx.fail(ApiException.notFound("no challenge '" + published.id() + "'"));
      return;
    }
    Challenge.Status status = published.statusAt(api.clock().instant());
    Future<Long> teams = published.hasReference()
        ? api.boards().submissions(published.id()).map(list -> list.stream().map(SubmissionRecord::teamId).distinct().count())
        : Future.succeededFuture(0L);
    teams.compose(count -> inputs(ctx, published.id()).map(files -> {
      JsonObject view = Views.challenge(published.challenge(), status, count.intValue()).put("inputs", new JsonArray(files));
      if (organizer) view.put("has_reference", published.hasReference());
      // without reference data it is listed nowhere and takes no upload, whatever its dates say
      if (!published.hasReference()) view.put("status", "draft");
      // a challenge that reveals on close was revealed at its closing time: the page dates its final ranking by it
      java.time.Instant revealed = published.challenge().revealInstant(published.revealedAt(), api.clock().instant());
      if (revealed != null) view.put("revealed_at", revealed.toString());
      return view;
    })).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /**
   * The names of the public input files in {@code challenges/<id>/}, sorted; none where the folder is missing. Only
   * regular files: a symbolic link may lead anywhere, the reference data too (and Vert.x's readDir names its target).
   */
  private Future<java.util.List<String>> inputs(RoutingContext ctx, String id) {
    Path dir = api.challengesDir().resolve(id);
    Future<java.util.List<String>> folder = ctx.vertx().executeBlocking(() -> {
      if (!java.nio.file.Files.isDirectory(dir)) return java.util.List.<String>of();
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
        return files.filter(path -> java.nio.file.Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
            .map(path -> path.getFileName().toString()).filter(name -> SAFE_FILE.matcher(name).matches()).toList();
      }
    }, false);
    return folder.compose(files -> api.store().inputs(id).map(uploaded -> {
      java.util.TreeSet<String> names = new java.util.TreeSet<>(files);
      uploaded.forEach(f -> names.add(f.name()));
      return java.util.List.copyOf(names);
    }));
  }

  /** A public input file of the challenge, from {@code challenges/<id>/}. */
  void input(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    // the name is checked before it makes a path: a NUL in it would make the path throw
    if (!SAFE_FILE.matcher(file).matches()) {
      ctx.fail(ApiException.notFound("no such input file"));
      return;
    }
    // an input uploaded through the API is served over a file of the same name in the folder
    String id = ApiVerticle.published(ctx).id();
    api.store().input(id, file).onSuccess(uploaded -> {
      if (uploaded.isPresent()) {
        ctx.response().putHeader("Content-Type", "application/octet-stream")
            .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"").end(Buffer.buffer(uploaded.get().content()));
      } else {
        folderInput(ctx, id, file);
      }
    }).onFailure(ctx::fail);
  }

  private void folderInput(RoutingContext ctx, String id, String file) {
    Path dir = api.challengesDir().resolve(id).normalize();
    Path path = dir.resolve(file).normalize();
    if (!path.startsWith(dir)) {
      ctx.fail(ApiException.notFound("no input file '" + file + "'"));
      return;
    }
    // lprops: a symbolic link is not followed, and is no regular file, so it is not served wherever it leads
    ctx.vertx().fileSystem().lprops(path.toString())
        .recover(missing -> Future.failedFuture(ApiException.notFound("no input file '" + file + "'")))
        .compose(props -> props.isRegularFile() && !props.isSymbolicLink() ? Future.succeededFuture()
            : Future.failedFuture(ApiException.notFound("no input file '" + file + "'")))
        .onSuccess(found -> ctx.response()
            .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
            .sendFile(path.toString()))
        .onFailure(ctx::fail);
  }

  /** The blank submission template, every expected row filled in but the values. */
  void templateCsv(RoutingContext ctx) {
    ChallengeEntry entry = ApiVerticle.challenge(ctx);
    ctx.vertx().executeBlocking(() -> TemplateWriter.csv(entry.challenge(), entry.reference()), false)
        .onSuccess(csv -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + entry.id() + "-template.csv\"").end(csv))
        .onFailure(ctx::fail);
  }

  void templateXlsx(RoutingContext ctx) {
    ChallengeEntry entry = ApiVerticle.challenge(ctx);
    ctx.vertx().executeBlocking(() -> TemplateWriter.xlsx(entry.challenge(), entry.reference()), false)
        .onSuccess(xlsx -> ctx.response().putHeader("Content-Type", SubmissionFormat.XLSX.mediaType())
            .putHeader("Content-Disposition", "attachment; filename=\"" + entry.id() + "-template.xlsx\"").end(Buffer.buffer(xlsx)))
        .onFailure(ctx::fail);
  }

  void registerTeam(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(ApiException.badRequest("the body must be a JSON object such as {\"name\": \"MeltLab\", \"members\": [\"Ada\"]}"));
      return;
    }
    Team team = newTeam(body == null ? new JsonObject() : body);
    String token = Tokens.newToken("amc_");
    api.store().createTeam(team, Tokens.hash(token))
        .onSuccess(created -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(Views.team(created).put("token", token).encode()))
        .onFailure(ctx::fail);
  }

  private Team newTeam(JsonObject body) {
    Problems problems = new Problems();
    String name = name(body.getValue("name"), "name", "the team name", problems);
    List<String> members = new ArrayList<>();
    Object given = body.getValue("members");
    if (given != null && !(given instanceof JsonArray)) problems.add(Problem.at(1, 1, "members", "must be a list of names"));
    if (given instanceof JsonArray array) {
      Set<String> seen = new HashSet<>();
      int index = 0;
      for (Object member : array) {
        String m = name(member, "members", "member " + ++index, problems);
        // the same member twice, however it is written, is listed once
        if (m != null && seen.add(Names.key(m))) members.add(m);
      }
      if (members.size() > MAX_MEMBERS) problems.add(Problem.at(1, 1, "members", "at most " + MAX_MEMBERS + " members"));
    }
    problems.throwIfAny("Invalid team");
    return new Team(UUID.randomUUID().toString(), name, List.copyOf(members), api.clock().instant());
  }

  /**
   * A team's or a member's name as it is kept, or null with the problem added: 1 to {@link Names#MAX_LENGTH}
   * characters, none of them invisible, a control or an unpaired surrogate (its position and code point named,
   * the name itself not repeated, since it holds the character).
   */
  static String name(Object value, String field, String what, Problems problems) {
    String rule = what + ": a name of 1 to " + Names.MAX_LENGTH + " visible characters is required";
    if (!(value instanceof String typed)) {
      problems.add(Problem.at(1, 1, field, rule));
      return null;
    }
    var forbidden = Names.firstForbidden(typed);
    if (forbidden.isPresent()) {
      problems.add(Problem.at(1, forbidden.get().position(), field, what + ": " + forbidden.get().describe()
          + "; a name may not hold control, bidirectional, zero-width or other invisible characters, nor an unpaired surrogate"));
      return null;
    }
    String shown = Names.shown(typed);
    if (shown.isEmpty() || Names.length(shown) > Names.MAX_LENGTH) {
      problems.add(Problem.at(1, 1, field, rule + (shown.isEmpty() ? "" : "; it has " + Names.length(shown))));
      return null;
    }
    return shown;
  }
}
