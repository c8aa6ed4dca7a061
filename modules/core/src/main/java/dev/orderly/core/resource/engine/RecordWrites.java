package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.resource.model.RecordValues;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of a create and of an update once the input is validated, on the write's transaction: linked
 * names must exist, the resource's hooks run, the row (children, links) is written and read back, and the
 * audit row (the change's event) follows. The CRUD actions and imports write through here, so an imported
 * row is checked, written, audited and published exactly as one sent to the API.
 */
final class RecordWrites {
  private final Dialect dialect;
  private final RecordReader reader;
  private final RecordWriter writer;
  private final ReferenceCheck references;
  private final AuditLog audit;

  /** The record before an update and after it (null when nothing changed). */
  record Outcome(Found before, Found after) {}

  RecordWrites(Dialect dialect, RecordReader reader, RecordWriter writer, ReferenceCheck references, AuditLog audit) {
    this.dialect = dialect;
    this.reader = reader;
    this.writer = writer;
    this.references = references;
    this.audit = audit;
  }

  /** Creates a record from validated input; the record as created. */
  Future<Found> insert(SqlConnection conn, ResourceDef def, Validator.Input input, RequestContext context, Instant now) {
    Map<String, Object> values = new LinkedHashMap<>(input.values());
    values.put("version", 1L);
    values.put("created_at", now);
    values.put("updated_at", now);
    WriteContext w = writeContext(conn, def, context, now, null, values, input);
    return references.checkNames(conn, def, input)
        .compose(v -> def.hooks().beforeWrite(w))
        .compose(v -> writer.insert(w))
        .compose(row -> reader.complete(conn, def, row))
        .compose(created -> audit(conn, def, "created", null, created, context, now).map(created));
  }

  /**
   * Applies validated input to {@code existing} (read for update, already found writable); when something
   * changed, reads the record back and writes its audit row.
   */
  Future<Outcome> update(SqlConnection conn, ResourceDef def, Found existing, Validator.Input input, RequestContext context,
                         Instant now) {
    Map<String, Object> values = new LinkedHashMap<>(existing.record());
    values.putAll(input.values());
    WriteContext w = writeContext(conn, def, context, now, existing, values, input);
    return references.checkNames(conn, def, input)
        .compose(v -> def.hooks().beforeWrite(w))
        .compose(v -> writer.update(w, existing))
        .compose(row -> row == null
            ? Future.succeededFuture(new Outcome(existing, null))
            : reader.complete(conn, def, row)
                .compose(after -> audit(conn, def, "updated", existing, after, context, now).map(new Outcome(existing, after))));
  }

  /** The audit row of a change: what changed, field by field, from {@code before} (null on create) to {@code after} (null on delete). */
  Future<Void> audit(SqlConnection conn, ResourceDef def, String action, Found before, Found after, RequestContext context,
                     Instant now) {
    JsonObject changes = Records.changes(def, before == null ? null : before.record(), before == null ? null : before.children(),
        after == null ? null : after.record(), after == null ? null : after.children());
    Found subject = after != null ? after : before;
    return audit.write(conn, new AuditLog.Entry(def.table(), subject.id(), action, null, null, null, changes, subject.version(),
        after == null ? null : after.render(def, List.of())), context, now);
  }

  /**
   * What the hooks see: copies of the input's values and child rows, which hooks fill in (a line's price and
   * total), so that a transaction run again after a conflict starts from the input as validated.
   */
  private WriteContext writeContext(SqlConnection conn, ResourceDef def, RequestContext context, Instant now,
                                    Found existing, Map<String, Object> values, Validator.Input input) {
    return new WriteContext(conn, dialect, def, context, now, existing == null ? null : RecordValues.of(existing.record()),
        RecordValues.of(values), input.children() == null ? null : RecordValues.ofAll(copies(input.children())),
        existing == null ? List.of() : RecordValues.ofAll(existing.children()));
  }

  private static List<Map<String, Object>> copies(List<Map<String, Object>> rows) {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) out.add(new LinkedHashMap<>(row));
    return out;
  }
}
