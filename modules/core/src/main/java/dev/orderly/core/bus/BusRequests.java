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
 * <p>A request that is safe to repeat (a read, or a write that changes nothing more when done twice) and that
 * found no handler or got no reply in time is sent once more: the bus picks the service's handlers in turn, so
 * the second try goes to another node when there is one, which is what a node that died (and whose consumers
 * the cluster has not dropped yet) needs. A single JVM has no other node to try, so nothing is repeated there.
 */
public final class BusRequests {
  private BusRequests() {}

  public static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, DeliveryOptions options, boolean safeToRepeat) {
    if (!vertx.isClustered()) return vertx.eventBus().request(address, body, options);
    if (LocalServices.of(vertx).serves(address)) {
      return vertx.eventBus().<T>request(Consumers.localAddress(address), body, options).recover(failure ->
          notDelivered(failure) || (safeToRepeat && worthRepeating(failure))
              ? vertx.eventBus().<T>request(address, body, options) : Future.failedFuture(failure));
    }
    Future<Message<T>> first = vertx.eventBus().request(address, body, options);
    if (!safeToRepeat) return first;
    return first.recover(failure -> worthRepeating(failure) ? vertx.eventBus().<T>request(address, body, options) : Future.failedFuture(failure));
  }

  /** No handler, or none answered in time; a failure the service replied with is its answer, never repeated. */
  static boolean worthRepeating(Throwable failure) {
    return notDelivered(failure) || (failure instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT);
  }

  /** No handler took the request: it was never acted on, so sending it elsewhere is always safe. */
  private static boolean notDelivered(Throwable failure) {
    return failure instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
