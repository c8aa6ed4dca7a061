package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.query.ListQuery;
import dev.orderly.core.resource.query.QueryParser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A list page of a resource: its rows, their names and children, the count, and DRF's {@code next}/{@code previous}. */
record ListPages(ResourceCatalog catalog, RecordReader reader, SqlClient reads) {
  Future<ResourceReply> list(ResourceRequest.ListPage request) {
    ResourceDef def = catalog.def(request.resource());
    ListQuery query = QueryParser.parse(def, request.params());
    Future<Long> count = count(def, query);
    if (query.page() == ListQuery.LAST_PAGE) {
      return count.compose(n -> page(def, query, (int) Math.max(1, (n + query.pageSize() - 1) / query.pageSize()), count, request.url()));
    }
    // the page and its count run side by side; a page past the end is only known once both answered
    return page(def, query, query.page(), count, request.url());
  }

  private Future<Long> count(ResourceDef def, ListQuery query) {
    ResourceSql.ListStatements st = catalog.sql(def).list(query, query.pageSize(), 0);
    return st.count().execute(reads, st.params()).map(rs -> rs.iterator().next().getLong("count"));
  }

  private Future<ResourceReply> page(ResourceDef def, ListQuery query, int page, Future<Long> count, String url) {
    long offset = (long) (page - 1) * query.pageSize();
    ResourceSql.ListStatements st = catalog.sql(def).list(query, query.pageSize(), offset);
    Future<RowSet<Row>> rows = st.page().execute(reads, st.params());
    return Future.all(count, rows)
        .compose(both -> page > 1 && offset >= count.result() ? Future.failedFuture(QueryParser.invalidPage())
            : Future.succeededFuture(readAll(def, rows.result())))
        .compose(records -> reader.namesOf(reads, def, records, query.fields())
            .compose(v -> reader.childrenOf(reads, def, records, query.fields()))
            .map(children -> render(def, records, children, query.fields())))
        .map(results -> {
          long total = count.result();
          boolean hasNext = offset + results.size() < total;
          return ResourceReply.of(new JsonObject()
              .put("count", total)
              .put("next", hasNext ? PageLinks.withPage(url, page + 1) : null)
              .put("previous", page > 1 ? PageLinks.withPage(url, page - 1) : null)
              .put("results", results));
        });
  }

  private static List<Map<String, Object>> readAll(ResourceDef def, RowSet<Row> rows) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Row row : rows) records.add(Records.read(def, row));
    return records;
  }

  private static JsonArray render(ResourceDef def, List<Map<String, Object>> records, List<Map<String, Object>> children,
                                  List<String> fields) {
    JsonArray results = new JsonArray();
    for (Map<String, Object> r : records) {
      List<Map<String, Object>> own = def.childrenField() == null ? List.of()
          : Records.childrenOf(children, def.childrenField().childDef().parentColumn(), r.get("id"));
      results.add(Records.render(def, r, own, fields));
    }
    return results;
  }

}
