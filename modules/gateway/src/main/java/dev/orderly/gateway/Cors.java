package dev.orderly.gateway;

import dev.orderly.core.bus.IdempotencyKey;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CORS as django-cors-headers does it with {@code CORS_ALLOWED_ORIGINS}: vertx-web's {@link CorsHandler}
 * answers for the listed origins only (exactly these, credentials allowed, the request's origin echoed,
 * never {@code *}); any other origin gets no CORS header at all, so the browser keeps the response from
 * the page. A foreign origin's preflight gets an empty 200 without allow headers, and a request with a
 * foreign {@code Origin} is served as if it had none (browsers send {@code Origin} on same-origin
 * writes too, and vertx-web would answer those 403).
 */
final class Cors implements SecurityPolicyHandler {
  static final List<String> EXPOSED = List.of("X-Request-Id", "ETag", "Location", "Retry-After",
      Throttling.LIMIT, Throttling.REMAINING, Throttling.RESET, ResponseCache.HEADER, IdempotencyKey.REPLAYED_HTTP_HEADER);
  /** django-cors-headers' default allowed headers, plus the ones this API reads. */
  static final List<String> ALLOWED_HEADERS = List.of("accept", "accept-encoding", "authorization", "content-type", "dnt",
      "origin", "user-agent", "x-csrftoken", "x-requested-with", "if-match", "if-none-match", "x-request-id",
      "idempotency-key");
  static final int MAX_AGE_SECONDS = 86_400;

  private final Set<String> origins;
  private final CorsHandler delegate;

  Cors(List<String> origins) {
    this.origins = new LinkedHashSet<>(origins);
    this.delegate = origins.isEmpty() ? null : CorsHandler.create()
        .addOrigins(origins)
        .allowCredentials(true)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(new LinkedHashSet<>(ALLOWED_HEADERS))
        .exposedHeaders(new LinkedHashSet<>(EXPOSED))
        .maxAgeSeconds(MAX_AGE_SECONDS);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    HttpServerResponse response = ctx.response();
    if (origin != null && origins.contains(origin)) {
      delegate.handle(ctx);
      return;
    }
    if (delegate != null) response.putHeader(HttpHeaders.VARY, "Origin");
    if (origin != null && ctx.request().method() == HttpMethod.OPTIONS
        && ctx.request().headers().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
      response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_LENGTH, "0").end();
    } else {
      ctx.next();
    }
  }
}
