package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;
import dev.orderly.core.resource.model.RecordValues;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a write hook sees inside the transaction.
 *
 * @param existing the record before the change, or null on create
 * @param values   the record as it will be written (existing values merged with the validated input);
 *                 hooks may set read-only fields here
 * @param children the new child rows when the client wrote them (a hook may fill in or compute
 *                 their fields), else null: unchanged
 * @param existingChildren the child rows before the change (empty on create)
 */
public record WriteContext(SqlConnection connection, Dialect dialect, ResourceDef def, RequestContext request, Instant now,
                           RecordValues existing, RecordValues values, List<RecordValues> children,
                           List<RecordValues> existingChildren) {
  public boolean creating() {
    return existing == null;
  }

  /** The child rows the record will have: the ones written, else the existing ones. */
  public List<RecordValues> finalChildren() {
    return children != null ? children : existingChildren;
  }

  /** Runs SQL with {@code #{name}} parameters on the transaction's connection. */
  public Future<RowSet<Row>> query(String template, Map<String, ?> params) {
    return NamedSql.of(dialect, template).execute(connection, params);
  }
}
