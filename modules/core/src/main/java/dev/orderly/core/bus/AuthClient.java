package dev.orderly.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The auth service's event-bus contract and its typed client. Address {@value #ADDRESS}; the
 * {@code action} header is one of the constants below. Request bodies are JSON objects with the fields
 * named here. The resources {@code users} and {@code groups} answer the CRUD actions of
 * {@link ResourceRequest} (same bodies, same rendered {@code Buffer} replies and headers); every other
 * action replies a {@link JsonObject}. Failures are {@link ServiceError}s, as everywhere.
 *
 * <p>Revocations are published on {@value #REVOKED_ADDRESS} as {@code {"jti", "exp"}} (exp in epoch
 * seconds) the moment they are stored, so every gateway denies the token at once.
 */
public final class AuthClient {
  public static final String ADDRESS = "orderly.auth";
  /** Published: {@code {"jti": "...", "exp": <epoch seconds>}} for each revoked token. */
  public static final String REVOKED_ADDRESS = "orderly.auth.revoked";
  /** The resources this service serves through the CRUD actions. */
  public static final Set<String> RESOURCES = Set.of("users", "groups");

  /** {@code {username, password}} → {@code {access, refresh, token_type, expires_in}}; 401 on bad credentials. */
  public static final String LOGIN = "login";
  /** {@code {refresh}} → a new pair as {@link #LOGIN}; the old refresh token is dead from then on. */
  public static final String REFRESH = "refresh";
  /** Authenticated: {@code {refresh?, jti, exp}} → {@code {}}; revokes the refresh token's family and denies the access token. */
  public static final String LOGOUT = "logout";
  /** Authenticated: {} → the caller as API.md's {@code /api/auth/me}. */
  public static final String ME = "me";
  /** Authenticated: {@code {old_password, new_password}} → {}; revokes every refresh token of the caller. */
  public static final String PASSWORD = "password";
  /** {@code {username, password}} → {@code {session, csrf, max_age}}: a session token for the {@code sessionid} cookie. */
  public static final String SESSION_LOGIN = "session_login";
  /** {@code {user_id}} → {@code {id, username, is_active, is_staff, is_superuser, permissions}}, or 404: what a gateway authorizes with. */
  public static final String PRINCIPAL = "principal";
  /** {} → {@code {"revoked": [{"jti", "exp"}, ...]}}: every token denied and not yet expired. */
  public static final String REVOKED = "revoked";
  /** A superuser caller only: {@code {jti, exp}} → {}: denies one token (session logout, administration). */
  public static final String REVOKE = "revoke";
  /** A superuser caller only: {@code {username, email, password}} → the created user (as /api/users/). */
  public static final String CREATE_SUPERUSER = "create_superuser";
  /** A superuser caller only: {@code {username, password}} → {}; revokes the user's refresh tokens. */
  public static final String SET_PASSWORD = "set_password";
  /** A superuser caller only: {} → {@code {"users": n}}. */
  public static final String COUNT_USERS = "count_users";
  /** Readiness, as the entity service's. */
  public static final String PING = ServiceClient.PING;

  public static final String USERNAME = "username";
  public static final String EMAIL = "email";
  public static final String PASSWORD_FIELD = "password";
  public static final String OLD_PASSWORD = "old_password";
  public static final String NEW_PASSWORD = "new_password";
  public static final String ACCESS = "access";
  public static final String REFRESH_FIELD = "refresh";
  public static final String TOKEN_TYPE = "token_type";
  public static final String EXPIRES_IN = "expires_in";
  public static final String SESSION = "session";
  public static final String CSRF = "csrf";
  public static final String MAX_AGE = "max_age";
  public static final String USER_ID = "user_id";
  public static final String JTI = "jti";
  public static final String EXP = "exp";

  private final Vertx vertx;
  private final long timeoutMs;

  public AuthClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  public Future<Message<JsonObject>> login(String username, String password, RequestContext context) {
    return send(LOGIN, new JsonObject().put(USERNAME, username).put(PASSWORD_FIELD, password), context);
  }

  public Future<Message<JsonObject>> refresh(String refresh, RequestContext context) {
    return send(REFRESH, new JsonObject().put(REFRESH_FIELD, refresh), context);
  }

  public Future<Message<JsonObject>> logout(String refresh, String jti, long exp, RequestContext context) {
    return send(LOGOUT, new JsonObject().put(REFRESH_FIELD, refresh).put(JTI, jti).put(EXP, exp), context);
  }

  public Future<Message<JsonObject>> me(RequestContext context) {
    return send(ME, new JsonObject(), context);
  }

  public Future<Message<JsonObject>> changePassword(String oldPassword, String newPassword, RequestContext context) {
    return send(PASSWORD, new JsonObject().put(OLD_PASSWORD, oldPassword).put(NEW_PASSWORD, newPassword), context);
  }

  public Future<Message<JsonObject>> sessionLogin(String username, String password, RequestContext context) {
    return send(SESSION_LOGIN, new JsonObject().put(USERNAME, username).put(PASSWORD_FIELD, password), context);
  }

  public Future<Message<JsonObject>> principal(long userId, RequestContext context) {
    return send(PRINCIPAL, new JsonObject().put(USER_ID, userId), context);
  }

  public Future<Message<JsonObject>> revoked(RequestContext context) {
    return send(REVOKED, new JsonObject(), context);
  }

  public Future<Message<JsonObject>> revoke(String jti, long exp, RequestContext context) {
    return send(REVOKE, new JsonObject().put(JTI, jti).put(EXP, exp), context);
  }

  public Future<Message<JsonObject>> createSuperuser(String username, String email, String password, RequestContext context) {
    return send(CREATE_SUPERUSER, new JsonObject().put(USERNAME, username).put(EMAIL, email).put(PASSWORD_FIELD, password), context);
  }

  public Future<Message<JsonObject>> setPassword(String username, String password, RequestContext context) {
    return send(SET_PASSWORD, new JsonObject().put(USERNAME, username).put(PASSWORD_FIELD, password), context);
  }

  public Future<Message<JsonObject>> countUsers(RequestContext context) {
    return send(COUNT_USERS, new JsonObject(), context);
  }

  private Future<Message<JsonObject>> send(String action, JsonObject body, RequestContext context) {
    return vertx.eventBus().request(ADDRESS, body, context.deliveryOptions(timeoutMs).addHeader(Actions.HEADER, action));
  }
}
