package dev.orderly.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Every request a client class sends over the event bus. On a clustered bus a request that is safe to
 * repeat (a read, or a write that changes nothing more when done twice) and that found no handler or got
 * no reply in time is sent once more: the bus picks the service's handlers in turn, so the second try goes
 * to another node when there is one, which is what a node that died (and whose consumers the cluster has
 * not dropped yet) needs. A single JVM has no other node to try, so nothing is repeated there.
 */
public final class BusRequests {
  private BusRequests() {}

  public static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, DeliveryOptions options, boolean safeToRepeat) {
    Future<Message<T>> first = vertx.eventBus().request(address, body, options);
    if (!safeToRepeat || !vertx.isClustered()) return first;
    return first.recover(failure -> worthRepeating(failure) ? vertx.eventBus().<T>request(address, body, options) : Future.failedFuture(failure));
  }

  /** No handler, or none answered in time; a failure the service replied with is its answer, never repeated. */
  static boolean worthRepeating(Throwable failure) {
    return failure instanceof ReplyException re && (re.failureType() == ReplyFailure.NO_HANDLERS || re.failureType() == ReplyFailure.TIMEOUT);
  }
}
