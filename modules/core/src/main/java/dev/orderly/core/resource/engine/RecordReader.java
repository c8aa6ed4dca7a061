package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.resource.model.ChildDef;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads records with their child rows and linked names, on any client (a pool, or a transaction's connection). */
final class RecordReader {
  private final ResourceCatalog catalog;

  RecordReader(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  /** The record {@code id} with its children and names; 404 when there is none. {@code forUpdate} locks its row. */
  Future<Found> load(SqlClient client, ResourceDef def, long id, boolean forUpdate) {
    ResourceSql s = catalog.sql(def);
    return (forUpdate ? s.selectByIdForUpdate : s.selectById).execute(client, Map.of("id", id)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(ServiceError.notFound());
      Map<String, Object> record = Records.read(def, rows.iterator().next());
      return namesOf(client, def, List.of(record), List.of()).compose(v -> childrenOfOne(client, def, id, record));
    });
  }

  /**
   * The record a write just returned, with its children and names: read again only when the resource has
   * any (a plain resource's returned row is the whole record).
   */
  Future<Found> complete(SqlClient client, ResourceDef def, Map<String, Object> written) {
    if (def.childrenField() == null && def.namesFields().isEmpty()) return Future.succeededFuture(new Found(written, List.of()));
    return load(client, def, (Long) written.get("id"), false);
  }

  private Future<Found> childrenOfOne(SqlClient client, ResourceDef def, long id, Map<String, Object> record) {
    if (def.childrenField() == null) return Future.succeededFuture(new Found(record, List.of()));
    ChildDef c = def.childrenField().childDef();
    return catalog.sql(def).selectChildren.execute(client, Map.of("parent", id)).map(childRows -> {
      List<Map<String, Object>> children = new ArrayList<>();
      for (Row row : childRows) children.add(Records.readChild(c, row));
      return new Found(record, children);
    });
  }

  /** Fills each record's linked-name fields (those asked for; all when {@code fields} is empty), one query per field. */
  Future<Void> namesOf(SqlClient client, ResourceDef def, List<Map<String, Object>> records, List<String> fields) {
    Future<Void> chain = Future.succeededFuture();
    if (records.isEmpty()) return chain;
    for (Field f : def.namesFields()) {
      if (!fields.isEmpty() && !fields.contains(f.name())) continue;
      Map<String, Object> params = new HashMap<>();
      Map<Object, List<String>> byOwner = new HashMap<>();
      for (int i = 0; i < records.size(); i++) {
        params.put("p" + i, records.get(i).get("id"));
        byOwner.put(records.get(i).get("id"), new ArrayList<>());
      }
      chain = chain.compose(v -> catalog.sql(def).selectNames(f, records.size()).execute(client, params).map(rows -> {
        for (Row row : rows) byOwner.get(row.getLong("owner")).add(row.getString("name"));
        for (Map<String, Object> r : records) r.put(f.name(), List.copyOf(byOwner.get(r.get("id"))));
        return null;
      }));
    }
    return chain;
  }

  /** The child rows of every record of a page (when {@code fields} asks for them), in one query. */
  Future<List<Map<String, Object>>> childrenOf(SqlClient client, ResourceDef def, List<Map<String, Object>> records,
                                               List<String> fields) {
    Field children = def.childrenField();
    if (children == null || records.isEmpty() || !(fields.isEmpty() || fields.contains(children.name()))) {
      return Future.succeededFuture(List.of());
    }
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < records.size(); i++) params.put("p" + i, records.get(i).get("id"));
    return catalog.sql(def).selectChildrenOf(records.size()).execute(client, params).map(rows -> {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Row row : rows) out.add(Records.readChild(children.childDef(), row));
      return out;
    });
  }

  /** The ids of {@code names} in the field's target table; unknown names are absent from the map. */
  Future<Map<String, Long>> resolve(SqlClient client, ResourceDef def, Field field, List<String> names) {
    if (names.isEmpty()) return Future.succeededFuture(Map.of());
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < names.size(); i++) params.put("n" + i, names.get(i));
    return catalog.sql(def).resolveNames(field, names.size()).execute(client, params).map(rows -> {
      Map<String, Long> ids = new HashMap<>();
      for (Row row : rows) ids.put(row.getString("name"), row.getLong("id"));
      return ids;
    });
  }
}
