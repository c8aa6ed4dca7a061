package dev.orderly.auth;

import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The auth service's own statements ({@link AuthSql}), rendered once per dialect, and the user reads its actions share. */
final class UserQueries {
  private final Pool pool;
  private final Dialect dialect;
  private final Map<String, NamedSql> statements = new ConcurrentHashMap<>();

  UserQueries(Pool pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  Pool pool() {
    return pool;
  }

  Dialect dialect() {
    return dialect;
  }

  NamedSql sql(String template) {
    return statements.computeIfAbsent(template, t -> NamedSql.of(dialect, t));
  }

  /** The user row {@code id}; 404 when there is none. */
  Future<Row> user(long id) {
    return sql(AuthSql.USER_BY_ID).execute(pool, Map.of("id", id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ServiceError.notFound()) : Future.succeededFuture(rows.iterator().next()));
  }

  /** The first column of every row, as a JSON array of strings. */
  Future<JsonArray> names(String template, Map<String, ?> params) {
    return sql(template).execute(pool, params).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row row : rows) out.add(row.getString(0));
      return out;
    });
  }

  /** Own and group permissions; every codename for a superuser. */
  Future<JsonArray> effectivePermissions(Row user) {
    return bool(user, "is_superuser") ? names(AuthSql.ALL_CODENAMES, Map.of())
        : names(AuthSql.EFFECTIVE_CODENAMES, Map.of("id", user.getLong("id")));
  }

  /** A boolean column, whichever driver read it (SQLite answers 0/1). */
  static boolean bool(Row row, String column) {
    Object v = row.getValue(column);
    return v instanceof Boolean b ? b : v instanceof Number n && n.intValue() != 0;
  }
}
