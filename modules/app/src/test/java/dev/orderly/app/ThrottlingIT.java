package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.CacheBackend;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** DRF's rate limits end to end: gateway, cache service (in memory or on Redis), entity service. */
class ThrottlingIT {
  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void aUserGetsExactlyTheRateThen429(CacheBackend backend, @TempDir Path dir) {
    JsonObject config = backend.overrides().put("THROTTLE_RATES", "user=3/minute");
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, config)) {
      for (int i = 1; i <= 3; i++) {
        HttpResponse<Buffer> ok = app.testRequest(HttpMethod.GET, "/api/suppliers/", null, 200);
        assertThat(ok.getHeader("RateLimit-Limit")).isEqualTo("3");
        assertThat(ok.getHeader("RateLimit-Remaining")).isEqualTo(String.valueOf(3 - i));
      }
      HttpResponse<Buffer> refused = app.testRequest(HttpMethod.GET, "/api/suppliers/", null, 429);
      long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
      assertThat(retryAfter).isBetween(1L, 60L);
      assertThat(refused.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", "throttled")
          .put("detail", "Request was throttled. Expected available in " + retryAfter + (retryAfter == 1 ? " second." : " seconds.")));
      assertThat(refused.getHeader("RateLimit-Remaining")).isEqualTo("0");
      assertThat(refused.getHeader("RateLimit-Reset")).isEqualTo(String.valueOf(retryAfter));
      app.testRequest(HttpMethod.POST, "/api/suppliers/", new JsonObject().put("code", "X").put("name", "X"), 429);
      app.testRequest(HttpMethod.GET, "/health/live", null, 200);
      app.testRequest(HttpMethod.GET, "/health/ready", null, 200);
      // a 401 uses no quota
      assertThat(app.send(app.anonymous(HttpMethod.GET, "/api/suppliers/"), null).statusCode()).isEqualTo(401);

      if (backend == CacheBackend.REDIS) {
        String key = config.getString("CACHE_KEY_PREFIX") + "t:user:" + app.adminId();
        Redis redis = Redis.createClient(app.vertx(), TestServices.REDIS_URL);
        try {
          assertThat(RunningOrderly.await(redis.send(Request.cmd(Command.ZCARD).arg(key))).toInteger())
              .as("counted in Redis, refused requests not counted").isEqualTo(3);
        } finally {
          redis.close();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CacheBackend.class)
  void anAnonymousClientIsCountedByItsAddressAndAForgedForwardedForChangesNothing(CacheBackend backend, @TempDir Path dir) {
    JsonObject config = backend.overrides().put("THROTTLE_RATES", "anon=3/minute,login=100/minute");
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, config)) {
      JsonObject wrong = new JsonObject().put("username", "nobody").put("password", "wrong-password");
      for (int i = 1; i <= 3; i++) {
        HttpResponse<Buffer> failed = app.send(app.anonymous(HttpMethod.POST, "/api/auth/login"), wrong);
        assertThat(failed.statusCode()).isEqualTo(401);
        assertThat(failed.getHeader("RateLimit-Remaining")).isEqualTo(String.valueOf(3 - i));
      }
      assertThat(app.send(app.anonymous(HttpMethod.POST, "/api/auth/login"), wrong).statusCode()).isEqualTo(429);
      HttpResponse<Buffer> spoofed = app.send(app.anonymous(HttpMethod.POST, "/api/auth/login")
          .putHeader("X-Forwarded-For", "198.51.100.23"), wrong);
      assertThat(spoofed.statusCode()).as("a forged X-Forwarded-For from an untrusted client changes nothing").isEqualTo(429);
    }
  }

  @Test
  void twoNodesSharingRedisNeverLetMoreThanTheRateThroughTogether(@TempDir Path dir) {
    JsonObject config = TestServices.redis().put("THROTTLE_RATES", "user=10/hour");
    try (RunningOrderly first = RunningOrderly.start(Db.SQLITE, dir.resolve("a"), config);
         RunningOrderly second = RunningOrderly.start(Db.SQLITE, dir.resolve("b"), config)) {
      List<Future<HttpResponse<Buffer>>> responses = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        RunningOrderly node = i % 2 == 0 ? first : second;
        responses.add(node.request(HttpMethod.GET, "/api/suppliers/").send());
      }
      RunningOrderly.await(Future.join(responses));
      assertThat(responses.stream().filter(r -> r.result().statusCode() == 200).count()).isEqualTo(10);
      assertThat(responses.stream().filter(r -> r.result().statusCode() == 429).count()).isEqualTo(20);
    }
  }
}
