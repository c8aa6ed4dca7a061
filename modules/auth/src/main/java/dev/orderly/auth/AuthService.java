package dev.orderly.auth;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.Consumers.ActionHandler;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.ChangeEvent;
import dev.orderly.core.bus.ResourceActions;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;
import dev.orderly.core.resource.engine.CrudEngine;
import dev.orderly.core.security.Hashes;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.security.JwtTokens;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the auth service answers on {@value AuthClient#ADDRESS}: logins, token refresh and logout, the
 * caller's own account, the principals gateways authorize with, and the CRUD of users and groups (the
 * generic engine, behind the staff and permission rules). Wrong credentials always get the same 401,
 * after the same amount of hashing, whether or not the user exists. Passwords and tokens are never logged.
 */
final class AuthService {
  static final String BAD_CREDENTIALS = "No active account found with the given credentials";
  private static final Field EXPIRES_AT = Field.timestamp("expires_at");
  private static final Field USED_AT = Field.timestamp("used_at").nullable();
  private static final Field REVOKED_AT = Field.timestamp("revoked_at").nullable();

  private final Vertx vertx;
  private final Pool pool;
  private final Dialect dialect;
  private final Settings settings;
  private final JwtTokens tokens;
  private final Passwords passwords;
  private final CrudEngine engine;
  private final Revocations revocations;
  private final Map<String, NamedSql> statements = new java.util.concurrent.ConcurrentHashMap<>();

  /** @param redis the Redis of {@code REDIS_URL} (the denylist), or null */
  AuthService(Vertx vertx, Pool pool, Dialect dialect, Settings settings, JwtTokens tokens, Passwords passwords, RedisAPI redis) {
    this.vertx = vertx;
    this.pool = pool;
    this.dialect = dialect;
    this.settings = settings;
    this.tokens = tokens;
    this.passwords = passwords;
    this.engine = new CrudEngine(vertx, pool, pool, dialect, AuthResources.all(new UserHooks(passwords)), AuthResources.AUDIT_TABLE);
    this.revocations = new Revocations(vertx, pool, dialect, redis);
  }

  CrudEngine engine() {
    return engine;
  }

  /** Every action of the address. */
  Map<String, ActionHandler> actions() {
    Map<String, ActionHandler> actions = new LinkedHashMap<>(ResourceActions.of(new StaffResources(engine)));
    actions.put(ServiceClient.PING, ServiceClient.pingHandler(pool));
    actions.put(AuthClient.LOGIN, this::login);
    actions.put(AuthClient.SESSION_LOGIN, this::sessionLogin);
    actions.put(AuthClient.REFRESH, this::refresh);
    actions.put(AuthClient.LOGOUT, this::logout);
    actions.put(AuthClient.ME, this::me);
    actions.put(AuthClient.PASSWORD, this::changePassword);
    actions.put(AuthClient.PRINCIPAL, this::principal);
    actions.put(AuthClient.REVOKED, (body, ctx) -> revocations.current().map(Reply::of));
    actions.put(AuthClient.REVOKE, this::revoke);
    actions.put(AuthClient.CREATE_SUPERUSER, this::createSuperuser);
    actions.put(AuthClient.SET_PASSWORD, this::setPassword);
    actions.put(AuthClient.COUNT_USERS, this::countUsers);
    return actions;
  }

  // ---- logins and tokens --------------------------------------------------------------------------

  private Future<Reply> login(JsonObject body, RequestContext ctx) {
    return authenticate(body)
        .compose(user -> pool.withTransaction(conn -> issuePair(conn, user.getLong("id"), user.getString("username"), JwtTokens.newId())))
        .map(Reply::of);
  }

  private Future<Reply> sessionLogin(JsonObject body, RequestContext ctx) {
    return authenticate(body).map(user -> {
      long age = settings.sessionCookieAge();
      String session = tokens.issue(claims(user.getLong("id"), user.getString("username"), JwtTokens.SESSION), age);
      return Reply.of(new JsonObject().put(AuthClient.SESSION, session).put(AuthClient.CSRF, JwtTokens.newId()).put(AuthClient.MAX_AGE, age));
    });
  }

