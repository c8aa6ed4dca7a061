package dev.orderly.gateway;

import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a JSON error: the router's failure handler (anything passed to
 * {@code ctx.fail}, or thrown by a handler) and the router's error handlers (no route, wrong method,
 * and what vertx-web answers on its own), so that vertx-web's default HTML never reaches a client.
 * Unexpected failures are logged once, with the request id.
 */
final class FailureHandlers {
  private static final Logger log = LoggerFactory.getLogger(FailureHandlers.class);

  private final RouteTable routes;
  private final RequestTracking tracking;
  private final HostCheck hostCheck;

  FailureHandlers(RouteTable routes, RequestTracking tracking, HostCheck hostCheck) {
    this.routes = routes;
    this.tracking = tracking;
    this.hostCheck = hostCheck;
  }

  /** The router-level failure handler. */
  void failure(RoutingContext ctx) {
    String requestId = tracking.start(ctx);
    send(ctx, explain(ctx, requestId));
  }

  /** A router error handler for {@code status}: no route matched, or vertx-web failed the request itself. */
  Handler<RoutingContext> errorHandler(int status) {
    return ctx -> {
      String requestId = tracking.start(ctx);
      if (status >= 500) log.error("rid={} {} {} failed while handling a failure", requestId, ctx.request().method(), ctx.normalizedPath(), ctx.failure());
      send(ctx, Failures.forStatus(status, ctx.request().method().name(), requestId));
    };
  }

  private ServiceError explain(RoutingContext ctx, String requestId) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    // vertx-web fails a request with no or a malformed Host before any handler runs
    if (!hostCheck.allows(ctx.request())) return Failures.badHost();
    if (failure instanceof HttpException http) status = http.getStatusCode();
    if (failure == null || failure instanceof HttpException || status > 0 && status < 500 && !(failure instanceof ServiceError)) {
      ServiceError error = Failures.forStatus(status, ctx.request().method().name(), requestId);
      if (error.status() >= 500) log.error("rid={} {} {} failed with status {}", requestId, ctx.request().method(), ctx.normalizedPath(), status, failure);
      return error;
    }
    ServiceError error = Failures.toResponse(failure, requestId);
    if (error.status() == 503) {
      log.warn("rid={} {} {} service unavailable: {}", requestId, ctx.request().method(), ctx.normalizedPath(), failure.toString());
    } else if (error.status() >= 500) {
      // a service's 5xx was logged by the service: here its reply is enough
      log.error("rid={} {} {} failed: {}", requestId, ctx.request().method(), ctx.normalizedPath(), failure.toString(),
          failure instanceof ReplyException ? null : failure);
    }
    return error;
  }

  private void send(RoutingContext ctx, ServiceError error) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // too late for an error body: cut the response short rather than leave it hanging
      if (!response.ended()) response.reset();
      return;
    }
    if (error.status() == 405) {
      response.putHeader(HttpHeaders.ALLOW, routes.allowed(ctx.normalizedPath()).stream()
          .map(HttpMethod::name).collect(Collectors.joining(", ")));
    }
    Responses.error(ctx, error);
  }
}
