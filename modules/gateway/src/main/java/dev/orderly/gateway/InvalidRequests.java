package dev.orderly.gateway;

import dev.orderly.core.bus.ServiceError;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server's answer to a request its decoder refused, which the router never sees: a request line
 * longer than {@value #MAX_REQUEST_LINE} bytes (414), headers larger than {@value #MAX_HEADERS} bytes in all
 * (431), or anything else the decoder cannot parse (400: a malformed request line, header, Content-Length or
 * chunk). Vert.x's default answer has an empty body; this one is API.md's JSON error with the request id (the
 * client's when its headers got that far and it is sane), the {@link SecurityHeaders} and an access-log line.
 * The connection is closed after it, as Vert.x's default does: the bytes that follow cannot be framed.
 */
record InvalidRequests(SecurityHeaders securityHeaders) implements Handler<HttpServerRequest> {
  /** Vert.x's default, kept: what the server reads of a request line before it answers 414. */
  static final int MAX_REQUEST_LINE = HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH;
  /** Vert.x's default, kept: what the server reads of a request's headers, in all, before it answers 431. */
  static final int MAX_HEADERS = HttpServerOptions.DEFAULT_MAX_HEADER_SIZE;
  private static final Logger log = LoggerFactory.getLogger(InvalidRequests.class);

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ServiceError error = cause instanceof TooLongHttpLineException ? Failures.uriTooLong()
        : cause instanceof TooLongHttpHeaderException ? Failures.headersTooLarge()
        : Failures.forStatus(400, request.method().name(), null);
    String requestId = RequestTracking.accept(request.getHeader(RequestTracking.HEADER));
    log.debug("rid={} refused a request the HTTP decoder could not read: {}", requestId, String.valueOf(cause));
    HttpServerResponse response = request.response();
    securityHeaders.apply(request, response);
    response.setStatusCode(error.status())
        .putHeader(RequestTracking.HEADER, requestId)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader(HttpHeaders.CONTENT_TYPE, JsonBodies.JSON)
        .end(error.body().toBuffer());
    AccessLog.log(requestId, request.method().name(), RouteTable.NO_ROUTE, error.status(), 0);
    request.connection().close();
  }
}