  /** The active user whose password matches, with its hash upgraded and last_login set; else the one 401. */
  private Future<JsonObject> authenticate(JsonObject body) {
    String username = body.getString(AuthClient.USERNAME);
    String password = body.getString(AuthClient.PASSWORD_FIELD);
    JsonObject missing = new JsonObject();
    if (username == null || username.isBlank()) missing.put(AuthClient.USERNAME, new JsonArray().add("This field is required."));
    if (password == null || password.isEmpty()) missing.put(AuthClient.PASSWORD_FIELD, new JsonArray().add("This field is required."));
    if (!missing.isEmpty()) return Future.failedFuture(ServiceError.validation(missing));
    return sql(AuthSql.USER_BY_USERNAME).execute(pool, Map.of("username", username)).compose(rows -> {
      if (rows.size() == 0) return passwords.verifyNobody(password).compose(x -> Future.failedFuture(badCredentials()));
      Row row = rows.iterator().next();
      String stored = row.getString("password");
      long id = row.getLong("id");
      return passwords.verify(password, stored).compose(ok -> {
        if (!ok || !bool(row, "is_active")) return Future.failedFuture(badCredentials());
        Instant now = Dialect.now();
        Future<String> upgrade = passwords.needsUpgrade(stored) ? passwords.hash(password) : Future.succeededFuture();
        return upgrade.compose(hash -> pool.withTransaction(conn -> (hash == null ? Future.succeededFuture()
                : sql(AuthSql.UPGRADE_PASSWORD).execute(conn, Map.of("password", hash, "id", id, "old", stored)))
            .compose(v -> sql(AuthSql.SET_LAST_LOGIN).execute(conn, Map.of("now", now, "id", id)))))
            .map(v -> new JsonObject().put("id", id).put("username", row.getString("username")));
      });
    });
  }

