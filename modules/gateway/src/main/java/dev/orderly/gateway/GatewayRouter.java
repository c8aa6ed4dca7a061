package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.HEAD;
import static io.vertx.core.http.HttpMethod.OPTIONS;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.config.Settings;
import dev.orderly.core.metrics.NodeMetrics;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * The gateway's router, in vertx-web's handler order. Every request passes one route of platform and
 * security-policy handlers: {@link RequestTracking} (request id, access log), {@link SecurityHeaders},
 * {@link HostCheck}, {@link SslRedirect} (when {@code SECURE_SSL_REDIRECT}), {@link Cors}. Then, on an API
 * route of the {@link RouteTable}, the handlers its access level shares ({@link RouteTable#mount}): the body
 * (up to {@code MAX_BODY_SIZE}, within {@code HTTP_REQUEST_TIMEOUT_MS}: {@link BodyTimeout}), then (but for the login routes) {@link Authentication}, then on resource
 * routes the {@link PermissionCheck} of the row's {@link Permission}, then {@link Throttling}; then the
 * route's own handler. Every failure and unmatched request ends in {@link FailureHandlers}.
 *
 * <p>HEAD on a list or detail is its GET without the body; OPTIONS there is {@link ResourceOptions}' metadata.
 *
 * <p>{@code /api/schema} documents these rows ({@link OpenApiDocument}): a resource's rows through the fragment its
 * service generates from the resource's definition, the others through the gateway's own paths; the table says which
 * need no credentials and where OPTIONS and HEAD answer. {@code DocumentedRoutesIT} (app) walks the table and the
 * document both ways.
 *
 * <p>The workflow routes name the transitions the services define (purchase orders: submit, approve,
 * reject, cancel); a resource without that transition answers 404. A resource whose workflow adds another
 * transition needs its row here, with the permission it needs at the gateway (the document lists the transition
 * from its definition either way, and {@code DocumentedRoutesIT} fails until the row is here).
 */
final class GatewayRouter {
  static final String RESOURCE = "/api/{resource}";
  static final String RECORD = "/api/{resource}/{id}";
  static final String AUTH = "/api/auth/";
  static final String HISTORY = RECORD + "/history";
  static final String SUBMIT = RECORD + "/submit";
  static final String APPROVE = RECORD + "/approve";
  static final String REJECT = RECORD + "/reject";
  static final String CANCEL = RECORD + "/cancel";
  static final String EXPORT = RESOURCE + "/export";
  static final String IMPORT = RESOURCE + "/import";
  static final String EXPORTS = "/api/exports";
  static final String ATTACHMENTS = "/api/attachments";
  /** How long {@code /health/ready} waits for each service. */
  static final long READINESS_TIMEOUT_MS = 2_000;
  /** vertx-web statuses answered by an error handler rather than the failure handler. */
  private static final List<Integer> ERROR_STATUSES = List.of(400, 404, 405, 413, 500);

  private GatewayRouter() {}

  /** The router of a gateway with this configuration, talking to the services over {@code vertx}'s event bus. */
  static Router create(Vertx vertx, Settings settings, AuthHandlers auth, Authentication authentication, EventStreams events,
                       ClientConnections connections, HealthHandlers health) {
    CacheClient cache = CacheClient.forNode(vertx, settings, settings.requestTimeoutMs());
    ResponseCache responses = new ResponseCache(cache, settings.cache().enabled(), settings.cache().ttlSeconds(),
        NodeMetrics.of(vertx).registry());
    RouteTable routes = routes(new ResourceHandlers(new ResourceClient(vertx, settings.requestTimeoutMs()), responses,
            () -> Principals.Generation.of(vertx).next()),
        health,
        new ApiDocs(new ServiceClient(vertx, ResourceClient.ENTITIES_ADDRESS, settings.requestTimeoutMs()),
            new ServiceClient(vertx, AuthClient.ADDRESS, settings.requestTimeoutMs())), auth, events,
        new FileHandlers(new ExportClient(vertx, settings.requestTimeoutMs()), new Downloads(vertx, settings.requestTimeoutMs()),
            new Uploads(vertx), responses, settings.maxUploadSize(), settings.maxImportSize()), new MetricsEndpoint(vertx),
        new StaticFiles(vertx, settings.staticRoot()));
    return create(vertx, settings, routes, cache, authentication, connections);
  }

  /** The route table: one line per route. */
  static RouteTable routes(ResourceHandlers resources, HealthHandlers health, ApiDocs docs, AuthHandlers auth, EventStreams events,
                           FileHandlers files, MetricsEndpoint metrics, StaticFiles statics) {
    RouteTable table = new RouteTable();
    ResourceOptions options = new ResourceOptions(resources.resources(), table);
    return table
        .open(GET, "/health/live", health::live)
        .open(GET, "/health/ready", health::ready)
        .open(GET, MetricsEndpoint.PATH, metrics::scrape)
        .open(GET, "/api/schema", docs.schema(table))
        .open(GET, "/api/docs", docs::page)
        .open(GET, "/api/docs/init.js", docs::init)
        .open(GET, "/api/docs/assets/{file}", docs::asset)
        .open(GET, "/static/{path}", statics::serve)
        .unauthenticated(POST, AUTH + "login", auth::login)
        .unauthenticated(POST, AUTH + "refresh", auth::refresh)
        .unauthenticated(POST, AUTH + "session", auth::sessionLogin)
        .authenticated(DELETE, AUTH + "session", auth::sessionLogout)
        .authenticated(POST, AUTH + "logout", auth::logout)
        .authenticated(GET, AUTH + "me", auth::me)
        .authenticated(POST, AUTH + "password", auth::password)
        .authenticated(GET, EventStreams.PATH, events::stream)
        .authenticated(POST, EXPORTS, files::submitJob)
        .authenticated(GET, EXPORTS + "/{id}", files::job)
        .authenticated(GET, EXPORTS + "/{id}/download", files::jobDownload)
        .streamed(POST, ATTACHMENTS, files::attach, null)
        .authenticated(GET, ATTACHMENTS, files::attachments)
        .authenticated(GET, ATTACHMENTS + "/{id}", files::attachment)
        .authenticated(GET, ATTACHMENTS + "/{id}/download", files::attachmentDownload)
        .api(GET, EXPORT, files::exportFile, Permission.of(Permissions.EXPORT))
        .streamed(POST, IMPORT, files::importFile, Permission.of(Permissions.IMPORT))
        .api(GET, RESOURCE, resources::list)
        .api(POST, RESOURCE, resources::create)
        .api(HEAD, RESOURCE, resources::list)
        .api(OPTIONS, RESOURCE, options::list, Permission.of(Permissions.VIEW))
        .api(GET, RECORD, resources::get)
        .api(PUT, RECORD, resources::replace)
        .api(PATCH, RECORD, resources::patch)
        .api(DELETE, RECORD, resources::delete)
        .api(HEAD, RECORD, resources::get)
        .api(OPTIONS, RECORD, options::detail, Permission.of(Permissions.VIEW))
        .api(GET, HISTORY, resources::history, Permission.of(Permissions.VIEW))
        .api(POST, SUBMIT, resources.transition("submit"), Permission.SERVICE_DECIDES)
        .api(POST, APPROVE, resources.transition("approve"), Permission.of(Permissions.APPROVE))
        .api(POST, REJECT, resources.transition("reject"), Permission.of(Permissions.APPROVE))
        .api(POST, CANCEL, resources.transition("cancel"), Permission.SERVICE_DECIDES);
  }

  /** A router served by a server of its own (tests): no connection of it is watched for idleness. */
  static Router create(Vertx vertx, Settings settings, RouteTable routes, CacheClient cache,
                       Handler<RoutingContext> authentication) {
    return create(vertx, settings, routes, cache, authentication, new ClientConnections(vertx, settings.httpTimeouts().idleMs()));
  }

  static Router create(Vertx vertx, Settings settings, RouteTable routes, CacheClient cache,
                       Handler<RoutingContext> authentication, ClientConnections connections) {
    RequestTracking tracking = new RequestTracking(routes, connections, CallerSigning.fromSecret(settings.secretKey()));
    HostCheck hostCheck = new HostCheck(new AllowedHosts(settings.allowedHosts(), settings.debug()));
    SecurityHeaders securityHeaders = new SecurityHeaders(settings.secureHstsSeconds(), settings.numProxies());
    FailureHandlers failures = new FailureHandlers(routes, tracking, hostCheck, securityHeaders);
    Throttling throttling = new Throttling(cache, new ThrottleScopes(settings.throttleRates(), routes), settings.numProxies(),
        Throttling.Refusals.of(NodeMetrics.of(vertx).registry()));

    Router router = Router.router(vertx);
    Route platform = router.route().handler(tracking).handler(securityHeaders).handler(hostCheck);
    if (settings.secureSslRedirect()) platform.handler(new SslRedirect(settings.numProxies()));
    platform.handler(new Cors(settings.corsAllowedOrigins()));
    routes.mount(router, new BodyTimeout(settings.httpTimeouts().requestMs()),
        BodyHandler.create(false).setBodyLimit(settings.maxBodySize()), authentication,
        PermissionCheck::new, throttling);
    router.route().failureHandler(failures::failure);
    ERROR_STATUSES.forEach(status -> router.errorHandler(status, failures.errorHandler(status)));
    return router;
  }
}
