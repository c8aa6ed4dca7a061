package dev.orderly.core.bus;

import dev.orderly.core.bus.AuthMessages.PermissionDeclaration;
import dev.orderly.core.bus.AuthMessages.PermissionsAdded;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares the permission codenames a service's resources need to the auth service
 * ({@link AuthClient#DECLARE_PERMISSIONS}, as {@link Caller#SYSTEM}), so that a new resource's codenames
 * can be granted without a migration of the auth service. The auth service may start later or on another
 * node, so a failed attempt is retried after {@value #FIRST_RETRY_MS} ms, then at doubling intervals of at
 * most {@value #MAX_RETRY_MS} ms, until it answers; the service's readiness does not wait for it. Retries
 * log at debug level, and one warning once no answer came for {@value #WARN_AFTER_MS} ms.
 */
public final class PermissionDeclarer {
  /** Wait before the first retry, in milliseconds. */
  public static final long FIRST_RETRY_MS = 250;
  /** Longest wait between two attempts, in milliseconds. */
  public static final long MAX_RETRY_MS = 30_000;
  /** How long attempts may fail before a warning, in milliseconds. */
  public static final long WARN_AFTER_MS = 60_000;
  private static final Logger log = LoggerFactory.getLogger(PermissionDeclarer.class);

  private final Vertx vertx;
  private final AuthClient auth;
  private final String service;
  private final PermissionDeclaration declaration;
  private final RequestContext context;
  private final Promise<PermissionsAdded> answered = Promise.promise();
  // volatile: start and stop may come from a thread other than the one the replies arrive on
  private volatile long timer = -1;
  private volatile boolean stopped;
  private volatile long startedAt;
  private volatile boolean warned;

  /**
   * @param service   who declares, for the logs and the request id
   * @param signing   the node's key: the auth service trusts only a signed system caller
   * @param timeoutMs how long each attempt waits for the answer
   */
  public PermissionDeclarer(Vertx vertx, String service, List<String> codenames, CallerSigning signing, long timeoutMs) {
    this.vertx = vertx;
    this.auth = new AuthClient(vertx, timeoutMs);
    this.service = service;
    this.declaration = new PermissionDeclaration(codenames);
    this.context = new RequestContext("permissions-" + service, Caller.SYSTEM, signing);
  }

  /** Sends the declaration now and keeps retrying; completes with the auth service's answer, or fails once {@link #stop}ped. */
  public Future<PermissionsAdded> start() {
    startedAt = System.nanoTime();
    attempt(FIRST_RETRY_MS);
    return answered.future();
  }

  /** Stops retrying (the service is stopping). */
  public void stop() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
    answered.tryFail("stopped before the auth service answered");
  }

  private void attempt(long nextDelayMs) {
    timer = -1;
    if (stopped) return;
    auth.declarePermissions(declaration, context).onComplete(ar -> {
      if (stopped) return;
      if (ar.succeeded()) {
        List<String> added = ar.result().added();
        if (added.isEmpty()) {
          log.debug("{}: the auth service knew every permission codename already", service);
        } else {
          log.info("{}: the auth service learned {} permission codenames: {}", service, added.size(), String.join(", ", added));
        }
        answered.tryComplete(ar.result());
        return;
      }
      long waitedMs = (System.nanoTime() - startedAt) / 1_000_000;
      if (!warned && waitedMs >= WARN_AFTER_MS) {
        warned = true;
        log.warn("{}: the auth service has not taken this service's permission codenames for {} s ({}); still trying",
            service, waitedMs / 1000, ar.cause().getMessage());
      } else {
        log.debug("{}: declaring permission codenames failed ({}); next attempt in {} ms", service, ar.cause().getMessage(), nextDelayMs);
      }
      timer = vertx.setTimer(nextDelayMs, id -> attempt(Math.min(nextDelayMs * 2, MAX_RETRY_MS)));
    });
  }
}
