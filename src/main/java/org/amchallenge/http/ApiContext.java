package org.amchallenge.http;

import org.amchallenge.competition.BoardIntervals;

import java.nio.file.Path;
import java.time.Clock;
import org.amchallenge.challenge.ChallengeRegistry;
import org.amchallenge.competition.CompetitionService;
import org.amchallenge.competition.Boards;
import org.amchallenge.store.Store;
import org.amchallenge.competition.SubmissionService;

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
    org.amchallenge.ops.Limits limits,
    org.amchallenge.ops.Metrics metrics,
    org.amchallenge.ops.Limiter limiter,
    java.util.List<io.vertx.core.http.HttpServer> servers,
    org.amchallenge.webhook.Webhooks webhooks,
    java.util.Set<String> routes,
    org.amchallenge.ops.MetricsAccess metricsAccess,
    org.amchallenge.people.PeopleService people,
    org.amchallenge.people.MailLinks mailLinks,
    org.amchallenge.people.OidcSignIn oidc,
    org.amchallenge.competition.SeriesService series,
    org.amchallenge.competition.RankingAnalyses analyses) {}
