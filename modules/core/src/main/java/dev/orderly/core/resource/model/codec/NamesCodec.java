package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import dev.orderly.core.resource.model.LinkDef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Names of rows of another table ({@link Field#link()}): a JSON list of non-blank strings, kept as a
 * sorted list without duplicates. Not a column: the engine reads and writes them through the link table.
 */
public final class NamesCodec implements FieldCodec {
  public static final NamesCodec INSTANCE = new NamesCodec();

  private NamesCodec() {}

  @Override
  public Object parse(Field field, Object raw) throws FieldError {
    if (!(raw instanceof JsonArray items)) {
      throw new FieldError("Expected a list of items but got type \"" + JsonTypes.pythonName(raw) + "\".");
    }
    TreeSet<String> names = new TreeSet<>();
    for (Object item : items) {
      if (!(item instanceof String s) || s.isBlank()) throw new FieldError("Invalid value.");
      // a name no database stores names nothing: PostgreSQL would refuse the lookup itself
      names.add(Text.check(s.trim()));
    }
    return List.copyOf(names);
  }

  @Override
  public Object read(Field field, Object column) {
    throw new IllegalStateException(field.type() + " is not a column");
  }

  @Override
  public Object render(Object value) {
    return new JsonArray(new ArrayList<Object>((List<?>) value));
  }

  @Override
  public String schemaType() {
    return "array";
  }

  /** A set of names: {@code {"type": "array", "items": {"type": "string"}, "uniqueItems": true}}, saying whose names. */
  @Override
  public void describe(Field field, JsonObject schema) {
    LinkDef link = field.link();
    schema.put("items", new JsonObject().put("type", "string")).put("uniqueItems", true)
        .put("description", "The " + link.nameColumn() + " of each of the " + link.targetTable() + ", written as the whole set;"
            + " an unknown one is a 400");
  }
}
