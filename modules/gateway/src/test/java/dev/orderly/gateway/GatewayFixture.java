package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.config.Settings;
import dev.orderly.core.metrics.NodeMetrics;
import dev.orderly.core.security.JwtTokens;
import dev.orderly.core.test.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A real {@link HttpGatewayVerticle} on a free port, with a {@link FakeAuth} and a {@link FakeCache}
 * (and, {@link #withEntities}, a {@link FakeEntities}) standing in for the services it relies on, and the
 * one way tests send it requests: as the fake's superuser (a signed Bearer token) unless sent
 * {@link #anonymous}, checked by {@link #testRequest} as vertx-web's own tests check theirs.
 */
final class GatewayFixture {
  static final String HOST = "127.0.0.1";
  static final int MAX_BODY_SIZE = 1024;
  /** The header {@link #serve} reads the caller's user id from, in place of authentication. */
  static final String TEST_USER = "X-Test-User";
  /** With {@link #TEST_USER}: the caller is no superuser, and holds these comma-separated codenames. */
  static final String TEST_PERMISSIONS = "X-Test-Permissions";

  /** The verticle, or null when {@link #serve} serves the router itself. */
  final HttpGatewayVerticle verticle;
  /** The verticle's deployment, or null when {@link #serve} serves the router itself. */
  final String deploymentId;
  final int port;
  final FakeAuth auth;
  final FakeCache cache;
  /** The entity service's stand-in, registered before the gateway by {@link #withEntities}; else null. */
  final FakeEntities entities;
  final JwtTokens tokens;
  private final WebClient client;

  private GatewayFixture(Vertx vertx, HttpGatewayVerticle verticle, String deploymentId, int port, JsonObject config, FakeCache cache,
                         FakeEntities entities) {
    this.verticle = verticle;
    this.deploymentId = deploymentId;
    this.port = port;
    this.cache = cache;
    this.entities = entities;
    this.client = WebClient.create(vertx);
    this.auth = FakeAuth.on(vertx);
    this.tokens = JwtTokens.create(vertx, Settings.from(config)).await();
  }

  /** A valid access token of user {@code id}. */
  String token(long id) {
    return tokens.issue(new JsonObject().put("sub", String.valueOf(id)).put("username", "user" + id).put(JwtTokens.TYPE, JwtTokens.ACCESS), 900);
  }

  /** A request without credentials. */
  HttpRequest<Buffer> anonymous(HttpMethod method, String path) {
    return client.request(method, port, HOST, path);
  }

  /** Test defaults plus {@code overrides}, as raw flat configuration. */
  static JsonObject config(Vertx vertx, JsonObject overrides) {
    JsonObject values = new JsonObject()
        .put("DEBUG", "false").put("SECRET_KEY", TestServices.SECRET)
        .put("HTTP_HOST", HOST).put("HTTP_PORT", String.valueOf(TestServices.freePort()))
        .put("ALLOWED_HOSTS", "localhost,127.0.0.1").put("MAX_BODY_SIZE", String.valueOf(MAX_BODY_SIZE))
        .put("REQUEST_TIMEOUT_MS", "5000")
        // the gateway alone, with stand-ins for the services on their shared addresses
        .put("ROLES", "gateway")
        .mergeIn(overrides);
    return ConfigLoader.load(vertx, ConfigLoader.Sources.only(values)).await();
  }

  static GatewayFixture deploy(Vertx vertx) {
    return deploy(vertx, new JsonObject());
  }

  static GatewayFixture deploy(Vertx vertx, JsonObject overrides) {
    return deploy(vertx, overrides, null);
  }

  /** A gateway in front of a {@link FakeEntities}: what tests of the API routes start with. */
  static GatewayFixture withEntities(Vertx vertx) {
    return withEntities(vertx, new JsonObject());
  }

  static GatewayFixture withEntities(Vertx vertx, JsonObject overrides) {
    return withEntities(vertx, overrides, EventStreams.Options.DEFAULT);
  }

  /** As {@link #withEntities(Vertx, JsonObject)}, with event streams that behave as {@code streams} says. */
  static GatewayFixture withEntities(Vertx vertx, JsonObject overrides, EventStreams.Options streams) {
    return deploy(vertx, overrides, FakeEntities.register(vertx), streams);
  }

  private static GatewayFixture deploy(Vertx vertx, JsonObject overrides, FakeEntities entities) {
    return deploy(vertx, overrides, entities, EventStreams.Options.DEFAULT);
  }

  private static GatewayFixture deploy(Vertx vertx, JsonObject overrides, FakeEntities entities, EventStreams.Options streams) {
    FakeAuth.on(vertx);
    FakeCache cache = FakeCache.register(vertx);
    HttpGatewayVerticle verticle = HttpGatewayVerticle.withStreams(streams);
    JsonObject config = config(vertx, overrides);
    String deploymentId = vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await();
    return new GatewayFixture(vertx, verticle, deploymentId, verticle.actualPort(), config, cache, entities);
  }

  /**
   * The gateway's router with {@code extraRoutes} added to its route table (routes of a test's own), served
   * on a free port, with a stand-in for authentication: a
   * request with {@value #TEST_USER} {@code N} is superuser {@code N}, or with {@value #TEST_PERMISSIONS} too
   * a plain user holding those; without it, one with credentials ({@link #request}) is the fake's superuser
   * and one without ({@link #anonymous}) is anonymous.
   */
  static GatewayFixture serve(Vertx vertx, JsonObject overrides, Consumer<RouteTable> extraRoutes) {
    FakeAuth.on(vertx);
    FakeCache cache = FakeCache.register(vertx);
    JsonObject config = config(vertx, overrides);
    Settings settings = Settings.from(config);
    CacheClient cacheClient = new CacheClient(vertx, settings.requestTimeoutMs());
    RouteTable routes = GatewayRouter.routes(
        new ResourceHandlers(new ResourceClient(vertx, settings.requestTimeoutMs()),
            new ResponseCache(cacheClient, settings.cache().enabled(), settings.cache().ttlSeconds(),
                NodeMetrics.of(vertx).registry()),
            () -> Principals.Generation.of(vertx).next()),
        new HealthHandlers(new Readiness(vertx, List.of(new ServiceClient(vertx, ResourceClient.ENTITIES_ADDRESS, 2_000),
            new ServiceClient(vertx, AuthClient.ADDRESS, 2_000), new ServiceClient(vertx, ExportClient.ADDRESS, 2_000)), cacheClient,
            settings.usesRedis(), 2_000)),
        new ApiDocs(new ServiceClient(vertx, ResourceClient.ENTITIES_ADDRESS, settings.requestTimeoutMs()),
            new ServiceClient(vertx, AuthClient.ADDRESS, settings.requestTimeoutMs())),
        new AuthHandlers(new AuthClient(vertx, settings.requestTimeoutMs()), false, () -> Principals.Generation.of(vertx).next()),
        new EventStreams(vertx, new Principals(vertx, new AuthClient(vertx, settings.requestTimeoutMs()), TestServices.SIGNING),
            TestServices.SIGNING, settings.requestTimeoutMs(),
            settings.feed().sseMaxClients(), EventStreams.Options.DEFAULT),
        new FileHandlers(new ExportClient(vertx, settings.requestTimeoutMs()), new Downloads(vertx, settings.requestTimeoutMs()),
            new Uploads(vertx), new ResponseCache(cacheClient, settings.cache().enabled(), settings.cache().ttlSeconds(),
                NodeMetrics.of(vertx).registry()),
            settings.maxUploadSize(), settings.maxImportSize()), new MetricsEndpoint(vertx),
        new StaticFiles(vertx, settings.staticRoot()));
    extraRoutes.accept(routes);
    Router router = GatewayRouter.create(vertx, settings, routes, cacheClient, ctx -> {
      String user = ctx.request().getHeader(TEST_USER);
      if (user == null && ctx.request().getHeader("Authorization") != null) user = String.valueOf(FakeAuth.SUPERUSER);
      String permissions = ctx.request().getHeader(TEST_PERMISSIONS);
      if (user != null) {
        Caller caller = permissions == null ? new Caller(Long.parseLong(user), "user" + user, true, true, Set.of())
            : new Caller(Long.parseLong(user), "user" + user, false, false, Set.of(permissions.split(",")));
        Authentication.authenticated(ctx, Authentication.context(ctx).withCaller(caller));
      }
      ctx.next();
    });
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(settings.httpPort(), HOST).await();
    return new GatewayFixture(vertx, null, null, server.actualPort(), config, cache, null);
  }

  /** A request as the superuser. */
  HttpRequest<Buffer> request(HttpMethod method, String path) {
    return anonymous(method, path).putHeader("Authorization", "Bearer " + token(FakeAuth.SUPERUSER));
  }

  HttpResponse<Buffer> send(HttpMethod method, String path) {
    return request(method, path).send().await();
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, String body) {
    return request(method, path).putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)).await();
  }

  /** Sends {@code request} and checks that it answers {@code status}; the response, for further checks. */
  static HttpResponse<Buffer> testRequest(HttpRequest<Buffer> request, int status) {
    HttpResponse<Buffer> response = request.send().await();
    assertThat(response.statusCode()).as("%s", response.bodyAsString()).isEqualTo(status);
    return response;
  }

  /** {@link #testRequest(HttpRequest, int)} as the superuser. */
  HttpResponse<Buffer> testRequest(HttpMethod method, String path, int status) {
    return testRequest(request(method, path), status);
  }

  String baseUrl() {
    return "http://" + HOST + ":" + port;
  }
}
