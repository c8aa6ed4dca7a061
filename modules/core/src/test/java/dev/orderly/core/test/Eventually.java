package dev.orderly.core.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for effects that follow asynchronously (an event, a reconnect, a freed port): every wait has a
 * deadline, {@link #TIMEOUT} unless given, and fails naming what it waited for, so a broken effect fails
 * the test instead of hanging it.
 */
public final class Eventually {
  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final long PAUSE_MS = 20;

  private Eventually() {}

  /** Polls {@code condition} every 20 ms until it holds; fails after {@link #TIMEOUT} with "not within 10 s: {@code what}". */
  public static void until(String what, BooleanSupplier condition) {
    until(what, TIMEOUT, condition);
  }

  /** As {@link #until(String, BooleanSupplier)}, for up to {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      try {
        Thread.sleep(PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting: " + what, e);
      }
    }
  }

  /** One try of an expectation: returns what it found, or throws (an {@link AssertionError}) when it does not hold yet. */
  @FunctionalInterface
  public interface Attempt<T> {
    T get() throws Exception;
  }

  /**
   * Tries {@code attempt} every 20 ms until it returns without throwing, and returns its result; after
   * {@code timeout} the last failure is thrown, so the test shows what did not happen.
   */
  public static <T> T within(Duration timeout, Attempt<T> attempt) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return attempt.get();
      } catch (Exception | AssertionError e) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("not within " + timeout.toSeconds() + " s: " + e.getMessage(), e);
        }
      }
      try {
        Thread.sleep(PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting", e);
      }
    }
  }
}
