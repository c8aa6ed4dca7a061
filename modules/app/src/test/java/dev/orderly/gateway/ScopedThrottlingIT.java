package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.cache.CacheVerticle;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.config.Settings;
import dev.orderly.core.test.TestServices;
import dev.orderly.core.test.TestVertx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scoped rate limits (approval transitions, login) counted for real: the gateway's
 * router with test routes in its route table, the real cache service, and a stand-in for authentication
 * ({@value #USER}: the caller's user id). Lives in the gateway's package to build its router; lives in
 * this module because only here are the gateway and the cache service together.
 */
@Timeout(60)
class ScopedThrottlingIT {
  private static final String USER = "X-Test-User";
  @RegisterExtension
  final TestVertx node = new TestVertx();
  private WebClient client;
  private int port;

  void start(JsonObject overrides) {
    JsonObject values = new JsonObject().put("DEBUG", "true").put("ALLOWED_HOSTS", "localhost,127.0.0.1")
        .put("HTTP_PORT", "0").put("THROTTLE_RATES", "user=5/minute,approval=2/minute,login=2/minute,anon=50/minute").mergeIn(overrides);
    Vertx vertx = node.vertx();
    JsonObject config = node.config(values);
    vertx.deployVerticle(new CacheVerticle(), new DeploymentOptions().setConfig(config)).await();
    Settings settings = Settings.from(config);
    CacheClient cache = new CacheClient(vertx, 5_000);
    RouteTable routes = new RouteTable()
        .open(GET, "/health/live", ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")))
        .api(POST, GatewayRouter.SUBMIT, ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "submitted")),
            Permission.SERVICE_DECIDES)
        .api(GET, "/api/test/whoami/{id}", ctx -> Responses.json(ctx, 200, new JsonObject()))
        .unauthenticated(POST, "/api/auth/login", ctx -> Responses.error(ctx, ServiceError.of(401, ErrorCodes.AUTHENTICATION_FAILED, "No active account.")))
        .unauthenticated(POST, "/api/auth/session", ctx -> Responses.error(ctx, ServiceError.of(401, ErrorCodes.AUTHENTICATION_FAILED, "No active account.")))
        .unauthenticated(POST, "/api/auth/refresh", ctx -> Responses.error(ctx, ServiceError.of(401, ErrorCodes.AUTHENTICATION_FAILED, "Token is invalid.")));
    // a stand-in for authentication: the header names the (superuser) caller
    Router router = GatewayRouter.create(vertx, settings, routes, cache, ctx -> {
      String user = ctx.request().getHeader(USER);
      if (user != null) {
        Authentication.authenticated(ctx, Authentication.context(ctx)
            .withCaller(new Caller(Long.parseLong(user), "user" + user, true, true, java.util.Set.of())));
      }
      ctx.next();
    });
    port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    client = WebClient.create(vertx);
  }

  private HttpResponse<Buffer> send(io.vertx.core.http.HttpMethod method, String path, String user, JsonObject body) {
    var request = client.request(method, port, "127.0.0.1", path);
    if (user != null) request.putHeader(USER, user);
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "redis"})
  void theApprovalScopeIsCountedApartFromTheUserScope(String backend) {
    start(backend.equals("redis") ? TestServices.redis() : new JsonObject());
    assertThat(send(POST, "/api/purchase-orders/1/submit", "42", null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> second = send(POST, "/api/purchase-orders/2/submit/", "42", null);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.getHeader("RateLimit-Limit")).as("approval, the scope with the least left").isEqualTo("2");
    assertThat(second.getHeader("RateLimit-Remaining")).isEqualTo("0");

    HttpResponse<Buffer> third = send(POST, "/api/purchase-orders/3/submit", "42", null);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(third.getHeader("Retry-After"))).isBetween(1L, 60L);

    HttpResponse<Buffer> other = send(GET, "/api/test/whoami/1", "42", null);
    assertThat(other.statusCode()).as("the user scope still has room").isEqualTo(200);
    assertThat(other.getHeader("RateLimit-Limit")).isEqualTo("5");
    assertThat(other.getHeader("RateLimit-Remaining")).as("2 submits + this one; the refused submit was not counted").isEqualTo("2");
    assertThat(send(POST, "/api/purchase-orders/4/submit", "43", null).statusCode()).as("another user's own quota").isEqualTo(200);

    send(GET, "/api/test/whoami/1", "42", null);
    send(GET, "/api/test/whoami/1", "42", null);
    HttpResponse<Buffer> userRefused = send(GET, "/api/test/whoami/1", "42", null);
    assertThat(userRefused.statusCode()).as("exactly 5 in the user scope").isEqualTo(429);
    assertThat(userRefused.getHeader("RateLimit-Limit")).isEqualTo("5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "redis"})
  void everyLoginAttemptCountsPerIpAndUsernameAcrossLoginAndSession(String backend) {
    start(backend.equals("redis") ? TestServices.redis() : new JsonObject());
    JsonObject alice = new JsonObject().put("username", "alice").put("password", "wrong");
    assertThat(send(POST, "/api/auth/login", null, alice).statusCode()).isEqualTo(401);
    assertThat(send(POST, "/api/auth/session", null, alice).statusCode()).as("one counter for both").isEqualTo(401);
    HttpResponse<Buffer> refused = send(POST, "/api/auth/login", null, alice.copy().put("password", "right"));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("throttled");

    assertThat(send(POST, "/api/auth/login", null, new JsonObject().put("username", "bob")).statusCode())
        .as("another username from the same address").isEqualTo(401);
    assertThat(send(POST, "/api/auth/refresh", null, new JsonObject().put("refresh", "x")).statusCode()).isEqualTo(401);
    assertThat(send(POST, "/api/auth/refresh", null, new JsonObject().put("refresh", "y")).statusCode()).isEqualTo(401);
    assertThat(send(POST, "/api/auth/refresh", null, new JsonObject().put("refresh", "z")).statusCode())
        .as("refresh counts per address").isEqualTo(429);
  }

  @Test
  void healthIsNotThrottled() {
    start(new JsonObject().put("THROTTLE_RATES", "anon=1/minute"));
    for (int i = 0; i < 5; i++) assertThat(send(GET, "/health/live", null, null).statusCode()).isEqualTo(200);
  }
}
