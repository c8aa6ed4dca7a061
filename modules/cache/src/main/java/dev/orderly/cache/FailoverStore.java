package dev.orderly.cache;

import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.Lookup;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import dev.orderly.core.redis.RedisFailover;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.function.Function;

/**
 * Redis, with memory in reserve ({@link RedisFailover}): while Redis answers, everything goes to it; while
 * it cannot be reached, everything is served from memory, and the memory entries are dropped when it goes
 * (they may be older than what Redis held). When it answers again, the Redis epoch is raised before it is
 * used (entries cached before and during the outage may be stale: writes meanwhile only reached memory).
 * A Redis error reply (a bug, not an outage) fails the call instead.
 */
final class FailoverStore implements CacheStore {
  private final RedisStore redis;
  private final MemoryStore memory;
  private final String where;
  private final RedisFailover failover;

  FailoverStore(Vertx vertx, Redis client, RedisStore redis, MemoryStore memory, String where, long timeoutMs, long retryIntervalMs) {
    this.redis = redis;
    this.memory = memory;
    this.where = where;
    this.failover = new RedisFailover(vertx, client, where, timeoutMs, retryIntervalMs,
        "the cache and rate-limit counters are in this node's memory (effective limit: nodes x rate)", new RedisFailover.Listener() {
          @Override
          public void down() {
            memory.clearEntries();
          }

          @Override
          public Future<Void> back() {
            return redis.newEpoch();
          }
        });
  }

  /** Tries Redis once; succeeds either way (an unreachable Redis means starting on memory). */
  Future<Void> start() {
    return failover.start();
  }

  /** {@code {status: UP|DEGRADED, backend: redis|memory, detail}} for readiness. */
  CacheClient.Status status() {
    return failover.down()
        ? new CacheClient.Status(CacheClient.DEGRADED, "memory",
            "Redis at " + where + " is unreachable (" + failover.reason() + "): serving from memory; rate limits are counted per node"
                + " until it answers again, so the effective limit is nodes x rate")
        : new CacheClient.Status(CacheClient.UP, "redis", null);
  }

  boolean down() {
    return failover.down();
  }

  void stop() {
    failover.stop();
  }

  @Override
  public Future<List<Lookup>> lookup(List<EntryKey> keys) {
    return call(s -> s.lookup(keys));
  }

  @Override
  public Future<Boolean> store(String namespace, String generation, String key, String value, long ttlSeconds) {
    return call(s -> s.store(namespace, generation, key, value, ttlSeconds));
  }

  @Override
  public Future<String> bump(String namespace) {
    return call(s -> s.bump(namespace));
  }

  @Override
  public Future<List<ThrottleResult>> throttle(List<List<Check>> requests) {
    return call(s -> s.throttle(requests));
  }

  private <T> Future<T> call(Function<CacheStore, Future<T>> operation) {
    return failover.call(() -> operation.apply(redis), () -> operation.apply(memory));
  }
}
