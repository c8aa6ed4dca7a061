package dev.orderly.auth;

import static dev.orderly.auth.UserQueries.bool;

import dev.orderly.core.bus.AuthMessages.Me;
import dev.orderly.core.bus.AuthMessages.NewSuperuser;
import dev.orderly.core.bus.AuthMessages.PasswordChange;
import dev.orderly.core.bus.AuthMessages.PasswordReset;
import dev.orderly.core.bus.AuthMessages.Principal;
import dev.orderly.core.bus.AuthMessages.PrincipalRequest;
import dev.orderly.core.bus.AuthMessages.UserCount;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.IdempotencyKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The caller's own account ({@code me}, password change), the principals gateways authorize with, and the
 * command line's administration (create a superuser, set a password, count users: superuser callers only). A password
 * change with an idempotency key already used replays before anything is checked (the old password is no longer the
 * current one); the key itself is claimed in the update's transaction, as for any update of a user.
 */
record AccountActions(UserQueries users, Passwords passwords, ResourceService engine, IdempotencyKeys keys) {

  private Pool pool() {
    return users.pool();
  }

  Future<Reply> me(JsonObject body, RequestContext ctx) {
    Caller caller = ctx.caller();
    if (caller.anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    return users.user(caller.id()).compose(row -> users.names(AuthSql.GROUP_NAMES, Map.of("id", caller.id()))
        .compose(groups -> users.effectivePermissions(row).map(perms -> Reply.of(new Me(row.getLong("id"), row.getString("username"),
            row.getString("email"), row.getString("first_name"), row.getString("last_name"), bool(row, "is_staff"),
            bool(row, "is_superuser"), strings(groups), strings(perms)).toJson()))));
  }

  private static List<String> strings(JsonArray names) {
    return names.stream().map(String::valueOf).toList();
  }

  Future<Reply> principal(JsonObject body, RequestContext ctx) {
    Long id = PrincipalRequest.fromJson(body).userId();
    if (id == null) return Future.failedFuture(ServiceError.notFound());
    return users.user(id).compose(row -> users.effectivePermissions(row).map(perms -> {
      Set<String> codenames = new TreeSet<>();
      perms.forEach(p -> codenames.add((String) p));
      return Reply.of(new Principal(row.getLong("id"), row.getString("username"), bool(row, "is_active"), bool(row, "is_staff"),
          bool(row, "is_superuser"), codenames, row.getLong("password_generation")).toJson());
    }));
  }

  Future<Reply> changePassword(JsonObject body, RequestContext ctx) {
    Caller caller = ctx.caller();
    if (caller.anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    return keys.replayOf(ctx).compose(replay -> replay != null ? Future.succeededFuture(passwordChanged(true))
        : newPassword(body, caller, ctx));
  }

  private Future<Reply> newPassword(JsonObject body, Caller caller, RequestContext ctx) {
    PasswordChange change = PasswordChange.fromJson(body);
    String old = change.oldPassword();
    String fresh = change.newPassword();
    JsonObject missing = new JsonObject();
    if (old == null || old.isEmpty()) missing.put("old_password", new JsonArray().add("This field is required."));
    if (fresh == null || fresh.isEmpty()) missing.put("new_password", new JsonArray().add("This field is required."));
    if (!missing.isEmpty()) return Future.failedFuture(ServiceError.validation(missing));
    return users.user(caller.id()).compose(row -> passwords.verify(old, row.getString("password")).compose(ok -> {
      if (!ok) {
        return Future.failedFuture(ServiceError.invalid("old_password", "Your old password was entered incorrectly. Please enter it again."));
      }
      JsonArray problems = PasswordPolicy.problems(fresh, row.getString("username"));
      if (!problems.isEmpty()) return Future.failedFuture(ServiceError.validation(new JsonObject().put("new_password", problems)));
      return storePassword(caller.id(), fresh, ctx);
    })).map(stored -> passwordChanged(stored.replayed()));
  }

  /** The empty reply of a password change, replayed or not. */
  private static Reply passwordChanged(boolean replayed) {
    return Reply.of(new ResourceReply(new JsonObject().toBuffer(), null, null, replayed));
  }

  /**
   * Stores a new password through the engine, as any change of a user: {@link UserHooks} hashes it and
   * revokes the user's refresh tokens, and the change is audited and published (without the password).
   */
  private Future<ResourceReply> storePassword(long userId, String password, RequestContext ctx) {
    return engine.update(new ResourceRequest.Update(AuthResources.USERS, String.valueOf(userId), new JsonObject().put("password", password),
        true, null), ctx);
  }

  Future<Reply> createSuperuser(JsonObject body, RequestContext ctx) {
    if (!ctx.caller().superuser()) return Future.failedFuture(ServiceError.permissionDenied());
    NewSuperuser user = NewSuperuser.fromJson(body);
    JsonObject data = new JsonObject().put("username", user.username()).put("email", user.email()).put("password", user.password())
        .put("is_staff", true).put("is_superuser", true);
    return engine.create(new ResourceRequest.Create(AuthResources.USERS, data), ctx).map(reply -> Reply.of(reply.json()));
  }

  Future<Reply> setPassword(JsonObject body, RequestContext ctx) {
    if (!ctx.caller().superuser()) return Future.failedFuture(ServiceError.permissionDenied());
    PasswordReset reset = PasswordReset.fromJson(body);
    return users.sql(AuthSql.USER_BY_USERNAME).execute(pool(), Map.of("username", reset.username())).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(ServiceError.of(404, ErrorCodes.NOT_FOUND, "user '" + reset.username() + "' does not exist"));
      JsonArray problems = PasswordPolicy.problems(reset.password(), reset.username());
      if (!problems.isEmpty()) return Future.failedFuture(ServiceError.validation(new JsonObject().put("password", problems)));
      return storePassword(rows.iterator().next().getLong("id"), reset.password(), ctx);
    }).map(stored -> Reply.of(new JsonObject()));
  }

  Future<Reply> countUsers(JsonObject body, RequestContext ctx) {
    if (!ctx.caller().superuser()) return Future.failedFuture(ServiceError.permissionDenied());
    return users.sql(AuthSql.COUNT_USERS).execute(pool(), Map.of())
        .map(rows -> Reply.of(new UserCount(rows.iterator().next().getLong("count")).toJson()));
  }
}
