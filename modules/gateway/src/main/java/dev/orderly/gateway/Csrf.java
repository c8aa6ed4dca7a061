package dev.orderly.gateway;

import dev.orderly.core.bus.ServiceError;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Django's CSRF check for requests authenticated by the session cookie, on unsafe methods: an
 * {@code Origin} (else {@code Referer}) header, when sent, must be this host's own origin or one of
 * {@code CSRF_TRUSTED_ORIGINS}; and {@value #HEADER} must equal the {@value #COOKIE} cookie. Refusals are
 * 403 {@code {"detail": "CSRF Failed: ...", "code": "csrf_failed"}}.
 */
final class Csrf {
  static final String COOKIE = "csrftoken";
  static final String HEADER = "X-CSRFToken";
  static final String CODE = "csrf_failed";
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

  private final List<String> trusted;

  Csrf(List<String> trustedOrigins) {
    this.trusted = trustedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
  }

  /** Null when the request may go on, else the 403 to answer. */
  ServiceError check(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (SAFE.contains(request.method())) return null;
    String origin = request.getHeader("Origin");
    if (origin != null) {
      if (!trusted(request, origin)) return refuse("Origin checking failed - " + origin + " does not match any trusted origins.");
    } else {
      String referer = request.getHeader("Referer");
      if (referer != null && !trusted(request, originOf(referer))) {
        return refuse("Referer checking failed - " + referer + " does not match any trusted origins.");
      }
    }
    Cookie cookie = request.getCookie(COOKIE);
    if (cookie == null || cookie.getValue().isEmpty()) return refuse("CSRF cookie not set.");
    String sent = request.getHeader(HEADER);
    if (sent == null || sent.isEmpty()) return refuse("CSRF token missing.");
    if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), cookie.getValue().getBytes(StandardCharsets.UTF_8))) {
      return refuse("CSRF token incorrect.");
    }
    return null;
  }

  private boolean trusted(HttpServerRequest request, String origin) {
    String o = origin.toLowerCase(Locale.ROOT);
    String own = (request.scheme() + "://" + HostCheck.hostOf(request)).toLowerCase(Locale.ROOT);
    return o.equals(own) || trusted.contains(o);
  }

  private static String originOf(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getScheme() + "://" + uri.getRawAuthority();
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  private static ServiceError refuse(String reason) {
    return Failures.csrfFailed(reason);
  }
}
