package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import io.vertx.core.json.JsonObject;

/** Dates and timestamps: ISO-8601 text in JSON, with their OpenAPI string format. */
abstract sealed class IsoTextCodec implements FieldCodec permits DateCodec, TimestampCodec {
  private final String format;

  IsoTextCodec(String format) {
    this.format = format;
  }

  @Override
  public final Object render(Object value) {
    return value.toString();
  }

  @Override
  public final String schemaType() {
    return "string";
  }

  @Override
  public final void describe(Field field, JsonObject schema) {
    schema.put("format", format);
  }
}
