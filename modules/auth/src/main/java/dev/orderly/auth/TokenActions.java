package dev.orderly.auth;

import static dev.orderly.auth.UserQueries.bool;

import dev.orderly.core.bus.AuthMessages.Credentials;
import dev.orderly.core.bus.AuthMessages.Logout;
import dev.orderly.core.bus.AuthMessages.Refresh;
import dev.orderly.core.bus.AuthMessages.Revocation;
import dev.orderly.core.bus.AuthMessages.SessionGrant;
import dev.orderly.core.bus.AuthMessages.TokenPair;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.security.Hashes;
import dev.orderly.core.security.JwtTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Logins, session logins, refresh-token rotation, logout and revocation. Wrong credentials always get the
 * same 401, after the same amount of hashing, whether or not the user exists. Refresh tokens are stored
 * only as SHA-256; a rotated or revoked one that comes back revokes its whole family. Every token carries
 * the password generation of the password it was obtained with ({@value JwtTokens#PASSWORD_GENERATION}, and a
 * column of the refresh token): a refresh token of an older generation than its user's is refused.
 */
record TokenActions(UserQueries users, Settings settings, JwtTokens tokens, Passwords passwords, Revocations revocations) {
  static final String BAD_CREDENTIALS = "No active account found with the given credentials";
  /** simplejwt's message for a refresh token it does not know. */
  static final String INVALID_REFRESH = "Token is invalid or expired";
  private static final Field EXPIRES_AT = Field.timestamp("expires_at");
  private static final Field USED_AT = Field.timestamp("used_at").nullable();
  private static final Field REVOKED_AT = Field.timestamp("revoked_at").nullable();

  /** Who a password or a refresh token let in, and the password generation the tokens issued for it carry. */
  private record Account(long id, String username, long passwordGeneration) {}

  private Pool pool() {
    return users.pool();
  }

  Future<Reply> login(JsonObject body, RequestContext ctx) {
    return authenticate(Credentials.fromJson(body))
        .compose(user -> Database.transaction(pool(), users.dialect(), conn -> issuePair(conn, user, JwtTokens.newId())))
        .map(pair -> Reply.of(pair.toJson()));
  }

  Future<Reply> sessionLogin(JsonObject body, RequestContext ctx) {
    return authenticate(Credentials.fromJson(body)).map(user -> {
      long age = settings.sessionCookieAge();
      String session = tokens.issue(claims(user, JwtTokens.SESSION), age);
      return Reply.of(new SessionGrant(session, JwtTokens.newId(), age).toJson());
    });
  }

  /** The active user whose password matches, with its hash upgraded and last_login set; else the one 401. */
  private Future<Account> authenticate(Credentials credentials) {
    String username = credentials.username();
    String password = credentials.password();
    JsonObject missing = new JsonObject();
    if (username == null || username.isBlank()) missing.put("username", new JsonArray().add("This field is required."));
    if (password == null || password.isEmpty()) missing.put("password", new JsonArray().add("This field is required."));
    if (!missing.isEmpty()) return Future.failedFuture(ServiceError.validation(missing));
    return users.sql(AuthSql.USER_BY_USERNAME).execute(pool(), Map.of("username", username)).compose(rows -> {
      if (rows.size() == 0) return passwords.verifyNobody(password).compose(x -> Future.failedFuture(badCredentials()));
      Row row = rows.iterator().next();
      String stored = row.getString("password");
      long id = row.getLong("id");
      return passwords.verify(password, stored).compose(ok -> {
        if (!ok || !bool(row, "is_active")) return Future.failedFuture(badCredentials());
        Instant now = Dialect.now();
        Future<String> upgrade = passwords.needsUpgrade(stored) ? passwords.hash(password) : Future.succeededFuture();
        return upgrade.compose(hash -> Database.transaction(pool(), users.dialect(), conn -> (hash == null ? Future.succeededFuture()
                : users.sql(AuthSql.UPGRADE_PASSWORD).execute(conn, Map.of("password", hash, "id", id, "old", stored)))
            .compose(v -> users.sql(AuthSql.SET_LAST_LOGIN).execute(conn, Map.of("now", now, "id", id)))))
            .map(v -> new Account(id, row.getString("username"), row.getLong("password_generation")));
      });
    });
  }

  Future<Reply> refresh(JsonObject body, RequestContext ctx) {
    String refresh = Refresh.fromJson(body).refresh();
    if (refresh == null || refresh.isBlank()) {
      return Future.failedFuture(ServiceError.invalid("refresh", "This field is required."));
    }
    Instant now = Dialect.now();
    return Database.transaction(pool(), users.dialect(), conn -> users.sql(AuthSql.REFRESH_BY_HASH).execute(conn, Map.of("token_hash", Hashes.sha256Hex(refresh)))
            .compose(rows -> rows.size() == 0 ? Future.failedFuture(invalidRefresh()) : rotate(conn, rows.iterator().next(), now)))
        .compose(pair -> pair == null ? Future.failedFuture(invalidRefresh()) : Future.succeededFuture(Reply.of(pair.toJson())));
  }

  /** Uses the refresh token of {@code row} once: a new pair of its family, or null (its family revoked) when it was reused. */
  private Future<TokenPair> rotate(SqlClient conn, Row row, Instant now) {
    String family = row.getString("family");
    if (USED_AT.read(row) != null || REVOKED_AT.read(row) != null) {
      // a rotated or revoked token came back: whoever holds the family is not to be trusted
      return revokeFamily(conn, family, now);
    }
    if (((Instant) EXPIRES_AT.read(row)).isBefore(now)) return Future.failedFuture(invalidRefresh());
    long userId = row.getLong("user_id");
    return users.sql(AuthSql.USE_REFRESH).execute(conn, Map.of("id", row.getLong("id"), "now", now)).compose(used -> used.rowCount() == 0
        ? revokeFamily(conn, family, now)
        : users.sql(AuthSql.USER_BY_ID).execute(conn, Map.of("id", userId)).compose(found -> {
          if (found.size() == 0 || !bool(found.iterator().next(), "is_active")) return Future.failedFuture(invalidRefresh());
          Row user = found.iterator().next();
          long generation = user.getLong("password_generation");
          // issued before a password change that committed while it was being used (the change revoked the rest)
          if (row.getLong("password_generation") != generation) return revokeFamily(conn, family, now);
          return issuePair(conn, new Account(userId, user.getString("username"), generation), family);
        }));
  }

  private Future<TokenPair> revokeFamily(SqlClient conn, String family, Instant now) {
    return users.sql(AuthSql.REVOKE_FAMILY).execute(conn, Map.of("family", family, "now", now)).map(v -> (TokenPair) null);
  }

  /** A new access token and a new refresh token of {@code family}. */
  private Future<TokenPair> issuePair(SqlClient client, Account user, String family) {
    Instant now = Dialect.now();
    String refresh = JwtTokens.newId();
    Map<String, Object> params = Map.of("token_hash", Hashes.sha256Hex(refresh), "family", family, "user_id", user.id(), "now", now,
        "expires_at", now.plus(Duration.ofDays(settings.jwt().refreshTokenDays())), "password_generation", user.passwordGeneration());
    long lifetime = settings.jwt().accessTokenMinutes() * 60L;
    return users.sql(AuthSql.PRUNE_REFRESH).execute(client, Map.of("now", now))
        .compose(v -> users.sql(AuthSql.INSERT_REFRESH).execute(client, params))
        .map(v -> new TokenPair(tokens.issue(claims(user, JwtTokens.ACCESS), lifetime), refresh, "Bearer", lifetime));
  }

  private static JsonObject claims(Account user, String type) {
    return new JsonObject().put("sub", String.valueOf(user.id())).put("username", user.username()).put(JwtTokens.TYPE, type)
        .put(JwtTokens.PASSWORD_GENERATION, user.passwordGeneration());
  }

  Future<Reply> logout(JsonObject body, RequestContext ctx) {
    Caller caller = ctx.caller();
    if (caller.anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    Logout logout = Logout.fromJson(body);
    String refresh = logout.refresh();
    Instant now = Dialect.now();
    // simplejwt's logout: without the caller's own valid refresh token it is a 400, and nothing is revoked
    if (refresh == null || refresh.isBlank()) return Future.failedFuture(ServiceError.invalid("refresh", "This field is required."));
    return users.sql(AuthSql.REFRESH_BY_HASH).execute(pool(), Map.of("token_hash", Hashes.sha256Hex(refresh))).compose(rows -> {
          if (rows.size() == 0 || rows.iterator().next().getLong("user_id").longValue() != caller.id()) {
            return Future.failedFuture(ServiceError.invalid("refresh", INVALID_REFRESH));
          }
          String f = rows.iterator().next().getString("family");
          return Database.transaction(pool(), users.dialect(), conn -> users.sql(AuthSql.REVOKE_FAMILY).execute(conn, Map.of("family", f, "now", now))).mapEmpty();
        })
        .compose(v -> deny(logout.access())).map(v -> Reply.of(new JsonObject()));
  }

  Future<Reply> revoke(JsonObject body, RequestContext ctx) {
    if (ctx.caller().anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    return deny(Revocation.fromJson(body)).map(v -> Reply.of(new JsonObject()));
  }

  Future<Reply> revoked(JsonObject body, RequestContext ctx) {
    return revocations.current().map(all -> Reply.of(all.toJson()));
  }

  private Future<Void> deny(Revocation revocation) {
    return revocation.complete() ? revocations.revoke(revocation.jti(), revocation.exp()) : Future.succeededFuture();
  }

  static ServiceError badCredentials() {
    return ServiceError.authenticationFailed(BAD_CREDENTIALS);
  }

  static ServiceError invalidRefresh() {
    return ServiceError.authenticationFailed(INVALID_REFRESH);
  }
}
