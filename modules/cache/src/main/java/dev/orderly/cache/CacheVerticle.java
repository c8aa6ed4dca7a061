package dev.orderly.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.net.URI;
import java.util.function.Supplier;

/**
 * The cache service on {@link CacheClient#ADDRESS}: entries, namespace generations and throttle counters,
 * in Redis when {@code REDIS_URL} is set (with memory in reserve while it is down, see
 * {@link FailoverStore}), else in this node's memory ({@code CACHE_MAX_ENTRIES} entries). Its config is
 * the raw flat configuration. Deploy one instance per node: the memory store belongs to it.
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
      RedisOptions options = new RedisOptions().setConnectionString(settings.redisUrl()).setMaxPoolSize(8).setMaxPoolWaiting(512);
      options.getNetClientOptions().setConnectTimeout(cache.redisTimeoutMs());
      redis = Redis.createClient(vertx, options);
      failover = new FailoverStore(vertx, new RedisStore(redis, cache.keyPrefix()), memory, withoutPassword(settings.redisUrl()),
          cache.redisTimeoutMs(), cache.redisRetryIntervalMs());
      store = failover;
      status = failover::status;
      ready = failover.start();
    }
    service = new CacheService(vertx, store, status, cache.ttlSeconds());
    return ready.compose(v -> Consumers.register(vertx, CacheClient.ADDRESS, service.actions()));
  }

  @Override
  public Future<?> stop() {
    if (failover != null) failover.stop();
    Future<Void> closing = service == null ? Future.succeededFuture() : service.close();
    return closing.eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
  }

  /** The Redis URL as logs may show it. */
  static String withoutPassword(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getUserInfo() == null ? url : url.replace(uri.getRawUserInfo() + "@", "***@");
    } catch (IllegalArgumentException e) {
      return "the configured REDIS_URL";
    }
  }
}
