package org.amchallenge.http;

import java.nio.file.Path;
import java.time.Clock;
import org.amchallenge.challenge.ChallengeRegistry;
import org.amchallenge.competition.CompetitionService;
import org.amchallenge.leaderboard.Boards;
import org.amchallenge.store.Store;
import org.amchallenge.submission.SubmissionService;

/** What the HTTP layer is given: the challenges being served, the services, and the settings it needs. */
public record ApiContext(
    ChallengeRegistry challenges,
    Store store,
    SubmissionService submissions,
    CompetitionService competition,
    Boards boards,
    BoardIntervals intervals,
    String organizerTokenHash,
    Clock clock,
    long maxBodyBytes,
    Path uploadsDir,
    Path challengesDir,
    org.amchallenge.ServerConfig.Limits limits,
    org.amchallenge.ops.Metrics metrics,
    org.amchallenge.ops.Limiter limiter,
    java.util.List<io.vertx.core.http.HttpServer> servers,
    org.amchallenge.webhook.Webhooks webhooks,
    java.util.Set<String> routes) {}
