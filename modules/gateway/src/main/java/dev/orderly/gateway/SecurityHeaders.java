package dev.orderly.gateway;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * The headers of Django's {@code SecurityMiddleware} and {@code XFrameOptionsMiddleware} at their
 * defaults, plus a Content-Security-Policy for a JSON API that loads nothing and is framed by no one.
 * {@code Strict-Transport-Security: max-age=SECURE_HSTS_SECONDS} goes, as in Django, only on HTTPS
 * responses ({@link ClientAddress#secure}) and only when the setting is above 0. Set first thing, and
 * again by the failure handlers, so success and error responses alike carry them.
 */
record SecurityHeaders(long hstsSeconds, int numProxies) implements SecurityPolicyHandler {
  static final String CSP = "default-src 'none'; frame-ancestors 'none'";

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx);
    ctx.next();
  }

  void apply(RoutingContext ctx) {
    apply(ctx.request(), ctx.response());
  }

  /** The headers on {@code response}; also for requests the router never sees ({@link InvalidRequests}). */
  void apply(HttpServerRequest request, HttpServerResponse response) {
    if (response.headWritten()) return;
    // not XFrameHandler: it only runs as a route handler, and vertx-web fails a request without Host before any route
    response.putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin");
    // not CSPHandler: it joins directives with ";", not the documented "; "
    // a route with needs of its own (the API docs page) sets its policy after this one
    if (!response.headers().contains("Content-Security-Policy")) response.putHeader("Content-Security-Policy", CSP);
    // not HSTSHandler: it judges HTTPS by the socket or any client's Front-End-Https, not behind NUM_PROXIES
    if (hstsSeconds > 0 && ClientAddress.secure(request, numProxies)) {
      response.putHeader("Strict-Transport-Security", "max-age=" + hstsSeconds);
    }
  }
}
