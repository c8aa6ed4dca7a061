package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonObject;

/**
 * The id of a record of {@link Field#references()}, as {@code Long}. Whether that record exists is
 * the engine's check, against the database.
 */
public final class ReferenceCodec extends WholeNumberCodec {
  public static final ReferenceCodec INSTANCE = new ReferenceCodec();

  private ReferenceCodec() {}

  @Override
  public Object parse(Field field, Object raw) throws FieldError {
    String message = "Incorrect type. Expected pk value, received " + JsonTypes.pythonName(raw) + ".";
    if (raw instanceof Boolean || !(raw instanceof Number || raw instanceof String)) throw new FieldError(message);
    return Numbers.wholeNumber(raw, message);
  }

  /** An id outside the range of the column it references is a 400 on its parameter, as for the record's own id. */
  @Override
  public Object parseFilter(Field field, String text) throws FieldError {
    return inRange((Long) super.parseFilter(field, text));
  }

  @Override
  public void describe(Field field, JsonObject schema) {
    if (field.references() != null) schema.put("description", "id of a record of " + field.references());
  }
}
