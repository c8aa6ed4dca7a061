package dev.orderly.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.cache.SlidingWindow.Window;
import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.ScopeResult;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {
  private static final long S = SlidingWindow.MICROS;
  private static final long NOW = 1_000_000 * S;
  private static final Check ANON = new Check("anon", "127.0.0.1", 3, 60);

  @Test
  void anAllowedRequestCountsAndReportsWhatIsLeft() {
    ThrottleResult first = SlidingWindow.decide(List.of(ANON), List.of(Window.EMPTY), NOW);
    assertThat(first.allowed()).isTrue();
    assertThat(first.waitSeconds()).isNull();
    assertThat(first.scopes()).containsExactly(new ScopeResult("anon", true, 3, 2, 60, null));

    ThrottleResult third = SlidingWindow.decide(List.of(ANON), List.of(new Window(2, NOW - 15 * S)), NOW);
    assertThat(third.scopes()).containsExactly(new ScopeResult("anon", true, 3, 0, 45, null));
  }

  @Test
  void aFullWindowRefusesWithDrfsWait() {
    // three requests, the oldest 20.5 s ago: DRF waits 60 - 20.5 = 39.5 s (available_requests = 1)
    ThrottleResult refused = SlidingWindow.decide(List.of(ANON), List.of(new Window(3, NOW - 20 * S - S / 2)), NOW);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.waitSeconds()).isEqualTo(39.5);
    assertThat(refused.scopes()).containsExactly(new ScopeResult("anon", false, 3, 0, 40, 39.5));
  }

  @Test
  void drfsWaitDividesTheRemainingDurationByTheAvailableRequests() {
    // remaining_duration / (num_requests - len(history) + 1) = 30 / (5 - 3 + 1)
    assertThat(SlidingWindow.drfWait(5, 60 * S, NOW, new Window(3, NOW - 30 * S))).isEqualTo(10.0);
    assertThat(SlidingWindow.drfWait(3, 60 * S, NOW, Window.EMPTY)).isEqualTo(15.0);
    // more history than the rate allows (the rate was lowered): DRF returns None
    assertThat(SlidingWindow.drfWait(3, 60 * S, NOW, new Window(5, NOW - 30 * S))).isNull();
  }

  @Test
  void everyScopeIsCheckedTheLongestWaitWinsAndNothingIsCountedWhenOneRefuses() {
    Check user = new Check("user", "42", 100, 3600);
    Check approval = new Check("approval", "42", 2, 3600);
    Check login = new Check("login", "x", 1, 60);
    ThrottleResult result = SlidingWindow.decide(List.of(user, approval, login),
        List.of(new Window(10, NOW - 100 * S), new Window(2, NOW - 600 * S), new Window(1, NOW - 50 * S)), NOW);

    assertThat(result.allowed()).isFalse();
    assertThat(result.waitSeconds()).isEqualTo(3000.0);
    assertThat(result.scopes()).containsExactly(
        new ScopeResult("user", true, 100, 90, 3500, null),
        new ScopeResult("approval", false, 2, 0, 3000, 3000.0),
        new ScopeResult("login", false, 1, 0, 10, 10.0));
    assertThat(result.tightest().scope()).isEqualTo("approval");
  }

  @Test
  void aZeroRateRefusesEverything() {
    ThrottleResult result = SlidingWindow.decide(List.of(new Check("export", "1", 0, 3600)), List.of(Window.EMPTY), NOW);
    assertThat(result.allowed()).isFalse();
    assertThat(result.waitSeconds()).isEqualTo(3600.0);
  }
}
