package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.resource.model.ResourceDef;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The definitions an engine serves, by URL name, each with its SQL rendered once for the dialect. */
final class ResourceCatalog {
  private final Map<String, ResourceDef> definitions = new LinkedHashMap<>();
  private final Map<String, ResourceSql> statements = new HashMap<>();

  ResourceCatalog(Dialect dialect, List<ResourceDef> defs) {
    for (ResourceDef def : defs) {
      definitions.put(def.name(), def);
      statements.put(def.name(), new ResourceSql(def, dialect));
    }
  }

  /** The definition of {@code resource}; an unknown resource is simply not found. */
  ResourceDef def(String resource) {
    ResourceDef def = definitions.get(resource == null ? "" : resource);
    if (def == null) throw ServiceError.notFound();
    return def;
  }

  ResourceSql sql(ResourceDef def) {
    return statements.get(def.name());
  }

  /** The URL name of the resource whose table is {@code table} (API.md's naming rule when none is defined here). */
  String nameOfTable(String table) {
    for (ResourceDef def : definitions.values()) if (def.table().equals(table)) return def.name();
    return table.replace('_', '-');
  }

  /** Whether a resource here has the table {@code table}. */
  boolean hasTable(String table) {
    for (ResourceDef def : definitions.values()) if (def.table().equals(table)) return true;
    return false;
  }

  Map<String, ResourceDef> all() {
    return Collections.unmodifiableMap(definitions);
  }
}
