package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TcpProxy;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose Redis goes away (refused or hung) keeps serving: the cache from memory, revoked tokens from
 * the database; its readiness is 503 naming {@code redis} meanwhile (API.md: ready when Redis, if configured, answers),
 * and it goes back to Redis, and readiness to 200, when Redis returns.
 */
@Timeout(120)
class RedisOutageIT {
  private static final String PASSWORD = "outage-Passw0rd-1";

  private static JsonObject check(HttpResponse<Buffer> ready, String id) {
    JsonArray checks = ready.bodyAsJsonObject().getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if (id.equals(checks.getJsonObject(i).getString("id"))) return checks.getJsonObject(i);
    }
    throw new AssertionError("no " + id + " check in " + ready.bodyAsString());
  }

  private static int counted(RunningOrderly app, String key) {
    Redis redis = Redis.createClient(app.vertx(), TestServices.REDIS_URL);
    try {
      return RunningOrderly.await(redis.send(Request.cmd(Command.ZCARD).arg(key))).toInteger();
    } finally {
      redis.close();
    }
  }

  @Test
  void requestsKeepSucceedingFromMemoryAndRedisIsUsedAgainWhenItAnswers(@TempDir Path dir) {
    TestServices.assumeRedis();
    String prefix = TestServices.newCachePrefix();
    String[] key = new String[1];
    URI redis = URI.create(TestServices.REDIS_URL);
    Vertx relayVertx = Vertx.vertx();
    TcpProxy relay = new TcpProxy(relayVertx, redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort(), TestServices.freePort());
    relay.restore();
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("REDIS_URL", "redis://127.0.0.1:" + relay.port())
        .put("CACHE_KEY_PREFIX", prefix).put("REDIS_TIMEOUT_MS", "500").put("REDIS_RETRY_INTERVAL_MS", "100"))) {
      key[0] = prefix + "t:user:" + app.adminId();
      app.testRequest(HttpMethod.GET, "/api/suppliers/", null, 200);
      assertThat(counted(app, key[0])).isEqualTo(1);
      HttpResponse<Buffer> ready = app.testRequest(HttpMethod.GET, "/health/ready", null, 200);
      assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
      assertThat(check(ready, "redis")).isEqualTo(new JsonObject().put("id", "redis").put("status", "UP"));
      assertThat(check(ready, "cache")).isEqualTo(new JsonObject().put("id", "cache").put("status", "UP").put("backend", "redis"));

      relay.cut();
      for (int i = 0; i < 3; i++) app.testRequest(HttpMethod.GET, "/api/suppliers/", null, 200);
      app.testRequest(HttpMethod.POST, "/api/suppliers/", new JsonObject().put("code", "OUT").put("name", "During"), 201);
      HttpResponse<Buffer> notReady = app.testRequest(HttpMethod.GET, "/health/ready", null, 503);
      assertThat(notReady.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
      assertThat(check(notReady, "redis").getString("status")).isEqualTo("DOWN");
      assertThat(check(notReady, "redis").getString("detail")).contains("per node").contains("nodes x rate");
      assertThat(check(notReady, "cache")).as("the cache service itself serves, from memory")
          .isEqualTo(new JsonObject().put("id", "cache").put("status", "UP").put("backend", "memory"));
      assertThat(check(notReady, "database").getString("status")).isEqualTo("UP");
      assertThat(counted(app, key[0])).as("Redis saw none of it").isEqualTo(1);

      relay.restore();
      Eventually.until("Redis used again, readiness 200", () -> app.testRequest(HttpMethod.GET, "/health/ready", null).statusCode() == 200);
      assertThat(check(app.testRequest(HttpMethod.GET, "/health/ready", null, 200), "redis").getString("status")).isEqualTo("UP");
      HttpResponse<Buffer> list = app.testRequest(HttpMethod.GET, "/api/suppliers/", null, 200);
      assertThat(list.bodyAsJsonObject().getInteger("count")).as("the write during the outage is visible").isEqualTo(1);
      assertThat(counted(app, key[0])).as("counted in Redis again").isEqualTo(2);
    } finally {
      relay.close();
      relayVertx.close().await();
    }
  }

  private static TcpProxy relayToRedis(Vertx vertx) {
    URI redis = URI.create(TestServices.REDIS_URL);
    return new TcpProxy(vertx, redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort(), TestServices.freePort());
  }

  /** The {@code jti} claim of an access token. */
  private static String jti(String access) {
    String payload = access.split("\\.")[1];
    return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).getString("jti");
  }

  private static boolean deniedInRedis(RunningOrderly app, String jti) {
    Redis redis = Redis.createClient(app.vertx(), TestServices.REDIS_URL);
    try {
      return RunningOrderly.await(redis.send(Request.cmd(Command.GET).arg("orderly:auth:revoked:" + jti))) != null;
    } finally {
      redis.close();
    }
  }

  /**
   * One user's session over HTTP: log in, two authenticated reads, log out, and the logged-out token refused;
   * every status is added to {@code statuses}. Returns the access token's jti.
   */
  private static String session(RunningOrderly app, String username, List<Integer> statuses) {
    HttpResponse<Buffer> login = app.send(app.anonymous(HttpMethod.POST, "/api/auth/login"),
        new JsonObject().put("username", username).put("password", PASSWORD));
    statuses.add(login.statusCode());
    if (login.statusCode() != 200) return null;
    String access = login.bodyAsJsonObject().getString("access");
    statuses.add(app.send(app.requestAs(access, HttpMethod.GET, "/api/suppliers/"), null).statusCode());
    statuses.add(app.send(app.requestAs(access, HttpMethod.GET, "/api/auth/me"), null).statusCode());
    HttpResponse<Buffer> logout = app.send(app.requestAs(access, HttpMethod.POST, "/api/auth/logout"),
        new JsonObject().put("refresh", login.bodyAsJsonObject().getString("refresh")));
    statuses.add(logout.statusCode());
    HttpResponse<Buffer> after = app.send(app.requestAs(access, HttpMethod.GET, "/api/suppliers/"), null);
    assertThat(after.statusCode()).as("the logged-out token is refused: %s", after.bodyAsString()).isEqualTo(401);
    return jti(access);
  }

  /** Within 5 s of Redis's return, a logout's denied token id is in Redis again. */
  private static void backOnRedis(RunningOrderly app, List<Integer> statuses) {
    Eventually.within(Duration.ofSeconds(5), () -> {
      assertThat(deniedInRedis(app, session(app, "looper", statuses))).as("a logout after Redis returned is denied in Redis").isTrue();
      return null;
    });
  }

  @Test
  void loginsReadsAndLogoutsNeverFailWhileRedisIsRefusedOrHungAndGoBackToRedisWhenItReturns(@TempDir Path dir) {
    TestServices.assumeRedis();
    Vertx relayVertx = Vertx.vertx();
    TcpProxy relay = relayToRedis(relayVertx);
    relay.restore();
    // the shipped REDIS_TIMEOUT_MS and REDIS_RETRY_INTERVAL_MS
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("REDIS_URL", "redis://127.0.0.1:" + relay.port())
        .put("CACHE_KEY_PREFIX", TestServices.newCachePrefix()).put("REDIS_TIMEOUT_MS", "1000").put("REDIS_RETRY_INTERVAL_MS", "2000"))) {
      app.testRequest(HttpMethod.POST, "/api/users/", new JsonObject().put("username", "looper").put("password", PASSWORD)
          .put("permissions", new JsonArray().add("suppliers.view")), 201);
      List<Integer> statuses = new ArrayList<>();
      assertThat(deniedInRedis(app, session(app, "looper", statuses))).as("denied in Redis while it answers").isTrue();

      relay.blackHole();
      for (int i = 0; i < 3; i++) session(app, "looper", statuses);
      relay.restore();
      backOnRedis(app, statuses);
      relay.cut();
      for (int i = 0; i < 3; i++) session(app, "looper", statuses);
      relay.restore();
      backOnRedis(app, statuses);
      assertThat(statuses).as("no 5xx while Redis was hung, refused or coming back").allMatch(status -> status < 500);
      assertThat(statuses).as("every session logged in, read and logged out").hasSizeGreaterThanOrEqualTo(9 * 4).containsOnly(200, 204);
    } finally {
      relay.close();
      relayVertx.close().await();
    }
  }

  @Test
  void aNodeStartedWhileRedisIsDownServesAuthenticatedRequests(@TempDir Path dir) {
    TestServices.assumeRedis();
    Vertx relayVertx = Vertx.vertx();
    TcpProxy relay = relayToRedis(relayVertx);
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("REDIS_URL", "redis://127.0.0.1:" + relay.port())
        .put("CACHE_KEY_PREFIX", TestServices.newCachePrefix()).put("REDIS_TIMEOUT_MS", "500").put("REDIS_RETRY_INTERVAL_MS", "100"))) {
      app.testRequest(HttpMethod.GET, "/api/suppliers/", null, 200);
      app.testRequest(HttpMethod.POST, "/api/users/", new JsonObject().put("username", "late").put("password", PASSWORD)
          .put("permissions", new JsonArray().add("suppliers.view")), 201);
      List<Integer> statuses = new ArrayList<>();
      session(app, "late", statuses);
      assertThat(statuses).containsExactly(200, 200, 200, 204);

      relay.restore();
      Eventually.within(Duration.ofSeconds(5), () -> {
        assertThat(deniedInRedis(app, session(app, "late", statuses))).isTrue();
        return null;
      });
    } finally {
      relay.close();
      relayVertx.close().await();
    }
  }
}
