package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.resource.model.ChildDef;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import dev.orderly.core.resource.model.FieldType;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.model.codec.JsonTypes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body to canonical values, field by field, with DRF's messages and error shape.
 * Unknown and read-only fields are ignored, as DRF does.
 */
public final class Validator {
  /** The validated input: writable fields the client sent (plus defaults on create), and child rows if sent. */
  public record Input(Map<String, Object> values, List<Map<String, Object>> children) {}

  private Validator() {}

  /**
   * @param create whether defaults apply and required fields must be present
   * @param partial PATCH: nothing is required
   */
  public static Input validate(ResourceDef def, JsonObject data, boolean create, boolean partial) {
    JsonObject errors = new JsonObject();
    Map<String, Object> values = new LinkedHashMap<>();
    List<Map<String, Object>> children = null;
    for (Field field : def.fields().values()) {
      if (field.isReadOnly()) continue;
      boolean present = data.containsKey(field.name());
      if (field.type() == FieldType.CHILDREN) {
        if (present) {
          children = children(field, data.getValue(field.name()), errors);
        } else if (create) {
          children = new ArrayList<>();
        }
        continue;
      }
      if (present) {
        try {
          values.put(field.name(), field.parse(data.getValue(field.name())));
        } catch (FieldError e) {
          errors.put(field.name(), new JsonArray().add(e.getMessage()));
        }
      } else if (field.isRequired() && !partial) {
        errors.put(field.name(), new JsonArray().add("This field is required."));
      } else if (create && field.hasDefault()) {
        values.put(field.name(), field.defaultValue());
      }
    }
    if (!errors.isEmpty()) throw ServiceError.validation(errors);
    return new Input(values, children);
  }

  private static List<Map<String, Object>> children(Field field, Object raw, JsonObject errors) {
    if (!(raw instanceof JsonArray items)) {
      errors.put(field.name(), new JsonArray().add("Expected a list of items but got type \"" + JsonTypes.pythonName(raw) + "\"."));
      return null;
    }
    ChildDef def = field.childDef();
    List<Map<String, Object>> rows = new ArrayList<>();
    JsonArray itemErrors = new JsonArray();
    boolean failed = false;
    for (Object item : items) {
      JsonObject itemError = new JsonObject();
      Map<String, Object> row = new LinkedHashMap<>();
      if (!(item instanceof JsonObject obj)) {
        String type = JsonTypes.pythonName(item);
        itemError.put("non_field_errors", new JsonArray().add("Invalid data. Expected a dictionary, but got " + type + "."));
      } else {
        if (obj.getValue("id") != null) {
          try {
            row.put("id", Field.reference("id", def.table()).parse(obj.getValue("id")));
          } catch (FieldError e) {
            itemError.put("id", new JsonArray().add(e.getMessage()));
          }
        }
        for (Field f : def.fields().values()) {
          if (f.isReadOnly()) continue;
          if (obj.containsKey(f.name())) {
            try {
              row.put(f.name(), f.parse(obj.getValue(f.name())));
            } catch (FieldError e) {
              itemError.put(f.name(), new JsonArray().add(e.getMessage()));
            }
          } else if (f.isRequired()) {
            itemError.put(f.name(), new JsonArray().add("This field is required."));
          }
        }
      }
      failed |= !itemError.isEmpty();
      itemErrors.add(itemError);
      rows.add(row);
    }
    if (failed) errors.put(field.name(), itemErrors);
    return rows;
  }
}
