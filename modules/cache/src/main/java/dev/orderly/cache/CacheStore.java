package dev.orderly.cache;

import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.Lookup;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import io.vertx.core.Future;
import java.util.List;

/** Where the cache service keeps entries, generations and throttle histories: memory, or Redis. */
interface CacheStore {
  Future<String> get(String key);

  Future<Void> put(String key, String value, long ttlSeconds);

  Future<Boolean> delete(String key);

  /** A namespace and, or null, the key of an entry in it. */
  record EntryKey(String namespace, String key) {}

  /** For each key in order: the namespace's generation and, when the key is not null, the entry stored under it. */
  Future<List<Lookup>> lookup(List<EntryKey> keys);

  /** {@link #lookup(List)} of one key. */
  default Future<Lookup> lookup(String namespace, String key) {
    return lookup(List.of(new EntryKey(namespace, key))).map(found -> found.get(0));
  }

  /** Stores an entry under {@code generation} if that is still the namespace's generation. */
  Future<Boolean> store(String namespace, String generation, String key, String value, long ttlSeconds);

  /** Moves the namespace to a new generation and returns it. */
  Future<String> bump(String namespace);

  /** For each request in order, one atomic check-and-count of its checks ({@link SlidingWindow}). */
  Future<List<ThrottleResult>> throttle(List<List<Check>> requests);
}
