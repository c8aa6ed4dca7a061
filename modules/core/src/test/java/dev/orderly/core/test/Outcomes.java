package dev.orderly.core.test;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a future's outcome from a test thread, never for longer than a deadline. */
public final class Outcomes {
  /** The longest any one outcome is waited for. */
  public static final long WAIT_SECONDS = 30;

  private Outcomes() {}

  /** The future's result; an {@link AssertionError} when it failed or did not complete within {@value #WAIT_SECONDS} s. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The future's failure; an {@link AssertionError} when it succeeded or did not complete within {@value #WAIT_SECONDS} s. */
  public static Throwable failure(Future<?> future) {
    try {
      future.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + WAIT_SECONDS + " s", e);
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected a failure, got " + future.result());
  }
}
