package dev.orderly.export;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;

/**
 * One row of {@code attachments}.
 *
 * @param resource    the URL name of the record's resource ({@code purchase-orders})
 * @param storageName the stored file's generated name under {@code MEDIA_ROOT/attachments}; never rendered
 * @param uploadedBy  the id of the user who uploaded it
 */
record Attachment(long id, String resource, long recordId, String filename, String contentType, long size, String sha256,
                  String storageName, long uploadedBy, Instant createdAt) {

  /** API.md's shape: {@code {id, resource, record_id, filename, content_type, size, sha256, uploaded_by, created_at}}. */
  JsonObject toJson() {
    return new JsonObject().put("id", id).put("resource", resource).put("record_id", recordId).put("filename", filename)
        .put("content_type", contentType).put("size", size).put("sha256", sha256).put("uploaded_by", uploadedBy)
        .put("created_at", createdAt.toString());
  }

  /** A row of {@link AttachmentsSql#COLUMNS}; timestamps come as {@code TIMESTAMPTZ} (PostgreSQL) or ISO text (SQLite). */
  static Attachment of(Row row) {
    return new Attachment(row.getLong("id"), row.getString("resource"), row.getLong("record_id"), row.getString("filename"),
        row.getString("content_type"), row.getLong("size"), row.getString("sha256"), row.getString("storage_name"),
        row.getLong("uploaded_by"), instant(row.getValue("created_at")));
  }

  private static Instant instant(Object column) {
    if (column instanceof OffsetDateTime t) return t.toInstant();
    if (column instanceof TemporalAccessor t) return Instant.from(t);
    return Instant.parse(String.valueOf(column));
  }
}
