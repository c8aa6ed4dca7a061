package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldType;
import dev.orderly.core.resource.model.ResourceDef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every id and name a write refers to must exist: DRF's "Invalid pk" on the field (or on the child row's
 * field), and "Object with name=X does not exist." for linked names; all of them reported at once. Linked
 * names are checked before a write (their ids are needed to write the links); ids are left to the foreign
 * keys, and checked here only to explain a foreign-key violation field by field ({@link #explain}), so a
 * write that refers to existing records costs no extra query.
 */
final class ReferenceCheck {
  private final ResourceCatalog catalog;
  private final RecordReader reader;

  ReferenceCheck(ResourceCatalog catalog, RecordReader reader) {
    this.catalog = catalog;
    this.reader = reader;
  }

  /** Before a write: every linked name must exist. */
  Future<Void> checkNames(SqlClient conn, ResourceDef def, Validator.Input input) {
    return check(conn, def, input, false);
  }

  /**
   * After a write failed on a foreign key: the 400 naming each id that does not exist; when all exist now
   * (the referenced record was deleted and recreated meanwhile), {@code violation} as it was.
   */
  Future<Void> explain(SqlClient client, ResourceDef def, Validator.Input input, Throwable violation) {
    return check(client, def, input, true).compose(v -> Future.failedFuture(violation));
  }

  private Future<Void> check(SqlClient conn, ResourceDef def, Validator.Input input, boolean ids) {
    JsonObject errors = new JsonObject();
    List<Future<?>> checks = new ArrayList<>();
    for (Field f : ids ? def.columns() : List.<Field>of()) {
      Object value = input.values().get(f.name());
      if (f.type() != FieldType.REFERENCE || value == null) continue;
      checks.add(exists(conn, def, f.references(), value).onSuccess(found -> {
        if (!found) errors.put(f.name(), invalidPk(value));
      }));
    }
    Field children = def.childrenField();
    JsonArray childErrors = new JsonArray();
    if (ids && children != null && input.children() != null) {
      for (Map<String, Object> row : input.children()) {
        JsonObject rowErrors = new JsonObject();
        childErrors.add(rowErrors);
        for (Field f : children.childDef().fields().values()) {
          Object value = row.get(f.name());
          if (f.type() != FieldType.REFERENCE || value == null || f.name().equals("id")) continue;
          checks.add(exists(conn, def, f.references(), value).onSuccess(found -> {
            if (!found) rowErrors.put(f.name(), invalidPk(value));
          }));
        }
      }
    }
    for (Field f : ids ? List.<Field>of() : def.namesFields()) {
      Object value = input.values().get(f.name());
      if (!(value instanceof List<?> names) || names.isEmpty()) continue;
      List<String> wanted = names.stream().map(String::valueOf).toList();
      checks.add(reader.resolve(conn, def, f, wanted).onSuccess(found -> {
        JsonArray missing = new JsonArray();
        for (String name : wanted) {
          if (!found.containsKey(name)) missing.add("Object with " + f.link().nameColumn() + "=" + name + " does not exist.");
        }
        if (!missing.isEmpty()) errors.put(f.name(), missing);
      }));
    }
    // sequential on one connection; Future.all only gathers the results
    return Future.all(checks).compose(v -> {
      if (childErrors.stream().anyMatch(e -> !((JsonObject) e).isEmpty())) errors.put(children.name(), childErrors);
      return errors.isEmpty() ? Future.succeededFuture() : Future.failedFuture(ServiceError.validation(errors));
    });
  }

  private static JsonArray invalidPk(Object value) {
    return new JsonArray().add("Invalid pk \"" + value + "\" - object does not exist.");
  }

  private Future<Boolean> exists(SqlClient conn, ResourceDef def, String table, Object id) {
    return catalog.sql(def).exists(table).execute(conn, Map.of("id", id)).map(rs -> rs.size() > 0);
  }
}
