package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.Map;

/**
 * A record's audit trail, oldest first, in API.md's shape: {@code {at, actor: {id, username}, action, from,
 * to, comment, changes}}. The trail of a deleted record stays readable by staff; anyone else gets 404 for
 * a record that does not exist.
 */
final class History {
  private static final String SELECT = "SELECT \"action\", \"actor_id\", \"actor_username\", \"at\", \"from_status\", "
      + "\"to_status\", \"comment\", \"changes\" FROM \"%s\" WHERE \"resource\" = #{resource} AND \"record_id\" = #{id} ORDER BY \"id\"";
  private static final Field AT = Field.timestamp("at");

  private final NamedSql select;

  History(Dialect dialect, String auditTable) {
    this.select = NamedSql.of(dialect, String.format(SELECT, auditTable));
  }

  /** @param exists whether the record exists now */
  Future<JsonArray> of(SqlClient client, ResourceDef def, long id, boolean exists, Caller caller) {
    if (!exists && !caller.staff() && !caller.superuser()) return Future.failedFuture(ServiceError.notFound());
    return select.execute(client, Map.of("resource", def.table(), "id", id)).compose(rows -> {
      if (!exists && rows.size() == 0) return Future.failedFuture(ServiceError.notFound());
      JsonArray entries = new JsonArray();
      for (Row row : rows) entries.add(entry(row));
      return Future.succeededFuture(entries);
    });
  }

  private static JsonObject entry(Row row) {
    Object actorId = row.getValue("actor_id");
    JsonObject actor = actorId == null ? null
        : new JsonObject().put("id", ((Number) actorId).longValue()).put("username", row.getString("actor_username"));
    return new JsonObject()
        .put("at", AT.render(AT.read(row)))
        .put("actor", actor)
        .put("action", row.getString("action"))
        .put("from", row.getString("from_status"))
        .put("to", row.getString("to_status"))
        .put("comment", row.getString("comment"))
        .put("changes", new JsonObject(row.getString("changes")));
  }
}
