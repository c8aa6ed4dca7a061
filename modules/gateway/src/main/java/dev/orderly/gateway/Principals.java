package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.Principal;
import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.security.JwtTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
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
 * ({@link #changed}), before the write's response leaves. An inactive or deleted user yields null. A token
 * stands for its user only while it carries the user's current password generation ({@link #ofToken}): one
 * issued before the last password change is refused. Whoever holds a principal beyond one request (an
 * {@link EventStream}) {@link #watch}es for those changes.
 */
final class Principals {
  private final Vertx vertx;
  private final AuthClient auth;
  private final Map<Long, Loaded> cache = new ConcurrentHashMap<>();
  private final Generation generation;
  private final List<MessageConsumer<?>> consumers;
  private final Set<Runnable> watchers = ConcurrentHashMap.newKeySet();

  static final String ISSUED_BEFORE_PASSWORD_CHANGE = "Token was issued before the last password change.";

  /** A principal as loaded (null: no such user), with the node's generation it was loaded in. */
  private record Loaded(long generation, Future<Principal> principal) {}

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

  /** @param signing the node's: a change event not signed with it is not heard */
  Principals(Vertx vertx, AuthClient auth, CallerSigning signing) {
    this.vertx = vertx;
    this.auth = auth;
    this.generation = Generation.of(vertx);
    this.consumers = List.of(
        BusEvents.consumer(vertx, signing, Events.address("users"), msg -> changed()),
        BusEvents.consumer(vertx, signing, Events.address("groups"), msg -> changed()));
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

  /**
   * The caller a verified token stands for: null when no active user has its {@code sub}; a 401 when it was
   * issued under another password generation than the user's (before the last password change). A token
   * newer than the cached principal (the change's event has not arrived yet) reloads it first.
   */
  Future<Caller> ofToken(JsonObject claims, RequestContext context) {
    long id = Long.parseLong(claims.getString("sub"));
    long issuedUnder = JwtTokens.passwordGeneration(claims);
    return principal(id, context, false)
        .compose(p -> p != null && p.passwordGeneration() < issuedUnder ? principal(id, context, true) : Future.succeededFuture(p))
        .compose(p -> {
          if (p == null || !p.active()) return Future.succeededFuture(null);
          if (p.passwordGeneration() != issuedUnder) return Future.failedFuture(ServiceError.authenticationFailed(ISSUED_BEFORE_PASSWORD_CHANGE));
          return Future.succeededFuture(p.toCaller());
        });
  }

  /** User {@code id}'s principal, or null when there is none; {@code reload}: not from the cache. */
  private Future<Principal> principal(long id, RequestContext context, boolean reload) {
    long now = generation.current();
    Loaded known = cache.get(id);
    if (!reload && known != null && known.generation() == now && !known.principal().failed()) return known.principal();
    Future<Principal> loading = auth.principal(id, context)
        .recover(e -> e instanceof ReplyException re && re.failureCode() == 404 ? Future.succeededFuture(null) : Future.failedFuture(e));
    Loaded loaded = new Loaded(now, loading);
    cache.put(id, loaded);
    loading.onFailure(e -> cache.remove(id, loaded));
    return loading;
  }

  Future<Void> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }
}
