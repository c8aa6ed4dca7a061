package dev.orderly.export;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.ExportMessages.AttachmentQuery;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.resource.engine.PageLinks;
import dev.orderly.core.resource.query.ListQuery;
import dev.orderly.core.resource.query.QueryParser;
import dev.orderly.core.security.Permissions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.util.Set;
import java.util.TreeSet;

/**
 * The list of attachments, as every list: a DRF page ({@code count, next, previous, results}) by
 * {@code page} and {@code page_size} (default 50, at most 1000, {@code page=last}), ordered by {@code id},
 * filtered by {@code resource} and {@code record_id}. Only attachments of the resources the caller may
 * {@code view} are in it: a resource filter the caller may not view gives an empty list, as a filter that
 * matches nothing. {@code format} is ignored (a DRF client's {@code ?format=json}); any other parameter is a
 * 400 naming it.
 */
final class AttachmentList {
  private static final Set<String> ACCEPTED =
      Set.of("page", "page_size", "format", AttachmentTargets.RESOURCE, AttachmentTargets.RECORD_ID);

  private final SqlClient reads;
  private final AttachmentsSql sql;

  AttachmentList(SqlClient reads, AttachmentsSql sql) {
    this.reads = reads;
    this.sql = sql;
  }

  Future<JsonObject> list(AttachmentQuery query, Caller caller) {
    JsonObject params = query.params();
    JsonObject errors = new JsonObject();
    for (String name : params.fieldNames()) {
      if (!ACCEPTED.contains(name)) errors.put(name, new JsonArray().add("Unknown filter parameter."));
    }
    Long recordId = recordId(last(params, AttachmentTargets.RECORD_ID), errors);
    if (!errors.isEmpty()) return Future.failedFuture(ServiceError.validation(errors));
    int page = page(last(params, "page"));
    int size = pageSize(last(params, "page_size"));
    Set<String> visible = visible(caller, last(params, AttachmentTargets.RESOURCE));
    Future<Long> count = count(visible, recordId);
    if (page == ListQuery.LAST_PAGE) {
      return count.compose(n -> page(visible, recordId, (int) Math.max(1, (n + size - 1) / size), size, count, query.url()));
    }
    return page(visible, recordId, page, size, count, query.url());
  }

  /**
   * The resources whose attachments the caller sees: null for all (a superuser, no filter), else those it
   * holds {@code view} on, the filter's only. A codename names the table; the URL name is the table's with
   * hyphens, and only such names are ever stored ({@link AttachmentTargets#RESOURCE_NAME}).
   */
  private static Set<String> visible(Caller caller, String filter) {
    boolean filtered = filter != null && !filter.isEmpty();
    if (filtered) return caller.has(Permissions.codename(filter, Permissions.VIEW)) ? Set.of(filter) : Set.of();
    if (caller.superuser()) return null;
    Set<String> resources = new TreeSet<>();
    String suffix = "." + Permissions.VIEW;
    for (String codename : caller.permissions()) {
      if (!codename.endsWith(suffix)) continue;
      String resource = codename.substring(0, codename.length() - suffix.length()).replace('_', '-');
      if (caller.has(Permissions.codename(resource, Permissions.VIEW))) resources.add(resource);
    }
    return resources;
  }

  private Future<Long> count(Set<String> visible, Long recordId) {
    AttachmentsSql.ListStatements st = sql.list(visible, recordId, 1, 0);
    return st.count().execute(reads, st.params()).map(rows -> rows.iterator().next().getLong("count"));
  }

  private Future<JsonObject> page(Set<String> visible, Long recordId, int page, int size, Future<Long> count, String url) {
    long offset = (long) (page - 1) * size;
    AttachmentsSql.ListStatements st = sql.list(visible, recordId, size, offset);
    Future<RowSet<Row>> rows = st.page().execute(reads, st.params());
    return Future.all(count, rows).compose(both -> {
      long total = count.result();
      if (page > 1 && offset >= total) return Future.failedFuture(QueryParser.invalidPage());
      JsonArray results = new JsonArray();
      for (Row row : rows.result()) results.add(Attachment.of(row).toJson());
      return Future.succeededFuture(new JsonObject()
          .put("count", total)
          .put("next", offset + results.size() < total ? PageLinks.withPage(url, page + 1) : null)
          .put("previous", page > 1 ? PageLinks.withPage(url, page - 1) : null)
          .put("results", results));
    });
  }

  /** The {@code record_id} filter: absent or empty is none, digits a record, anything else an error on it. */
  private static Long recordId(String value, JsonObject errors) {
    if (value == null || value.isEmpty()) return null;
    if (value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9')) return Long.parseLong(value);
    errors.put(AttachmentTargets.RECORD_ID, new JsonArray().add("Enter a number."));
    return null;
  }

  /** As every list: empty or absent is 1, {@code last} the last page, anything but a positive integer 404. */
  private static int page(String value) {
    if (value == null || value.isEmpty()) return 1;
    if (value.equals("last")) return ListQuery.LAST_PAGE;
    boolean digits = value.length() <= 9 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    if (digits && Integer.parseInt(value) >= 1) return Integer.parseInt(value);
    throw QueryParser.invalidPage();
  }

  /** DRF falls back to the default for a bad page size and clamps a large one. */
  private static int pageSize(String value) {
    if (value == null || value.isBlank() || value.strip().length() > 9 || !value.strip().chars().allMatch(c -> c >= '0' && c <= '9')) {
      return ListQuery.DEFAULT_PAGE_SIZE;
    }
    int size = Integer.parseInt(value.strip());
    return size < 1 ? ListQuery.DEFAULT_PAGE_SIZE : Math.min(size, ListQuery.MAX_PAGE_SIZE);
  }

  private static String last(JsonObject params, String name) {
    Object v = params.getValue(name);
    if (v instanceof JsonArray a) return a.isEmpty() ? null : String.valueOf(a.getValue(a.size() - 1));
    return v == null ? null : v.toString();
  }
}
