package dev.orderly.core.bus;

import dev.orderly.core.db.DatabaseFailures;
import dev.orderly.core.logging.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers event-bus consumers that always answer a request of this deployment. In Vert.x 5 an exception thrown
 * inside a consumer is never sent back (the caller waits for its whole send timeout), so every handler here runs
 * inside one wrapper that turns any failure into {@code msg.fail(status, body)} and logs unexpected ones once. A
 * request whose caller header is missing or not signed with the node's key gets no answer at all: it is not from
 * this deployment, and a stranger learns nothing from a silence ({@link DroppedMessages} says so at WARN).
 */
public final class Consumers {
  private static final Logger log = LoggerFactory.getLogger(Consumers.class);

  /** The reply to one action: a JSON body, or a resource reply (rendered JSON with the record's id and version). */
  public static final class Reply {
    private final Object body;
    private final DeliveryOptions options;

    private Reply(Object body, DeliveryOptions options) {
      this.body = body;
      this.options = options;
    }

    public static Reply of(JsonObject body) {
      return new Reply(body, new DeliveryOptions());
    }

    public static Reply of(ResourceReply reply) {
      return new Reply(reply.body(), reply.deliveryOptions());
    }
  }

  /** A handler for one action of a service address. */
  @FunctionalInterface
  public interface ActionHandler {
    Future<Reply> handle(JsonObject body, RequestContext context);
  }

  private Consumers() {}

  /**
   * Registers {@code address}, dispatching on the {@code action} header, for the requests whose caller header
   * {@code signing} (the node's) verifies; any other request is dropped unanswered. An unknown action is answered
   * with 501 {@code unknown_action}, never left to time out. {@link CallerSigning#NONE} drops nothing and trusts
   * no caller (every request is anonymous).
   */
  public static Future<Void> register(Vertx vertx, CallerSigning signing, String address, Map<String, ActionHandler> actions) {
    Handler<Message<JsonObject>> handler = msg -> {
      if (signing.canSign() && !signing.verifies(msg.headers())) {
        DroppedMessages.NODE.dropped(address, msg.headers().get(Actions.HEADER));
        return;
      }
      dispatch(address, signing, actions, msg);
    };
    MessageConsumer<JsonObject> shared = vertx.eventBus().consumer(address, handler);
    // the same service for this node's own callers ({@link BusRequests} sends to it first); other nodes never see it
    MessageConsumer<JsonObject> own = vertx.eventBus().localConsumer(localAddress(address), handler);
    LocalServices services = LocalServices.of(vertx);
    own.endHandler(v -> services.removed(address));
    return Future.all(shared.completion(), own.completion()).onSuccess(v -> services.added(address)).mapEmpty();
  }

  /**
   * The node-local twin of a service address that {@link #register} also registers: sent to it, a request is
   * answered by this node's own instances of the service, never by another node's.
   */
  public static String localAddress(String address) {
    return address + ".local";
  }

  private static void dispatch(String address, CallerSigning signing, Map<String, ActionHandler> actions, Message<JsonObject> msg) {
    String action = msg.headers().get(Actions.HEADER);
    RequestContext context = RequestContext.fromHeaders(msg.headers(), signing);
    RequestIds.set(context.requestId());
    ActionHandler handler = action == null ? null : actions.get(action);
    if (handler == null) {
      fail(msg, ServiceError.of(501, ErrorCodes.UNKNOWN_ACTION, "Unknown action '" + action + "' on " + address + "."), context, action);
      return;
    }
    Future<Reply> result;
    try {
      result = handler.handle(msg.body() == null ? new JsonObject() : msg.body(), context);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result().body, ar.result().options);
      } else {
        fail(msg, ar.cause(), context, action);
      }
    });
  }

  private static void fail(Message<?> msg, Throwable cause, RequestContext context, String action) {
    ServiceError error = toServiceError(cause);
    if (error.status() == 503) {
      log.warn("rid={} action={} unavailable: {}", context.requestId(), action, cause.toString());
    } else if (error.status() >= 500) {
      log.error("rid={} action={} failed", context.requestId(), action, cause);
    }
    msg.fail(error.status(), error.body().encode());
  }

  /** Known failures keep their status; a lost backing service is 503; anything else is a 500. */
  public static ServiceError toServiceError(Throwable cause) {
    if (cause instanceof ServiceError se) return se;
    if (cause instanceof ReplyException re && re.failureCode() > 0) {
      return new ServiceError(re.failureCode(), parseBody(re.getMessage()));
    }
    if (isUnavailable(cause)) return ServiceError.unavailable(DatabaseFailures.outage(cause).detail());
    return ServiceError.of(500, ErrorCodes.ERROR, "Internal error.");
  }

  /** Whether a failure means "the backing service is gone or saturated" rather than a bug. */
  public static boolean isUnavailable(Throwable cause) {
    return DatabaseFailures.outage(cause) != null;
  }

  static JsonObject parseBody(String message) {
    if (message != null && message.startsWith("{")) {
      try {
        return new JsonObject(message);
      } catch (RuntimeException ignored) {
        // not our JSON: fall through
      }
    }
    return new JsonObject().put("detail", message == null ? "Error." : message).put("code", ErrorCodes.ERROR);
  }
}
