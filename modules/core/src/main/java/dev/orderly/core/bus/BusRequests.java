package dev.orderly.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Every request a client class sends over the event bus.
 *
 * <p>On a clustered bus a node that runs the service itself sends to its own instances first (the node-local twin
 * of the address, {@link Consumers#localAddress}): a cluster bus would otherwise hand every other request to
 * another node, paying a TCP round trip and two serializations for what this JVM could answer. Only when the
 * node's own service has gone (it is being undeployed) or, for a request that is safe to repeat, did not
 * answer in time, does the request go to the whole cluster.
 *
 * <p>A request that is safe to repeat and that found no handler or got no reply in time is sent once more: the
 * bus picks the service's handlers in turn, so the second try goes to another node when there is one, which is
 * what a node that died (and whose consumers the cluster has not dropped yet) needs. A single JVM has no other
 * node to try, so nothing is repeated there. Safe to repeat ({@link Repeat}): reads, and writes that carry an
 * {@link IdempotencyKey}, which the service dedupes where the write commits, so a first try that did commit is
 * replayed, not written again.
 */
public final class BusRequests {
  private BusRequests() {}

  /** When a request is sent once more. */
  public enum Repeat {
    /** Never: a write without an idempotency key. */
    NEVER,
    /**
     * After no handler took it ({@code NO_HANDLERS}: nothing of it reached a service) only: a keyed write whose body
     * is a stream the first try may have begun to pull (a second reader would get the rest of it as if it were all).
     */
    IF_UNDELIVERED,
    /** After no handler took it, or none answered in time ({@code TIMEOUT}): reads, and keyed writes. */
    IF_UNANSWERED;

    /** A read's: {@link #IF_UNANSWERED}; a write's: {@link #IF_UNANSWERED} with an idempotency key, else {@link #NEVER}. */
    public static Repeat of(boolean read, RequestContext context) {
      return read || context.idempotency() != null ? IF_UNANSWERED : NEVER;
    }

    /** A write that carries a stream's address: {@link #IF_UNDELIVERED} with an idempotency key, else {@link #NEVER}. */
    public static Repeat ofStreamed(RequestContext context) {
      return context.idempotency() != null ? IF_UNDELIVERED : NEVER;
    }
  }

  /** {@code safeToRepeat}: {@link Repeat#IF_UNANSWERED}, else {@link Repeat#NEVER}. */
  public static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, DeliveryOptions options, boolean safeToRepeat) {
    return request(vertx, address, body, options, safeToRepeat ? Repeat.IF_UNANSWERED : Repeat.NEVER);
  }

  public static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, DeliveryOptions options, Repeat repeat) {
    if (!vertx.isClustered()) return vertx.eventBus().request(address, body, options);
    if (LocalServices.of(vertx).serves(address)) {
      // a request no local handler took never reached the service: the cluster may always have it
      return vertx.eventBus().<T>request(Consumers.localAddress(address), body, options).recover(failure ->
          worthRepeating(failure, repeat == Repeat.NEVER ? Repeat.IF_UNDELIVERED : repeat)
              ? vertx.eventBus().<T>request(address, body, options) : Future.failedFuture(failure));
    }
    Future<Message<T>> first = vertx.eventBus().request(address, body, options);
    if (repeat == Repeat.NEVER) return first;
    return first.recover(failure -> worthRepeating(failure, repeat) ? vertx.eventBus().<T>request(address, body, options)
        : Future.failedFuture(failure));
  }

  /** No handler, or (as {@code repeat} allows) none answered in time; a failure the service replied with is its answer, never repeated. */
  static boolean worthRepeating(Throwable failure, Repeat repeat) {
    if (!(failure instanceof ReplyException re)) return false;
    return re.failureType() == ReplyFailure.NO_HANDLERS || repeat == Repeat.IF_UNANSWERED && re.failureType() == ReplyFailure.TIMEOUT;
  }
}
