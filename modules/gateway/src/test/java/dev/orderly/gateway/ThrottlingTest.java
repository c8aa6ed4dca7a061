package dev.orderly.gateway;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CacheClient.Check;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the gateway asks the cache service to count, and how it answers; the counting itself is the cache service's. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class ThrottlingTest {
  private static final JsonObject RATES = new JsonObject().put("THROTTLE_RATES", "anon=3/minute,user=5/minute,login=2/minute");

  @Test
  void everyApiResponseThatPassedCarriesTheRateLimitOfTheTightestScope(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, RATES);
    gateway.entities.replies("{\"count\":0}", null, null);

    HttpResponse<Buffer> ok = gateway.send(GET, "/api/suppliers/");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.getHeader("RateLimit-Limit")).isEqualTo("5");
    assertThat(ok.getHeader("RateLimit-Remaining")).isEqualTo("4");
    assertThat(ok.getHeader("RateLimit-Reset")).isEqualTo("60");
    assertThat(gateway.cache.lastChecks()).containsExactly(new Check("user", String.valueOf(FakeAuth.SUPERUSER), 5, 60));

    for (int status : new int[] {400, 404, 409, 412}) {
      gateway.entities.fails(status, new JsonObject().put("detail", "x").put("code", "x"));
      HttpResponse<Buffer> failed = gateway.send(GET, "/api/suppliers/1/");
      assertThat(failed.statusCode()).isEqualTo(status);
      assertThat(failed.getHeader("RateLimit-Limit")).as("status %d", status).isEqualTo("5");
    }

    HttpResponse<Buffer> unauthenticated = gateway.anonymous(GET, "/api/suppliers/").send().await();
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(unauthenticated.getHeader("RateLimit-Limit")).as("a 401 uses no quota").isNull();
  }

  @Test
  void refusedIs429WithDrfsBodyAndRetryAfterRoundedUp(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, RATES);
    gateway.cache.refuses(41.2);

    HttpResponse<Buffer> refused = gateway.send(GET, "/api/suppliers/");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("42");
    assertThat(refused.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("detail", "Request was throttled. Expected available in 42 seconds.").put("code", "throttled"));
    assertThat(refused.getHeader("RateLimit-Remaining")).isEqualTo("0");
    assertThat(refused.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(gateway.entities.count()).as("a refused request never reaches the service").isZero();

    gateway.cache.refuses(0.4);
    assertThat(gateway.send(GET, "/api/suppliers/").bodyAsJsonObject().getString("detail"))
        .isEqualTo("Request was throttled. Expected available in 1 second.");
    gateway.cache.refuses(null);
    HttpResponse<Buffer> noWait = gateway.send(GET, "/api/suppliers/");
    assertThat(noWait.bodyAsJsonObject().getString("detail")).isEqualTo("Request was throttled.");
    assertThat(noWait.getHeader("Retry-After")).isNull();
  }

  /** The first check counted for a login attempt sent with {@code X-Forwarded-For: forwardedFor}. */
  private static Check firstCheckOfLogin(GatewayFixture gateway, String forwardedFor) {
    gateway.anonymous(POST, "/api/auth/login").putHeader("X-Forwarded-For", forwardedFor)
        .sendJsonObject(new JsonObject().put("username", "alice").put("password", "x")).await();
    return gateway.cache.lastChecks().get(0);
  }

  @Test
  void aSpoofedForwardedForChangesNothingWithoutTrustedProxies(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx, RATES);
    assertThat(firstCheckOfLogin(gateway, "203.0.113.77")).isEqualTo(new Check("anon", "127.0.0.1", 3, 60));
  }

  @Test
  void behindATrustedProxyTheAddressItAppendedCounts(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx, RATES.copy().put("NUM_PROXIES", "1"));
    assertThat(firstCheckOfLogin(gateway, "203.0.113.77, 198.51.100.4")).isEqualTo(new Check("anon", "198.51.100.4", 3, 60));
  }

  @Test
  void aRouteNotBuiltYetIsA404AndAWrongMethodA405NeitherUsingQuota(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, RATES);
    JsonObject notFound = new JsonObject().put("detail", "Not found.").put("code", "not_found");

    // no route has these paths: an id is digits only, and "report" is no action
    for (String path : List.of("/api/products/report", "/api/products/report/", "/api/products/+1/", "/api/products/1a/")) {
      HttpResponse<Buffer> response = gateway.testRequest(GET, path, 404);
      assertThat(response.bodyAsJsonObject()).as(path).isEqualTo(notFound);
      assertThat(response.getHeader("RateLimit-Limit")).as(path).isNull();
    }
    GatewayFixture.testRequest(gateway.anonymous(GET, "/api/products/report"), 404);
    GatewayFixture.testRequest(gateway.anonymous(DELETE, "/api/products/"), 405);

    assertThat(gateway.cache.requests(CacheClient.THROTTLE)).as("no scope counted: not export, not user").isEmpty();
    assertThat(gateway.entities.count()).isZero();
  }

  @Test
  void theDocsAreOpenAndNeverThrottled(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx, RATES);
    gateway.cache.refuses(10.0);
    GatewayFixture.testRequest(gateway.anonymous(GET, "/api/docs"), 200);
    GatewayFixture.testRequest(gateway.anonymous(GET, "/api/docs/init.js"), 200);
    assertThat(gateway.cache.requests(CacheClient.THROTTLE)).isEmpty();
  }

  @Test
  void healthIsNeverThrottled(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx, RATES);
    gateway.cache.refuses(10.0);
    assertThat(gateway.send(GET, "/health/live").statusCode()).isEqualTo(200);
    assertThat(gateway.send(GET, "/health/live").getHeader("RateLimit-Limit")).isNull();
    assertThat(gateway.cache.requests(CacheClient.THROTTLE)).isEmpty();
  }

  @Test
  void withoutTheCacheServiceThrottledRoutesAre503(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, RATES);
    gateway.entities.replies("{}", null, null);
    gateway.cache.unregister();
    HttpResponse<Buffer> response = gateway.send(GET, "/api/suppliers/");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
  }

  @Test
  void aLoginAttemptCountsByIpAndUsernameBeforeTheLoginRuns(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.deploy(vertx, RATES);
    gateway.auth.answers(AuthClient.LOGIN, new JsonObject());
    java.util.function.LongSupplier logins = () -> gateway.auth.received.stream()
        .filter(m -> AuthClient.LOGIN.equals(m.headers().get(dev.orderly.core.bus.Actions.HEADER))).count();

    HttpResponse<Buffer> first = gateway.anonymous(POST, "/api/auth/login")
        .sendJsonObject(new JsonObject().put("username", "alice").put("password", "wrong")).await();
    assertThat(first.getHeader("RateLimit-Limit")).as("an attempt counted, in the tighter login scope").isEqualTo("2");
    Check login = gateway.cache.lastChecks().get(1);
    assertThat(login.scope()).isEqualTo("login");
    assertThat(login.key()).isEqualTo("127.0.0.1:" + ThrottleScopes.digest("alice"));
    assertThat(logins.getAsLong()).isEqualTo(1);

    gateway.cache.refuses(30.0);
    HttpResponse<Buffer> refused = gateway.anonymous(POST, "/api/auth/login")
        .sendJsonObject(new JsonObject().put("username", "alice").put("password", "guess")).await();
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(logins.getAsLong()).as("refused before the login reached the auth service").isEqualTo(1);
  }

  @Test
  void anAuthenticatedCallerCountsInTheUserScopeByItsId(Vertx vertx) {
    FakeEntities.register(vertx).replies("{}", null, null);
    GatewayFixture gateway = GatewayFixture.serve(vertx, RATES, routes -> { });
    gateway.request(GET, "/api/suppliers/").putHeader(GatewayFixture.TEST_USER, "42").send().await();
    assertThat(gateway.cache.lastChecks()).containsExactly(new Check("user", "42", 5, 60));
  }
}
