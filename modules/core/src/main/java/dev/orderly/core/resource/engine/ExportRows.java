package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.RowsPage;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldType;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.query.ListQuery;
import dev.orderly.core.resource.query.QueryParser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Export rows: one keyset page ({@link Keyset}) of the filtered, ordered list as a {@link RowsPage}. The
 * list parameters are parsed as the list's (an unknown filter is the same 400); paging parameters are
 * ignored. Columns are the list representation's fields (or {@code fields=}, in its order) without child
 * rows; values are rendered as the list renders them.
 */
record ExportRows(ResourceCatalog catalog, RecordReader reader, SqlClient reads, Map<String, Future<RowSet<Row>>> ahead) {
  /** The paging parameters, which a keyset page has no use for (and which the list would reject when bad). */
  private static final List<String> PAGING = List.of("page", "page_size");
  /** Exports whose next page is read ahead at once, on a node; beyond it the oldest read-ahead is dropped (and read again). */
  private static final int READ_AHEAD_EXPORTS = 16;
  private static final Duration READ_AHEAD_LIFETIME = Duration.ofSeconds(15);

  /**
   * An engine's export rows. The next page of an export is read from the database as soon as a page is
   * answered (its keyset is known then), so the database's time overlaps the page's journey and formatting;
   * the exporter's next request finds it read. An export is never more than one page ahead.
   */
  ExportRows(ResourceCatalog catalog, RecordReader reader, SqlClient reads) {
    this(catalog, reader, reads, Caffeine.newBuilder().maximumSize(READ_AHEAD_EXPORTS).expireAfterWrite(READ_AHEAD_LIFETIME)
        .<String, Future<RowSet<Row>>>build().asMap());
  }

  Future<ResourceReply> rows(ResourceRequest.Rows request) {
    ResourceDef def = catalog.def(request.resource());
    JsonObject params = request.params().copy();
    PAGING.forEach(params::remove);
    ListQuery query = QueryParser.parse(def, params);
    List<ListQuery.Order> keys = Keyset.keys(query.ordering());
    List<Object> after = request.after() == null ? null : Keyset.parse(keys, request.after());
    List<Field> columns = columns(def, query.fields());
    List<String> names = columns.stream().map(Field::name).toList();
    Future<RowSet<Row>> read = ahead.remove(readAheadKey(def, params, request.limit(), request.after()));
    if (read == null) {
      ResourceSql.RowsStatement st = catalog.sql(def).rows(query, keys, after, request.limit());
      read = st.page().execute(reads, st.params());
    }
    return read.compose(rows -> {
      List<Map<String, Object>> records = new ArrayList<>(rows.size());
      for (Row row : rows) records.add(Records.read(def, row));
      JsonArray cursor = records.size() < request.limit() ? null : Keyset.cursor(keys, records.get(records.size() - 1));
      // the next page's read starts now, so the database works while this page is rendered and travels
      if (cursor != null) {
        ResourceSql.RowsStatement next = catalog.sql(def).rows(query, keys, Keyset.parse(keys, cursor), request.limit());
        ahead.put(readAheadKey(def, params, request.limit(), cursor), next.page().execute(reads, next.params()));
      }
      boolean linked = columns.stream().anyMatch(f -> f.type() == FieldType.NAMES);
      Future<Void> filled = linked ? reader.namesOf(reads, def, records, names) : Future.succeededFuture();
      return filled.map(v -> new ResourceReply(RowsPageWriter.write(columns, records, cursor), null, null));
    });
  }

  /** The page a request asks for: resource, list parameters, size and the keyset it starts after. */
  private static String readAheadKey(ResourceDef def, JsonObject params, int limit, JsonArray after) {
    return def.name() + '|' + params.encode() + '|' + limit + '|' + (after == null ? "" : after.encode());
  }

  /** The export columns: readable fields in definition order, or those asked for in their order; never child rows. */
  static List<Field> columns(ResourceDef def, List<String> only) {
    List<Field> columns = new ArrayList<>();
    Iterable<String> names = only.isEmpty() ? def.fields().keySet() : only;
    for (String name : names) {
      Field f = def.field(name);
      if (f.isReadable() && f.type() != FieldType.CHILDREN) columns.add(f);
    }
    return columns;
  }



  static RowsPage.Kind kind(FieldType type) {
    return switch (type) {
      case STRING, TEXT -> RowsPage.Kind.STRING;
      case INTEGER, REFERENCE -> RowsPage.Kind.INTEGER;
      case DECIMAL -> RowsPage.Kind.DECIMAL;
      case BOOLEAN -> RowsPage.Kind.BOOLEAN;
      case DATE -> RowsPage.Kind.DATE;
      case TIMESTAMP -> RowsPage.Kind.TIMESTAMP;
      case NAMES -> RowsPage.Kind.NAMES;
      case CHILDREN -> throw new IllegalArgumentException("child rows are not a column");
    };
  }
}
