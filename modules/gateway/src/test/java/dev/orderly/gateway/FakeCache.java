package dev.orderly.gateway;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.CacheClient;
import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.ScopeResult;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the cache service on {@link CacheClient#ADDRESS}, as {@link FakeEntities} is for the entity
 * service: it records every request, allows every throttle check (unless told to refuse), and, once
 * told to {@link #storeEntries()}, keeps entries per namespace generation in a map (else every lookup
 * misses, so tests of the routes reach the entity service every time). The real service is tested in the cache module and, with
 * this gateway, end to end in the app module.
 */
final class FakeCache {
  private final List<Message<JsonObject>> received = new CopyOnWriteArrayList<>();
  private final Map<String, String> entries = new ConcurrentHashMap<>();
  private final Map<String, Long> generations = new ConcurrentHashMap<>();
  private final MessageConsumer<JsonObject> consumer;
  private volatile Double refuseWith;
  private volatile boolean refusing;
  private volatile boolean storing;
  private volatile JsonObject status = new JsonObject().put("status", CacheClient.UP).put("backend", "memory");

  private FakeCache(Vertx vertx) {
    consumer = vertx.eventBus().consumer(CacheClient.ADDRESS, this::answer);
  }

  static FakeCache register(Vertx vertx) {
    FakeCache cache = new FakeCache(vertx);
    cache.consumer.completion().await();
    return cache;
  }

  /** Every throttle check from now on is refused, with DRF's {@code wait} (null: none). */
  void refuses(Double waitSeconds) {
    refusing = true;
    refuseWith = waitSeconds;
  }

  void storeEntries() {
    storing = true;
  }

  void status(JsonObject status) {
    this.status = status;
  }

  /** The bodies of the requests with this action, in order. */
  List<JsonObject> requests(String action) {
    return received.stream().filter(m -> action.equals(m.headers().get(Actions.HEADER))).map(Message::body).toList();
  }

  /** The checks of the last throttle request (the last of the last batch). */
  List<Check> lastChecks() {
    List<JsonObject> throttles = requests(CacheClient.THROTTLE);
    JsonArray batch = throttles.get(throttles.size() - 1).getJsonArray(CacheClient.REQUESTS);
    List<Check> checks = new ArrayList<>();
    batch.getJsonObject(batch.size() - 1).getJsonArray(CacheClient.CHECKS).forEach(c -> checks.add(Check.fromJson((JsonObject) c)));
    return checks;
  }

  int entryCount() {
    return entries.size();
  }

  void unregister() {
    consumer.unregister().await();
  }

  private void answer(Message<JsonObject> msg) {
    received.add(msg);
    JsonObject body = msg.body();
    String namespace = body.getString(CacheClient.NAMESPACE);
    String generation = namespace == null ? null : generations.computeIfAbsent(namespace, n -> 1L).toString();
    switch (msg.headers().get(Actions.HEADER)) {
      case CacheClient.THROTTLE -> {
        JsonArray results = new JsonArray();
        body.getJsonArray(CacheClient.REQUESTS).forEach(request -> results.add(throttle((JsonObject) request).toJson()));
        msg.reply(new JsonObject().put(CacheClient.RESULTS, results));
      }
      case CacheClient.LOOKUP -> {
        JsonArray results = new JsonArray();
        body.getJsonArray(CacheClient.REQUESTS).forEach(item -> {
          JsonObject request = (JsonObject) item;
          String ns = request.getString(CacheClient.NAMESPACE);
          String gen = generations.computeIfAbsent(ns, n -> 1L).toString();
          results.add(new JsonObject().put(CacheClient.GENERATION_FIELD, gen)
              .put(CacheClient.VALUE, entries.get(ns + ":" + gen + ":" + request.getString(CacheClient.KEY))));
        });
        msg.reply(new JsonObject().put(CacheClient.RESULTS, results));
      }
      case CacheClient.STORE -> {
        boolean current = storing && generation.equals(body.getString(CacheClient.GENERATION_FIELD));
        if (current) entries.put(namespace + ":" + generation + ":" + body.getString(CacheClient.KEY), body.getString(CacheClient.VALUE));
        msg.reply(new JsonObject().put("stored", current));
      }
      case CacheClient.BUMP -> msg.reply(new JsonObject().put(CacheClient.GENERATION_FIELD, generations.merge(namespace, 1L, Long::sum).toString()));
      case CacheClient.STATUS -> msg.reply(status);
      default -> msg.fail(501, "{\"detail\":\"not faked\",\"code\":\"unknown_action\"}");
    }
  }

  private ThrottleResult throttle(JsonObject body) {
    List<ScopeResult> scopes = new ArrayList<>();
    for (Object item : body.getJsonArray(CacheClient.CHECKS)) {
      Check check = Check.fromJson((JsonObject) item);
      scopes.add(refusing
          ? new ScopeResult(check.scope(), false, check.limit(), 0, check.duration(), refuseWith)
          : new ScopeResult(check.scope(), true, check.limit(), check.limit() - 1, check.duration(), null));
    }
    return new ThrottleResult(!refusing, refusing ? refuseWith : null, scopes);
  }
}
