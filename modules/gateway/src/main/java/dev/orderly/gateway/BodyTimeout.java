package dev.orderly.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long a request body may take to arrive: {@code HTTP_REQUEST_TIMEOUT_MS} after the head, a body
 * still incomplete (shorter than its {@code Content-Length}, a chunked body never terminated, or one trickled
 * in) gets 408 {@code request_timeout}, then the connection is closed, since its remaining bytes could not be
 * told from the next request. When the response already went out (a 413, say) the connection is only closed.
 * {@link RouteTable#mount} puts it before the body handler of every row that reads a body; a streamed upload is
 * read at the pace of the service it feeds, so its stalls are left to the stream's own timeouts. A platform
 * handler because vertx-web allows only those before the body handler.
 */
record BodyTimeout(long timeoutMs) implements PlatformHandler {
  private static final Logger log = LoggerFactory.getLogger(BodyTimeout.class);

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (hasBody(request) && !request.isEnded()) {
      long timer = ctx.vertx().setTimer(timeoutMs, id -> expire(ctx));
      request.end().onComplete(done -> ctx.vertx().cancelTimer(timer));
    }
    ctx.next();
  }

  /** Whether a body follows the head: without either header an HTTP/1.1 request has none (a GET: no timer to set). */
  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.equals("0");
  }

  private void expire(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded()) return;
    log.debug("rid={} {} {}: the request body did not arrive within {} ms", RequestTracking.requestId(ctx),
        request.method().name(), RequestTracking.path(ctx), timeoutMs);
    HttpServerResponse response = ctx.response();
    if (!response.headWritten() && !response.closed()) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
      ctx.fail(Failures.requestTimeout());
    }
    request.connection().close();
  }
}
