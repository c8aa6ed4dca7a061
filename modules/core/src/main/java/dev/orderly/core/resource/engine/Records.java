package dev.orderly.core.resource.engine;

import dev.orderly.core.resource.model.ChildDef;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldType;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Rows to canonical records and records to their JSON representation, driven by the definition. */
public final class Records {
  private Records() {}

  public static Map<String, Object> read(ResourceDef def, Row row) {
    Map<String, Object> record = new LinkedHashMap<>();
    for (Field f : def.columns()) record.put(f.name(), f.read(row));
    return record;
  }

  /** A child row, with its parent id under the child definition's parent column. */
  public static Map<String, Object> readChild(ChildDef def, Row row) {
    Map<String, Object> child = new LinkedHashMap<>();
    for (Field f : def.fields().values()) child.put(f.name(), f.read(row));
    child.put(def.parentColumn(), row.getLong(def.parentColumn()));
    return child;
  }

  /**
   * @param children the record's child rows (ignored when the resource has none)
   * @param only fields to render, empty for all, in the order asked
   */
  public static JsonObject render(ResourceDef def, Map<String, Object> record, List<Map<String, Object>> children, List<String> only) {
    JsonObject json = new JsonObject();
    Iterable<String> names = only.isEmpty() ? def.fields().keySet() : only;
    for (String name : names) {
      Field f = def.field(name);
      if (!f.isReadable()) continue;
      if (f.type() == FieldType.NAMES) {
        Object value = record.get(name);
        json.put(name, f.render(value == null ? List.of() : value));
      } else if (f.type() == FieldType.CHILDREN) {
        json.put(name, renderChildren(f.childDef(), children));
      } else {
        json.put(name, f.render(record.get(name)));
      }
    }
    return json;
  }

  public static JsonArray renderChildren(ChildDef def, List<Map<String, Object>> children) {
    JsonArray out = new JsonArray();
    if (children == null) return out;
    for (Map<String, Object> child : children) {
      JsonObject c = new JsonObject();
      for (Field f : def.fields().values()) c.put(f.name(), f.render(child.get(f.name())));
      out.add(c);
    }
    return out;
  }

  /** {@code {field: [old, new]}} for every field that differs, rendered; children compared as a whole. */
  public static JsonObject changes(ResourceDef def, Map<String, Object> before, List<Map<String, Object>> beforeChildren,
                                   Map<String, Object> after, List<Map<String, Object>> afterChildren) {
    JsonObject changes = new JsonObject();
    for (Field f : def.fields().values()) {
      String n = f.name();
      if (n.equals("version") || n.equals("updated_at") || n.equals("created_at") || n.equals("id") || !f.isReadable()) continue;
      if (f.type() == FieldType.CHILDREN) {
        JsonArray old = before == null ? null : renderChildren(f.childDef(), beforeChildren);
        JsonArray now = after == null ? null : renderChildren(f.childDef(), afterChildren);
        if (!Objects.equals(old, now)) changes.put(n, new JsonArray().add(old).add(now));
        continue;
      }
      Object old = before == null ? null : before.get(n);
      Object now = after == null ? null : after.get(n);
      if (!Objects.equals(old, now) && !(before == null && now == null) && !(after == null && old == null)) {
        changes.put(n, new JsonArray().add(f.render(old)).add(f.render(now)));
      }
    }
    return changes;
  }

  static List<Map<String, Object>> childrenOf(List<Map<String, Object>> all, String parentColumn, Object parentId) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> c : all) if (Objects.equals(c.get(parentColumn), parentId)) out.add(c);
    return out;
  }
}
