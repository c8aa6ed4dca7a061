package dev.orderly.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class NodeMetricsTest {
  @Test
  void aVertxHasOneRegistryTheAttachedOneWhenThereIs(Vertx vertx) {
    NodeMetrics first = NodeMetrics.of(vertx);
    assertThat(NodeMetrics.of(vertx)).isSameAs(first);

    PrometheusMeterRegistry built = NodeMetrics.newRegistry();
    NodeMetrics.attach(vertx, built);
    assertThat(NodeMetrics.of(vertx).registry()).isSameAs(built);

    Vertx other = Vertx.vertx();
    try {
      assertThat(NodeMetrics.of(other).registry()).as("another node's").isNotSameAs(built);
    } finally {
      other.close().await();
    }
  }

  @Test
  void scrapesArrivingWhileOneRendersShareItsTextAndLaterOnesSeeNewCounts(Vertx vertx) throws Exception {
    NodeMetrics metrics = NodeMetrics.of(vertx);
    OrderlyMeters.throttled(metrics.registry(), "login").increment();
    Promise<Future<String>[]> both = Promise.promise();
    // on one event loop: the first rendering cannot end (its completion runs there) before the second asks
    vertx.runOnContext(v -> {
      @SuppressWarnings("unchecked")
      Future<String>[] scrapes = new Future[] {metrics.scrape(vertx), metrics.scrape(vertx)};
      both.complete(scrapes);
    });
    Future<String>[] scrapes = both.future().await(10, TimeUnit.SECONDS);
    assertThat(scrapes[1]).isSameAs(scrapes[0]);
    assertThat(scrapes[0].await(10, TimeUnit.SECONDS)).contains("orderly_throttled_requests_total{scope=\"login\"} 1.0");

    OrderlyMeters.throttled(metrics.registry(), "login").increment();
    assertThat(metrics.scrape(vertx).await(10, TimeUnit.SECONDS)).contains("orderly_throttled_requests_total{scope=\"login\"} 2.0");
  }

  @Test
  void outcomesAreAClosedSet() {
    assertThat(OrderlyMeters.outcome(409)).isEqualTo("conflict");
    assertThat(OrderlyMeters.outcome(412)).isEqualTo("stale");
    assertThat(OrderlyMeters.outcome(403)).isEqualTo("forbidden");
    assertThat(OrderlyMeters.outcome(418)).isEqualTo("error");
    assertThat(OrderlyMeters.outcome(503)).isEqualTo("error");
  }
}
