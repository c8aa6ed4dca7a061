package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.ChildDef;
import dev.orderly.core.resource.model.Field;
import io.vertx.core.json.JsonObject;

/**
 * Rows of a child table ({@link Field#childDef()}). Not a value of its own: the validator parses each
 * row with the child fields, and the engine reads and writes them in the child table. What the codec
 * gives is the schema: an array of objects with the child fields' schemas.
 */
public final class ChildrenCodec implements FieldCodec {
  public static final ChildrenCodec INSTANCE = new ChildrenCodec();

  private ChildrenCodec() {}

  @Override
  public Object parse(Field field, Object raw) {
    throw new IllegalStateException("children are parsed by their ChildDef");
  }

  @Override
  public Object read(Field field, Object column) {
    throw new IllegalStateException(field.type() + " is not a column");
  }

  @Override
  public String schemaType() {
    return "array";
  }

  @Override
  public JsonObject schema(Field field) {
    ChildDef c = field.childDef();
    JsonObject properties = new JsonObject();
    c.fields().values().forEach(cf -> properties.put(cf.name(), cf.codec().schema(cf)));
    return new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "object").put("properties", properties));
  }
}
