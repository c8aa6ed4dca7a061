package dev.orderly.core.bus;

import dev.orderly.core.bus.AuthMessages.Credentials;
import dev.orderly.core.bus.AuthMessages.Logout;
import dev.orderly.core.bus.AuthMessages.Me;
import dev.orderly.core.bus.AuthMessages.NewSuperuser;
import dev.orderly.core.bus.AuthMessages.PasswordChange;
import dev.orderly.core.bus.AuthMessages.PasswordReset;
import dev.orderly.core.bus.AuthMessages.PermissionDeclaration;
import dev.orderly.core.bus.AuthMessages.PermissionsAdded;
import dev.orderly.core.bus.AuthMessages.Principal;
import dev.orderly.core.bus.AuthMessages.PrincipalRequest;
import dev.orderly.core.bus.AuthMessages.Refresh;
import dev.orderly.core.bus.AuthMessages.Revocation;
import dev.orderly.core.bus.AuthMessages.Revoked;
import dev.orderly.core.bus.AuthMessages.SessionGrant;
import dev.orderly.core.bus.AuthMessages.TokenPair;
import dev.orderly.core.bus.AuthMessages.UserCount;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The auth service's event-bus contract and its typed client. Address {@value #ADDRESS}; the
 * {@code action} header is one of the constants below. Request and reply bodies are the records of
 * {@link AuthMessages}. The resources {@code users} and {@code groups} answer the CRUD actions of
 * {@link ResourceRequest} (same bodies, same rendered {@code Buffer} replies and headers); every other
 * action replies a {@link JsonObject}. Failures are {@link ServiceError}s, as everywhere.
 *
 * <p>Revocations are published on {@value #REVOKED_ADDRESS} as {@code {"jti", "exp"}} (exp in epoch
 * seconds) the moment they are stored, so every gateway denies the token at once.
 */
public final class AuthClient {
  public static final String ADDRESS = "orderly.auth";
  /** Published: a {@link Revocation} {@code {"jti": "...", "exp": <epoch seconds>}} for each revoked token. */
  public static final String REVOKED_ADDRESS = "orderly.auth.revoked";
  /** The resources this service serves through the CRUD actions. */
  public static final Set<String> RESOURCES = Set.of("users", "groups");

  /** {@code {username, password}} → {@code {access, refresh, token_type, expires_in}}; 401 on bad credentials. */
  public static final String LOGIN = "login";
  /** {@code {refresh}} → a new pair as {@link #LOGIN}; the old refresh token is dead from then on. */
  public static final String REFRESH = "refresh";
  /** Authenticated: {@code {refresh?, jti, exp}} → {@code {}}; revokes the refresh token's family and denies the access token. */
  public static final String LOGOUT = "logout";
  /** Authenticated: {} → the caller as API.md's {@code /api/auth/me} ({@link Me}). */
  public static final String ME = "me";
  /** Authenticated: {@code {old_password, new_password}} → {}; moves the caller's password generation on (every token issued before is refused) and revokes its refresh tokens. */
  public static final String PASSWORD = "password";
  /** {@code {username, password}} → {@code {session, csrf, max_age}}: a session token for the {@code sessionid} cookie. */
  public static final String SESSION_LOGIN = "session_login";
  /** {@code {user_id}} → {@code {id, username, is_active, is_staff, is_superuser, permissions}}, or 404: what a gateway authorizes with. */
  public static final String PRINCIPAL = "principal";
  /**
   * {} → {@code {"revoked": [{"jti", "exp"}, ...], "complete": bool}}: every token denied and not yet expired
   * (complete false: some are in a Redis that does not answer now).
   */
  public static final String REVOKED = "revoked";
  /** A superuser caller only: {@code {jti, exp}} → {}: denies one token (session logout, administration). */
  public static final String REVOKE = "revoke";
  /** A superuser caller only: {@code {username, email, password}} → the created user (as /api/users/). */
  public static final String CREATE_SUPERUSER = "create_superuser";
  /** A superuser caller only: {@code {username, password}} → {}; revokes the user's refresh tokens. */
  public static final String SET_PASSWORD = "set_password";
  /** A superuser caller only: {} → {@code {"users": n}}. */
  public static final String COUNT_USERS = "count_users";
  /**
   * A superuser caller only (a service as {@link Caller#SYSTEM}): {@code {codenames}} → {@code {added}}; stores
   * the codenames not known yet (each {@code <table>.<action>}, else 400 naming it), so they can be granted.
   */
  public static final String DECLARE_PERMISSIONS = "declare_permissions";
  /** The actions that only read, sent again on another node when the first finds none or times out ({@link BusRequests}). */
  static final java.util.Set<String> READS = java.util.Set.of(ME, PRINCIPAL, REVOKED, COUNT_USERS);
  /** Readiness, as the entity service's. */
  public static final String PING = ServiceClient.PING;

