package dev.orderly.cache;

import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.Lookup;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis store, shared by every node. Keys, under {@code CACHE_KEY_PREFIX} {@code P}:
 * {@code P g:<namespace>} a namespace's generation;
 * {@code P epoch}, raised when a node gets Redis back after an outage; {@code P n:<namespace>:<epoch>.<generation>:<key>}
 * namespaced entries; {@code P t:<scope>:<key>} throttle histories (sorted sets of request times, in
 * microseconds of the Redis clock, so nodes with skewed clocks still agree). Every read-modify-write is one
 * Lua script, so it is atomic and one round trip. Made for a standalone Redis (or one primary): the
 * scripts touch keys they build, which Redis Cluster would refuse.
 */
final class RedisStore implements CacheStore {
  /** A generation key lives this long after its last change; a new one starts from the Redis clock, above any old one. */
  static final long GENERATION_TTL_SECONDS = 86_400;

  /** The generation (started from the Redis clock when absent) and the entry stored under it. */
  static final LuaScript LOOKUP = new LuaScript("""
      local epoch = redis.call('GET', KEYS[2]) or '0'
      local gen = redis.call('GET', KEYS[1])
      if not gen then
        local t = redis.call('TIME')
        gen = t[1] .. string.format('%06d', tonumber(t[2]))
        redis.call('SET', KEYS[1], gen, 'EX', ARGV[3])
      end
      local token = epoch .. '.' .. gen
      return {token, redis.call('GET', ARGV[1] .. token .. ':' .. ARGV[2])}
      """);

  /** Stores the entry only if the generation it was read under is still current. */
  static final LuaScript STORE = new LuaScript("""
      local epoch = redis.call('GET', KEYS[2]) or '0'
      local gen = redis.call('GET', KEYS[1])
      if not gen or epoch .. '.' .. gen ~= ARGV[3] then return 0 end
      redis.call('SET', ARGV[1] .. ARGV[3] .. ':' .. ARGV[2], ARGV[4], 'EX', ARGV[5])
      return 1
      """);

  /** A new generation: one more, or the Redis clock when there was none. */
  static final LuaScript BUMP = new LuaScript("""
      local epoch = redis.call('GET', KEYS[2]) or '0'
      if redis.call('EXISTS', KEYS[1]) == 0 then
        local t = redis.call('TIME')
        redis.call('SET', KEYS[1], t[1] .. string.format('%06d', tonumber(t[2])), 'EX', ARGV[1])
      else
        redis.call('INCR', KEYS[1])
        redis.call('EXPIRE', KEYS[1], ARGV[1])
      end
      return epoch .. '.' .. redis.call('GET', KEYS[1])
      """);

  /**
   * DRF's sliding window for every key at once: drop times at or before now - duration, count, and add
   * now to every key only if each has room. Returns {allowed, now, count1, oldest1, count2, oldest2, ...}.
   */
  static final LuaScript THROTTLE = new LuaScript("""
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local out = {0, now}
      local allowed = 1
      for i = 1, #KEYS do
        local limit = tonumber(ARGV[2 * i])
        local duration = tonumber(ARGV[2 * i + 1])
        redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - duration)
        local count = redis.call('ZCARD', KEYS[i])
        local oldest = -1
        if count > 0 then oldest = tonumber(redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')[2]) end
        if count >= limit then allowed = 0 end
        out[2 * i + 1] = count
        out[2 * i + 2] = oldest
      end
      if allowed == 1 then
        for i = 1, #KEYS do
          redis.call('ZADD', KEYS[i], now, ARGV[1])
          redis.call('PEXPIRE', KEYS[i], math.ceil(tonumber(ARGV[2 * i + 1]) / 1000))
        end
      end
      out[1] = allowed
      return out
      """);

  private final Redis redis;
  private final String prefix;
  /** A request's member in a history: unique per store (this node) and sequence, no random number per request. */
  private final String memberPrefix = UUID.randomUUID() + ":";
  private final AtomicLong members = new AtomicLong();

  RedisStore(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  public Future<List<Lookup>> lookup(List<EntryKey> keys) {
    List<List<String>> scriptKeys = new ArrayList<>(keys.size());
    List<List<String>> args = new ArrayList<>(keys.size());
    for (EntryKey k : keys) {
      scriptKeys.add(namespaceKeys(k.namespace()));
      args.add(List.of(entryPrefix(k.namespace()), k.key(), Long.toString(GENERATION_TTL_SECONDS)));
    }
    return LOOKUP.runAll(redis, scriptKeys, args).map(responses -> {
      List<Lookup> found = new ArrayList<>(responses.size());
      for (Response r : responses) found.add(new Lookup(r.get(0).toString(), r.get(1) == null ? null : r.get(1).toString()));
      return found;
    });
  }

  @Override
  public Future<Boolean> store(String namespace, String generation, String key, String value, long ttlSeconds) {
    return STORE.run(redis, namespaceKeys(namespace), List.of(entryPrefix(namespace), key, generation, value, Long.toString(ttlSeconds)))
        .map(r -> r.toLong() == 1);
  }

  @Override
  public Future<String> bump(String namespace) {
    return BUMP.run(redis, namespaceKeys(namespace), List.of(Long.toString(GENERATION_TTL_SECONDS))).map(Response::toString);
  }

  @Override
  public Future<List<ThrottleResult>> throttle(List<List<Check>> requests) {
    List<List<String>> keys = new ArrayList<>(requests.size());
    List<List<String>> args = new ArrayList<>(requests.size());
    for (List<Check> checks : requests) {
      List<String> requestKeys = new ArrayList<>(checks.size());
      List<String> requestArgs = new ArrayList<>(1 + 2 * checks.size());
      requestArgs.add(memberPrefix + members.incrementAndGet());
      for (Check check : checks) {
        requestKeys.add(historyKey(check));
        requestArgs.add(Integer.toString(check.limit()));
        requestArgs.add(Long.toString(check.duration() * SlidingWindow.MICROS));
      }
      keys.add(requestKeys);
      args.add(requestArgs);
    }
    return THROTTLE.runAll(redis, keys, args).map(responses -> {
      List<ThrottleResult> results = new ArrayList<>(responses.size());
      for (int i = 0; i < responses.size(); i++) results.add(result(requests.get(i), responses.get(i)));
      return results;
    });
  }

  private static ThrottleResult result(List<Check> checks, Response r) {
    List<SlidingWindow.Window> windows = new ArrayList<>(checks.size());
    for (int i = 0; i < checks.size(); i++) {
      windows.add(new SlidingWindow.Window(r.get(2 + 2 * i).toInteger(), r.get(3 + 2 * i).toLong()));
    }
    ThrottleResult result = SlidingWindow.decide(checks, windows, r.get(1).toLong());
    if (result.allowed() != (r.get(0).toInteger() == 1)) throw new IllegalStateException("throttle script and SlidingWindow disagree");
    return result;
  }

  /** Answers when Redis does. */
  Future<Void> ping() {
    return redis.send(Request.cmd(Command.PING)).mapEmpty();
  }

  /** Drops every namespaced entry of every node at once: after an outage, writes may have bumped only memory. */
  Future<Void> newEpoch() {
    return redis.send(Request.cmd(Command.INCR).arg(prefix + "epoch")).mapEmpty();
  }

  String historyKey(Check check) {
    return prefix + "t:" + check.scope() + ":" + check.key();
  }

  private List<String> namespaceKeys(String namespace) {
    return List.of(prefix + "g:" + namespace, prefix + "epoch");
  }

  private String entryPrefix(String namespace) {
    return prefix + "n:" + namespace + ":";
  }
}
