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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose Redis goes away keeps serving from memory, says so in readiness, and goes back to Redis. */
class RedisOutageIT {
  private static JsonObject cacheCheck(HttpResponse<Buffer> ready) {
    JsonArray checks = ready.bodyAsJsonObject().getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if ("cache".equals(checks.getJsonObject(i).getString("id"))) return checks.getJsonObject(i);
    }
    throw new AssertionError("no cache check in " + ready.bodyAsString());
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
      assertThat(cacheCheck(ready)).isEqualTo(new JsonObject().put("id", "cache").put("status", "UP").put("backend", "redis"));

      relay.cut();
      for (int i = 0; i < 3; i++) app.testRequest(HttpMethod.GET, "/api/suppliers/", null, 200);
      app.testRequest(HttpMethod.POST, "/api/suppliers/", new JsonObject().put("code", "OUT").put("name", "During"), 201);
      HttpResponse<Buffer> degraded = app.testRequest(HttpMethod.GET, "/health/ready", null, 200);
      assertThat(degraded.bodyAsJsonObject().getString("status")).isEqualTo("DEGRADED");
      assertThat(cacheCheck(degraded).getString("status")).isEqualTo("DEGRADED");
      assertThat(cacheCheck(degraded).getString("backend")).isEqualTo("memory");
      assertThat(cacheCheck(degraded).getString("degraded")).contains("per node").contains("nodes x rate");
      assertThat(counted(app, key[0])).as("Redis saw none of it").isEqualTo(1);

      relay.restore();
      Eventually.until("Redis used again", () ->
          "UP".equals(app.testRequest(HttpMethod.GET, "/health/ready", null, 200).bodyAsJsonObject().getString("status")));
      HttpResponse<Buffer> list = app.testRequest(HttpMethod.GET, "/api/suppliers/", null, 200);
      assertThat(list.bodyAsJsonObject().getInteger("count")).as("the write during the outage is visible").isEqualTo(1);
      assertThat(counted(app, key[0])).as("counted in Redis again").isEqualTo(2);
    } finally {
      relay.close();
      relayVertx.close().await();
    }
  }
}
