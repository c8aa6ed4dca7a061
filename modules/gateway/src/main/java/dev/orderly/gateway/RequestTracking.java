package dev.orderly.gateway;

import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.logging.RequestIds;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * First handler of every request: fixes its request id (the client's {@value #HEADER} when it is 1–128
 * characters of {@code [A-Za-z0-9._-]}, else a new UUID), returns it in the {@value #HEADER} response
 * header, and writes the request's {@link AccessLog} line when the response ends, naming the template of
 * the route that answered ({@link RouteTable#mount} names each row's route by it). From then until the response
 * ends the request counts as in progress on its connection ({@link ClientConnections}).
 */
record RequestTracking(RouteTable routes, ClientConnections connections, CallerSigning signing) implements PlatformHandler {
  static final String HEADER = "X-Request-Id";
  private static final String KEY = "orderly.requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  @Override
  public void handle(RoutingContext ctx) {
    start(ctx);
    ctx.next();
  }

  /**
   * Starts tracking {@code ctx} unless already done and returns its request id. Failure handlers call it
   * too, since vertx-web can fail a request before any handler ran (a missing {@code Host}).
   */
  String start(RoutingContext ctx) {
    String known = ctx.get(KEY);
    if (known != null) return known;
    String requestId = accept(ctx.request().getHeader(HEADER));
    ctx.put(KEY, requestId);
    Authentication.authenticated(ctx, RequestContext.anonymous(requestId, signing));
    RequestIds.set(requestId);
    ctx.response().putHeader(HEADER, requestId);
    long started = System.nanoTime();
    String method = ctx.request().method().name();
    connections.started(ctx.request());
    ctx.addEndHandler(ended -> {
      connections.ended(ctx.request());
      AccessLog.log(requestId, method, template(ctx),
          ended.succeeded() ? ctx.response().getStatusCode() : AccessLog.CLIENT_CLOSED, (System.nanoTime() - started) / 1_000_000);
    });
    return requestId;
  }

  /**
   * The name of the row's route that answered; else (no row matched, or a shared handler or the failure
   * handler answered) the table's answer for the path.
   */
  private String template(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    String name = route == null ? null : route.getName();
    return name != null && routes.isTemplate(name) ? name : routes.templateOf(path(ctx));
  }

  /** The normalized path, or the raw one when it does not decode (vertx-web then answers 400). */
  static String path(RoutingContext ctx) {
    try {
      return ctx.normalizedPath();
    } catch (IllegalArgumentException malformed) {
      return ctx.request().path();
    }
  }

  /** The id {@link #start} fixed for this request. */
  static String requestId(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** The client's id when sane, else a new one. */
  static String accept(String fromClient) {
    return fromClient != null && SANE.matcher(fromClient).matches() ? fromClient : newId();
  }

  /**
   * A random (version 4) UUID from the thread's generator: a request id needs to be unique, not
   * unguessable, and {@link UUID#randomUUID()}'s shared SecureRandom is a lock every event loop takes.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
