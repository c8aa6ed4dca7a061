package dev.orderly.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /health/live}: 200 while the process serves, draining included (a load balancer or orchestrator that
 * restarted a node on it would kill a drain). {@code /health/ready}: 200 when every {@link Readiness} check is UP,
 * else 503 with the body naming the failed checks; once the node {@link #drain drains}, 503 at once with one check,
 * {@code {"id": "shutdown", "status": "DOWN"}}, so that a load balancer stops sending it requests.
 */
final class HealthHandlers {
  static final String SHUTDOWN = "shutdown";

  private final Readiness readiness;
  private volatile boolean draining;

  HealthHandlers(Readiness readiness) {
    this.readiness = readiness;
  }

  void live(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("status", Readiness.UP));
  }

  void ready(RoutingContext ctx) {
    if (draining) {
      Responses.json(ctx, 503, Readiness.body(List.of(Readiness.check(SHUTDOWN, Readiness.DOWN)
          .put("detail", "the node is shutting down"))));
      return;
    }
    readiness.check(Authentication.context(ctx)).onComplete(Responses.then(ctx, body ->
        Responses.json(ctx, Readiness.UP.equals(body.getString("status")) ? 200 : 503, body)));
  }

  /** From now on readiness is 503 without checking anything: the node is shutting down. */
  void drain() {
    draining = true;
  }
}
