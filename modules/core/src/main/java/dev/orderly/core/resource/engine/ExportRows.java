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
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Export rows: one keyset page ({@link Keyset}) of the filtered, ordered list as a {@link RowsPage}. The
 * list parameters are parsed as the list's (an unknown filter is the same 400); paging parameters are
 * ignored. Columns are the list representation's fields (or {@code fields=}, in its order) without child
 * rows; values are rendered as the list renders them.
 */
record ExportRows(ResourceCatalog catalog, RecordReader reader, SqlClient reads) {
  /** The paging parameters, which a keyset page has no use for (and which the list would reject when bad). */
  private static final List<String> PAGING = List.of("page", "page_size");

  Future<ResourceReply> rows(ResourceRequest.Rows request) {
    ResourceDef def = catalog.def(request.resource());
    JsonObject params = request.params().copy();
    PAGING.forEach(params::remove);
    ListQuery query = QueryParser.parse(def, params);
    List<ListQuery.Order> keys = Keyset.keys(query.ordering());
    List<Object> after = request.after() == null ? null : Keyset.parse(keys, request.after());
    List<Field> columns = columns(def, query.fields());
    List<String> names = columns.stream().map(Field::name).toList();
    ResourceSql.RowsStatement st = catalog.sql(def).rows(query, keys, after, request.limit());
    return st.page().execute(reads, st.params()).compose(rows -> {
      List<Map<String, Object>> records = new ArrayList<>(rows.size());
      for (Row row : rows) records.add(Records.read(def, row));
      boolean linked = columns.stream().anyMatch(f -> f.type() == FieldType.NAMES);
      Future<Void> filled = linked ? reader.namesOf(reads, def, records, names) : Future.succeededFuture();
      return filled.map(v -> {
        JsonArray out = new JsonArray();
        for (Map<String, Object> r : records) out.add(row(columns, r));
        JsonArray cursor = records.size() < request.limit() ? null : Keyset.cursor(keys, records.get(records.size() - 1));
        return ResourceReply.of(new RowsPage(kinds(columns), out, cursor).toJson());
      });
    });
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

  private static JsonArray row(List<Field> columns, Map<String, Object> record) {
    JsonArray row = new JsonArray();
    for (Field f : columns) {
      Object value = record.get(f.name());
      row.add(f.type() == FieldType.NAMES ? f.render(value == null ? List.of() : value) : f.render(value));
    }
    return row;
  }

  private static List<RowsPage.Column> kinds(List<Field> columns) {
    return columns.stream().map(f -> new RowsPage.Column(f.name(), kind(f.type()))).toList();
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
