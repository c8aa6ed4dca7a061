package dev.orderly.cache;

import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.ScopeResult;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import java.util.ArrayList;
import java.util.List;

/**
 * DRF's sliding-window throttle ({@code SimpleRateThrottle}) as pure arithmetic, shared by the memory
 * and the Redis store so both decide alike. A store keeps, per key, the timestamps of the requests it
 * counted; it drops those at or before {@code now - duration} and hands this class what is left
 * ({@link Window}). Unlike DRF, a request is counted in every scope or in none: refused by one scope,
 * it uses no quota of the others. Times are in microseconds.
 */
final class SlidingWindow {
  static final long MICROS = 1_000_000;

  /** One key's history after pruning: how many requests it holds, and the oldest one's time (-1: none). */
  record Window(int count, long oldest) {
    static final Window EMPTY = new Window(0, -1);
  }

  private SlidingWindow() {}

  /** Whether a request is allowed: every scope has room (DRF: {@code len(history) < num_requests}). */
  static boolean allows(List<Check> checks, List<Window> windows) {
    for (int i = 0; i < checks.size(); i++) {
      if (windows.get(i).count() >= checks.get(i).limit()) return false;
    }
    return true;
  }

  /** The outcome for every scope, given the windows as they were before this request and the time {@code now}. */
  static ThrottleResult decide(List<Check> checks, List<Window> windows, long now) {
    boolean allowed = allows(checks, windows);
    List<ScopeResult> scopes = new ArrayList<>(checks.size());
    Double longest = null;
    for (int i = 0; i < checks.size(); i++) {
      Check check = checks.get(i);
      Window w = windows.get(i);
      long duration = check.duration() * MICROS;
      if (allowed) {
        long oldest = w.count() == 0 ? now : w.oldest();
        scopes.add(new ScopeResult(check.scope(), true, check.limit(), check.limit() - w.count() - 1,
            ceilSeconds(duration - (now - oldest)), null));
        continue;
      }
      boolean scopeAllows = w.count() < check.limit();
      Double wait = scopeAllows ? null : drfWait(check.limit(), duration, now, w);
      if (wait != null && (longest == null || wait > longest)) longest = wait;
      long reset = w.count() == 0 ? (scopeAllows ? 0 : check.duration()) : ceilSeconds(duration - (now - w.oldest()));
      scopes.add(new ScopeResult(check.scope(), scopeAllows, check.limit(), Math.max(0, check.limit() - w.count()), reset, wait));
    }
    return new ThrottleResult(allowed, longest, scopes);
  }

  /**
   * DRF's {@code SimpleRateThrottle.wait()}, in seconds:
   * {@code remaining_duration = duration - (now - history[-1])} (or {@code duration} with no history),
   * {@code available_requests = num_requests - len(history) + 1}, {@code None} when that is not positive,
   * else {@code remaining_duration / available_requests}.
   */
  static Double drfWait(int limit, long durationMicros, long now, Window w) {
    long remaining = w.count() == 0 ? durationMicros : durationMicros - (now - w.oldest());
    int available = limit - w.count() + 1;
    if (available <= 0) return null;
    return (double) remaining / MICROS / available;
  }

  private static long ceilSeconds(long micros) {
    return micros <= 0 ? 0 : (micros + MICROS - 1) / MICROS;
  }
}
