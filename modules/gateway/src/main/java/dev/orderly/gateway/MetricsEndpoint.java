package dev.orderly.gateway;

import dev.orderly.core.metrics.NodeMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: this node's meters ({@link NodeMetrics}) as Prometheus text. An open row of the
 * route table, as the health routes are: no credentials, no quota, no body read.
 */
final class MetricsEndpoint {
  static final String PATH = "/metrics";

  private final Vertx vertx;
  private final NodeMetrics metrics;

  MetricsEndpoint(Vertx vertx) {
    this.vertx = vertx;
    this.metrics = NodeMetrics.of(vertx);
  }

  void scrape(RoutingContext ctx) {
    // a scrape shared with another request completes on that request's event loop: answer on this one
    Context context = vertx.getOrCreateContext();
    metrics.scrape(vertx).onComplete(ar -> context.runOnContext(v -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, NodeMetrics.CONTENT_TYPE).end(ar.result());
    }));
  }
}
