package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;

/** Integers and references: {@code Long} values, filtered and read alike; they differ in body messages and schema. */
abstract sealed class WholeNumberCodec implements FieldCodec permits IntegerCodec, ReferenceCodec {
  @Override
  public Object parseFilter(Field field, String text) throws FieldError {
    return Numbers.wholeNumber(text, "Enter a whole number.");
  }

  /** Integer or Long, depending on the driver and the column. */
  @Override
  public final Object read(Field field, Object column) {
    return ((Number) column).longValue();
  }

  @Override
  public final String schemaType() {
    return "integer";
  }
}
