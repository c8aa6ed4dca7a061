package dev.orderly.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The CRUD actions of {@link EntitiesClient} for any resource, sent to the service that owns it:
 * {@link #addressOf} is the one place that maps a resource to its service.
 */
public final class ResourceClient {
  private final Vertx vertx;
  private final long timeoutMs;

  public ResourceClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  /** The address of the service that owns {@code resource} (its URL name): users and groups are the auth service's. */
  public static String addressOf(String resource) {
    return AuthClient.RESOURCES.contains(resource) ? AuthClient.ADDRESS : EntitiesClient.ADDRESS;
  }

  public Future<Message<Buffer>> list(String resource, JsonObject params, String url, RequestContext context) {
    return send(resource, EntitiesClient.LIST, new JsonObject().put(EntitiesClient.RESOURCE, resource)
        .put(EntitiesClient.PARAMS, params).put(EntitiesClient.URL, url), context);
  }

  public Future<Message<Buffer>> get(String resource, String id, JsonObject params, RequestContext context) {
    return send(resource, EntitiesClient.GET, new JsonObject().put(EntitiesClient.RESOURCE, resource).put(EntitiesClient.ID, id)
        .put(EntitiesClient.PARAMS, params), context);
  }

  public Future<Message<Buffer>> create(String resource, JsonObject data, RequestContext context) {
    return send(resource, EntitiesClient.CREATE, new JsonObject().put(EntitiesClient.RESOURCE, resource).put(EntitiesClient.DATA, data), context);
  }

  public Future<Message<Buffer>> update(String resource, String id, JsonObject data, boolean partial, String ifMatch,
                                        RequestContext context) {
    return send(resource, EntitiesClient.UPDATE, new JsonObject().put(EntitiesClient.RESOURCE, resource).put(EntitiesClient.ID, id)
        .put(EntitiesClient.DATA, data).put(EntitiesClient.PARTIAL, partial).put(EntitiesClient.IF_MATCH, ifMatch), context);
  }

  public Future<Message<Buffer>> delete(String resource, String id, String ifMatch, RequestContext context) {
    return send(resource, EntitiesClient.DELETE, new JsonObject().put(EntitiesClient.RESOURCE, resource).put(EntitiesClient.ID, id)
        .put(EntitiesClient.IF_MATCH, ifMatch), context);
  }

  private Future<Message<Buffer>> send(String resource, String action, JsonObject body, RequestContext context) {
    return vertx.eventBus().request(addressOf(resource), body, context.deliveryOptions(timeoutMs).addHeader(Actions.HEADER, action));
  }
}
