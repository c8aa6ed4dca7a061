package dev.orderly.gateway;

import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health/live}: 200 while the process serves. {@code /health/ready}: whether every service this
 * node relies on answers (the entity and auth services, each pinged over the bus, and the cache service):
 * {@code {"status": "UP|DEGRADED|DOWN", "checks": [{"id": "entities", "status": "UP|DOWN"}, {"id": "auth", ...},
 * {"id": "cache", "status": "UP|DEGRADED|DOWN", "backend": "redis|memory", "degraded": "..."}]}}.
 * 503 when a check is DOWN. A cache service that lost Redis is DEGRADED, not DOWN: it serves from memory
 * (rate limits then count per node, which {@code degraded} says), and taking every node out of the load
 * balancer over it would turn a slower cache into an outage; so readiness stays 200.
 */
final class HealthHandlers {
  static final String CACHE = "cache";
  private static final Logger log = LoggerFactory.getLogger(HealthHandlers.class);

  private final List<ServiceClient> services;
  private final CacheClient cache;

  /** @param services the services to ping, each checked under the last segment of its address ({@code orderly.auth}: {@code auth}) */
  HealthHandlers(List<ServiceClient> services, CacheClient cache) {
    this.services = services;
    this.cache = cache;
  }

  void live(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    String requestId = RequestTracking.requestId(ctx);
    RequestContext context = RequestContext.system(requestId);
    List<Future<JsonObject>> checks = new ArrayList<>();
    for (ServiceClient service : services) {
      String id = service.address().substring(service.address().lastIndexOf('.') + 1);
      checks.add(service.ping(context).map(v -> check(id, "UP")).otherwise(e -> {
        log.warn("rid={} readiness: {} is DOWN: {}", requestId, id, e.toString());
        return check(id, "DOWN");
      }));
    }
    Future<JsonObject> cacheCheck = cache.status(context)
        .map(status -> {
          JsonObject check = check(CACHE, status.status()).put("backend", status.backend());
          if (CacheClient.DEGRADED.equals(status.status())) check.put("degraded", status.detail());
          return check;
        })
        .otherwise(e -> {
          log.warn("rid={} readiness: {} is DOWN: {}", requestId, CACHE, e.toString());
          return check(CACHE, "DOWN");
        });
    checks.add(cacheCheck);
    Future.all(checks).onComplete(ar -> {
      JsonObject body = readiness(checks.stream().map(Future::result).toArray(JsonObject[]::new));
      Responses.json(ctx, "DOWN".equals(body.getString("status")) ? 503 : 200, body);
    });
  }

  /** The overall status is the worst of the checks': DOWN, else DEGRADED, else UP. */
  static JsonObject readiness(JsonObject... checks) {
    String status = "UP";
    JsonArray array = new JsonArray();
    for (JsonObject check : checks) {
      array.add(check);
      String s = check.getString("status");
      if ("DOWN".equals(s) || !"UP".equals(s) && !CacheClient.DEGRADED.equals(s)) {
        status = "DOWN";
      } else if (CacheClient.DEGRADED.equals(s) && status.equals("UP")) {
        status = CacheClient.DEGRADED;
      }
    }
    return new JsonObject().put("status", status).put("checks", array);
  }

  static JsonObject check(String id, String status) {
    return new JsonObject().put("id", id).put("status", status);
  }
}
