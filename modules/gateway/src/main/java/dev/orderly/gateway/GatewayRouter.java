package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import dev.orderly.core.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * The gateway's router. Every request passes, in order: {@link RequestTracking} (request id, access
 * log), {@link HostCheck}; then its route, where an API route first reads the body (up to
 * {@code MAX_BODY_SIZE}), then (but for the login routes) {@link Authentication}, then on resource routes
 * the {@link PermissionCheck}, and then forwards. Every failure and unmatched request ends in
 * {@link FailureHandlers}.
 */
final class GatewayRouter {
  static final String RESOURCE = "/api/{resource}";
  static final String RECORD = "/api/{resource}/{id}";
  static final String AUTH = "/api/auth/";
  /** vertx-web statuses answered by an error handler rather than the failure handler. */
  private static final List<Integer> ERROR_STATUSES = List.of(400, 404, 405, 413, 500);

  private GatewayRouter() {}

  static Router create(Vertx vertx, Settings settings, ResourceHandlers resources, HealthHandlers health, ApiDocs docs,
                       AuthHandlers auth, Authentication authentication) {
    RouteTable routes = new RouteTable()
        .open(GET, "/health/live", health::live)
        .open(GET, "/health/ready", health::ready)
        .open(GET, "/api/schema", docs::schema)
        .open(GET, "/api/docs", docs::page)
        .open(GET, "/api/docs/init.js", docs::init)
        .open(GET, "/api/docs/assets/{file}", docs::asset)
        .unauthenticated(POST, AUTH + "login", auth::login)
        .unauthenticated(POST, AUTH + "refresh", auth::refresh)
        .unauthenticated(POST, AUTH + "session", auth::sessionLogin)
        .authenticated(DELETE, AUTH + "session", auth::sessionLogout)
        .authenticated(POST, AUTH + "logout", auth::logout)
        .authenticated(GET, AUTH + "me", auth::me)
        .authenticated(POST, AUTH + "password", auth::password)
        .api(GET, RESOURCE, resources::list)
        .api(POST, RESOURCE, resources::create)
        .api(GET, RECORD, resources::get)
        .api(PUT, RECORD, resources::replace)
        .api(PATCH, RECORD, resources::patch)
        .api(DELETE, RECORD, resources::delete);

    RequestTracking tracking = new RequestTracking(routes);
    HostCheck hostCheck = new HostCheck(new AllowedHosts(settings.allowedHosts(), settings.debug()));
    FailureHandlers failures = new FailureHandlers(routes, tracking, hostCheck);

    Router router = Router.router(vertx);
    router.route().handler(tracking).handler(hostCheck);
    routes.mount(router, BodyHandler.create(false).setBodyLimit(settings.maxBodySize()), authentication, new PermissionCheck());
    router.route().failureHandler(failures::failure);
    ERROR_STATUSES.forEach(status -> router.errorHandler(status, failures.errorHandler(status)));
    return router;
  }
}
