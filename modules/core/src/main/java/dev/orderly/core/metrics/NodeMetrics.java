package dev.orderly.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The meters of one node: one Micrometer registry per Vert.x instance, where Vert.x records its own meters
 * (HTTP server, event bus, pools, JVM: the launcher builds Vert.x with it) and every service records
 * Orderly's ({@link OrderlyMeters}). Shared by all the verticles of the instance; {@code GET /metrics} renders
 * it as Prometheus text ({@link #scrape}).
 *
 * <p>A Vert.x built without it (a command, a module's tests) gets a registry of its own on first use, holding
 * Orderly's meters only, so recording code never checks whether metrics are on.
 */
public final class NodeMetrics implements Shareable {
  /** The content type of {@link #scrape}'s text: Prometheus' text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final String MAP = "orderly.metrics";
  private static final String KEY = "node";

  private final PrometheusMeterRegistry registry;
  private final AtomicReference<Future<String>> scraping = new AtomicReference<>();

  private NodeMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /** A registry for a Vert.x about to be built with it (meter filters go on it before any meter exists). */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** Makes {@code registry}, the one {@code vertx} was built with, this node's; before any service starts. */
  public static void attach(Vertx vertx, PrometheusMeterRegistry registry) {
    map(vertx).put(KEY, new NodeMetrics(registry));
  }

  /** The meters of {@code vertx}'s node. */
  public static NodeMetrics of(Vertx vertx) {
    return map(vertx).computeIfAbsent(KEY, k -> new NodeMetrics(newRegistry()));
  }

  private static LocalMap<String, NodeMetrics> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Every meter as Prometheus text, rendered on a worker thread (a registry of thousands of series takes
   * milliseconds). Scrapes that arrive while one renders share its text, so a flood of {@code /metrics}
   * requests (the route is never throttled) costs one rendering at a time.
   */
  public Future<String> scrape(Vertx vertx) {
    Promise<String> mine = Promise.promise();
    Future<String> running = scraping.compareAndExchange(null, mine.future());
    if (running != null) return running;
    vertx.executeBlocking(registry::scrape, false).onComplete(ar -> {
      scraping.set(null);
      mine.handle(ar);
    });
    return mine.future();
  }
}
