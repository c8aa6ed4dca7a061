package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks of {@code /health/ready}, run by vertx-health-check, in this order:
 * <ul>
 *   <li>{@value #DATABASE}: the database as the services that use it see it. Each of them answers its ping with
 *       whether {@code SELECT 1} came back ({@link ServiceClient.Pong}); DOWN when one says it did not, or when none
 *       answered (then nothing could tell).</li>
 *   <li>{@value #REDIS}, only when {@code REDIS_URL} is set: Redis as the cache service sees it; DOWN while the
 *       cache service serves from memory because Redis does not answer, with the cache service's explanation.</li>
 *   <li>one per service the gateway relies on, each pinged over the bus: {@code entities}, {@code auth},
 *       {@code export}, and {@value #CACHE} (its status action, with its {@code backend}).</li>
 * </ul>
 * The body is {@code {"status": "UP|DOWN", "checks": [{"id", "status", ...}]}}: UP when every check is; a check that
 * is DOWN says why in {@code detail}, in words that name no host or credential (the route needs no authentication;
 * the cause goes to the log).
 */
final class Readiness {
  static final String DATABASE = "database";
  static final String REDIS = "redis";
  static final String CACHE = "cache";
  static final String UP = "UP";
  static final String DOWN = "DOWN";
  private static final Logger log = LoggerFactory.getLogger(Readiness.class);

  private final Vertx vertx;
  private final List<ServiceClient> services;
  private final CacheClient cache;
  private final boolean redisConfigured;
  private final long timeoutMs;

  /**
   * @param services the services to ping, each checked under the last segment of its address ({@code orderly.auth}: {@code auth})
   * @param timeoutMs how long each service has to answer
   */
  Readiness(Vertx vertx, List<ServiceClient> services, CacheClient cache, boolean redisConfigured, long timeoutMs) {
    this.vertx = vertx;
    this.services = List.copyOf(services);
    this.cache = cache;
    this.redisConfigured = redisConfigured;
    this.timeoutMs = timeoutMs;
  }

  /** The checks of a gateway with these settings: the entity, auth, export and cache services, Redis when configured. */
  static Readiness forNode(Vertx vertx, Settings settings, long timeoutMs) {
    return new Readiness(vertx, List.of(new ServiceClient(vertx, ResourceClient.ENTITIES_ADDRESS, timeoutMs),
        new ServiceClient(vertx, AuthClient.ADDRESS, timeoutMs), new ServiceClient(vertx, ExportClient.ADDRESS, timeoutMs)),
        CacheClient.forNode(vertx, settings, timeoutMs), settings.usesRedis(), timeoutMs);
  }

  /** Runs every check once; never fails. */
  Future<JsonObject> check(RequestContext context) {
    Map<String, Future<ServiceClient.Pong>> pings = new LinkedHashMap<>();
    for (ServiceClient service : services) pings.put(name(service), service.ping(context));
    Future<CacheClient.Status> cacheStatus = cache.status(context);
    // one HealthChecks per probe, so that its checks share the probe's requests: the database check reads the pings
    HealthChecks checks = HealthChecks.create(vertx);
    List<String> order = new ArrayList<>();
    register(checks, order, DATABASE, () -> database(pings));
    if (redisConfigured) register(checks, order, REDIS, () -> redis(cacheStatus));
    pings.forEach((name, ping) -> register(checks, order, name, () -> service(context, name, ping)));
    register(checks, order, CACHE, () -> service(context, CACHE, cacheStatus)
        .map(status -> status.isOk() ? Status.OK(new JsonObject().put("backend", cacheStatus.result().backend())) : status));
    return checks.checkStatus().map(result -> render(result, order));
  }

  private void register(HealthChecks checks, List<String> order, String name, Supplier<Future<Status>> check) {
    order.add(name);
    // a backstop only: every request here gives up first, and says why (a clustered read may be sent twice)
    checks.register(name, 2 * timeoutMs + 1_000, promise -> check.get().onComplete(promise));
  }

  private Future<Status> service(RequestContext context, String name, Future<?> answer) {
    return answer.map(ok -> Status.OK()).otherwise(e -> {
      log.warn("rid={} readiness: {} is DOWN: {}", context.requestId(), name, e.toString());
      return down(why(e));
    });
  }

  private static Future<Status> database(Map<String, Future<ServiceClient.Pong>> pings) {
    return Future.join(new ArrayList<>(pings.values())).transform(all -> {
      List<String> cannot = new ArrayList<>();
      boolean answered = false;
      for (Map.Entry<String, Future<ServiceClient.Pong>> ping : pings.entrySet()) {
        if (ping.getValue().failed()) continue;
        answered = true;
        if (!ping.getValue().result().databaseUp()) cannot.add(ping.getKey());
      }
      if (!cannot.isEmpty()) {
        String services = String.join(", ", cannot) + " service" + (cannot.size() > 1 ? "s" : "");
        return Future.succeededFuture(down("it does not answer the " + services));
      }
      return Future.succeededFuture(answered ? Status.OK() : down("unknown: no service that uses it answered"));
    });
  }

  private static Future<Status> redis(Future<CacheClient.Status> cacheStatus) {
    return cacheStatus.map(status -> {
      if (CacheClient.UP.equals(status.status()) && "redis".equals(status.backend())) return Status.OK();
      return down(status.detail() != null ? status.detail() : "the cache service does not use Redis");
    }).otherwise(e -> down("unknown: the cache service did not answer"));
  }

  private String why(Throwable e) {
    if (e instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS -> "no instance of the service is running";
        case TIMEOUT -> "no answer within " + timeoutMs + " ms";
        default -> "the service failed with " + reply.failureCode();
      };
    }
    return "the service says it is not UP";
  }

  private static Status down(String detail) {
    return Status.KO(new JsonObject().put("detail", detail));
  }

  /** The checks in {@code order}, each with its status and its data; UP when all are. */
  private static JsonObject render(CheckResult result, List<String> order) {
    Map<String, CheckResult> byId = new HashMap<>();
    if (result.getChecks() != null) result.getChecks().forEach(check -> byId.put(check.getId(), check));
    List<JsonObject> checks = new ArrayList<>();
    for (String name : order) {
      CheckResult check = byId.get(name);
      JsonObject json = check(name, check != null && check.getUp() ? UP : DOWN);
      if (check != null && check.getFailure() != null) json.put("detail", "the check did not finish in time");
      else if (check != null && check.getData() != null) json.mergeIn(check.getData());
      checks.add(json);
    }
    return body(checks);
  }

  /** {@code {"status", "checks"}}: UP when every check is UP. */
  static JsonObject body(List<JsonObject> checks) {
    boolean up = checks.stream().allMatch(check -> UP.equals(check.getString("status")));
    return new JsonObject().put("status", up ? UP : DOWN).put("checks", new JsonArray(new ArrayList<>(checks)));
  }

  static JsonObject check(String id, String status) {
    return new JsonObject().put("id", id).put("status", status);
  }

  private static String name(ServiceClient service) {
    return service.address().substring(service.address().lastIndexOf('.') + 1);
  }
}
