package org.amchallenge.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.problem.ApiException;
import org.amchallenge.problem.Problem;
import org.amchallenge.problem.Problems;
import org.amchallenge.domain.Webhook;
import org.amchallenge.webhook.Webhooks;

/** The organizer's webhooks of a challenge: add one (a URL and a secret), list them with their deliveries, remove one. */
final class WebhookRoutes {
  private static final int MIN_SECRET = 16;
  /** The longest secret and URL the store keeps (their columns' sizes). */
  private static final int MAX_SECRET = 500;
  private static final int MAX_URL = 2000;
  /** A webhook's id as this server makes them; anything else names no webhook. */
  private static final java.util.regex.Pattern WEBHOOK_ID = java.util.regex.Pattern.compile("[0-9a-f-]{36}");
  private final ApiContext api;

  WebhookRoutes(ApiContext api) {
    this.api = api;
  }

  void add(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(ApiException.badRequest("the body must be a JSON object such as {\"url\": \"https://…\", \"secret\": \"…\"}"));
      return;
    }
    JsonObject given = body == null ? new JsonObject() : body;
    List<String> events = checked(given, api.webhooks()::refusal);
    api.webhooks().add(published.id(), given.getString("url").strip(), given.getString("secret"), events)
        .onSuccess(webhook -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .putHeader("Location", "/api/challenges/" + published.id() + "/webhooks/" + webhook.id())
            .end(view(webhook).encode()))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    api.webhooks().of(published.id()).onSuccess(hooks -> {
      JsonArray list = new JsonArray();
      hooks.forEach(hook -> list.add(view(hook).put("deliveries", new JsonArray(new ArrayList<>(api.webhooks().deliveriesOf(hook.id()))))));
      ctx.json(new JsonObject().put("challenge", published.id()).put("webhooks", list));
    }).onFailure(ctx::fail);
  }

  void remove(RoutingContext ctx) {
    Published published = ApiVerticle.published(ctx);
    if (!WEBHOOK_ID.matcher(ctx.pathParam("hid")).matches()) {
      ctx.fail(ApiException.notFound("no such webhook on challenge " + published.id()));
      return;
    }
    api.webhooks().remove(published.id(), ctx.pathParam("hid")).onSuccess(removed -> {
      if (removed) ctx.response().setStatusCode(204).end();
      else ctx.fail(ApiException.notFound("no webhook '" + ctx.pathParam("hid") + "' on challenge " + published.id()));
    }).onFailure(ctx::fail);
  }

  /** The secret never leaves the server again once given. */
  private static JsonObject view(Webhook webhook) {
    return new JsonObject().put("id", webhook.id()).put("challenge", webhook.challengeId()).put("url", webhook.url())
        .put("events", new JsonArray(webhook.events())).put("created_at", webhook.createdAt().toString());
  }

  /** {@code refusal}: why no delivery could go to a URL, or empty (the server's rule, {@link Webhooks#refusal}). */
  private static List<String> checked(JsonObject body, java.util.function.Function<String, java.util.Optional<String>> refusal) {
    Problems problems = new Problems();
    Object url = body.getValue("url");
    if (!(url instanceof String text) || text.isBlank()) {
      problems.add(Problem.at(1, 1, "url", "an absolute http or https URL is required"));
    } else if (text.strip().length() > MAX_URL) {
      problems.add(Problem.at(1, 1, "url", "the URL has " + text.strip().length() + " characters; at most " + MAX_URL + " are kept"));
    } else {
      refusal.apply(text.strip()).ifPresent(why -> problems.add(Problem.at(1, 1, "url", why)));
    }
    Object secret = body.getValue("secret");
    if (!(secret instanceof String text) || text.length() < MIN_SECRET || text.length() > MAX_SECRET
        || text.chars().anyMatch(Character::isISOControl)) {
      problems.add(Problem.at(1, 1, "secret", "a secret of " + MIN_SECRET + " to " + MAX_SECRET
          + " printable characters is required; it signs every delivery"));
    }
    List<String> events = new ArrayList<>();
    Object asked = body.getValue("events");
    if (asked == null) {
      events.addAll(Webhooks.EVENTS);
    } else if (asked instanceof JsonArray array && !array.isEmpty()) {
      for (Object event : array) {
        if (event instanceof String name && Webhooks.EVENTS.contains(name)) {
          if (!events.contains(name)) events.add(name);
        } else {
          problems.add(Problem.at(1, 1, "events", "'" + event + "' is not an event; the events are " + String.join(", ", Webhooks.EVENTS)));
        }
      }
    } else {
      problems.add(Problem.at(1, 1, "events", "a list of events among " + String.join(", ", Webhooks.EVENTS)));
    }
    problems.throwIfAny("Invalid webhook");
    return events;
  }
}
