package dev.orderly.core.bus;

import dev.orderly.core.bus.Consumers.ActionHandler;
import dev.orderly.core.bus.Consumers.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/**
 * The actions every service address answers besides its own: {@value #PING} (readiness: {@code {"status":
 * "UP"}} once the service and its database respond) and {@value #SCHEMA} (its OpenAPI fragment,
 * {@code {"paths": {...}, "schemas": {...}}}, for the services that own resources).
 */
public final class ServiceClient {
  public static final String PING = "ping";
  public static final String SCHEMA = "schema";

  private final Vertx vertx;
  private final String address;
  private final long timeoutMs;

  public ServiceClient(Vertx vertx, String address, long timeoutMs) {
    this.vertx = vertx;
    this.address = address;
    this.timeoutMs = timeoutMs;
  }

  public String address() {
    return address;
  }

  /** Succeeds when the service said UP within the timeout; fails with the reason otherwise. */
  public Future<Void> ping(RequestContext context) {
    return request(PING, context).compose(body -> "UP".equals(body.getString("status")) ? Future.<Void>succeededFuture()
        : Future.failedFuture("the service on " + address + " is not UP: " + body.encode()));
  }

  public Future<JsonObject> schema(RequestContext context) {
    return request(SCHEMA, new JsonObject(), context);
  }

  /** A page of the service's change feed ({@link EventFeed}). */
  public Future<EventFeed.Page> events(EventFeed.Since since, RequestContext context) {
    return request(EventFeed.EVENTS, since.toJson(), context).map(EventFeed.Page::fromJson);
  }

  private Future<JsonObject> request(String action, RequestContext context) {
    return request(action, new JsonObject(), context);
  }

  private Future<JsonObject> request(String action, JsonObject body, RequestContext context) {
    // ping, schema and events only read
    return BusRequests.request(vertx, address, body, context.deliveryOptions(timeoutMs).addHeader(Actions.HEADER, action), true)
        .map(message -> message.body() instanceof Buffer rendered ? rendered.toJsonObject() : (JsonObject) message.body());
  }

  /** The {@value #PING} handler of a service whose readiness is its database's: {@code SELECT 1}. */
  public static ActionHandler pingHandler(Pool pool) {
    return (body, context) -> pool.query("SELECT 1").execute().map(rows -> Reply.of(new JsonObject().put("status", "UP")));
  }
}
