package dev.orderly.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/** Answers 400 {@code bad_host} to a request whose host is not in {@code ALLOWED_HOSTS}, before anything else. */
record HostCheck(AllowedHosts hosts) implements SecurityPolicyHandler {
  @Override
  public void handle(RoutingContext ctx) {
    if (allows(ctx.request())) {
      ctx.next();
    } else {
      Responses.error(ctx, Failures.badHost());
    }
  }

  boolean allows(HttpServerRequest request) {
    return hosts.allows(hostOf(request));
  }

  /** The {@code Host} header as sent (HTTP/2: the authority), or null when there is none. */
  static String hostOf(HttpServerRequest request) {
    String host = request.getHeader(HttpHeaders.HOST);
    if (host == null && request.version() == HttpVersion.HTTP_2 && request.authority() != null) {
      host = request.authority().toString();
    }
    return host;
  }
}
