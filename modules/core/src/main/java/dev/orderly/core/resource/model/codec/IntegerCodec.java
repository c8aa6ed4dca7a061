package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/** Whole numbers as {@code Long}, with the field's lower bound; integral JSON numbers and digit strings are accepted. */
public final class IntegerCodec extends WholeNumberCodec {
  public static final IntegerCodec INSTANCE = new IntegerCodec();

  private IntegerCodec() {}

  @Override
  public Object parse(Field field, Object raw) throws FieldError {
    long value = inRange(Numbers.wholeNumber(raw, "A valid integer is required."));
    return Numbers.checkMin(field, new BigDecimal(value)).longValueExact();
  }

  /** A filter value outside the column's range is a 400 on its parameter, never SQL the database refuses. */
  @Override
  public Object parseFilter(Field field, String text) throws FieldError {
    return inRange((Long) super.parseFilter(field, text));
  }

  @Override
  public void describe(Field field, JsonObject schema) {
    if (field.min() != null) schema.put(field.minExclusive() ? "exclusiveMinimum" : "minimum", field.min().longValue());
  }
}
