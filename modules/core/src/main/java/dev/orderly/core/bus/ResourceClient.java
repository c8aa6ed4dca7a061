package dev.orderly.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The one client of the CRUD actions of any resource ({@link ResourceRequest}), sent to the service that
 * owns it: {@link #addressOf} is the one place that maps a resource to its service. Replies are
 * {@link ResourceReply}s; failures {@link io.vertx.core.eventbus.ReplyException}s carrying a
 * {@link ServiceError}'s status and body.
 */
public final class ResourceClient implements ResourceService {
  /** The entity service: suppliers, products, purchase orders and every resource added later. */
  public static final String ENTITIES_ADDRESS = "orderly.entities";

  private final Vertx vertx;
  private final long timeoutMs;

  public ResourceClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  /**
   * The actions that only read, sent again on another node when the first finds none or times out ({@link BusRequests}),
   * as are writes with an idempotency key; an import with one only when no handler took it (its rows are a stream).
   */
  static final java.util.Set<String> READS = java.util.Set.of(ResourceRequest.LIST, ResourceRequest.GET, ResourceRequest.HISTORY, ResourceRequest.ROWS);

  /** The address of the service that owns {@code resource} (its URL name): users and groups are the auth service's. */
  public static String addressOf(String resource) {
    return AuthClient.RESOURCES.contains(resource) ? AuthClient.ADDRESS : ENTITIES_ADDRESS;
  }

  /** Sends {@code request} to the service that owns its resource. */
  @Override
  public Future<ResourceReply> handle(ResourceRequest request, RequestContext context) {
    return BusRequests.<Buffer>request(vertx, addressOf(request.resource()), request.toJson(),
            context.deliveryOptions(timeoutMs).addHeader(Actions.HEADER, request.action()), repeat(request.action(), context))
        .map(ResourceReply::fromMessage);
  }

  static BusRequests.Repeat repeat(String action, RequestContext context) {
    if (action.equals(ResourceRequest.IMPORT)) return BusRequests.Repeat.ofStreamed(context);
    return BusRequests.Repeat.of(READS.contains(action), context);
  }

  /** Shorthand for {@link #create(ResourceRequest.Create, RequestContext)}. */
  public Future<ResourceReply> create(String resource, JsonObject data, RequestContext context) {
    return create(new ResourceRequest.Create(resource, data), context);
  }
}