  private final Vertx vertx;
  private final long timeoutMs;

  public AuthClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  public Future<TokenPair> login(Credentials credentials, RequestContext context) {
    return send(LOGIN, credentials.toJson(), context).map(TokenPair::fromJson);
  }

  public Future<TokenPair> refresh(Refresh refresh, RequestContext context) {
    return send(REFRESH, refresh.toJson(), context).map(TokenPair::fromJson);
  }

  public Future<Void> logout(Logout logout, RequestContext context) {
    return send(LOGOUT, logout.toJson(), context).mapEmpty();
  }

  /** The caller's account as {@code /api/auth/me} renders it. */
  public Future<Me> me(RequestContext context) {
    return send(ME, new JsonObject(), context).map(Me::fromJson);
  }

  /** The (empty) reply, replayed under an idempotency key already used for the same change. */
  public Future<ResourceReply> changePassword(PasswordChange change, RequestContext context) {
    return BusRequests.<Buffer>request(vertx, ADDRESS, change.toJson(), context.deliveryOptions(timeoutMs).addHeader(Actions.HEADER, PASSWORD),
            BusRequests.Repeat.of(false, context))
        .map(ResourceReply::fromMessage);
  }

  public Future<SessionGrant> sessionLogin(Credentials credentials, RequestContext context) {
    return send(SESSION_LOGIN, credentials.toJson(), context).map(SessionGrant::fromJson);
  }

  /** The principal of user {@code userId}; fails with a 404 {@link io.vertx.core.eventbus.ReplyException} when there is none. */
  public Future<Principal> principal(long userId, RequestContext context) {
    return send(PRINCIPAL, new PrincipalRequest(userId).toJson(), context).map(Principal::fromJson);
  }

  public Future<Revoked> revoked(RequestContext context) {
    return send(REVOKED, new JsonObject(), context).map(Revoked::fromJson);
  }

  public Future<Void> revoke(Revocation revocation, RequestContext context) {
    return send(REVOKE, revocation.toJson(), context).mapEmpty();
  }

  /** The created user, as {@code /api/users/} renders it. */
  public Future<JsonObject> createSuperuser(NewSuperuser user, RequestContext context) {
    return send(CREATE_SUPERUSER, user.toJson(), context);
  }

  public Future<Void> setPassword(PasswordReset reset, RequestContext context) {
    return send(SET_PASSWORD, reset.toJson(), context).mapEmpty();
  }

  public Future<Long> countUsers(RequestContext context) {
    return send(COUNT_USERS, new JsonObject(), context).map(body -> UserCount.fromJson(body).users());
  }

  /** The codenames of {@code declaration} that were new. */
  public Future<PermissionsAdded> declarePermissions(PermissionDeclaration declaration, RequestContext context) {
    return send(DECLARE_PERMISSIONS, declaration.toJson(), context).map(PermissionsAdded::fromJson);
  }

  private Future<JsonObject> send(String action, JsonObject body, RequestContext context) {
    // logins carry no key; a keyed logout or revocation is safe to repeat (revoking twice is revoking once)
    return BusRequests.<JsonObject>request(vertx, ADDRESS, body, context.deliveryOptions(timeoutMs).addHeader(Actions.HEADER, action),
            BusRequests.Repeat.of(READS.contains(action), context))
        .map(Message::body);
  }
}
