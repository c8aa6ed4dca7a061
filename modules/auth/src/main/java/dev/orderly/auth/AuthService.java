package dev.orderly.auth;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers.ActionHandler;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.EventFeed;
import dev.orderly.core.bus.ResourceActions;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.IdempotencyKeys;
import dev.orderly.core.redis.RedisFailover;
import dev.orderly.core.resource.engine.CrudEngine;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.openapi.OpenApiFragment;
import dev.orderly.core.security.JwtTokens;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the auth service answers on {@value AuthClient#ADDRESS}: logins, token refresh and logout
 * ({@link TokenActions}), the caller's own account, the principals gateways authorize with and the command
 * line's administration ({@link AccountActions}), and the CRUD of users and groups (the generic engine,
 * behind the staff and permission rules of {@link StaffResources}), and the permission codenames that services
 * declare ({@link PermissionCatalog}), and the OpenAPI fragment of users and groups ({@link OpenApiFragment}). Passwords
 * and tokens are never logged.
 */
final class AuthService {
  private final Pool pool;
  private final CrudEngine engine;
  private final TokenActions tokens;
  private final AccountActions accounts;
  private final PermissionCatalog permissions;
  private final List<ResourceDef> definitions;

  /** @param redis the Redis of {@code REDIS_URL} (the denylist) and its failover, or both null */
  AuthService(Vertx vertx, Pool pool, Dialect dialect, Settings settings, JwtTokens jwt, Passwords passwords, RedisAPI redis,
              RedisFailover failover) {
    this.pool = pool;
    this.definitions = AuthResources.all(new UserHooks(passwords));
    IdempotencyKeys keys = new IdempotencyKeys(pool, dialect, AuthResources.IDEMPOTENCY_TABLE, settings.idempotencyTtl());
    this.engine = new CrudEngine(vertx, pool, pool, dialect, definitions, AuthResources.AUDIT_TABLE, keys);
    UserQueries users = new UserQueries(pool, dialect);
    this.permissions = new PermissionCatalog(users);
    this.tokens = new TokenActions(users, settings, jwt, passwords, new Revocations(vertx, pool, dialect, redis, failover, CallerSigning.fromSecret(settings.secretKey())));
    this.accounts = new AccountActions(users, passwords, engine, keys);
  }

  CrudEngine engine() {
    return engine;
  }

  /** Stores the codenames of this service's own resources (users, groups) that are not stored yet. */
  Future<List<String>> declareOwnPermissions() {
    return permissions.add(Permissions.codenames(definitions));
  }

  /** Every action of the address. */
  Map<String, ActionHandler> actions() {
    Map<String, ActionHandler> actions = new LinkedHashMap<>(ResourceActions.of(new StaffResources(engine)));
    actions.put(ServiceClient.PING, ServiceClient.pingHandler(pool));
    JsonObject schema = OpenApiFragment.of(definitions);
    actions.put(ServiceClient.SCHEMA, (body, ctx) -> Future.succeededFuture(Reply.of(schema)));
    actions.put(EventFeed.EVENTS, (body, ctx) -> engine.changeLog().page(EventFeed.Since.fromJson(body)).map(page -> Reply.of(page.toJson())));
    actions.put(AuthClient.LOGIN, tokens::login);
    actions.put(AuthClient.SESSION_LOGIN, tokens::sessionLogin);
    actions.put(AuthClient.REFRESH, tokens::refresh);
    actions.put(AuthClient.LOGOUT, tokens::logout);
    actions.put(AuthClient.REVOKE, tokens::revoke);
    actions.put(AuthClient.REVOKED, tokens::revoked);
    actions.put(AuthClient.ME, accounts::me);
    actions.put(AuthClient.PASSWORD, accounts::changePassword);
    actions.put(AuthClient.PRINCIPAL, accounts::principal);
    actions.put(AuthClient.CREATE_SUPERUSER, accounts::createSuperuser);
    actions.put(AuthClient.SET_PASSWORD, accounts::setPassword);
    actions.put(AuthClient.COUNT_USERS, accounts::countUsers);
    actions.put(AuthClient.DECLARE_PERMISSIONS, permissions::declare);
    return actions;
  }
}
