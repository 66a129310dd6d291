package org.amchallenge.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.amchallenge.ops.Version;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeRegistry;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.competition.Boards;
import org.amchallenge.leaderboard.Ranking;
import org.amchallenge.scoring.Rounding;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.store.Store;
import org.amchallenge.domain.Webhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells organizers' webhooks of a challenge's events: a new leader on the public board, the close, the reveal.
 * Each event is claimed in the store before it is sent, so that it goes out once whichever node sees it first;
 * each delivery is a POST signed with HMAC-SHA256 of its body under the webhook's secret, retried with growing
 * waits, and runs apart from the uploads (nothing an upload waits for). A payload carries only what the public
 * board shows until the reveal: never a reference value, never a private score.
 *
 * A delivery goes only to a public address, unless the operator allows others ({@code serve
 * --webhooks-allow-private}): the URL's host is resolved here, every address it has is checked, and the request
 * connects to the checked address (the name kept for the Host header, TLS's SNI and its certificate check), so a
 * name that resolves elsewhere a moment later is never asked again. What an organizer reads of a delivery is
 * delivered or failed, and a failure only once the attempt's whole timeout has passed, so that neither the
 * outcome nor its timing tells a closed port from an open one, a refusal from a timeout; the detail is logged.
 */
public final class Webhooks {
  public static final List<String> EVENTS = List.of("leader", "closed", "revealed", "series", "post_reveal_leader");
  /** Where every node hears that a challenge's webhooks changed (the challenge id). */
  private static final String CHANGED = "amc.webhooks.changed";
  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
  private static final int KEPT_DELIVERIES = 20;

  private final Vertx vertx;
  private final Store store;
  private final ChallengeRegistry registry;
  private final Boards boards;
  private final org.amchallenge.competition.SeriesService series;
  /** Each series board's ranks as last told, so that only a change is news. */
  private final Map<String, String> seriesBoards = new ConcurrentHashMap<>();
  private final Clock clock;
  private final boolean allowPrivate;
  private final long backoffMillis = Long.getLong("amc.webhook.backoff.millis", 2_000);
  private final int attempts = Integer.getInteger("amc.webhook.attempts", 6);
  /** How long one attempt may take, connecting and answering; a failure is shown once this has passed since it began. */
  private final long attemptMillis = Long.getLong("amc.webhook.timeout.millis", 10_000);
  private final Map<String, Future<List<Webhook>>> byChallenge = new ConcurrentHashMap<>();
  private final Map<String, String> leaders = new ConcurrentHashMap<>();
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();
  private final Map<String, Deque<JsonObject>> deliveries = new ConcurrentHashMap<>();

  /** What runs while started: the client, the consumers, the date watch and the retries waiting; stop ends them. */
  private volatile WebClient client;
  private final List<MessageConsumer<String>> consumers = new CopyOnWriteArrayList<>();
  private final Set<Long> timers = ConcurrentHashMap.newKeySet();
  private volatile boolean started;

  /** {@code allowPrivate}: deliveries may go to loopback, link-local, private and other addresses that are not public. */
  public Webhooks(Vertx vertx, Store store, ChallengeRegistry registry, Boards boards, org.amchallenge.competition.SeriesService series,
                  Clock clock, boolean allowPrivate) {
    this.vertx = vertx;
    this.series = series;
    this.allowPrivate = allowPrivate;
    this.store = store;
    this.registry = registry;
    this.boards = boards;
    this.clock = clock;
  }

  /** Hears webhook changes (from any node) and board changes (this node's), and watches the challenges' dates. */
  public Future<Void> start() {
    client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(15)
        .setUserAgent("amchallenge-webhooks/" + Version.NUMBER).setFollowRedirects(false));
    MessageConsumer<String> hooks = vertx.eventBus().consumer(CHANGED, message -> byChallenge.remove(message.body()));
    MessageConsumer<String> boardChanges = vertx.eventBus().localConsumer(Boards.CHANGED, message -> boardChanged(message.body()));
    MessageConsumer<String> seriesChanges = vertx.eventBus().localConsumer(org.amchallenge.competition.SeriesService.CHANGED,
        message -> seriesChanged(message.body()));
    consumers.addAll(List.of(hooks, boardChanges, seriesChanges));
    timers.add(vertx.setPeriodic(Long.getLong("amc.webhook.tick.millis", 1_000), timer -> watchDates()));
    started = true;
    return Future.all(hooks.completion(), boardChanges.completion(), seriesChanges.completion()).mapEmpty();
  }

  /** Stops hearing and watching, and drops the retries not sent yet; a delivery in flight ends without another try. */
  public Future<Void> stop() {
    started = false;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    List<Future<Void>> unregistered = consumers.stream().map(MessageConsumer::unregister).toList();
    consumers.clear();
    if (client != null) client.close();
    client = null;
    return Future.join(unregistered).mapEmpty();
  }

  public Future<List<Webhook>> of(String challengeId) {
    return byChallenge.computeIfAbsent(challengeId, id -> store.webhooks(id).onFailure(failed -> byChallenge.remove(id)));
  }

  /** Why no delivery could go to the URL as written, or empty where one may (its host's addresses are checked at each delivery). */
  public Optional<String> refusal(String url) {
    try {
      Destinations.Target target = Destinations.target(url);
      if (allowPrivate) return Optional.empty();
      return Destinations.refusal(target).map(why -> "the URL's host " + why
          + "; webhooks are delivered to public addresses only (unless the server's operator allows others)");
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  public Future<Webhook> add(String challengeId, String url, String secret, List<String> events) {
    Webhook webhook = new Webhook(UUID.randomUUID().toString(), challengeId, url, secret, events, clock.instant());
    // the current leader is the baseline, claimed as if announced: only a change after this is news, on any node
    return currentLeader(challengeId).compose(leader -> {
      if (leader.isEmpty()) return store.addWebhook(webhook);
      leaders.putIfAbsent(challengeId, leader.get().team());
      return store.claimEvent(challengeId + ":leader:" + leader.get().submission(), clock.instant())
          .compose(claimedNow -> store.addWebhook(webhook));
    }).map(done -> {
      changed(challengeId);
      return webhook;
    });
  }

  public Future<Boolean> remove(String challengeId, String webhookId) {
    return store.removeWebhook(challengeId, webhookId).onSuccess(removed -> changed(challengeId));
  }

  /** The last deliveries to a webhook, newest first. */
  public List<JsonObject> deliveriesOf(String webhookId) {
    Deque<JsonObject> kept = deliveries.get(webhookId);
    if (kept == null) return List.of();
    synchronized (kept) {
      return kept.stream().map(JsonObject::copy).toList();
    }
  }

  private void changed(String challengeId) {
    byChallenge.remove(challengeId);
    vertx.eventBus().publish(CHANGED, challengeId);
  }

  private Future<Optional<Ranking.Row>> currentLeader(String challengeId) {
    Optional<Published> published = registry.get(challengeId).filter(Published::hasReference);
    if (published.isEmpty()) return Future.succeededFuture(Optional.empty());
    return boards.submissions(challengeId).map(submissions ->
        Ranking.overall(published.get().challenge(), submissions, Evaluation.Board.PUBLIC).stream().findFirst());
  }

  /** The leader of the post-reveal board, where the challenge keeps one (uploads after its reveal, on all rows). */
  private Future<Optional<Ranking.Row>> postRevealLeader(String challengeId) {
    Optional<Published> published = registry.get(challengeId).filter(Published::hasReference)
        .filter(p -> p.challenge().afterReveal() == org.amchallenge.challenge.Challenge.AfterReveal.BENCHMARK);
    if (published.isEmpty()) return Future.succeededFuture(Optional.empty());
    return boards.postReveal(challengeId).map(submissions ->
        Ranking.overall(published.get().challenge(), submissions, Evaluation.Board.POST_REVEAL).stream().findFirst());
  }

  private final Map<String, String> postRevealLeaders = new ConcurrentHashMap<>();

  /** The post-reveal board changed: where another team now leads it, the webhooks that asked are told. */
  private void postRevealChanged(String challengeId, List<Webhook> hooks) {
    if (hooks.stream().noneMatch(h -> h.events().contains("post_reveal_leader"))) return;
    postRevealLeader(challengeId).onSuccess(leader -> leader.ifPresent(row -> {
      String before = postRevealLeaders.put(challengeId, row.team());
      if (row.team().equals(before)) return;
      Published published = registry.get(challengeId).orElseThrow();
      JsonObject payload = envelope("post_reveal_leader", published).put("board", Evaluation.Board.POST_REVEAL.id())
          .put("leader", row(published, row).put("submitted_at", row.submittedAt().toString())).put("previous_leader", before);
      send(published, "post_reveal_leader", challengeId + ":post_reveal_leader:" + row.submission(), payload, hooks, clock.instant());
    }));
  }

  /** A board changed: where another team now leads it, the webhooks that asked are told. */
  private void boardChanged(String challengeId) {
    of(challengeId).onSuccess(hooks -> {
      postRevealChanged(challengeId, hooks);
      if (hooks.stream().noneMatch(h -> h.events().contains("leader"))) return;
      currentLeader(challengeId).onSuccess(leader -> leader.ifPresent(row -> {
        String before = leaders.put(challengeId, row.team());
        if (row.team().equals(before)) return;
        Published published = registry.get(challengeId).orElseThrow();
        JsonObject payload = envelope("leader", published).put("leader", row(published, row))
            .put("previous_leader", before);
        send(published, "leader", challengeId + ":leader:" + row.submission(), payload, hooks, clock.instant());
      }));
    });
  }

  /**
   * A series board may have changed: where its ranks did, each of its challenges' webhooks that asked for "series" is told,
   * with the series' leaders. The board holds only public ranks of challenges not yet revealed, as everybody reads it.
   */
  private void seriesChanged(String seriesId) {
    org.amchallenge.challenge.Series one = series.registry().get(seriesId).orElse(null);
    if (one == null) return;
    // the board is computed only where a webhook of one of its challenges asked for it
    List<Future<List<Webhook>>> hooks = one.challenges().stream().map(this::of).toList();
    Future.all(hooks).onSuccess(all -> {
      boolean asked = hooks.stream().anyMatch(found -> found.result().stream().anyMatch(h -> h.events().contains("series")));
      if (asked) series.board(one).onSuccess(board -> announceSeries(one, board));
    });
  }

  private void announceSeries(org.amchallenge.challenge.Series one, org.amchallenge.competition.SeriesService.Board board) {
    StringBuilder ranks = new StringBuilder();
    board.rows().forEach(row -> ranks.append(row.team()).append('=').append(row.rank()).append(';'));
    String signature = ranks.toString();
    if (signature.equals(seriesBoards.put(one.id(), signature))) return;
    // the same ranks again after others (A, B, then A) are news again: the key names the boards' submissions and states too
    StringBuilder boards = new StringBuilder(signature);
    board.parts().forEach(part -> boards.append('|').append(part.state()).append(':').append(part.submissions()));
    String key = ":series:" + one.id() + ":" + org.amchallenge.challenge.ChallengeReader.sha256(boards.toString()).substring(0, 32);
    JsonArray leaders = new JsonArray();
    board.rows().stream().filter(row -> row.rank() != null).limit(3).forEach(row -> leaders.add(new JsonObject().put("rank", row.rank())
        .put("team", row.team()).put("mean_rank", row.meanRank()).put("challenges_ranked", row.challengesRanked())));
    for (String challengeId : one.challenges()) {
      Published published = registry.get(challengeId).filter(Published::hasReference).orElse(null);
      if (published == null) continue;
      of(challengeId).onSuccess(hooks -> {
        if (hooks.stream().noneMatch(h -> h.events().contains("series"))) return;
        JsonObject payload = envelope("series", published).put("series", new JsonObject().put("id", one.id()).put("title", one.title())
            .put("page", "/series/" + one.id()).put("leaders", leaders));
        send(published, "series", challengeId + key, payload, hooks, clock.instant());
      });
    }
  }

  /** On each tick: a challenge whose close or reveal time has come is announced, once. */
  private void watchDates() {
    Instant now = clock.instant();
    for (Published published : registry.all()) {
      if (!published.hasReference()) continue;
      boolean closed = !now.isBefore(published.challenge().closes());
      boolean revealed = published.revealedAt(now);
      if (closed && !claimed.contains(published.id() + ":closed")) announce(published, "closed");
      if (revealed && !claimed.contains(published.id() + ":revealed")) announce(published, "revealed");
    }
  }

  private void announce(Published published, String event) {
    String key = published.id() + ":" + event;
    claimed.add(key);
    of(published.id()).onSuccess(hooks -> {
      List<Webhook> asked = hooks.stream().filter(h -> h.events().contains(event)).toList();
      if (asked.isEmpty()) {
        claimed.remove(key);  // a webhook added later may still want it
        return;
      }
      boards.submissions(published.id()).onSuccess(submissions -> {
        Challenge challenge = published.challenge();
        JsonObject payload = envelope(event, published).put("closes", challenge.closes().toString())
            .put("submissions", submissions.size())
            .put("teams", submissions.stream().map(s -> s.teamId()).distinct().count());
        List<Ranking.Row> board = event.equals("revealed") ? Ranking.finalBoard(challenge, submissions)
            : Ranking.overall(challenge, submissions, Evaluation.Board.PUBLIC);
        JsonArray top = new JsonArray();
        board.stream().limit(3).forEach(row -> top.add(row(published, row)));
        payload.put(event.equals("revealed") ? "final_ranking" : "public_leaders", top);
        // a webhook added after the close or the reveal is not told of it
        Instant happened = event.equals("closed") || published.revealedAt() == null ? challenge.closes() : published.revealedAt();
        send(published, event, key, payload, asked, happened);
      }).onFailure(failed -> claimed.remove(key));
    }).onFailure(failed -> claimed.remove(key));  // tried again on the next tick
  }

  private JsonObject envelope(String event, Published published) {
    return new JsonObject().put("event", event).put("challenge", published.id()).put("title", published.challenge().title())
        .put("at", clock.instant().toString()).put("status", published.statusAt(clock.instant()).id())
        .put("page", "/challenges/" + published.id());
  }

  /** A board row as the public board shows it: its figures rounded as the board rounds them before the reveal. */
  private JsonObject row(Published published, Ranking.Row row) {
    int precision = published.revealedAt(clock.instant()) ? 0 : published.challenge().ranking().precision();
    return new JsonObject().put("rank", row.rank()).put("team", row.team())
        .put("score", row.score() == null ? null : precision == 0 ? row.score() : Rounding.round(row.score(), precision))
        .put("entries", row.entries()).put("submission", row.submission());
  }

  /** Claims the event, then delivers it to each webhook that asked for it and existed when it happened. */
  private void send(Published published, String event, String key, JsonObject payload, List<Webhook> hooks, Instant happened) {
    store.claimEvent(key, clock.instant()).onSuccess(first -> {
      if (!first) return;
      for (Webhook hook : hooks) {
        if (!hook.events().contains(event) || hook.createdAt().isAfter(happened)) continue;
        String delivery = UUID.randomUUID().toString();
        JsonObject body = payload.copy().put("delivery", delivery);
        deliver(hook, event, delivery, Buffer.buffer(body.encode()), 1, clock.instant());
      }
    }).onFailure(failure -> LOG.warn("webhooks of {}: event {} not claimed: {}", published.id(), event, failure.toString()));
  }

  /** A delivery that may not be made: the URL is no longer valid, or its host is (or resolves to) an address not allowed. */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Where one attempt connects: the URL's parts and the address checked for it. */
  private record Destination(Destinations.Target target, InetAddress address, boolean named) {}

  private void deliver(Webhook hook, String event, String delivery, Buffer body, int attempt, Instant first) {
    WebClient client = this.client;
    if (!started || client == null) return;
    long began = System.nanoTime();
    destination(hook).compose(to -> {
      HttpRequest<Buffer> request = client.request(HttpMethod.POST, to.target().port(), to.address().getHostAddress(),
          to.target().requestUri()).ssl(to.target().https());
      if (to.named()) request.virtualHost(to.target().host());
      return request.timeout(attemptMillis)
          .putHeader("Content-Type", "application/json")
          .putHeader("X-Amchallenge-Event", event)
          .putHeader("X-Amchallenge-Delivery", delivery)
          .putHeader("X-Amchallenge-Signature-256", "sha256=" + sign(hook.secret(), body.getBytes()))
          .sendBuffer(body);
    }).onComplete(done -> {
      Integer status = done.succeeded() ? done.result().statusCode() : null;
      if (status != null && status >= 200 && status < 300) {
        record(hook, event, delivery, first, "delivered");
        return;
      }
      boolean refused = done.failed() && done.cause() instanceof Refused;
      if (refused) {
        LOG.warn("webhook {} of {}: {} delivery {} not sent: {}", hook.id(), hook.challengeId(), event, delivery, done.cause().getMessage());
      } else {
        LOG.info("webhook {} of {}: {} delivery {} attempt {} got {}", hook.id(), hook.challengeId(), event, delivery, attempt,
            status != null ? "HTTP " + status : done.cause().toString());
      }
      later(attemptMillis - (System.nanoTime() - began) / 1_000_000, () -> record(hook, event, delivery, first, "failed"));
      boolean worthRetrying = !refused && (status == null || status == 408 || status == 429 || status >= 500);
      if (worthRetrying && attempt < attempts && started) {
        later(backoffMillis << (attempt - 1), () -> deliver(hook, event, delivery, body, attempt + 1, first));
      }
    });
  }

  /** Runs the action after the wait (at once where none is left), unless the webhooks stop first. */
  private void later(long millis, Runnable action) {
    if (millis < 1) {
      action.run();
      return;
    }
    timers.add(vertx.setTimer(millis, timer -> {
      timers.remove(timer);
      action.run();
    }));
  }

  /**
   * The address to connect to: the URL's own, or the first its host resolves to (by the system's resolver, as
   * any program here would, "localhost" included), each address checked unless others than public ones are allowed.
   * Resolved here rather than by Vert.x's resolver behind the client, so that the address checked is the very one
   * the request connects to, whatever a resolver or its cache would answer a moment later.
   */
  private Future<Destination> destination(Webhook hook) {
    Destinations.Target target;
    try {
      target = Destinations.target(hook.url());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new Refused(e.getMessage()));
    }
    Optional<InetAddress> literal = target.literal();
    Future<List<InetAddress>> addresses = literal.isPresent() ? Future.succeededFuture(List.of(literal.get()))
        : vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(target.host())), false);
    return addresses.compose(all -> {
      for (InetAddress address : all) {
        Optional<String> why = allowPrivate ? Optional.empty() : Destinations.refusal(address);
        if (why.isPresent()) {
          return Future.failedFuture(new Refused(target.host() + " resolves to " + address.getHostAddress() + ", " + why.get()
              + " (serve --webhooks-allow-private would allow it)"));
        }
      }
      return Future.succeededFuture(new Destination(target, all.get(0), literal.isEmpty()));
    });
  }

  /** A delivery's outcome as the organizer reads it; a failure shown late never hides that a retry delivered it. */
  private void record(Webhook hook, String event, String delivery, Instant first, String outcome) {
    Deque<JsonObject> kept = deliveries.computeIfAbsent(hook.id(), id -> new ArrayDeque<>());
    synchronized (kept) {
      Optional<JsonObject> known = kept.stream().filter(d -> d.getString("delivery").equals(delivery)).findFirst();
      if (known.isPresent() && known.get().getString("outcome").equals("delivered")) return;
      known.ifPresent(kept::remove);
      kept.addFirst(new JsonObject().put("delivery", delivery).put("event", event).put("at", first.toString()).put("outcome", outcome));
      while (kept.size() > KEPT_DELIVERIES) kept.removeLast();
    }
  }

  /** The hex HMAC-SHA256 of the body under the secret, as the receiver computes it to check the signature. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
