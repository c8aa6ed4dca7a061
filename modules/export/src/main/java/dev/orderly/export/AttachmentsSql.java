package dev.orderly.export;

import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every statement on {@code attachments}, rendered once for the dialect (the list's where clause per request). */
final class AttachmentsSql {
  static final String COLUMNS = "id, resource, record_id, filename, content_type, size, sha256, storage_name, uploaded_by, created_at";

  final NamedSql insert;
  final NamedSql byId;
  final NamedSql deleteById;
  /** Deletes a record's attachments and returns their {@code storage_name}s, in one statement. */
  final NamedSql deleteOfRecord;
  final NamedSql resources;
  private final Dialect dialect;

  AttachmentsSql(Dialect dialect) {
    this.dialect = dialect;
    insert = NamedSql.of(dialect, "INSERT INTO attachments (resource, record_id, filename, content_type, size, sha256, storage_name,"
        + " uploaded_by, created_at) VALUES (#{resource}, #{record_id}, #{filename}, #{content_type}, #{size}, #{sha256},"
        + " #{storage_name}, #{uploaded_by}, #{created_at}) RETURNING " + COLUMNS);
    byId = NamedSql.of(dialect, "SELECT " + COLUMNS + " FROM attachments WHERE id = #{id}");
    deleteById = NamedSql.of(dialect, "DELETE FROM attachments WHERE id = #{id}");
    deleteOfRecord = NamedSql.of(dialect,
        "DELETE FROM attachments WHERE resource = #{resource} AND record_id = #{record_id} RETURNING storage_name");
    resources = NamedSql.of(dialect, "SELECT DISTINCT resource FROM attachments");
  }

  /**
   * A list's statements and their parameters.
   *
   * @param count the number of matching rows, as {@code count}
   * @param page  one page of them, by {@code id}
   */
  record ListStatements(NamedSql count, NamedSql page, Map<String, Object> params) {}

  /**
   * The attachments of {@code visible} resources (null: every resource; empty: none), of record
   * {@code recordId} when not null, {@code limit} of them from {@code offset}.
   */
  ListStatements list(Set<String> visible, Long recordId, int limit, long offset) {
    List<String> conditions = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    if (visible != null && visible.isEmpty()) {
      conditions.add("1 = 0");
    } else if (visible != null) {
      List<String> names = new ArrayList<>();
      for (String resource : visible) {
        String name = "r" + names.size();
        names.add("#{" + name + "}");
        params.put(name, resource);
      }
      conditions.add("resource IN (" + String.join(", ", names) + ")");
    }
    if (recordId != null) {
      conditions.add("record_id = #{record_id}");
      params.put("record_id", recordId);
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    params.put("limit", limit);
    params.put("offset", offset);
    return new ListStatements(NamedSql.of(dialect, "SELECT COUNT(*) AS count FROM attachments" + where),
        NamedSql.of(dialect, "SELECT " + COLUMNS + " FROM attachments" + where + " ORDER BY id LIMIT #{limit} OFFSET #{offset}"), params);
  }
}
