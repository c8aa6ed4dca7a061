package dev.orderly.gateway;

import dev.orderly.core.bus.EntitiesClient;
import dev.orderly.core.bus.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Readiness probe of the entity service ({@link EntitiesClient#ping}), which answers
 * {@code {"status":"UP"}} once its database answers.
 */
final class EntitiesPing {
  private final EntitiesClient client;

  EntitiesPing(Vertx vertx, long timeoutMs) {
    this.client = new EntitiesClient(vertx, timeoutMs);
  }

  /** Succeeds when the service said UP within the timeout; fails with the reason otherwise. */
  Future<Void> ping(RequestContext context) {
    return client.ping(context)
        .compose(reply -> isUp(reply.body()) ? Future.succeededFuture()
            : Future.failedFuture("the entity service is not UP: " + reply.body()));
  }

  /** The reply may come as JSON or as rendered JSON in a buffer. */
  static boolean isUp(Object body) {
    try {
      JsonObject json = body instanceof JsonObject object ? object
          : body instanceof Buffer buffer ? buffer.toJsonObject() : null;
      return json != null && "UP".equals(json.getString("status"));
    } catch (RuntimeException notJson) {
      return false;
    }
  }
}
