package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceNames;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.metrics.NodeMetrics;
import dev.orderly.core.metrics.OrderlyMeters;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code GET /api/events?resources=a,b}: the change events of the named resources as Server-Sent Events
 * ({@link EventStream} serves each connection). At connect, after authentication and the {@code user} or
 * {@code anon} throttle: {@code resources} must name at least one resource, all of one service (event ids are
 * numbered per service: the entity service's resources, or {@code users} and {@code groups}), else 400 on
 * {@code resources}; the caller must hold {@code view} on each ({@link Permission#allows}), else 403;
 * the node must serve fewer than {@code SSE_MAX_CLIENTS} streams (counted across its gateway instances),
 * else 503. The stream resumes after the {@value #LAST_EVENT_ID} header, else after the {@code since}
 * parameter (a non-negative integer, else 400), else starts from the newest event. A resource the service
 * does not know is its 400, naming it. The node's open streams are the gauge {@code orderly.sse.clients}.
 */
final class EventStreams {
  static final String PATH = "/api/events";
  static final String LAST_EVENT_ID = "Last-Event-ID";
  static final String RESOURCES = "resources";
  static final String SINCE = "since";
  /** What a resource name may look like: a URL name; anything else is unknown without asking. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,99}");
  private static final Permission VIEW = Permission.of(Permissions.VIEW);

  /**
   * How a stream treats its client.
   *
   * @param heartbeatMs     the period of the {@code : ping} comment, default {@value #DEFAULT_HEARTBEAT_MS} ms
   * @param writeQueueBytes the most a client's write queue holds before a live event disconnects it, default
   *                        {@value #DEFAULT_WRITE_QUEUE_BYTES} bytes
   * @param maxPending      the most live events held while the stream catches up from the feed, default
   *                        {@value #DEFAULT_MAX_PENDING}; one more disconnects it
   */
  record Options(long heartbeatMs, int writeQueueBytes, int maxPending) {
    static final long DEFAULT_HEARTBEAT_MS = 15_000;
    static final int DEFAULT_WRITE_QUEUE_BYTES = 256 * 1024;
    static final int DEFAULT_MAX_PENDING = 1_000;
    static final Options DEFAULT = new Options(DEFAULT_HEARTBEAT_MS, DEFAULT_WRITE_QUEUE_BYTES, DEFAULT_MAX_PENDING);
  }

  /** What one stream follows: the resources (URL names), their tables, the service, and where it resumes. */
  record Subscription(List<String> resources, List<String> tables, String address, Long since) {}

  /** The streams a node serves, one count shared by its gateway instances. */
  static final class Slots implements Shareable {
    private final AtomicInteger open = new AtomicInteger();

    static Slots of(Vertx vertx) {
      LocalMap<String, Slots> map = vertx.sharedData().getLocalMap("orderly.gateway.events");
      return map.computeIfAbsent("slots", k -> new Slots());
    }

    /** Takes a slot unless {@code max} are taken. */
    boolean acquire(int max) {
      if (open.incrementAndGet() <= max) return true;
      open.decrementAndGet();
      return false;
    }

    void release() {
      open.decrementAndGet();
    }

    int open() {
      return open.get();
    }
  }

  private final Vertx vertx;
  private final Principals principals;
  private final Map<String, ServiceClient> feeds;
  private final LiveEvents live;
  private final int maxClients;
  private final Options options;
  private final Slots slots;

  /** @param maxClients {@code SSE_MAX_CLIENTS}: the most streams this node serves at a time */
  EventStreams(Vertx vertx, Principals principals, CallerSigning signing, long requestTimeoutMs, int maxClients, Options options) {
    this.vertx = vertx;
    this.principals = principals;
    this.feeds = Map.of(ResourceClient.ENTITIES_ADDRESS, new ServiceClient(vertx, ResourceClient.ENTITIES_ADDRESS, requestTimeoutMs),
        AuthClient.ADDRESS, new ServiceClient(vertx, AuthClient.ADDRESS, requestTimeoutMs));
    this.live = new LiveEvents(vertx, signing);
    this.maxClients = maxClients;
    this.options = options;
    this.slots = Slots.of(vertx);
    OrderlyMeters.sseClients(NodeMetrics.of(vertx).registry(), slots, Slots::open);
  }

  /** The route's handler. */
  void stream(RoutingContext ctx) {
    Subscription subscription;
    try {
      subscription = subscription(QueryParams.parse(ctx.request().query()), ctx.request().getHeader(LAST_EVENT_ID));
    } catch (ServiceError invalid) {
      ctx.fail(invalid);
      return;
    }
    Caller caller = Authentication.caller(ctx);
    if (!viewsAll(caller, subscription.resources())) {
      ctx.fail(Failures.permissionDenied());
      return;
    }
    if (!slots.acquire(maxClients)) {
      ctx.fail(Failures.tooManyStreams());
      return;
    }
    new EventStream(vertx, ctx, caller.id(), subscription, feeds.get(subscription.address()), live, principals, options,
        slots::release).start();
  }

  /** The streams this node serves now. */
  int open() {
    return slots.open();
  }

  /** Whether {@code caller} may view every one of {@code resources}. */
  static boolean viewsAll(Caller caller, List<String> resources) {
    return resources.stream().allMatch(resource -> VIEW.allows(caller, resource));
  }

  /** The subscription a query (as {@link QueryParams#parse} gives it) and a {@value #LAST_EVENT_ID} header ask for. */
  static Subscription subscription(JsonObject query, String lastEventId) {
    Set<String> resources = new LinkedHashSet<>();
    for (Object value : query.getJsonArray(RESOURCES, new JsonArray())) {
      for (String name : String.valueOf(value).split(",")) {
        if (!name.isBlank()) resources.add(name.strip());
      }
    }
    if (resources.isEmpty()) throw Failures.invalid(RESOURCES, "This field is required.");
    List<String> unknown = resources.stream().filter(name -> !NAME.matcher(name).matches()).toList();
    if (!unknown.isEmpty()) throw Failures.invalid(RESOURCES, unknown.stream().map(name -> "Unknown resource \"" + name + "\".").toList());
    Map<String, List<String>> byService = new LinkedHashMap<>();
    for (String name : resources) byService.computeIfAbsent(ResourceClient.addressOf(name), a -> new ArrayList<>()).add(name);
    if (byService.size() > 1) {
      List<List<String>> services = new ArrayList<>(byService.values());
      throw Failures.invalid(RESOURCES, String.join(", ", services.get(0)) + " and " + String.join(", ", services.get(1))
          + " belong to different services, whose event ids are numbered apart: open one stream for each.");
    }
    List<String> names = List.copyOf(resources);
    return new Subscription(names, names.stream().map(ResourceNames::table).toList(), byService.keySet().iterator().next(),
        since(query, lastEventId));
  }

  /** The {@value #LAST_EVENT_ID} header when sent, else the last {@code since} parameter, else null (from now). */
  private static Long since(JsonObject query, String lastEventId) {
    if (lastEventId != null && !lastEventId.isBlank()) return eventId(LAST_EVENT_ID, lastEventId.strip());
    JsonArray since = query.getJsonArray(SINCE);
    return since == null || since.isEmpty() ? null : eventId(SINCE, since.getString(since.size() - 1).strip());
  }

  private static long eventId(String name, String text) {
    try {
      long id = Long.parseLong(text);
      if (id >= 0) return id;
    } catch (NumberFormatException notANumber) {
      // the same answer as a negative number
    }
    throw Failures.invalid(name, "A valid non-negative integer is required.");
  }
}
