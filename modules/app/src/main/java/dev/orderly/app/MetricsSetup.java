package dev.orderly.app;

import dev.orderly.core.metrics.NodeMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vert.x's own meters on a node, into the node's registry ({@link NodeMetrics}): HTTP server requests by
 * {@code route} (the route table's template), {@code method} and {@code code}; the event bus by address;
 * every pool (SQL pools by their {@code orderly-<service>} names, worker pools); JVM memory, GC, threads and
 * class loading. Never a raw path: a request no route matched counts under the route {@value #UNMATCHED_ROUTE},
 * and a method outside HTTP's usual seven under {@value #OTHER_METHOD} (Vert.x accepts any token as a method),
 * so a scanner cannot grow the number of series. Event-bus addresses named per stream or per resource table
 * ({@code orderly.stream.<uuid>}, {@code orderly.events.<table>}) count under one address each.
 *
 * <p>Every Vert.x instance gets a registry of its own, under a name of its own (vertx-micrometer keeps its
 * registries by name, JVM-wide): nodes started side by side in one JVM, as tests do, never share meters.
 */
final class MetricsSetup {
  static final String UNMATCHED_ROUTE = "unmatched";
  static final String OTHER_METHOD = "OTHER";
  /** The buckets of the HTTP response-time histogram, for latency quantiles per route. */
  static final Duration[] RESPONSE_TIME_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
  private static final String RESPONSE_TIME = MetricsDomain.HTTP_SERVER.getPrefix() + "response.time";
  private static final AtomicLong REGISTRIES = new AtomicLong();

  private MetricsSetup() {}

  /** A Vert.x builder whose metrics go to {@code registry}; {@link #attach} the Vert.x it builds. */
  record Metered(VertxBuilder builder, PrometheusMeterRegistry registry) {
    Vertx attach(Vertx vertx) {
      NodeMetrics.attach(vertx, registry);
      return vertx;
    }
  }

  /** {@code options} with metrics on, and a builder on them with a new registry. */
  static Metered builder(VertxOptions options) {
    PrometheusMeterRegistry registry = NodeMetrics.newRegistry();
    registry.config().meterFilter(responseTimeBuckets());
    options.setMetricsOptions(options("orderly-node-" + REGISTRIES.incrementAndGet()));
    return new Metered(Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)), registry);
  }

  static MicrometerMetricsOptions options(String registryName) {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setJvmMetricsEnabled(true)
        .addLabels(Label.HTTP_ROUTE, Label.EB_ADDRESS, Label.EB_FAILURE)
        .addLabelMatch(alias(MetricsDomain.HTTP_SERVER, Label.HTTP_ROUTE, MatchType.EQUALS, "", UNMATCHED_ROUTE))
        // every domain: HTTP clients too
        .addLabelMatch(alias(null, Label.HTTP_METHOD, MatchType.REGEX,
            "(?!(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$).*", OTHER_METHOD))
        .addLabelMatch(alias(MetricsDomain.EVENT_BUS, Label.EB_ADDRESS, MatchType.REGEX, "orderly\\.stream\\..+", "orderly.stream.*"))
        .addLabelMatch(alias(MetricsDomain.EVENT_BUS, Label.EB_ADDRESS, MatchType.REGEX, "orderly\\.events\\..+", "orderly.events.*"));
  }

  private static Match alias(MetricsDomain domain, Label label, MatchType type, String value, String alias) {
    return new Match().setDomain(domain).setLabel(label.toString()).setType(type).setValue(value).setAlias(alias);
  }

  /** Histogram buckets on the HTTP response time only: every other timer keeps count, sum and max. */
  private static MeterFilter responseTimeBuckets() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(RESPONSE_TIME)) return config;
        double[] nanos = new double[RESPONSE_TIME_BUCKETS.length];
        for (int i = 0; i < nanos.length; i++) nanos[i] = RESPONSE_TIME_BUCKETS[i].toNanos();
        return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
      }
    };
  }
}
