package dev.orderly.core.bus;

import dev.orderly.core.config.Role;
import dev.orderly.core.config.Settings;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The cache service's event-bus contract and its typed client. Address {@value #ADDRESS}; the
 * {@code action} header is one of the constants below; bodies and replies are the records below.
 *
 * <ul>
 *   <li>{@value #BUMP} {@code {namespace}} → {@code {generation}}: drops every entry of the namespace</li>
 *   <li>{@value #LOOKUP} {@code {requests: [{namespace, key}]}} → {@code {results: [{generation, value}]}}:
 *       for each, the namespace's generation (an opaque token that changes whenever anything in the
 *       namespace changes) and the entry stored under it, or null, in one round trip; batched like
 *       {@value #THROTTLE}</li>
 *   <li>{@value #STORE} {@code {namespace, generation, key, value, ttl}} → {@code {stored}}: stores an
 *       entry under the generation a {@value #LOOKUP} returned, for {@code ttl} seconds (default
 *       {@code CACHE_TTL_SECONDS}); not stored when the generation changed since</li>
 *   <li>{@value #THROTTLE} {@code {requests: [{checks: [{scope, key, limit, duration}]}]}} →
 *       {@code {results: [}{@link ThrottleResult}{@code ]}}: for each request in order, one atomic
 *       check-and-count of every scope (all counted, or none when any refuses). The client batches the
 *       requests of one event-loop turn ({@link TickBatcher}), at most {@value #MAX_BATCH} per message.</li>
 *   <li>{@value #STATUS} {@code {}} → {@code {status: UP|DEGRADED, backend: redis|memory, detail}}</li>
 * </ul>
 *
 * A namespace is a table name ({@code purchase_orders}); a change event on
 * {@code orderly.events.<namespace>} bumps it too. Failures are {@link ServiceError}s.
 */
public final class CacheClient {
  public static final String ADDRESS = "orderly.cache";
  /**
   * The same service's node-local twin ({@link Consumers#localAddress}): the address of a node that runs the cache
   * service without Redis, whose memory (throttle counters, entries) is this node's own. Sent to it, the
   * node's requests never land on another node's memory, where they would count and cache apart.
   */
  public static final String LOCAL_ADDRESS = Consumers.localAddress(ADDRESS);
  public static final String BUMP = "bump";
  public static final String LOOKUP = "lookup";
  public static final String STORE = "store";
  public static final String THROTTLE = "throttle";
  public static final String STATUS = "status";
  /**
   * The actions sent again on another node when the first finds none or times out ({@link BusRequests}):
   * reads, a store (the same entry twice), a bump (one more invalidation) and the throttle check, which
   * every API request needs: a check repeated after a timeout may count that one request twice.
   */
  static final java.util.Set<String> REPEATABLE = java.util.Set.of(LOOKUP, STATUS, STORE, BUMP, THROTTLE);

  public static final String KEY = "key";
  public static final String VALUE = "value";
  public static final String TTL = "ttl";
  public static final String NAMESPACE = "namespace";
  public static final String GENERATION_FIELD = "generation";
  public static final String CHECKS = "checks";
  public static final String REQUESTS = "requests";
  public static final String RESULTS = "results";
  /** Most throttle requests one {@value #THROTTLE} message may carry. */
  public static final int MAX_BATCH = 64;

  /** {@value #STATUS}: Redis answers, or no Redis is configured. */
  public static final String UP = "UP";
  /** {@value #STATUS}: Redis is configured but unreachable; the service serves from memory. */
  public static final String DEGRADED = "DEGRADED";

  /** One scope to check: at most {@code limit} requests per {@code duration} seconds for {@code key}. */
  public record Check(String scope, String key, int limit, long duration) {
    public JsonObject toJson() {
      return new JsonObject().put("scope", scope).put("key", key).put("limit", limit).put("duration", duration);
    }

    public static Check fromJson(JsonObject json) {
      return new Check(json.getString("scope"), json.getString("key"), json.getInteger("limit"), json.getLong("duration"));
    }
  }

  /**
   * The outcome for one scope: its {@code limit}, the requests {@code remaining} in its window after this
   * one, {@code reset} (seconds until the oldest counted request leaves the window) and, when this scope
   * refused, DRF's {@code wait()} in seconds (null when DRF would give none).
   */
  public record ScopeResult(String scope, boolean allowed, int limit, int remaining, long reset, Double waitSeconds) {
    public JsonObject toJson() {
      return new JsonObject().put("scope", scope).put("allowed", allowed).put("limit", limit)
          .put("remaining", remaining).put("reset", reset).put("wait", waitSeconds);
    }

    public static ScopeResult fromJson(JsonObject json) {
      return new ScopeResult(json.getString("scope"), json.getBoolean("allowed"), json.getInteger("limit"),
          json.getInteger("remaining"), json.getLong("reset"), json.getDouble("wait"));
    }
  }

  /**
   * The outcome of a {@value #THROTTLE}: allowed when every scope allowed; {@code waitSeconds} is the longest
   * wait of the refusing scopes (DRF's {@code check_throttles}), null when allowed.
   */
  public record ThrottleResult(boolean allowed, Double waitSeconds, List<ScopeResult> scopes) {
    public ThrottleResult {
      scopes = List.copyOf(scopes);
    }

    /** The scope with the least quota left (the longest reset among equals): what RateLimit-* describe. */
    public ScopeResult tightest() {
      return scopes.stream()
          .min(Comparator.comparingInt(ScopeResult::remaining).thenComparing(ScopeResult::reset, Comparator.reverseOrder()))
          .orElse(null);
    }

    public JsonObject toJson() {
      JsonArray array = new JsonArray();
      scopes.forEach(s -> array.add(s.toJson()));
      return new JsonObject().put("allowed", allowed).put("wait", waitSeconds).put("scopes", array);
    }

    public static ThrottleResult fromJson(JsonObject json) {
      List<ScopeResult> scopes = new ArrayList<>();
      json.getJsonArray("scopes", new JsonArray()).forEach(s -> scopes.add(ScopeResult.fromJson((JsonObject) s)));
      return new ThrottleResult(json.getBoolean("allowed"), json.getDouble("wait"), scopes);
    }
  }

  /** A {@value #LOOKUP} result: the namespace's generation and the entry stored under it, or null. */
  public record Lookup(String generation, String value) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put(GENERATION_FIELD, generation).put(VALUE, value);
    }

    public static Lookup fromJson(JsonObject json) {
      return new Lookup(json.getString(GENERATION_FIELD), json.getString(VALUE));
    }
  }

  /** {@value #BUMP} {@code {namespace}}, and what it answers: {@code {generation}}, the namespace's new one. */
  public record Bump(String namespace) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put(NAMESPACE, namespace);
    }
  }

  /** The reply of {@value #BUMP}. */
  public record Generation(String generation) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put(GENERATION_FIELD, generation);
    }

    public static Generation fromJson(JsonObject json) {
      return new Generation(json.getString(GENERATION_FIELD));
    }
  }

  /** {@value #STORE}: an entry under the generation a lookup returned, for {@code ttl} seconds. */
  public record Store(String namespace, String generation, String key, String value, long ttl) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put(NAMESPACE, namespace).put(GENERATION_FIELD, generation).put(KEY, key).put(VALUE, value).put(TTL, ttl);
    }
  }

  /** The reply of {@value #STORE}: false when the generation had changed (the entry is not stored). */
  public record Stored(boolean stored) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("stored", stored);
    }

    public static Stored fromJson(JsonObject json) {
      return new Stored(json.getBoolean("stored", false));
    }
  }

  /**
   * The reply of {@value #STATUS}: {@value #UP} or {@value #DEGRADED}, the backend ({@code redis} or
   * {@code memory}), and when degraded what that means for the node's rate limits.
   */
  public record Status(String status, String backend, String detail) implements BusMessage {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("status", status).put("backend", backend);
      return detail == null ? json : json.put("detail", detail);
    }

    public static Status fromJson(JsonObject json) {
      return new Status(json.getString("status", "DOWN"), json.getString("backend"), json.getString("detail"));
    }
  }

  private record PendingThrottle(List<Check> checks, RequestContext context) implements BusMessage {
    public JsonObject toJson() {
      JsonArray array = new JsonArray(new ArrayList<>(checks.size()));
      checks.forEach(c -> array.add(c.toJson()));
      return new JsonObject().put(CHECKS, array);
    }
  }

  private record PendingLookup(String namespace, String key, RequestContext context) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put(NAMESPACE, namespace).put(KEY, key);
    }
  }

  private final Vertx vertx;
  private final String address;
  private final long timeoutMs;
  private final TickBatcher<PendingThrottle, ThrottleResult> throttles = new TickBatcher<>(MAX_BATCH, batch ->
      sendBatch(THROTTLE, batch.stream().map(PendingThrottle::toJson).toList(), batch.get(0).context(), ThrottleResult::fromJson));
  private final TickBatcher<PendingLookup, Lookup> lookups = new TickBatcher<>(MAX_BATCH, batch ->
      sendBatch(LOOKUP, batch.stream().map(PendingLookup::toJson).toList(), batch.get(0).context(), Lookup::fromJson));

  /** A client of the cache service on {@value #ADDRESS}, wherever it runs. */
  public CacheClient(Vertx vertx, long timeoutMs) {
    this(vertx, ADDRESS, timeoutMs);
  }

  public CacheClient(Vertx vertx, String address, long timeoutMs) {
    this.vertx = vertx;
    this.address = address;
    this.timeoutMs = timeoutMs;
  }

  /**
   * The client a node's own callers use: its own cache service ({@value #LOCAL_ADDRESS}) when it runs one
   * without Redis, else the shared one on {@value #ADDRESS} (Redis behind it, or a cache node of its own).
   */
  public static CacheClient forNode(Vertx vertx, Settings settings, long timeoutMs) {
    boolean ownMemory = settings.roles().contains(Role.CACHE) && !settings.usesRedis();
    return new CacheClient(vertx, ownMemory ? LOCAL_ADDRESS : ADDRESS, timeoutMs);
  }

  public Future<String> bump(String namespace, RequestContext context) {
    return send(BUMP, new Bump(namespace).toJson(), context).map(r -> Generation.fromJson(r).generation());
  }

  /** The namespace's generation and the entry under it, batched with the other lookups of this event-loop turn. */
  public Future<Lookup> lookup(String namespace, String key, RequestContext context) {
    return lookups.submit(new PendingLookup(namespace, key, context));
  }

  public Future<Boolean> store(String namespace, String generation, String key, String value, long ttlSeconds,
                               RequestContext context) {
    return send(STORE, new Store(namespace, generation, key, value, ttlSeconds).toJson(), context).map(r -> Stored.fromJson(r).stored());
  }

  /** Checks and counts {@code checks}, batched with the other throttle requests of this event-loop turn. */
  public Future<ThrottleResult> throttle(List<Check> checks, RequestContext context) {
    return throttles.submit(new PendingThrottle(checks, context));
  }

  public Future<Status> status(RequestContext context) {
    return send(STATUS, new JsonObject(), context).map(Status::fromJson);
  }

  /** One message for a batch of {@code action} requests; it travels with the first request's id. */
  private <R> Future<List<R>> sendBatch(String action, List<JsonObject> requests, RequestContext context,
                                        Function<JsonObject, R> result) {
    return send(action, new JsonObject().put(REQUESTS, new JsonArray(new ArrayList<>(requests))), context).map(reply -> {
      JsonArray results = reply.getJsonArray(RESULTS);
      List<R> parsed = new ArrayList<>(results.size());
      results.forEach(r -> parsed.add(result.apply((JsonObject) r)));
      return parsed;
    });
  }

  private Future<JsonObject> send(String action, JsonObject body, RequestContext context) {
    return BusRequests.<JsonObject>request(vertx, address, body, context.deliveryOptions(timeoutMs).addHeader(Actions.HEADER, action),
            REPEATABLE.contains(action))
        .map(msg -> msg.body());
  }
}
