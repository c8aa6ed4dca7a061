package dev.orderly.cache;

import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.test.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/** The few blocking helpers every cache-service test uses; where it keeps its data is a {@code CacheBackend}. */
final class CacheFixture {

  static final RequestContext CONTEXT = RequestContext.anonymous("test", TestServices.SIGNING);

  private CacheFixture() {}

  /** Deploys a {@link CacheVerticle} with test defaults plus {@code overrides}; returns a client of it. */
  static CacheClient deploy(Vertx vertx, JsonObject overrides) {
    JsonObject config = TestServices.config(vertx, new JsonObject().put("DEBUG", "true").put("SECRET_KEY", TestServices.SECRET)
        .mergeIn(overrides));
    vertx.deployVerticle(new CacheVerticle(), new DeploymentOptions().setConfig(config)).await();
    return new CacheClient(vertx, 5_000);
  }

  /** One command on the real test Redis, to look behind the service's back. */
  static Response redis(Vertx vertx, Command command, Object... args) {
    Redis client = Redis.createClient(vertx, TestServices.REDIS_URL);
    try {
      Request request = Request.cmd(command);
      for (Object arg : args) request.arg(String.valueOf(arg));
      return client.send(request).await();
    } finally {
      client.close();
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    }
  }
}
