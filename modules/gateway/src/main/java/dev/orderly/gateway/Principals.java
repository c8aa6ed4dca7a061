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
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each user's principal (staff, superuser, effective permissions, active) from the auth service
 * ({@link AuthClient#PRINCIPAL}), cached per user id and dropped whenever a user or group changes
 * ({@code orderly.events.users}, {@code orderly.events.groups}: a password change or a deactivation
 * included), and at once on every instance of the node when a write through this node changed one
 * ({@link #changed}), before the write's response leaves. An inactive or deleted user yields null. Whoever
 * holds a principal beyond one request (an {@link EventStream}) {@link #watch}es for those changes.
 */
final class Principals {
  private final Vertx vertx;
  private final AuthClient auth;
  private final Map<Long, Loaded> cache = new ConcurrentHashMap<>();
  private final Generation generation;
  private final List<MessageConsumer<JsonObject>> consumers;
  private final Set<Runnable> watchers = ConcurrentHashMap.newKeySet();

  /** A principal as loaded, with the node's generation it was loaded in. */
  private record Loaded(long generation, Future<Caller> caller) {}

  /**
   * The node's principal generation, shared by its gateway instances: any change of a user or group moves it
   * on, and every instance then reloads what it had cached. One counter, read synchronously, so a write
   * through one instance is seen by the next request on any other.
   */
  static final class Generation implements Shareable {
    private final AtomicLong value = new AtomicLong();

    static Generation of(Vertx vertx) {
      LocalMap<String, Generation> map = vertx.sharedData().getLocalMap("orderly.gateway.principals");
      return map.computeIfAbsent("generation", k -> new Generation());
    }

    long current() {
      return value.get();
    }

    void next() {
      value.incrementAndGet();
    }
  }

  Principals(Vertx vertx, AuthClient auth) {
    this.vertx = vertx;
    this.auth = auth;
    this.generation = Generation.of(vertx);
    this.consumers = List.of(
        vertx.eventBus().<JsonObject>consumer(Events.address("users"), msg -> changed()),
        vertx.eventBus().<JsonObject>consumer(Events.address("groups"), msg -> changed()));
  }

  /** A user or group changed (its event arrived): cached principals are stale, and the watchers are told. */
  void changed() {
    generation.next();
    cache.clear();
    watchers.forEach(Runnable::run);
  }

  /** Runs {@code watcher} after every change of a user or group this instance hears of, until {@link #unwatch}. */
  void watch(Runnable watcher) {
    watchers.add(watcher);
  }

  void unwatch(Runnable watcher) {
    watchers.remove(watcher);
  }

  Future<Void> start() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  /** The caller for user {@code id}, or null when no active user has that id. */
  Future<Caller> of(long id, RequestContext context) {
    long now = generation.current();
    Loaded known = cache.get(id);
    if (known != null && known.generation() == now && !known.caller().failed()) return known.caller();
    Future<Caller> loading = auth.principal(id, context).map(Principal::toCaller)
        .recover(e -> e instanceof io.vertx.core.eventbus.ReplyException re && re.failureCode() == 404
            ? Future.succeededFuture(null) : Future.failedFuture(e));
    Loaded loaded = new Loaded(now, loading);
    cache.put(id, loaded);
    loading.onFailure(e -> cache.remove(id, loaded));
    return loading;
  }

  Future<Void> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }
}
