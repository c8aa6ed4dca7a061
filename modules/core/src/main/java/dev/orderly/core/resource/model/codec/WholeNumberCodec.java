package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;

/** Integers and references: {@code Long} values, filtered and read alike; they differ in body messages and schema. */
abstract sealed class WholeNumberCodec implements FieldCodec permits IntegerCodec, ReferenceCodec {
  /** Django's integer fields and the ids they reference: a 32-bit column. */
  static final long MIN = Integer.MIN_VALUE;
  static final long MAX = Integer.MAX_VALUE;

  @Override
  public Object parseFilter(Field field, String text) throws FieldError {
    return Numbers.wholeNumber(text, "Enter a whole number.");
  }

  static long inRange(long value) throws FieldError {
    if (value > MAX) throw new FieldError("Ensure this value is less than or equal to " + MAX + ".");
    if (value < MIN) throw new FieldError("Ensure this value is greater than or equal to " + MIN + ".");
    return value;
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
