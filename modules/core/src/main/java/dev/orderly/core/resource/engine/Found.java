package dev.orderly.core.resource.engine;

import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** A record as read, with its child rows (empty for a resource without children). */
record Found(Map<String, Object> record, List<Map<String, Object>> children) {
  long id() {
    return (Long) record.get("id");
  }

  Long version() {
    return (Long) record.get("version");
  }

  /** The record's JSON with every readable field, or only {@code fields} when given. */
  JsonObject render(ResourceDef def, List<String> fields) {
    return Records.render(def, record, children, fields);
  }
}
