package dev.orderly.gateway;

import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.ScopeResult;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.config.ThrottleRates;
import dev.orderly.core.metrics.OrderlyMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DRF's throttling, with counters in the cache service so that every node shares them: after
 * authentication and the permission check, one atomic check-and-count of every scope that applies
 * ({@link ThrottleScopes}). Refused: 429 with DRF's body and {@code Retry-After} (the longest wait of the
 * refusing scopes, rounded up). Either way {@code RateLimit-Limit}, {@code RateLimit-Remaining} and
 * {@code RateLimit-Reset} describe the scope with the least quota left. It must follow the body handler:
 * login attempts are keyed by the username of the body. A refusal counts in {@code orderly.throttled.requests}
 * under each refusing scope.
 */
record Throttling(CacheClient cache, ThrottleScopes scopes, int numProxies, Refusals refusals) implements Handler<RoutingContext> {
  static final String LIMIT = "RateLimit-Limit";
  static final String REMAINING = "RateLimit-Remaining";
  static final String RESET = "RateLimit-Reset";

  @Override
  public void handle(RoutingContext ctx) {
    List<Check> checks = scopes.checks(ctx.request().method(), RequestTracking.path(ctx), callerId(ctx),
        ClientAddress.ip(ctx.request(), numProxies), () -> username(ctx));
    if (checks.isEmpty()) {
      ctx.next();
      return;
    }
    cache.throttle(checks, Authentication.context(ctx)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ThrottleResult result = ar.result();
      rateLimitHeaders(ctx.response(), result.tightest());
      if (result.allowed()) {
        ctx.next();
      } else {
        refusals.count(result);
        Long retryAfter = Failures.retryAfter(result.waitSeconds());
        Responses.error(ctx, Failures.throttled(retryAfter), retryAfter);
      }
    });
  }

  /** The refusal counter of every scope, registered once (a dashboard shows each scope from zero). */
  record Refusals(Map<String, Counter> byScope) {
    static Refusals of(MeterRegistry registry) {
      Map<String, Counter> counters = new HashMap<>();
      for (String scope : ThrottleRates.SCOPES) counters.put(scope, OrderlyMeters.throttled(registry, scope));
      return new Refusals(Map.copyOf(counters));
    }

    void count(ThrottleResult result) {
      for (ScopeResult scope : result.scopes()) {
        Counter counter = scope.allowed() ? null : byScope.get(scope.scope());
        if (counter != null) counter.increment();
      }
    }
  }

  /** The authenticated caller's id, or null when the request is anonymous. */
  static Long callerId(RoutingContext ctx) {
    Caller caller = caller(ctx);
    return caller.anonymous() ? null : caller.id();
  }

  static Caller caller(RoutingContext ctx) {
    return Authentication.caller(ctx);
  }

  static void rateLimitHeaders(HttpServerResponse response, ScopeResult scope) {
    if (scope == null) return;
    response.putHeader(LIMIT, Integer.toString(scope.limit()))
        .putHeader(REMAINING, Integer.toString(scope.remaining()))
        .putHeader(RESET, Long.toString(scope.reset()));
  }

  /** The {@code username} of a JSON body, or "" (the attempt counts all the same). */
  private static String username(RoutingContext ctx) {
    try {
      Buffer body = ctx.body().buffer();
      if (body == null || body.length() == 0) return "";
      Object value = Json.decodeValue(body);
      return value instanceof JsonObject json && json.getValue("username") instanceof String name ? name : "";
    } catch (RuntimeException notJson) {
      return "";
    }
  }
}
