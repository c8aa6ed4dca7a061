package dev.orderly.gateway;

import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.io.IOException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a JSON error: the router's failure handler (anything passed to
 * {@code ctx.fail}, or thrown by a handler) and the router's error handlers (no route, wrong method,
 * and what vertx-web answers on its own), so that vertx-web's default HTML never reaches a client.
 * Unexpected failures are logged once, with the request id. Error responses carry the
 * {@link SecurityHeaders} too.
 */
record FailureHandlers(RouteTable routes, RequestTracking tracking, HostCheck hostCheck, SecurityHeaders securityHeaders) {
  private static final Logger log = LoggerFactory.getLogger(FailureHandlers.class);

  /** The router-level failure handler. */
  void failure(RoutingContext ctx) {
    String requestId = tracking.start(ctx);
    Throwable failure = ctx.failure();
    // nobody is left to answer, and nothing failed here: the access log's 499 says it
    if (clientWentAway(failure)) {
      log.debug("rid={} {} {}: the client went away: {}", requestId, method(ctx), RequestTracking.path(ctx), String.valueOf(failure));
      return;
    }
    // a body the decoder could not read (a malformed chunk): Vert.x closes the connection, no answer can go out
    if (tracking.connections().brokeWith(ctx.request(), failure)) {
      log.debug("rid={} {} {}: the client broke the connection: {}", requestId, method(ctx), RequestTracking.path(ctx),
          String.valueOf(failure));
      return;
    }
    send(ctx, explain(ctx, requestId));
  }

  /** A failure that is the connection's end (closed or reset by the client), not an error of the gateway's. */
  static boolean clientWentAway(Throwable failure) {
    return failure instanceof HttpClosedException || failure instanceof IOException;
  }

  /** A router error handler for {@code status}: no route matched, or vertx-web failed the request itself. */
  Handler<RoutingContext> errorHandler(int status) {
    return ctx -> {
      String requestId = tracking.start(ctx);
      // a wrong method on a known path: the HTTP meters name its template, as the access log does (an unknown path stays unmatched)
      if (status == 405) ctx.request().routed(routes.templateOf(RequestTracking.path(ctx)));
      if (status >= 500) {
        log.error("rid={} {} {} failed with status {}", requestId, method(ctx), RequestTracking.path(ctx), status, ctx.failure());
      }
      send(ctx, Failures.forStatus(status, method(ctx), requestId));
    };
  }

  private ServiceError explain(RoutingContext ctx, String requestId) {
    // vertx-web fails a request with no or a malformed Host before any handler runs
    if (!hostCheck.allows(ctx.request())) return Failures.badHost();
    Throwable failure = ctx.failure();
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    boolean decidedByStatus = failure == null || failure instanceof HttpException
        || status > 0 && status < 500 && !(failure instanceof ServiceError);
    ServiceError error = decidedByStatus ? Failures.forStatus(status, method(ctx), requestId) : Failures.toResponse(failure, requestId);
    if (error.status() == 503) {
      log.warn("rid={} {} {} service unavailable: {}", requestId, method(ctx), RequestTracking.path(ctx), String.valueOf(failure));
    } else if (error.status() >= 500) {
      // a service logs its own 5xx: its reply is enough here; anything else gets its stack trace, once
      log.error("rid={} {} {} failed: {}", requestId, method(ctx), RequestTracking.path(ctx), String.valueOf(failure),
          failure instanceof ReplyException ? null : failure);
    }
    return error;
  }

  private static String method(RoutingContext ctx) {
    return ctx.request().method().name();
  }

  private void send(RoutingContext ctx, ServiceError error) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // too late for an error body: cut the response short rather than leave it hanging
      if (!response.ended()) response.reset();
      return;
    }
    // vertx-web can fail a request before any handler ran: the headers go on here too
    securityHeaders.apply(ctx);
    if (error.status() == 405) {
      response.putHeader(HttpHeaders.ALLOW, routes.allowed(RequestTracking.path(ctx)).stream()
          .map(HttpMethod::name).collect(Collectors.joining(", ")));
    }
    Responses.error(ctx, error);
  }
}
