package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.Principal;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each user's principal (staff, superuser, effective permissions, active) from the auth service
 * ({@link AuthClient#PRINCIPAL}), cached per user id and dropped whenever a user or group changes
 * ({@code orderly.events.users}, {@code orderly.events.groups}: a password change or a deactivation
 * included). An inactive or deleted user yields null.
 */
final class Principals {
  private final Vertx vertx;
  private final AuthClient auth;
  private final Map<Long, Future<Caller>> cache = new ConcurrentHashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers;

  Principals(Vertx vertx, AuthClient auth) {
    this.vertx = vertx;
    this.auth = auth;
    this.consumers = List.of(
        vertx.eventBus().<JsonObject>consumer(Events.address("users"), msg -> cache.clear()),
        vertx.eventBus().<JsonObject>consumer(Events.address("groups"), msg -> cache.clear()));
  }

  Future<Void> start() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  /** The caller for user {@code id}, or null when no active user has that id. */
  Future<Caller> of(long id, RequestContext context) {
    Future<Caller> known = cache.get(id);
    if (known != null && !known.failed()) return known;
    Future<Caller> loading = auth.principal(id, context).map(Principal::toCaller)
        .recover(e -> e instanceof io.vertx.core.eventbus.ReplyException re && re.failureCode() == 404
            ? Future.succeededFuture(null) : Future.failedFuture(e));
    cache.put(id, loading);
    loading.onFailure(e -> cache.remove(id, loading));
    return loading;
  }

  Future<Void> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }
}
