package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.Revocation;
import dev.orderly.core.bus.AuthMessages.Revoked;
import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token ids this gateway denies: loaded from the auth service ({@link AuthClient#REVOKED}) and kept
 * current by every revocation it publishes on {@value AuthClient#REVOKED_ADDRESS}; an entry goes once its
 * token would have expired anyway. Until the first load succeeds no token is accepted: {@link #ready}
 * retries it, and fails (503) while the auth service does not answer. A load that the auth service says is
 * not complete (its Redis is down) is used as it is and loaded again every {@value #RELOAD_MS} ms until
 * one is, so that a gateway started during a Redis outage serves, and learns the rest when Redis is back.
 */
final class Denylist {
  private static final Logger log = LoggerFactory.getLogger(Denylist.class);
  private static final long PRUNE_EVERY_SECONDS = 60;
  static final long RELOAD_MS = 1_000;

  private final Vertx vertx;
  private final AuthClient auth;
  private final CallerSigning signing;
  /** Shared by the node's gateway instances, so a logout served by one is refused by the next request on any other. */
  private final Map<String, Long> denied;
  private MessageConsumer<?> consumer;
  private volatile Future<Void> loaded;
  private volatile long prunedAt = Instant.now().getEpochSecond();
  private long reloadTimer = -1;
  private boolean stopped;

  /** @param signing the node's: it signs the denylist's loads, and a revocation not signed with it is not heard */
  Denylist(Vertx vertx, AuthClient auth, CallerSigning signing) {
    this.vertx = vertx;
    this.auth = auth;
    this.signing = signing;
    this.denied = Shared.of(vertx).denied;
  }

  /** The node's denied token ids, one map for all its gateway instances. */
  private static final class Shared implements Shareable {
    private final Map<String, Long> denied = new ConcurrentHashMap<>();

    static Shared of(Vertx vertx) {
      LocalMap<String, Shared> map = vertx.sharedData().getLocalMap("orderly.gateway.denylist");
      return map.computeIfAbsent("denied", k -> new Shared());
    }
  }

  /**
   * Denies {@code revoked} on this node at once, before the logout that revoked it answers: the published
   * revocation reaches the other instances and nodes a moment later, and a request in between must not pass.
   */
  static void denyOnNode(Vertx vertx, Revocation revoked) {
    if (revoked.complete() && revoked.exp() >= Instant.now().getEpochSecond()) Shared.of(vertx).denied.put(revoked.jti(), revoked.exp());
  }

  /** Listens for revocations, then tries a first load; a start never fails for want of the auth service. */
  Future<Void> start() {
    consumer = BusEvents.consumer(vertx, signing, AuthClient.REVOKED_ADDRESS, msg -> add(Revocation.fromJson(msg.body())));
    return consumer.completion().compose(v -> ready(RequestContext.anonymous("gateway-start", signing)).otherwise(e -> {
      log.warn("denylist not loaded yet (the auth service did not answer: {}); retried at the first authenticated request", e.toString());
      return null;
    }));
  }

  /** Completes once the current denylist has been loaded. */
  Future<Void> ready(RequestContext context) {
    Future<Void> current = loaded;
    if (current != null && !current.failed()) return current;
    Future<Void> load = auth.revoked(context).map(all -> {
      addAll(all);
      return (Void) null;
    });
    loaded = load;
    return load;
  }

  private void addAll(Revoked all) {
    all.revoked().forEach(this::add);
    if (!all.complete()) reloadLater();
  }

  private void reloadLater() {
    if (reloadTimer >= 0 || stopped) return;
    reloadTimer = vertx.setTimer(RELOAD_MS, id -> {
      reloadTimer = -1;
      auth.revoked(RequestContext.anonymous("gateway-denylist", signing)).onComplete(ar -> {
        if (ar.succeeded()) addAll(ar.result());
        else reloadLater();
      });
    });
  }

  boolean denied(String jti) {
    long now = Instant.now().getEpochSecond();
    if (now - prunedAt > PRUNE_EVERY_SECONDS) {
      prunedAt = now;
      denied.values().removeIf(exp -> exp < now);
    }
    return denied.containsKey(jti);
  }

  private void add(Revocation revoked) {
    if (revoked.complete() && revoked.exp() >= Instant.now().getEpochSecond()) denied.put(revoked.jti(), revoked.exp());
  }

  Future<Void> stop() {
    stopped = true;
    if (reloadTimer >= 0) vertx.cancelTimer(reloadTimer);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
