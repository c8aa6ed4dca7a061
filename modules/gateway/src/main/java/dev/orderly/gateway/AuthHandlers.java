package dev.orderly.gateway;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * The {@code /api/auth/} routes, forwarded to the auth service through {@link AuthClient}. Session login
 * sets Django's cookies: {@value Authentication#SESSION_COOKIE} (the session token; HttpOnly, SameSite=Lax,
 * Secure unless DEBUG, {@code SESSION_COOKIE_AGE}) and a readable {@value Csrf#COOKIE}.
 */
final class AuthHandlers {
  /** Django's CSRF_COOKIE_AGE: one year. */
  static final long CSRF_COOKIE_AGE = 31_449_600L;

  private final AuthClient auth;
  private final boolean secureCookies;

  AuthHandlers(AuthClient auth, boolean secureCookies) {
    this.auth = auth;
    this.secureCookies = secureCookies;
  }

  void login(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    reply(ctx, auth.login(string(body, AuthClient.USERNAME), string(body, AuthClient.PASSWORD_FIELD), anonymous(ctx)),
        r -> Responses.json(ctx, 200, r.body()));
  }

  void refresh(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    reply(ctx, auth.refresh(string(body, AuthClient.REFRESH_FIELD), anonymous(ctx)), r -> Responses.json(ctx, 200, r.body()));
  }

  void logout(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    JsonObject claims = Authentication.claims(ctx);
    reply(ctx, auth.logout(string(body, AuthClient.REFRESH_FIELD), claims.getString("jti"), claims.getLong("exp"), Authentication.context(ctx)),
        r -> {
          if (Authentication.bySession(ctx)) clearCookies(ctx);
          Responses.noContent(ctx);
        });
  }

  void me(RoutingContext ctx) {
    reply(ctx, auth.me(Authentication.context(ctx)), r -> Responses.json(ctx, 200, r.body()));
  }

  void password(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    reply(ctx, auth.changePassword(string(body, AuthClient.OLD_PASSWORD), string(body, AuthClient.NEW_PASSWORD), Authentication.context(ctx)),
        r -> Responses.noContent(ctx));
  }

  void sessionLogin(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    reply(ctx, auth.sessionLogin(string(body, AuthClient.USERNAME), string(body, AuthClient.PASSWORD_FIELD), anonymous(ctx)), r -> {
      JsonObject session = r.body();
      ctx.response().addCookie(cookie(Authentication.SESSION_COOKIE, session.getString(AuthClient.SESSION), session.getLong(AuthClient.MAX_AGE))
          .setHttpOnly(true));
      ctx.response().addCookie(cookie(Csrf.COOKIE, session.getString(AuthClient.CSRF), CSRF_COOKIE_AGE));
      Responses.noContent(ctx);
    });
  }

  /** Session logout: denies the session token and clears the cookies. */
  void sessionLogout(RoutingContext ctx) {
    JsonObject claims = Authentication.claims(ctx);
    reply(ctx, auth.revoke(claims.getString("jti"), claims.getLong("exp"), Authentication.context(ctx)), r -> {
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
    return RequestContext.system(RequestTracking.requestId(ctx));
  }

  /** A body value as a string (absent: null; a number: its text), for the service to validate. */
  private static String string(JsonObject body, String field) {
    Object v = body.getValue(field);
    return v == null ? null : v.toString();
  }

  private static void reply(RoutingContext ctx, Future<Message<JsonObject>> reply, Consumer<Message<JsonObject>> onReply) {
    reply.onComplete(Responses.then(ctx, onReply));
  }
}
