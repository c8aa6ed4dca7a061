package dev.orderly.core.bus;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service addresses this node answers itself, with how many consumers (verticle instances) answer each: what
 * {@link BusRequests} reads to send a node's requests to its own services first. Shared by every verticle of the node.
 */
final class LocalServices implements Shareable {
  private final Map<String, AtomicInteger> consumers = new ConcurrentHashMap<>();

  static LocalServices of(Vertx vertx) {
    LocalMap<String, LocalServices> map = vertx.sharedData().getLocalMap("orderly.bus.local-services");
    return map.computeIfAbsent("services", k -> new LocalServices());
  }

  void added(String address) {
    consumers.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
  }

  void removed(String address) {
    AtomicInteger count = consumers.get(address);
    if (count != null) count.decrementAndGet();
  }

  boolean serves(String address) {
    AtomicInteger count = consumers.get(address);
    return count != null && count.get() > 0;
  }
}
