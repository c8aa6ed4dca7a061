package dev.orderly.cache;

import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.Lookup;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis, with memory in reserve. While Redis answers, everything goes to it. When a call fails because
 * Redis cannot be reached (refused, closed, or no answer within {@code REDIS_TIMEOUT_MS}), the store
 * logs one warning, drops the memory entries (they may be older than what Redis held) and serves from
 * memory; from then on no request touches Redis, and one probe every {@code REDIS_RETRY_INTERVAL_MS}
 * tries it. When a probe answers, it raises the Redis epoch (entries cached before and during the
 * outage may be stale: writes meanwhile only reached memory) and Redis is used again. A Redis error
 * reply (a bug, not an outage) fails the call instead.
 */
final class FailoverStore implements CacheStore {
  private static final Logger log = LoggerFactory.getLogger(FailoverStore.class);

  private final Vertx vertx;
  private final RedisStore redis;
  private final MemoryStore memory;
  private final String where;
  private final long timeoutMs;
  private final long retryIntervalMs;
  private volatile boolean down;
  private volatile String reason = "";
  private long probeTimer = -1;
  private boolean probing;

  FailoverStore(Vertx vertx, RedisStore redis, MemoryStore memory, String where, long timeoutMs, long retryIntervalMs) {
    this.vertx = vertx;
    this.redis = redis;
    this.memory = memory;
    this.where = where;
    this.timeoutMs = timeoutMs;
    this.retryIntervalMs = retryIntervalMs;
  }

  /** Tries Redis once; succeeds either way (an unreachable Redis means starting on memory). */
  Future<Void> start() {
    return redis.ping().timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> {
          markDown(e);
          return Future.succeededFuture();
        });
  }

  /** {@code {status: UP|DEGRADED, backend: redis|memory, detail}} for readiness. */
  CacheClient.Status status() {
    return down
        ? new CacheClient.Status(CacheClient.DEGRADED, "memory",
            "Redis at " + where + " is unreachable (" + reason + "): serving from memory; rate limits are counted per node"
                + " until it answers again, so the effective limit is nodes x rate")
        : new CacheClient.Status(CacheClient.UP, "redis", null);
  }

  boolean down() {
    return down;
  }

  void stop() {
    if (probeTimer >= 0) vertx.cancelTimer(probeTimer);
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
    if (down) return operation.apply(memory);
    return operation.apply(redis).timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(e -> {
      if (!RedisErrors.unreachable(e)) return Future.failedFuture(e);
      markDown(e);
      return operation.apply(memory);
    });
  }

  private void markDown(Throwable cause) {
    if (down) return;
    down = true;
    reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    memory.clearEntries();
    log.warn("Redis at {} is unreachable ({}): the cache and rate-limit counters are in this node's memory until it answers"
        + " again (effective limit: nodes x rate); trying again every {} ms", where, reason, retryIntervalMs);
    probeTimer = vertx.setPeriodic(retryIntervalMs, id -> probe());
  }

  private void probe() {
    if (probing || !down) return;
    probing = true;
    redis.ping().compose(v -> redis.newEpoch()).timeout(timeoutMs, TimeUnit.MILLISECONDS).onComplete(ar -> {
      probing = false;
      if (ar.failed() || !down) return;
      down = false;
      vertx.cancelTimer(probeTimer);
      probeTimer = -1;
      log.info("Redis at {} answers again: cache and rate-limit counters are shared again (entries cached before now dropped)", where);
    });
  }
}
