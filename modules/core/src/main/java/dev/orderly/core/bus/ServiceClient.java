package dev.orderly.core.bus;

import dev.orderly.core.bus.Consumers.ActionHandler;
import dev.orderly.core.bus.Consumers.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions every service address answers besides its own: {@value #PING} (readiness: {@link Pong}, {@code
 * {"status": "UP", "database": "UP|DOWN"}}: the service answers, and says whether its database does) and
 * {@value #SCHEMA} (its OpenAPI fragment, {@code {"paths": {...}, "schemas": {...}}}, for the services that own
 * resources).
 */
public final class ServiceClient {
  public static final String PING = "ping";
  public static final String SCHEMA = "schema";
  /**
   * How long a {@value #PING} handler waits for its database's {@code SELECT 1}: well within the gateway's readiness
   * wait, so that a database that does not answer is reported as such, not as a service that does not.
   */
  public static final long DATABASE_PING_MS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(ServiceClient.class);

  /**
   * The reply to {@value #PING}: the service is UP (it answered), and its database answered {@code SELECT 1} within
   * {@value #DATABASE_PING_MS} ms or not. A reply without {@code database} (a service that checks none) counts as UP.
   */
  public record Pong(boolean databaseUp) implements BusMessage {
    public JsonObject toJson() {
      return new JsonObject().put("status", "UP").put("database", databaseUp ? "UP" : "DOWN");
    }

    public static Pong fromJson(JsonObject json) {
      return new Pong(!"DOWN".equals(json.getString("database")));
    }
  }

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

  /** The service's {@link Pong} when it said UP within the timeout; fails with the reason otherwise. */
  public Future<Pong> ping(RequestContext context) {
    return request(PING, context).compose(body -> "UP".equals(body.getString("status")) ? Future.succeededFuture(Pong.fromJson(body))
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

  /**
   * The {@value #PING} handler of a service that uses a database: it always answers, with whether {@code SELECT 1}
   * came back within {@value #DATABASE_PING_MS} ms.
   */
  public static ActionHandler pingHandler(Pool pool) {
    return (body, context) -> pool.query("SELECT 1").execute()
        .timeout(DATABASE_PING_MS, TimeUnit.MILLISECONDS)
        .map(rows -> true)
        .otherwise(e -> {
          // readiness probes repeat every few seconds: the gateway says it once per probe at WARN
          log.debug("rid={} ping: the database did not answer SELECT 1: {}", context.requestId(), e.toString());
          return false;
        })
        .map(up -> Reply.of(new Pong(up).toJson()));
  }
}