  private Future<Reply> refresh(JsonObject body, RequestContext ctx) {
    String refresh = body.getString(AuthClient.REFRESH_FIELD);
    if (refresh == null || refresh.isBlank()) {
      return Future.failedFuture(ServiceError.invalid(AuthClient.REFRESH_FIELD, "This field is required."));
    }
    Instant now = Dialect.now();
    return pool.withTransaction(conn -> sql(AuthSql.REFRESH_BY_HASH).execute(conn, Map.of("token_hash", Hashes.sha256Hex(refresh))).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(invalidRefresh());
      Row row = rows.iterator().next();
      String family = row.getString("family");
      if (USED_AT.read(row) != null || REVOKED_AT.read(row) != null) {
        // a rotated or revoked token came back: whoever holds the family is not to be trusted
        return sql(AuthSql.REVOKE_FAMILY).execute(conn, Map.of("family", family, "now", now)).map(v -> (JsonObject) null);
      }
      if (((Instant) EXPIRES_AT.read(row)).isBefore(now)) return Future.failedFuture(invalidRefresh());
      long userId = row.getLong("user_id");
      return sql(AuthSql.USE_REFRESH).execute(conn, Map.of("id", row.getLong("id"), "now", now)).compose(used -> {
        if (used.rowCount() == 0) return sql(AuthSql.REVOKE_FAMILY).execute(conn, Map.of("family", family, "now", now)).map(v -> (JsonObject) null);
        return sql(AuthSql.USER_BY_ID).execute(conn, Map.of("id", userId)).compose(users -> {
          if (users.size() == 0 || !bool(users.iterator().next(), "is_active")) return Future.failedFuture(invalidRefresh());
          return issuePair(conn, userId, users.iterator().next().getString("username"), family);
        });
      });
    })).compose(pair -> pair == null ? Future.failedFuture(invalidRefresh()) : Future.succeededFuture(Reply.of(pair)));
  }

  /** A new access token and a new refresh token of {@code family}. */
  private Future<JsonObject> issuePair(SqlClient client, long userId, String username, String family) {
    Instant now = Dialect.now();
    String refresh = JwtTokens.newId();
    Map<String, Object> params = Map.of("token_hash", Hashes.sha256Hex(refresh), "family", family, "user_id", userId, "now", now,
        "expires_at", now.plus(Duration.ofDays(settings.jwt().refreshTokenDays())));
    long lifetime = settings.jwt().accessTokenMinutes() * 60L;
    return sql(AuthSql.PRUNE_REFRESH).execute(client, Map.of("now", now))
        .compose(v -> sql(AuthSql.INSERT_REFRESH).execute(client, params))
        .map(v -> new JsonObject()
            .put(AuthClient.ACCESS, tokens.issue(claims(userId, username, JwtTokens.ACCESS), lifetime))
            .put(AuthClient.REFRESH_FIELD, refresh)
            .put(AuthClient.TOKEN_TYPE, "Bearer")
            .put(AuthClient.EXPIRES_IN, lifetime));
  }

  private static JsonObject claims(long userId, String username, String type) {
    return new JsonObject().put("sub", String.valueOf(userId)).put("username", username).put(JwtTokens.TYPE, type);
  }

  private Future<Reply> logout(JsonObject body, RequestContext ctx) {
    Caller caller = ctx.caller();
    if (caller.anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    String refresh = body.getString(AuthClient.REFRESH_FIELD);
    Instant now = Dialect.now();
    Future<Void> family = refresh == null || refresh.isBlank() ? Future.succeededFuture()
        : sql(AuthSql.REFRESH_BY_HASH).execute(pool, Map.of("token_hash", Hashes.sha256Hex(refresh))).compose(rows -> {
          if (rows.size() == 0 || rows.iterator().next().getLong("user_id").longValue() != caller.id()) return Future.succeededFuture();
          String f = rows.iterator().next().getString("family");
          return pool.withTransaction(conn -> sql(AuthSql.REVOKE_FAMILY).execute(conn, Map.of("family", f, "now", now))).mapEmpty();
        });
    return family.compose(v -> revokeToken(body)).map(v -> Reply.of(new JsonObject()));
  }

  private Future<Reply> revoke(JsonObject body, RequestContext ctx) {
    if (ctx.caller().anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    return revokeToken(body).map(v -> Reply.of(new JsonObject()));
  }

  private Future<Void> revokeToken(JsonObject body) {
    String jti = body.getString(AuthClient.JTI);
    Long exp = body.getLong(AuthClient.EXP);
    if (jti == null || exp == null) return Future.succeededFuture();
    return revocations.revoke(jti, exp);
  }

  // ---- the caller's account ----------------------------------------------------------------------

  private Future<Reply> me(JsonObject body, RequestContext ctx) {
    Caller caller = ctx.caller();
    if (caller.anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    return userRow(caller.id()).compose(row -> {
      JsonObject me = new JsonObject().put("id", row.getLong("id")).put("username", row.getString("username"))
          .put("email", row.getString("email")).put("first_name", row.getString("first_name"))
          .put("last_name", row.getString("last_name")).put("is_staff", bool(row, "is_staff")).put("is_superuser", bool(row, "is_superuser"));
      return names(AuthSql.GROUP_NAMES, Map.of("id", caller.id()))
          .compose(groups -> effective(row).map(perms -> Reply.of(me.put("groups", groups).put("permissions", perms))));
    });
  }

  private Future<Reply> principal(JsonObject body, RequestContext ctx) {
    Long id = body.getLong(AuthClient.USER_ID);
    if (id == null) return Future.failedFuture(ServiceError.notFound());
    return userRow(id).compose(row -> effective(row).map(perms -> Reply.of(new JsonObject()
        .put("id", row.getLong("id")).put("username", row.getString("username")).put("is_active", bool(row, "is_active"))
        .put("is_staff", bool(row, "is_staff")).put("is_superuser", bool(row, "is_superuser")).put("permissions", perms))));
  }

  /** Own and group permissions; every codename for a superuser. */
  private Future<JsonArray> effective(Row user) {
    return bool(user, "is_superuser") ? names(AuthSql.ALL_CODENAMES, Map.of())
        : names(AuthSql.EFFECTIVE_CODENAMES, Map.of("id", user.getLong("id")));
  }

  private Future<Reply> changePassword(JsonObject body, RequestContext ctx) {
    Caller caller = ctx.caller();
    if (caller.anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    String old = body.getString(AuthClient.OLD_PASSWORD);
    String fresh = body.getString(AuthClient.NEW_PASSWORD);
    JsonObject missing = new JsonObject();
    if (old == null || old.isEmpty()) missing.put(AuthClient.OLD_PASSWORD, new JsonArray().add("This field is required."));
    if (fresh == null || fresh.isEmpty()) missing.put(AuthClient.NEW_PASSWORD, new JsonArray().add("This field is required."));
    if (!missing.isEmpty()) return Future.failedFuture(ServiceError.validation(missing));
    return userRow(caller.id()).compose(row -> passwords.verify(old, row.getString("password")).compose(ok -> {
      if (!ok) {
        return Future.failedFuture(ServiceError.invalid(AuthClient.OLD_PASSWORD,
            "Your old password was entered incorrectly. Please enter it again."));
      }
      JsonArray problems = PasswordPolicy.problems(fresh, row.getString("username"));
      if (!problems.isEmpty()) return Future.failedFuture(ServiceError.validation(new JsonObject().put(AuthClient.NEW_PASSWORD, problems)));
      return storePassword(caller.id(), fresh, ctx);
    })).map(v -> Reply.of(new JsonObject()));
  }

  /** Hashes and stores a password, revokes the user's refresh tokens, and says so on {@code orderly.events.users}. */
  private Future<Void> storePassword(long userId, String password, RequestContext ctx) {
    Instant now = Dialect.now();
    return passwords.hash(password)
        .compose(hash -> pool.withTransaction(conn -> sql(AuthSql.SET_PASSWORD).execute(conn, Map.of("password", hash, "now", now, "id", userId))
            .compose(v -> sql(AuthSql.REVOKE_USER_REFRESH).execute(conn, Map.of("user_id", userId, "now", now)))))
        .compose(v -> engine.get(new ResourceRequest.Get(AuthResources.USERS, String.valueOf(userId), new JsonObject()), ctx))
        .map(reply -> {
          JsonObject user = reply.json();
          vertx.eventBus().publish(Events.address(AuthResources.USERS), new ChangeEvent("updated", AuthResources.USERS, userId,
              reply.version(), ctx.caller(), now, user).toJson());
          return null;
        });
  }

  // ---- administration (the command line) ---------------------------------------------------------

  private Future<Reply> createSuperuser(JsonObject body, RequestContext ctx) {
    if (!ctx.caller().superuser()) return Future.failedFuture(ServiceError.permissionDenied());
    JsonObject data = new JsonObject().put("username", body.getString(AuthClient.USERNAME))
        .put("email", body.getString(AuthClient.EMAIL, "")).put("password", body.getString(AuthClient.PASSWORD_FIELD))
        .put("is_staff", true).put("is_superuser", true);
    return engine.create(new ResourceRequest.Create(AuthResources.USERS, data), ctx).map(reply -> Reply.of(reply.json()));
  }

  private Future<Reply> setPassword(JsonObject body, RequestContext ctx) {
    if (!ctx.caller().superuser()) return Future.failedFuture(ServiceError.permissionDenied());
    String username = body.getString(AuthClient.USERNAME, "");
    String password = body.getString(AuthClient.PASSWORD_FIELD, "");
    return sql(AuthSql.USER_BY_USERNAME).execute(pool, Map.of("username", username)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(ServiceError.of(404, ErrorCodes.NOT_FOUND, "user '" + username + "' does not exist"));
      JsonArray problems = PasswordPolicy.problems(password, username);
      if (!problems.isEmpty()) return Future.failedFuture(ServiceError.validation(new JsonObject().put(AuthClient.PASSWORD_FIELD, problems)));
      return storePassword(rows.iterator().next().getLong("id"), password, ctx);
    }).map(v -> Reply.of(new JsonObject()));
  }

  private Future<Reply> countUsers(JsonObject body, RequestContext ctx) {
    if (!ctx.caller().superuser()) return Future.failedFuture(ServiceError.permissionDenied());
    return sql(AuthSql.COUNT_USERS).execute(pool, Map.of())
        .map(rows -> Reply.of(new JsonObject().put("users", rows.iterator().next().getLong("count"))));
  }

  // ---- pieces -----------------------------------------------------------------------------------

  private Future<Row> userRow(long id) {
    return sql(AuthSql.USER_BY_ID).execute(pool, Map.of("id", id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ServiceError.notFound()) : Future.succeededFuture(rows.iterator().next()));
  }

  private Future<JsonArray> names(String template, Map<String, ?> params) {
    return sql(template).execute(pool, params).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row row : rows) out.add(row.getString(0));
      return out;
    });
  }

  private NamedSql sql(String template) {
    return statements.computeIfAbsent(template, t -> NamedSql.of(dialect, t));
  }

  private static boolean bool(Row row, String column) {
    Object v = row.getValue(column);
    return v instanceof Boolean b ? b : v instanceof Number n && n.intValue() != 0;
  }

  static ServiceError badCredentials() {
    return ServiceError.authenticationFailed(BAD_CREDENTIALS);
  }

  static ServiceError invalidRefresh() {
    return ServiceError.authenticationFailed("Token is invalid or expired");
  }


}
