package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The change log: one row per create, update, delete or transition, written in the same transaction as
 * the change. A row is both the audit entry (who, when, what changed) and the change's event in a
 * transactional outbox ({@code version} and {@code data}, published later by {@link EventRelay}), so a
 * write costs one insert for both.
 */
final class AuditLog {
  /** The table every service keeps its trail in, unless it names its own. */
  static final String DEFAULT_TABLE = "audit_log";
  private static final String INSERT = "INSERT INTO \"%s\" (\"resource\", \"record_id\", \"action\", \"actor_id\", "
      + "\"actor_username\", \"at\", \"from_status\", \"to_status\", \"comment\", \"changes\", \"request_id\", \"version\", \"data\") "
      + "VALUES (#{resource}, #{record_id}, #{action}, #{actor_id}, #{actor_username}, #{at}, #{from_status}, #{to_status}, "
      + "#{comment}, #{changes}, #{request_id}, #{version}, #{data})";

  private final NamedSql insert;

  AuditLog(Dialect dialect, String table) {
    this.insert = NamedSql.of(dialect, String.format(INSERT, table));
  }

  /**
   * One entry; {@code from}/{@code to} are statuses for transitions, else null.
   *
   * @param version the record's version after the change (before it, for a delete)
   * @param data    the record after the change as rendered, or null for a delete
   */
  record Entry(String table, long recordId, String action, String from, String to, String comment, JsonObject changes, Long version,
               JsonObject data) {}

  Future<Void> write(SqlConnection connection, Entry entry, RequestContext request, Instant at) {
    Map<String, Object> p = new HashMap<>();
    p.put("resource", entry.table());
    p.put("record_id", entry.recordId());
    p.put("action", entry.action());
    p.put("actor_id", request.caller().id());
    p.put("actor_username", request.caller().username());
    p.put("at", at);
    p.put("from_status", entry.from());
    p.put("to_status", entry.to());
    p.put("comment", entry.comment() == null ? "" : entry.comment());
    p.put("changes", entry.changes().encode());
    p.put("request_id", request.requestId());
    p.put("version", entry.version());
    p.put("data", entry.data() == null ? null : entry.data().encode());
    return insert.execute(connection, p).mapEmpty();
  }
}
