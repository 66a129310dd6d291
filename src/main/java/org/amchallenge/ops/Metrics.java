package org.amchallenge.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's operational figures in Prometheus form (Micrometer): uploads and their outcome, rejections by
 * reason, scoring time, leaderboard reads, event-stream clients, answers by status, and the JVM's own. None
 * carries a reference value, a score or a token: only counts and times of what callers asked.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger sseClients = new AtomicInteger();
  private final AtomicInteger uploadsInFlight = new AtomicInteger();
  private final Timer scoring;
  private final Counter boardReads;
  private final Counter bodyBytes;

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    scoring = Timer.builder("amc.scoring").description("reading and scoring one uploaded file, off the event loop")
        .publishPercentiles(0.5, 0.99).register(registry);
    bodyBytes = Counter.builder("amc.request.body.bytes").description("bytes of request bodies read (uploads, definitions, "
        + "references, webhooks); a refused caller adds none").baseUnit("bytes").register(registry);
    boardReads = Counter.builder("amc.leaderboard.reads").description("leaderboard reads answered").register(registry);
    Gauge.builder("amc.sse.clients", sseClients, AtomicInteger::get).description("clients listening to leaderboard events")
        .register(registry);
    Gauge.builder("amc.uploads.in.flight", uploadsInFlight, AtomicInteger::get).description("uploads being read, scored or stored")
        .register(registry);
  }

  /** The limiter's callers and addresses, whose number its caches bound. */
  public void watch(Limiter limiter) {
    Gauge.builder("amc.limiter.keys", limiter, Limiter::keys).description("callers and client addresses whose requests or "
        + "registrations are being counted; bounded").register(registry);
  }

  /**
   * A stranger or a caller held back before its request was served: rate-limited, too-many-streams,
   * too-many-registrations, or head-timeout (a connection closed whose request head did not arrive in time).
   */
  public void refused(String reason) {
    refusals.computeIfAbsent(reason, key -> Counter.builder("amc.refusals").tag("reason", key)
        .description("requests and connections refused by a limit, by reason").register(registry)).increment();
  }

  /** Found without building a meter's id, since a flood is refused by the thousand. */
  private final java.util.Map<String, Counter> refusals = new java.util.concurrent.ConcurrentHashMap<>();

  /** An upload answered 201. */
  public void accepted() {
    Counter.builder("amc.uploads").tag("outcome", "accepted").description("uploads by outcome").register(registry).increment();
  }

  /** An upload refused, with the problem type that says why (invalid-input, too-large, quota, rate-limited, ...). */
  public void rejected(String reason) {
    Counter.builder("amc.uploads").tag("outcome", "rejected").description("uploads by outcome").register(registry).increment();
    Counter.builder("amc.upload.rejections").tag("reason", reason).description("uploads refused, by reason").register(registry).increment();
  }

  public void scored(Duration took) {
    scoring.record(took);
  }

  /** Bytes of a request body read by the server. */
  public void bodyRead(long bytes) {
    bodyBytes.increment(bytes);
  }

  public void boardRead() {
    boardReads.increment();
  }

  /** Every answer, by method and status class (2xx, 4xx, ...): no path, so no id ends up in a label. */
  public void answered(String method, int status, Duration took) {
    answers.computeIfAbsent(method + ' ' + status / 100, key -> Timer.builder("amc.http.requests").tag("method", method)
        .tag("status", (status / 100) + "xx").description("answers by method and status class").register(registry)).record(took);
  }

  private final java.util.Map<String, Timer> answers = new java.util.concurrent.ConcurrentHashMap<>();

  public AtomicInteger sseClients() {
    return sseClients;
  }

  public AtomicInteger uploadsInFlight() {
    return uploadsInFlight;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
