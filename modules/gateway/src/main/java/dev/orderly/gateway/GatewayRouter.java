package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.EntitiesClient;
import dev.orderly.core.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * The gateway's router. Every request passes, in order: {@link RequestTracking} (request id, access
 * log), {@link SecurityHeaders}, {@link HostCheck}, {@link SslRedirect} (when {@code SECURE_SSL_REDIRECT}),
 * {@link Cors}; then its route, where an API route reads the body (up to {@code MAX_BODY_SIZE}), then
 * (once authentication and the permission check are mounted, after them) {@link Throttling}, then its
 * handler. Every failure and unmatched request ends in {@link FailureHandlers}.
 */
final class GatewayRouter {
  static final String RESOURCE = "/api/{resource}";
  static final String RECORD = "/api/{resource}/{id}";
  /** How long {@code /health/ready} waits for each service. */
  static final long READINESS_TIMEOUT_MS = 2_000;
  /** vertx-web statuses answered by an error handler rather than the failure handler. */
  private static final List<Integer> ERROR_STATUSES = List.of(400, 404, 405, 413, 500);

  private GatewayRouter() {}

  /** The router of a gateway with this configuration, talking to the services over {@code vertx}'s event bus. */
  static Router create(Vertx vertx, Settings settings) {
    CacheClient cache = new CacheClient(vertx, settings.requestTimeoutMs());
    ResponseCache responses = new ResponseCache(cache, settings.cache().enabled(), settings.cache().ttlSeconds());
    RouteTable routes = routes(new ResourceHandlers(new EntitiesClient(vertx, settings.requestTimeoutMs()), responses),
        new HealthHandlers(new EntitiesPing(vertx, READINESS_TIMEOUT_MS), new CacheClient(vertx, READINESS_TIMEOUT_MS)));
    return create(vertx, settings, routes, cache);
  }

  /** The route table: one line per route. */
  static RouteTable routes(ResourceHandlers resources, HealthHandlers health) {
    return new RouteTable()
        .open(GET, "/health/live", health::live)
        .open(GET, "/health/ready", health::ready)
        .api(GET, RESOURCE, resources::list)
        .api(POST, RESOURCE, resources::create)
        .api(GET, RECORD, resources::get)
        .api(PUT, RECORD, resources::replace)
        .api(PATCH, RECORD, resources::patch)
        .api(DELETE, RECORD, resources::delete);
  }

  static Router create(Vertx vertx, Settings settings, RouteTable routes, CacheClient cache) {
    RequestTracking tracking = new RequestTracking(routes);
    HostCheck hostCheck = new HostCheck(new AllowedHosts(settings.allowedHosts(), settings.debug()));
    SecurityHeaders securityHeaders = new SecurityHeaders(settings.secureHstsSeconds(), settings.numProxies());
    FailureHandlers failures = new FailureHandlers(routes, tracking, hostCheck, securityHeaders);
    Throttling throttling = new Throttling(cache, new ThrottleScopes(settings.throttleRates()), settings.numProxies());

    Router router = Router.router(vertx);
    Route platform = router.route().handler(tracking).handler(securityHeaders).handler(hostCheck);
    if (settings.secureSslRedirect()) platform.handler(new SslRedirect(settings.numProxies()));
    platform.handler(new Cors(settings.corsAllowedOrigins()));
    routes.mount(router, List.of(
        BodyHandler.create(false).setBodyLimit(settings.maxBodySize()),
        // the authentication handler, then the permission check, go here: before every API handler
        throttling));
    router.route().failureHandler(failures::failure);
    ERROR_STATUSES.forEach(status -> router.errorHandler(status, failures.errorHandler(status)));
    return router;
  }
}
