package dev.orderly.gateway;

import dev.orderly.core.bus.RequestContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health/live}: 200 while the process serves. {@code /health/ready}: 200 when every service this
 * node relies on answers, else 503 naming the failing check:
 * {@code {"status": "UP|DOWN", "checks": [{"id": "entities", "status": "UP|DOWN"}]}}.
 */
final class HealthHandlers {
  static final String ENTITIES = "entities";
  private static final Logger log = LoggerFactory.getLogger(HealthHandlers.class);

  private final EntitiesPing entities;

  HealthHandlers(EntitiesPing entities) {
    this.entities = entities;
  }

  void live(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    String requestId = RequestTracking.requestId(ctx);
    entities.ping(RequestContext.system(requestId)).onComplete(ar -> {
      if (ar.failed()) log.warn("rid={} readiness: {} is DOWN: {}", requestId, ENTITIES, ar.cause().toString());
      Responses.json(ctx, ar.succeeded() ? 200 : 503, readiness(ar.succeeded()));
    });
  }

  static JsonObject readiness(boolean entitiesUp) {
    String status = entitiesUp ? "UP" : "DOWN";
    return new JsonObject().put("status", status)
        .put("checks", new JsonArray().add(new JsonObject().put("id", ENTITIES).put("status", status)));
  }
}
