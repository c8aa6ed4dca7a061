package dev.orderly.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.config.Settings;
import dev.orderly.core.redis.RedisFailover;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.util.function.Supplier;

/**
 * The cache service on {@link CacheClient#ADDRESS}: entries, namespace generations and throttle counters,
 * in Redis when {@code REDIS_URL} is set (with memory in reserve while it is down, see
 * {@link FailoverStore}), else in this node's memory ({@code CACHE_MAX_ENTRIES} entries). Its config is
 * the raw flat configuration. Deploy one instance per node: the memory store belongs to it. It answers
 * on {@link CacheClient#ADDRESS} for any node and on its local twin {@link CacheClient#LOCAL_ADDRESS} for its own
 * node's callers, which use that one when there is no Redis: each node then throttles and caches in its own memory.
 */
public final class CacheVerticle extends VerticleBase {
  private Redis redis;
  private FailoverStore failover;
  private CacheService service;

  public CacheVerticle() {}

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    Settings.Cache cache = settings.cache();
    MemoryStore memory = new MemoryStore(cache.maxEntries(), Ticker.systemTicker());
    CacheStore store = memory;
    Supplier<CacheClient.Status> status = () -> new CacheClient.Status(CacheClient.UP, "memory", null);
    Future<Void> ready = Future.succeededFuture();
    if (settings.usesRedis()) {
      redis = RedisFailover.client(vertx, settings.redisUrl(), cache.redisTimeoutMs());
      failover = new FailoverStore(vertx, redis, new RedisStore(redis, cache.keyPrefix()), memory, RedisFailover.withoutPassword(settings.redisUrl()),
          cache.redisTimeoutMs(), cache.redisRetryIntervalMs());
      store = failover;
      status = failover::status;
      ready = failover.start();
    }
    CallerSigning signing = CallerSigning.fromSecret(settings.secretKey());
    service = new CacheService(vertx, store, status, cache.ttlSeconds(), signing);
    // registered with its local twin, which the node's own callers use when the memory is the node's own (CacheClient.forNode)
    return ready.compose(v -> Consumers.register(vertx, signing, CacheClient.ADDRESS, service.actions()));
  }

  @Override
  public Future<?> stop() {
    if (failover != null) failover.stop();
    Future<Void> closing = service == null ? Future.succeededFuture() : service.close();
    return closing.eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
  }
}
