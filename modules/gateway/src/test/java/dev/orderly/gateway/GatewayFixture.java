package dev.orderly.gateway;

import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.EntitiesClient;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.config.Settings;
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
import java.util.function.Consumer;

/**
 * A real {@link HttpGatewayVerticle} on a free port, with a {@link FakeCache} standing in for the cache
 * service it relies on, and the one way tests send it requests.
 */
final class GatewayFixture {
  static final String HOST = "127.0.0.1";
  static final int MAX_BODY_SIZE = 1024;
  /** The header {@link #serve} reads the caller's user id from, in place of authentication. */
  static final String TEST_USER = "X-Test-User";

  /** The verticle, or null when {@link #serve} serves the router itself. */
  final HttpGatewayVerticle verticle;
  final int port;
  final FakeCache cache;
  private final WebClient client;

  private GatewayFixture(Vertx vertx, HttpGatewayVerticle verticle, int port, FakeCache cache) {
    this.verticle = verticle;
    this.port = port;
    this.cache = cache;
    this.client = WebClient.create(vertx);
  }

  /** Test defaults plus {@code overrides}, as raw flat configuration. */
  static JsonObject config(Vertx vertx, JsonObject overrides) {
    JsonObject values = new JsonObject()
        .put("DEBUG", "false").put("SECRET_KEY", TestServices.SECRET)
        .put("HTTP_HOST", HOST).put("HTTP_PORT", String.valueOf(TestServices.freePort()))
        .put("ALLOWED_HOSTS", "localhost,127.0.0.1").put("MAX_BODY_SIZE", String.valueOf(MAX_BODY_SIZE))
        .put("REQUEST_TIMEOUT_MS", "5000")
        .mergeIn(overrides);
    return ConfigLoader.load(vertx, ConfigLoader.Sources.only(values)).await();
  }

  static GatewayFixture deploy(Vertx vertx) {
    return deploy(vertx, new JsonObject());
  }

  static GatewayFixture deploy(Vertx vertx, JsonObject overrides) {
    FakeCache cache = FakeCache.register(vertx);
    HttpGatewayVerticle verticle = new HttpGatewayVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config(vertx, overrides))).await();
    return new GatewayFixture(vertx, verticle, verticle.actualPort(), cache);
  }

  /**
   * The gateway's router with {@code extraRoutes} added to its route table (routes other work has yet to
   * add, such as login), served on a free port, with a stand-in for authentication: a request with
   * {@value #TEST_USER} {@code N} is user {@code N}.
   */
  static GatewayFixture serve(Vertx vertx, JsonObject overrides, Consumer<RouteTable> extraRoutes) {
    FakeCache cache = FakeCache.register(vertx);
    Settings settings = Settings.from(config(vertx, overrides));
    CacheClient cacheClient = new CacheClient(vertx, settings.requestTimeoutMs());
    RouteTable routes = GatewayRouter.routes(
        new ResourceHandlers(new EntitiesClient(vertx, settings.requestTimeoutMs()),
            new ResponseCache(cacheClient, settings.cache().enabled(), settings.cache().ttlSeconds())),
        new HealthHandlers(new EntitiesPing(vertx, 2_000), cacheClient));
    extraRoutes.accept(routes);
    Router router = GatewayRouter.create(vertx, settings, routes, cacheClient);
    router.route().order(-1).handler(ctx -> {
      String user = ctx.request().getHeader(TEST_USER);
      if (user != null) ctx.put(Throttling.CALLER, new Caller(Long.parseLong(user), "user" + user));
      ctx.next();
    });
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(settings.httpPort(), HOST).await();
    return new GatewayFixture(vertx, null, server.actualPort(), cache);
  }

  HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, port, HOST, path);
  }

  HttpResponse<Buffer> send(HttpMethod method, String path) {
    return request(method, path).send().await();
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, String body) {
    return request(method, path).putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)).await();
  }

  String baseUrl() {
    return "http://" + HOST + ":" + port;
  }
}
