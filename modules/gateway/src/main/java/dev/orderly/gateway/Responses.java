package dev.orderly.gateway;

import dev.orderly.core.bus.ServiceError;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * The few ways a gateway handler ends a request. Every 503 carries {@code Retry-After} ({@value Failures#RETRY_AFTER_SECONDS}
 * seconds), every 401 {@code WWW-Authenticate: Bearer}, and a throttle's 429 its own wait.
 */
final class Responses {
  private Responses() {}

  /**
   * A JSON body written as-is (the services render their own). To a HEAD request the same status and headers,
   * {@code Content-Length} included (Vert.x sets none on a HEAD response), and no body.
   */
  static void json(RoutingContext ctx, int status, Buffer body) {
    HttpServerResponse response = start(ctx, status);
    if (response == null) return;
    response.putHeader(HttpHeaders.CONTENT_TYPE, JsonBodies.JSON);
    if (ctx.request().method() == HttpMethod.HEAD) response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
    response.end(body);
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    json(ctx, status, body.toBuffer());
  }

  static void noContent(RoutingContext ctx) {
    HttpServerResponse response = start(ctx, 204);
    if (response != null) response.end();
  }

  /** An error as {@link Failures} built it. */
  static void error(RoutingContext ctx, ServiceError error) {
    json(ctx, error.status(), error.body());
  }

  /** An error the client may retry after {@code retryAfterSeconds} (null or 0: no header), as DRF sends a 429. */
  static void error(RoutingContext ctx, ServiceError error, Long retryAfterSeconds) {
    if (retryAfterSeconds != null && retryAfterSeconds > 0 && !ctx.response().headWritten()) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds.toString());
    }
    error(ctx, error);
  }

  /** Runs {@code onReply} on success, guarded so that nothing thrown there leaves the request hanging; a failure goes to {@code ctx.fail}. */
  static <T> Handler<AsyncResult<T>> then(RoutingContext ctx, Consumer<T> onReply) {
    return ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      try {
        onReply.accept(ar.result());
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    };
  }

  /** The response with its status set, or null when the client is gone or it was already sent. */
  private static HttpServerResponse start(RoutingContext ctx, int status) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) return null;
    if (status == 503) response.putHeader(HttpHeaders.RETRY_AFTER, Failures.RETRY_AFTER_SECONDS);
    if (status == 401) response.putHeader("WWW-Authenticate", "Bearer");
    return response.setStatusCode(status);
  }
}
