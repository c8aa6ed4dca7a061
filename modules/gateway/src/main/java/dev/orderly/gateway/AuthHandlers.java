package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.Credentials;
import dev.orderly.core.bus.AuthMessages.Logout;
import dev.orderly.core.bus.AuthMessages.PasswordChange;
import dev.orderly.core.bus.AuthMessages.Refresh;
import dev.orderly.core.bus.AuthMessages.Revocation;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.resource.model.codec.Text;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code /api/auth/} routes, forwarded to the auth service through {@link AuthClient}. Session login
 * sets Django's cookies: {@value Authentication#SESSION_COOKIE} (the session token; HttpOnly, SameSite=Lax,
 * Secure unless DEBUG, {@code SESSION_COOKIE_AGE}) and a readable {@value Csrf#COOKIE}. A password change
 * makes every instance of the node reload its principals before the 204 leaves, so that the caller's older
 * tokens are refused by the very next request (other nodes: when the change's event arrives).
 */
final class AuthHandlers {
  /** Django's CSRF_COOKIE_AGE: one year. */
  static final long CSRF_COOKIE_AGE = 31_449_600L;

  private final AuthClient auth;
  private final boolean secureCookies;
  private final Runnable principalsChanged;

  AuthHandlers(AuthClient auth, boolean secureCookies, Runnable principalsChanged) {
    this.auth = auth;
    this.secureCookies = secureCookies;
    this.principalsChanged = principalsChanged;
  }

  void login(RoutingContext ctx) {
    reply(ctx, auth.login(credentials(ctx), anonymous(ctx)), pair -> Responses.json(ctx, 200, pair.toJson()));
  }

  /**
   * The body's {@code username} and {@code password}: a value that is not a string, or text with a NUL or half a
   * surrogate pair, is a 400 naming the field (DRF's CharField), never a lookup.
   */
  private static Credentials credentials(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    JsonObject errors = new JsonObject();
    for (String field : List.of("username", "password")) {
      Object value = body.getValue(field);
      if (value == null) continue;
      String problem = value instanceof String s ? Text.problem(s) : "Not a valid string.";
      if (problem != null) errors.put(field, new JsonArray().add(problem));
    }
    if (!errors.isEmpty()) throw ServiceError.validation(errors);
    return Credentials.fromJson(body);
  }

  void refresh(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    reply(ctx, auth.refresh(Refresh.fromJson(body), anonymous(ctx)), pair -> Responses.json(ctx, 200, pair.toJson()));
  }

  void logout(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    JsonObject claims = Authentication.claims(ctx);
    reply(ctx, auth.logout(new Logout(Refresh.fromJson(body).refresh(), Revocation.fromJson(claims)), Authentication.context(ctx)),
        v -> {
          Denylist.denyOnNode(ctx.vertx(), Revocation.fromJson(claims));
          if (Authentication.bySession(ctx)) clearCookies(ctx);
          Responses.noContent(ctx);
        });
  }

  void me(RoutingContext ctx) {
    reply(ctx, auth.me(Authentication.context(ctx)), me -> Responses.json(ctx, 200, me.toJson()));
  }

  void password(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    reply(ctx, auth.changePassword(PasswordChange.fromJson(body), Authentication.context(ctx)), changed -> {
      principalsChanged.run();
      Responses.noContent(Idempotency.replayed(ctx, changed));
    });
  }

  void sessionLogin(RoutingContext ctx) {
    reply(ctx, auth.sessionLogin(credentials(ctx), anonymous(ctx)), session -> {
      ctx.response().addCookie(cookie(Authentication.SESSION_COOKIE, session.session(), session.maxAge()).setHttpOnly(true));
      ctx.response().addCookie(cookie(Csrf.COOKIE, session.csrf(), CSRF_COOKIE_AGE));
      Responses.noContent(ctx);
    });
  }

  /** Session logout: denies the session token and clears the cookies. */
  void sessionLogout(RoutingContext ctx) {
    JsonObject claims = Authentication.claims(ctx);
    reply(ctx, auth.revoke(Revocation.fromJson(claims), Authentication.context(ctx)), v -> {
      Denylist.denyOnNode(ctx.vertx(), Revocation.fromJson(claims));
      clearCookies(ctx);
      Responses.noContent(ctx);
    });
  }

  private void clearCookies(RoutingContext ctx) {
    ctx.response().addCookie(cookie(Authentication.SESSION_COOKIE, "", 0).setHttpOnly(true));
    ctx.response().addCookie(cookie(Csrf.COOKIE, "", 0));
  }

  private Cookie cookie(String name, String value, long maxAge) {
    return Cookie.cookie(name, value).setPath("/").setMaxAge(maxAge).setSameSite(CookieSameSite.LAX).setSecure(secureCookies);
  }

  private static RequestContext anonymous(RoutingContext ctx) {
    return Authentication.context(ctx).withCaller(Caller.ANONYMOUS);
  }

  private static <T> void reply(RoutingContext ctx, Future<T> reply, Consumer<T> onReply) {
    reply.onComplete(Responses.then(ctx, onReply));
  }
}
