package dev.orderly.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The entity service's event-bus contract and its typed client. Address {@value #ADDRESS}; the
 * {@code action} header is one of the constants below. Request bodies are JSON objects with the
 * fields named here; replies are the rendered JSON response body as a {@link Buffer} (written once,
 * by the service), with the record's version in the {@value #VERSION_HEADER} header.
 * Failures are {@link ServiceError}s: status as the failure code, API.md's body as the message.
 */
public final class EntitiesClient {
  public static final String ADDRESS = "orderly.entities";
  public static final String LIST = "list";
  public static final String GET = "get";
  public static final String CREATE = "create";
  public static final String UPDATE = "update";
  public static final String DELETE = "delete";
  /** Readiness: answers {@code {"status": "UP"}} once the service and its database respond. */
  public static final String PING = "ping";
  /** The service's OpenAPI fragment: {@code {"paths": {...}, "schemas": {...}}}. */
  public static final String SCHEMA = "schema";

  /** URL name of the resource, e.g. {@code purchase-orders}. */
  public static final String RESOURCE = "resource";
  /** Record id as the client wrote it; a non-integer is simply not found. */
  public static final String ID = "id";
  /** List parameters: {@code {name: [values...]}}. */
  public static final String PARAMS = "params";
  /** Absolute URL of the list request, for {@code next}/{@code previous}. */
  public static final String URL = "url";
  public static final String DATA = "data";
  /** true for PATCH, false for PUT. */
  public static final String PARTIAL = "partial";
  /** The raw {@code If-Match} header, or absent. */
  public static final String IF_MATCH = "if_match";

  public static final String VERSION_HEADER = "version";
  public static final String ID_HEADER = "id";

  private final Vertx vertx;
  private final long timeoutMs;

  public EntitiesClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  public Future<Message<Buffer>> list(String resource, JsonObject params, String url, RequestContext context) {
    return send(LIST, new JsonObject().put(RESOURCE, resource).put(PARAMS, params).put(URL, url), context);
  }

  public Future<Message<Buffer>> get(String resource, String id, JsonObject params, RequestContext context) {
    return send(GET, new JsonObject().put(RESOURCE, resource).put(ID, id).put(PARAMS, params), context);
  }

  public Future<Message<Buffer>> create(String resource, JsonObject data, RequestContext context) {
    return send(CREATE, new JsonObject().put(RESOURCE, resource).put(DATA, data), context);
  }

  public Future<Message<Buffer>> update(String resource, String id, JsonObject data, boolean partial, String ifMatch,
                                        RequestContext context) {
    return send(UPDATE, new JsonObject().put(RESOURCE, resource).put(ID, id).put(DATA, data).put(PARTIAL, partial)
        .put(IF_MATCH, ifMatch), context);
  }

  public Future<Message<Buffer>> delete(String resource, String id, String ifMatch, RequestContext context) {
    return send(DELETE, new JsonObject().put(RESOURCE, resource).put(ID, id).put(IF_MATCH, ifMatch), context);
  }

  public Future<Message<JsonObject>> ping(RequestContext context) {
    return vertx.eventBus().request(ADDRESS, new JsonObject(), context.deliveryOptions(timeoutMs).addHeader(Actions.HEADER, PING));
  }

  public Future<Message<JsonObject>> schema(RequestContext context) {
    return vertx.eventBus().request(ADDRESS, new JsonObject(), context.deliveryOptions(timeoutMs).addHeader(Actions.HEADER, SCHEMA));
  }

  private Future<Message<Buffer>> send(String action, JsonObject body, RequestContext context) {
    return vertx.eventBus().request(ADDRESS, body, context.deliveryOptions(timeoutMs).addHeader(Actions.HEADER, action));
  }
}
