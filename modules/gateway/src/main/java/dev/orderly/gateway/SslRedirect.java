package dev.orderly.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Django's {@code SECURE_SSL_REDIRECT}: a plain-HTTP request gets 301 to the same URL on HTTPS. Behind
 * {@code NUM_PROXIES} trusted proxies, {@code X-Forwarded-Proto} says which it was; with none, a client's
 * {@code X-Forwarded-Proto} counts for nothing. {@code /health/} and {@code /metrics} stay reachable over HTTP, for
 * the load balancer's probes and the Prometheus scraper. Runs after the host check, so the redirect names an allowed host.
 */
record SslRedirect(int numProxies) implements SecurityPolicyHandler {
  @Override
  public void handle(RoutingContext ctx) {
    String path = RequestTracking.path(ctx);
    if (ClientAddress.secure(ctx.request(), numProxies) || path.startsWith("/health/") || path.equals(MetricsEndpoint.PATH)) {
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(301)
        .putHeader(HttpHeaders.LOCATION, "https://" + HostCheck.hostOf(ctx.request()) + ctx.request().uri())
        .end();
  }
}
