package dev.orderly.core.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis that may go away, and what serves in its place meanwhile (the cache service's memory, the auth
 * service's database). While Redis answers, every {@link #call} goes to it. When one fails because Redis
 * cannot be reached (refused, closed, or no answer within {@code REDIS_TIMEOUT_MS}: the client itself has
 * no command timeout), this logs one warning, runs {@link Listener#down} and serves the call from the
 * fallback; from then on no call touches Redis, and one probe every {@code REDIS_RETRY_INTERVAL_MS} tries
 * it. When a probe answers and {@link Listener#back} succeeds, Redis is used again. A Redis error reply
 * (a bug, not an outage) fails the call instead. Event-loop only, like the Redis client.
 */
public final class RedisFailover {
  private static final Logger log = LoggerFactory.getLogger(RedisFailover.class);
  /** Connections per node; more callers queue for one, up to {@value #MAX_WAITING}. */
  private static final int MAX_POOL_SIZE = 8;
  private static final int MAX_WAITING = 512;

  /** What the user of Redis does around an outage. */
  public interface Listener {
    /** Redis was just found unreachable: runs once per outage, before the fallback serves. */
    default void down() {}

    /** Redis answers again; it is used again once this succeeds (else the next probe tries again). */
    default Future<Void> back() {
      return Future.succeededFuture();
    }
  }

  private final Vertx vertx;
  private final Redis redis;
  private final String where;
  private final long timeoutMs;
  private final long retryIntervalMs;
  private final String whileDown;
  private final Listener listener;
  private volatile boolean down;
  private volatile String reason = "";
  private long probeTimer = -1;
  private boolean probing;

  /**
   * @param where the Redis as logs may show it ({@link #withoutPassword})
   * @param whileDown what serves while Redis is down, for the warning ("the cache is in this node's memory")
   */
  public RedisFailover(Vertx vertx, Redis redis, String where, long timeoutMs, long retryIntervalMs, String whileDown, Listener listener) {
    this.vertx = vertx;
    this.redis = redis;
    this.where = where;
    this.timeoutMs = timeoutMs;
    this.retryIntervalMs = retryIntervalMs;
    this.whileDown = whileDown;
    this.listener = listener;
  }

  /** A client of {@code url} whose connection attempts give up after {@code timeoutMs}. */
  public static Redis client(Vertx vertx, String url, int timeoutMs) {
    RedisOptions options = new RedisOptions().setConnectionString(url).setMaxPoolSize(MAX_POOL_SIZE).setMaxPoolWaiting(MAX_WAITING);
    options.getNetClientOptions().setConnectTimeout(timeoutMs);
    return Redis.createClient(vertx, options);
  }

  /** The Redis URL as logs may show it. */
  public static String withoutPassword(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getUserInfo() == null ? url : url.replace(uri.getRawUserInfo() + "@", "***@");
    } catch (IllegalArgumentException e) {
      return "the configured REDIS_URL";
    }
  }

  /** Tries Redis once; succeeds either way (an unreachable Redis means starting on the fallback). */
  public Future<Void> start() {
    return ping().recover(e -> {
      markDown(e);
      return Future.succeededFuture();
    });
  }

  /** Whether the fallback serves now. */
  public boolean down() {
    return down;
  }

  /** Why Redis counts as down (the last failure's message), "" while it is up. */
  public String reason() {
    return down ? reason : "";
  }

  public void stop() {
    if (probeTimer >= 0) vertx.cancelTimer(probeTimer);
    probeTimer = -1;
  }

  /** {@code onRedis} within the timeout while Redis is up, else (and when it turns out to be down) {@code fallback}. */
  public <T> Future<T> call(Supplier<Future<T>> onRedis, Supplier<Future<T>> fallback) {
    if (down) return fallback.get();
    return onRedis.get().timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(e -> {
      if (!RedisErrors.unreachable(e)) return Future.failedFuture(e);
      markDown(e);
      return fallback.get();
    });
  }

  private Future<Void> ping() {
    return redis.send(Request.cmd(Command.PING)).<Void>mapEmpty().timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private void markDown(Throwable cause) {
    if (down) return;
    down = true;
    reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    listener.down();
    log.warn("Redis at {} is unreachable ({}): {} until it answers again; trying again every {} ms", where, reason, whileDown, retryIntervalMs);
    probeTimer = vertx.setPeriodic(retryIntervalMs, id -> probe());
  }

  private void probe() {
    if (probing || !down) return;
    probing = true;
    ping().compose(v -> listener.back()).timeout(timeoutMs, TimeUnit.MILLISECONDS).onComplete(ar -> {
      probing = false;
      if (ar.failed() || !down) return;
      down = false;
      stop();
      log.info("Redis at {} answers again: used again from now on", where);
    });
  }
}
