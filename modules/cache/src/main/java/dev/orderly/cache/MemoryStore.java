package dev.orderly.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.Lookup;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory store (Caffeine): at most {@code maxEntries} entries, each expiring after its own TTL;
 * throttle histories as DRF keeps them (a list of timestamps per key, newest first), at most
 * {@link #MAX_HISTORIES} keys, each dropped once its window has passed. Time comes from {@code ticker},
 * so tests can move it. Used alone without Redis, and as the fallback while Redis is down.
 */
final class MemoryStore implements CacheStore {
  static final int MAX_HISTORIES = 100_000;

  private record Entry(String value, long ttlNanos) {}

  private record History(ArrayDeque<Long> times, long durationNanos) {}

  private final Ticker ticker;
  private final Cache<String, Entry> entries;
  private final Cache<String, History> histories;
  private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

  MemoryStore(int maxEntries, Ticker ticker) {
    this.ticker = ticker;
    this.entries = Caffeine.newBuilder().ticker(ticker).maximumSize(maxEntries)
        .expireAfter(Expiry.<String, Entry>writing((k, e) -> Duration.ofNanos(e.ttlNanos()))).build();
    this.histories = Caffeine.newBuilder().ticker(ticker).maximumSize(MAX_HISTORIES)
        .expireAfter(Expiry.<String, History>writing((k, h) -> Duration.ofNanos(h.durationNanos()))).build();
  }

  @Override
  public Future<List<Lookup>> lookup(List<EntryKey> keys) {
    List<Lookup> found = new ArrayList<>(keys.size());
    for (EntryKey k : keys) {
      String generation = Long.toString(generation(k.namespace()).get());
      Entry e = entries.getIfPresent(entryKey(k.namespace(), generation, k.key()));
      found.add(new Lookup(generation, e == null ? null : e.value()));
    }
    return Future.succeededFuture(found);
  }

  @Override
  public Future<Boolean> store(String namespace, String generation, String key, String value, long ttlSeconds) {
    if (!Long.toString(generation(namespace).get()).equals(generation)) return Future.succeededFuture(false);
    entries.put(entryKey(namespace, generation, key), new Entry(value, TimeUnit.SECONDS.toNanos(ttlSeconds)));
    return Future.succeededFuture(true);
  }

  @Override
  public Future<String> bump(String namespace) {
    return Future.succeededFuture(Long.toString(generation(namespace).incrementAndGet()));
  }

  @Override
  public Future<List<ThrottleResult>> throttle(List<List<Check>> requests) {
    List<ThrottleResult> results = new ArrayList<>(requests.size());
    for (List<Check> checks : requests) results.add(throttleNow(checks));
    return Future.succeededFuture(results);
  }

  synchronized ThrottleResult throttleNow(List<Check> checks) {
    long now = TimeUnit.NANOSECONDS.toMicros(ticker.read());
    List<History> found = new ArrayList<>(checks.size());
    List<SlidingWindow.Window> windows = new ArrayList<>(checks.size());
    for (Check check : checks) {
      long duration = check.duration() * SlidingWindow.MICROS;
      History h = histories.get(historyKey(check),
          k -> new History(new ArrayDeque<>(), TimeUnit.SECONDS.toNanos(check.duration())));
      // DRF: while history and history[-1] <= now - duration: history.pop()
      while (!h.times().isEmpty() && h.times().peekLast() <= now - duration) h.times().pollLast();
      found.add(h);
      windows.add(h.times().isEmpty() ? SlidingWindow.Window.EMPTY : new SlidingWindow.Window(h.times().size(), h.times().peekLast()));
    }
    ThrottleResult result = SlidingWindow.decide(checks, windows, now);
    if (result.allowed()) {
      for (int i = 0; i < checks.size(); i++) {
        found.get(i).times().addFirst(now);
        histories.put(historyKey(checks.get(i)), found.get(i));
      }
    }
    return result;
  }

  /** Drops every entry (not the throttle histories): what the fallback does when Redis goes away. */
  void clearEntries() {
    entries.invalidateAll();
  }

  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  private AtomicLong generation(String namespace) {
    // starts from the clock, so a namespace never goes back to a generation it had before a restart
    return generations.computeIfAbsent(namespace, n -> new AtomicLong(System.currentTimeMillis() * 1000));
  }

  private static String entryKey(String namespace, String generation, String key) {
    return "n:" + namespace + ":" + generation + ":" + key;
  }

  private static String historyKey(Check check) {
    return check.scope() + ":" + check.key();
  }
}
