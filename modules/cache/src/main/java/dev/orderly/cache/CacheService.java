package dev.orderly.cache;

import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers.ActionHandler;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions of {@link CacheClient#ADDRESS} over a {@link CacheStore}. A namespace is subscribed to
 * its change events ({@code orderly.events.<namespace>}, each bumping its generation) the first time
 * an entry is stored in it, found in it or it is bumped, so writes that do not pass the gateway drop its
 * entries too; lookups that find nothing subscribe nothing, so unknown names cost nothing.
 */
final class CacheService {
  private static final Logger log = LoggerFactory.getLogger(CacheService.class);
  private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  /** Most scopes one throttle request may check. */
  static final int MAX_CHECKS = 8;

  private final Vertx vertx;
  private final CacheStore store;
  private final Supplier<CacheClient.Status> status;
  private final long defaultTtlSeconds;
  private final CallerSigning signing;
  private final Map<String, Future<Void>> subscriptions = new ConcurrentHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  /** @param signing the node's: a change event not signed with it drops nothing */
  CacheService(Vertx vertx, CacheStore store, Supplier<CacheClient.Status> status, long defaultTtlSeconds, CallerSigning signing) {
    this.vertx = vertx;
    this.signing = signing;
    this.store = store;
    this.status = status;
    this.defaultTtlSeconds = defaultTtlSeconds;
  }

  Map<String, ActionHandler> actions() {
    return Map.of(
        CacheClient.BUMP, (body, ctx) -> bump(namespace(body)).map(g -> Reply.of(new CacheClient.Generation(g).toJson())),
        CacheClient.LOOKUP, (body, ctx) -> lookup(entryKeys(body)).map(found -> results(found, CacheClient.Lookup::toJson)),
        CacheClient.STORE, (body, ctx) -> store(body).map(s -> Reply.of(new CacheClient.Stored(s).toJson())),
        CacheClient.THROTTLE, (body, ctx) -> store.throttle(requests(body)).map(found -> results(found, ThrottleResult::toJson)),
        CacheClient.STATUS, (body, ctx) -> Future.succeededFuture(Reply.of(status.get().toJson())));
  }

  /** Bumps {@code namespace} when its change event arrives; the future ends once the subscription is in place. */
  Future<Void> subscribe(String namespace) {
    return subscriptions.computeIfAbsent(namespace, ns -> {
      MessageConsumer<?> consumer = BusEvents.consumer(vertx, signing, Events.address(ns), event -> store.bump(ns)
          .onFailure(e -> log.warn("cannot drop the cache of {} after a change event: {}", ns, e.toString())));
      consumers.add(consumer);
      return consumer.completion();
    });
  }

  Future<Void> close() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /** A hit proves the namespace real: subscribe it too (its entries may come from another node or an earlier run). */
  private Future<List<CacheClient.Lookup>> lookup(List<CacheStore.EntryKey> keys) {
    return store.lookup(keys).onSuccess(found -> {
      for (int i = 0; i < found.size(); i++) {
        String namespace = keys.get(i).namespace();
        if (found.get(i).value() != null && !subscriptions.containsKey(namespace)) subscribe(namespace);
      }
    });
  }

  /** A batch of lookups; one invalid lookup refuses the whole batch (the gateway builds them). */
  private static List<CacheStore.EntryKey> entryKeys(JsonObject body) {
    List<CacheStore.EntryKey> keys = new ArrayList<>();
    for (JsonObject request : batch(body)) keys.add(new CacheStore.EntryKey(namespace(request), key(request)));
    return keys;
  }

  /** The {@code requests} of a batched action: 1 to {@link CacheClient#MAX_BATCH} objects. */
  private static List<JsonObject> batch(JsonObject body) {
    Object array = body.getValue(CacheClient.REQUESTS);
    if (!(array instanceof JsonArray requests) || requests.isEmpty() || requests.size() > CacheClient.MAX_BATCH) {
      throw ServiceError.invalid(CacheClient.REQUESTS, "Between 1 and " + CacheClient.MAX_BATCH + " requests are required.");
    }
    List<JsonObject> objects = new ArrayList<>(requests.size());
    for (Object request : requests) {
      if (!(request instanceof JsonObject json)) throw ServiceError.invalid(CacheClient.REQUESTS, "Each request is an object.");
      objects.add(json);
    }
    return objects;
  }

  private Future<String> bump(String namespace) {
    return subscribe(namespace).compose(v -> store.bump(namespace));
  }

  private Future<Boolean> store(JsonObject body) {
    String namespace = namespace(body);
    String generation = required(body, CacheClient.GENERATION_FIELD);
    String key = key(body);
    String value = value(body);
    long ttl = ttl(body);
    return subscribe(namespace).compose(v -> store.store(namespace, generation, key, value, ttl));
  }

  private static String key(JsonObject body) {
    return required(body, CacheClient.KEY);
  }

  private static String value(JsonObject body) {
    return required(body, CacheClient.VALUE);
  }

  private long ttl(JsonObject body) {
    Object ttl = body.getValue(CacheClient.TTL);
    if (ttl == null) return defaultTtlSeconds;
    if (!(ttl instanceof Number n) || n.longValue() < 1) throw ServiceError.invalid(CacheClient.TTL, "A positive number of seconds is required.");
    return n.longValue();
  }

  private static String namespace(JsonObject body) {
    String namespace = required(body, CacheClient.NAMESPACE);
    if (!NAMESPACE.matcher(namespace).matches()) throw ServiceError.invalid(CacheClient.NAMESPACE, "Not a table name.");
    return namespace;
  }

  private static String required(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String s)) throw ServiceError.invalid(field, "This field is required.");
    return s;
  }

  /** The reply of a batched action: {@code {results: [...]}}, one per request, in order. */
  private static <T> Reply results(List<T> results, Function<T, JsonObject> json) {
    JsonArray array = new JsonArray(new ArrayList<>(results.size()));
    results.forEach(r -> array.add(json.apply(r)));
    return Reply.of(new JsonObject().put(CacheClient.RESULTS, array));
  }

  /** A batch of throttle requests; one invalid request refuses the whole batch (the gateway builds them). */
  static List<List<Check>> requests(JsonObject body) {
    List<List<Check>> checks = new ArrayList<>();
    for (JsonObject request : batch(body)) checks.add(checks(request));
    return checks;
  }

  static List<Check> checks(JsonObject body) {
    Object value = body.getValue(CacheClient.CHECKS);
    JsonArray array = value instanceof JsonArray a ? a : null;
    if (array == null || array.isEmpty() || array.size() > MAX_CHECKS) {
      throw ServiceError.invalid(CacheClient.CHECKS, "Between 1 and " + MAX_CHECKS + " checks are required.");
    }
    List<Check> checks = new ArrayList<>(array.size());
    for (Object item : array) {
      Check check;
      try {
        check = Check.fromJson((JsonObject) item);
      } catch (RuntimeException e) {
        check = null;
      }
      if (check == null || check.scope() == null || check.key() == null || check.limit() < 0 || check.duration() < 1) {
        throw ServiceError.invalid(CacheClient.CHECKS, "Each check needs scope, key, limit >= 0 and duration >= 1.");
      }
      checks.add(check);
    }
    return checks;
  }
}
