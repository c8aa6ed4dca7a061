package dev.orderly.core.resource.engine;

import dev.orderly.core.resource.model.ChildDef;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.RecordValues;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Writes a record's row, its child rows and its links, inside the write's transaction. */
final class RecordWriter {
  private static final Set<String> BOOKKEEPING = Set.of("id", "version", "created_at", "updated_at");

  private final ResourceCatalog catalog;
  private final RecordReader reader;

  RecordWriter(ResourceCatalog catalog, RecordReader reader) {
    this.catalog = catalog;
    this.reader = reader;
  }

  /** Inserts the record, its children and its links; returns its row as written (the new id is also put into the values). */
  Future<Map<String, Object>> insert(WriteContext w) {
    return catalog.sql(w.def()).insert.execute(w.connection(), w.values().asMap()).compose(rows -> {
      Map<String, Object> row = Records.read(w.def(), rows.iterator().next());
      long id = (Long) row.get("id");
      w.values().put("id", id);
      Set<String> names = new HashSet<>();
      for (Field f : w.def().namesFields()) if (w.values().get(f.name()) != null) names.add(f.name());
      return writeChildren(w, id, List.of()).compose(v -> writeNames(w, id, names)).map(row);
    });
  }

  /**
   * Writes the changed columns (bumping the version, guarded by the version read), children and links, and
   * returns the row as written; null when nothing changed: then nothing is written, the version stays and no
   * audit row follows.
   */
  Future<Map<String, Object>> update(WriteContext w, Found existing) {
    List<String> changed = new ArrayList<>();
    for (Field f : w.def().columns()) {
      if (!BOOKKEEPING.contains(f.name()) && !Objects.equals(existing.record().get(f.name()), w.values().get(f.name()))) {
        changed.add(f.name());
      }
    }
    boolean childrenChanged = w.children() != null && childrenDiffer(w.def(), existing.children(), maps(w.children()));
    Set<String> namesChanged = new HashSet<>();
    for (Field f : w.def().namesFields()) {
      Object now = w.values().get(f.name());
      if (now != null && !Objects.equals(existing.record().get(f.name()), now)) namesChanged.add(f.name());
    }
    if (changed.isEmpty() && !childrenChanged && namesChanged.isEmpty()) return Future.succeededFuture(null);
    long id = existing.id();
    Map<String, Object> params = new HashMap<>();
    for (String n : changed) params.put(n, w.values().get(n));
    params.put("updated_at", w.now());
    params.put("id", id);
    params.put("version", existing.version());
    return catalog.sql(w.def()).update(changed).execute(w.connection(), params)
        .compose(rs -> rs.size() == 0 ? Future.failedFuture(IfMatch.failed()) : Future.succeededFuture(Records.read(w.def(), rs.iterator().next())))
        .compose(row -> (childrenChanged ? writeChildren(w, id, existing.children()) : Future.<Void>succeededFuture())
            .compose(v -> writeNames(w, id, namesChanged))
            .map(row));
  }

  private static boolean childrenDiffer(ResourceDef def, List<Map<String, Object>> before, List<Map<String, Object>> after) {
    ChildDef c = def.childrenField().childDef();
    return !Records.renderChildren(c, before).equals(Records.renderChildren(c, after));
  }

  /** Replaces the child set: rows with an id are updated, rows without are inserted, missing ones deleted. */
  private Future<Void> writeChildren(WriteContext w, long parentId, List<Map<String, Object>> existing) {
    Field field = w.def().childrenField();
    if (field == null || w.children() == null) return Future.succeededFuture();
    ResourceSql s = catalog.sql(w.def());
    ChildDef c = field.childDef();
    Set<Object> kept = new HashSet<>();
    for (RecordValues row : w.children()) if (row.id() != null) kept.add(row.id());
    Future<Void> chain = Future.succeededFuture();
    for (Map<String, Object> old : existing) {
      if (!kept.contains(old.get("id"))) {
        chain = chain.compose(v -> s.deleteChild.execute(w.connection(), Map.of("id", old.get("id"), "parent", parentId)).mapEmpty());
      }
    }
    for (RecordValues row : w.children()) {
      Map<String, Object> params = new HashMap<>();
      for (String n : c.fields().keySet()) params.put(n, row.get(n));
      params.put("parent", parentId);
      chain = chain.compose(v -> (row.id() == null ? s.insertChild : s.updateChild).execute(w.connection(), params).mapEmpty());
    }
    return chain;
  }

  /** Replaces the links of every linked-name field in {@code only}. */
  @SuppressWarnings("unchecked")
  private Future<Void> writeNames(WriteContext w, long id, Set<String> only) {
    Future<Void> chain = Future.succeededFuture();
    ResourceSql s = catalog.sql(w.def());
    for (Field f : w.def().namesFields()) {
      if (!only.contains(f.name())) continue;
      List<String> names = (List<String>) w.values().get(f.name());
      chain = chain.compose(v -> s.deleteLinks(f).execute(w.connection(), Map.of("owner", id)))
          .compose(v -> reader.resolve(w.connection(), w.def(), f, names))
          .compose(ids -> {
            Future<Void> inserts = Future.succeededFuture();
            for (String name : names) {
              inserts = inserts.compose(x -> s.insertLink(f).execute(w.connection(), Map.of("owner", id, "target", ids.get(name))).mapEmpty());
            }
            return inserts;
          });
    }
    return chain;
  }

  static List<Map<String, Object>> maps(List<RecordValues> rows) {
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (RecordValues row : rows) out.add(row.asMap());
    return out;
  }
}
