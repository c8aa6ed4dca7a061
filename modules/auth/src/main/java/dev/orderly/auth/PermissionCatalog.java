package dev.orderly.auth;

import dev.orderly.core.bus.AuthMessages.PermissionDeclaration;
import dev.orderly.core.bus.AuthMessages.PermissionsAdded;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The permission codenames that can be granted: the rows of the first migration, plus whatever the services
 * declare from their resource definitions at start ({@link dev.orderly.core.bus.PermissionDeclarer}; this
 * service declares its own users and groups). Storing is idempotent: a known codename is left as it is, so
 * every node of every service may declare at every start.
 */
final class PermissionCatalog {
  private final UserQueries queries;

  PermissionCatalog(UserQueries queries) {
    this.queries = queries;
  }

  /** The {@code declare_permissions} action: superuser callers only (a service declares as the system caller). */
  Future<Reply> declare(JsonObject body, RequestContext ctx) {
    if (ctx.caller().anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    if (!ctx.caller().superuser()) return Future.failedFuture(ServiceError.permissionDenied());
    return add(PermissionDeclaration.fromJson(body).codenames()).map(added -> Reply.of(new PermissionsAdded(added).toJson()));
  }

  /**
   * Stores the codenames not stored yet, in one statement, and returns those, sorted. A malformed codename
   * is a 400 on {@code codenames} naming it, and nothing is stored.
   */
  Future<List<String>> add(List<String> codenames) {
    // sorted, so that two declarations running at once take their row locks in the same order
    TreeSet<String> distinct = new TreeSet<>(codenames);
    JsonArray malformed = new JsonArray();
    for (String codename : distinct) {
      if (!Permissions.isCodename(codename)) malformed.add("\"" + codename + "\" is not <table>.<action> with a known action.");
    }
    if (!malformed.isEmpty()) return Future.failedFuture(ServiceError.validation(new JsonObject().put("codenames", malformed)));
    if (distinct.isEmpty()) return Future.succeededFuture(List.of());
    Map<String, Object> params = new HashMap<>();
    for (String codename : distinct) params.put("c" + params.size(), codename);
    return queries.sql(AuthSql.insertCodenames(params.size())).execute(queries.pool(), params).map(rows -> {
      List<String> added = new ArrayList<>();
      for (Row row : rows) added.add(row.getString(0));
      added.sort(null);
      return added;
    });
  }
}
