package dev.orderly.core.resource.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of a child table that belong to one parent record and are written with it in one
 * transaction (purchase order lines). Writing the collection replaces the set: a row with an
 * {@code id} is updated, one without is created, a missing one is deleted.
 */
public final class ChildDef {
  private final String table;
  private final String parentColumn;
  private final Map<String, Field> fields = new LinkedHashMap<>();

  public ChildDef(String table, String parentColumn, List<Field> fields) {
    this.table = table;
    this.parentColumn = parentColumn;
    this.fields.put("id", Field.integer("id").readOnly());
    for (Field f : fields) this.fields.put(f.name(), f);
  }

  public String table() {
    return table;
  }

  public String parentColumn() {
    return parentColumn;
  }

  public Map<String, Field> fields() {
    return fields;
  }

  public Field field(String name) {
    return fields.get(name);
  }
}
