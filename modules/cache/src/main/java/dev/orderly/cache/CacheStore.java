package dev.orderly.cache;

import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.Lookup;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import io.vertx.core.Future;
import java.util.List;

/** Where the cache service keeps entries, generations and throttle histories: memory, or Redis. */
interface CacheStore {
  /** A namespace and the key of an entry in it. */
  record EntryKey(String namespace, String key) {}

  /** For each key in order: the namespace's generation and the entry stored under it, or null. */
  Future<List<Lookup>> lookup(List<EntryKey> keys);

  /** Stores an entry under {@code generation} if that is still the namespace's generation. */
  Future<Boolean> store(String namespace, String generation, String key, String value, long ttlSeconds);

  /** Moves the namespace to a new generation and returns it. */
  Future<String> bump(String namespace);

  /** For each request in order, one atomic check-and-count of its checks ({@link SlidingWindow}). */
  Future<List<ThrottleResult>> throttle(List<List<Check>> requests);
}
