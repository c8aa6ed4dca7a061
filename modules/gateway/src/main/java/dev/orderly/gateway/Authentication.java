package dev.orderly.gateway;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.security.JwtTokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Authenticates every API request that needs it: {@code Authorization: Bearer <access>} (or DRF's
 * {@code Token} scheme), else the {@value #SESSION_COOKIE} cookie of a session login. The token must verify
 * ({@link JwtTokens}), its id must not be denied ({@link Denylist}), its user must be active and it must
 * have been issued after the user's last password change ({@link Principals#ofToken}). A request
 * authenticated by the cookie then passes the {@link Csrf} check when its method is unsafe. No
 * credentials: 401 {@code not_authenticated}; bad or expired ones: 401 {@code authentication_failed}. The
 * signed {@link RequestContext} is then {@link #context}.
 */
record Authentication(JwtTokens tokens, Denylist denylist, Principals principals, Csrf csrf, CallerSigning signing)
    implements Handler<RoutingContext> {
  static final String SESSION_COOKIE = "sessionid";
  private static final String CONTEXT = "orderly.context";
  private static final String CLAIMS = "orderly.claims";
  private static final String BY_SESSION = "orderly.bySession";


  @Override
  public void handle(RoutingContext ctx) {
    String requestId = RequestTracking.requestId(ctx);
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String token;
    boolean bySession = false;
    try {
      token = bearer(header);
    } catch (ServiceError e) {
      ctx.fail(e);
      return;
    }
    if (token == null) {
      Cookie session = ctx.request().getCookie(SESSION_COOKIE);
      if (session == null || session.getValue().isEmpty()) {
        ctx.fail(ServiceError.notAuthenticated());
        return;
      }
      token = session.getValue();
      bySession = true;
    }
    boolean session = bySession;
    RequestContext system = RequestContext.anonymous(requestId, signing);
    tokens.verify(token, session ? JwtTokens.SESSION : JwtTokens.ACCESS)
        .recover(e -> Future.failedFuture(e instanceof JwtTokens.InvalidToken ? ServiceError.authenticationFailed(e.getMessage()) : e))
        .compose(claims -> denylist.ready(system).compose(v -> {
          if (denylist.denied(claims.getString("jti"))) return Future.failedFuture(ServiceError.authenticationFailed("Token has been revoked."));
          return principals.ofToken(claims, system);
        }).map(caller -> {
          if (caller == null) throw ServiceError.authenticationFailed("User not found or inactive.");
          ctx.put(CLAIMS, claims);
          return caller;
        }))
        .onSuccess(caller -> {
          if (session) {
            ServiceError refused = csrf.check(ctx);
            if (refused != null) {
              ctx.fail(refused);
              return;
            }
          }
          ctx.put(BY_SESSION, session);
          authenticated(ctx, new RequestContext(requestId, caller, signing));
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** The token of a {@code Bearer} or {@code Token} header, null when there is no such header. */
  static String bearer(String header) {
    if (header == null) return null;
    String[] parts = header.trim().split(" +");
    String scheme = parts[0].toLowerCase(Locale.ROOT);
    if (!scheme.equals("bearer") && !scheme.equals("token")) return null;
    if (parts.length == 1) throw ServiceError.authenticationFailed("Invalid token header. No credentials provided.");
    if (parts.length > 2) throw ServiceError.authenticationFailed("Invalid token header. Token string should not contain spaces.");
    return parts[1];
  }

  /** Records who the request comes from; what every later handler reads through {@link #context}. */
  static void authenticated(RoutingContext ctx, RequestContext context) {
    ctx.put(CONTEXT, context);
  }

  /**
   * The request's context: the authenticated caller, signed; anonymous (signed too) before authentication, as
   * {@link RequestTracking} set it.
   */
  static RequestContext context(RoutingContext ctx) {
    RequestContext known = ctx.get(CONTEXT);
    if (known == null) throw new IllegalStateException("no request context: RequestTracking did not run");
    return known;
  }

  static Caller caller(RoutingContext ctx) {
    return context(ctx).caller();
  }

  /** The verified claims of the token that authenticated the request. */
  static JsonObject claims(RoutingContext ctx) {
    return ctx.get(CLAIMS);
  }

  static boolean bySession(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(BY_SESSION));
  }

}
