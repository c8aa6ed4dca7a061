package dev.orderly.app;

import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.config.Settings;
import dev.orderly.core.metrics.NodeMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics-only listener of a node with {@code METRICS_PORT}: {@code GET /metrics} answers the node's
 * meters as Prometheus text, as the gateway's route does; any other path is 404 and another method 405, in
 * the API's error shape. It has no host check and no throttle: it is meant for a private interface, where
 * the scraper reaches nodes without a gateway (and gateways whose public port it should not use).
 */
final class MetricsVerticle extends VerticleBase {
  static final String PATH = "/metrics";
  private static final Logger log = LoggerFactory.getLogger(MetricsVerticle.class);

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    NodeMetrics metrics = NodeMetrics.of(vertx);
    return vertx.createHttpServer()
        .requestHandler(request -> handle(metrics, request))
        .listen(settings.metricsPort(), settings.httpHost())
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "METRICS_PORT " + settings.metricsPort() + " cannot be listened on at " + settings.httpHost() + ": " + e.getMessage(), e)));
  }

  private void handle(NodeMetrics metrics, HttpServerRequest request) {
    request.response().putHeader("X-Content-Type-Options", "nosniff");
    if (!PATH.equals(request.path())) {
      error(request, 404, ErrorCodes.NOT_FOUND, "Not found.");
      return;
    }
    // the route label of the HTTP server's meters, as vertx-web gives it on the gateway
    request.routed(PATH);
    if (request.method() != HttpMethod.GET) {
      request.response().putHeader(HttpHeaders.ALLOW, "GET");
      error(request, 405, ErrorCodes.METHOD_NOT_ALLOWED, "Method \"" + request.method().name() + "\" not allowed.");
      return;
    }
    // a scrape shared with a gateway request completes on that request's event loop: answer on this one
    Context context = vertx.getOrCreateContext();
    metrics.scrape(vertx).onComplete(ar -> context.runOnContext(v -> {
      if (ar.failed()) {
        log.warn("cannot render the metrics: {}", ar.cause().toString());
        error(request, 500, ErrorCodes.ERROR, "A server error occurred.");
        return;
      }
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, NodeMetrics.CONTENT_TYPE).end(ar.result());
    }));
  }

  private static void error(HttpServerRequest request, int status, String code, String detail) {
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("detail", detail).put("code", code).toBuffer());
  }
}
