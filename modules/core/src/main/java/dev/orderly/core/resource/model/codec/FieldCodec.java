package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What one {@link dev.orderly.core.resource.model.FieldType} is at every boundary its values cross:
 * a request body value, a filter's query text and a database column each become the canonical Java
 * value ({@code String}, {@code Long}, {@code BigDecimal} at the field's scale, {@code Boolean},
 * {@code LocalDate}, {@code Instant}, or a sorted {@code List<String>} of names), which renders to
 * JSON; and the type's OpenAPI schema.
 *
 * <p>Codecs are stateless: the field passes its own rules (length, choices, bounds, precision). Null
 * never reaches a codec; {@link Field} answers it. Messages are DRF's and django-filter's, word for
 * word, because clients show them.
 */
public interface FieldCodec {
  /** A non-null request body value as the canonical value, or DRF's message for it. */
  Object parse(Field field, Object raw) throws FieldError;

  /** One filter value from a query string; by default the type cannot be filtered. */
  default Object parseFilter(Field field, String text) throws FieldError {
    throw new FieldError("This field cannot be filtered.");
  }

  /**
   * A non-null column value, as either driver returns it (PostgreSQL's native types, or SQLite's
   * text and numbers through JDBC), as the canonical value.
   */
  Object read(Field field, Object column);

  /** The JSON value of a non-null canonical value; by default the value itself. */
  default Object render(Object value) {
    return value;
  }

  /** The OpenAPI type of the values, also that of an exact filter parameter on them. */
  String schemaType();

  /** The field's OpenAPI schema: its type (with {@code "null"} if nullable), read-only or write-only, then {@link #describe}. */
  default JsonObject schema(Field field) {
    JsonObject schema = new JsonObject();
    String type = schemaType();
    schema.put("type", field.isNullable() ? new JsonArray().add(type).add("null") : type);
    if (field.isReadOnly()) schema.put("readOnly", true);
    if (field.isWriteOnly()) schema.put("writeOnly", true);
    describe(field, schema);
    return schema;
  }

  /** Adds what the type and the field's rules say about the values (format, bounds); by default nothing. */
  default void describe(Field field, JsonObject schema) {}
}
