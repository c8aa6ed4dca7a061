package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import java.math.BigDecimal;

/** What integers, references and decimals share: whole-number parsing and the field's lower bound. */
final class Numbers {
  private Numbers() {}

  /** A JSON integer, an integral number, or up to 18 digits of text; else {@code message}. */
  static long wholeNumber(Object raw, String message) throws FieldError {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) return ((Number) raw).longValue();
    try {
      if (raw instanceof Number n) return new BigDecimal(n.toString()).longValueExact();
      if (raw instanceof String s && s.trim().matches("-?\\d{1,18}")) return Long.parseLong(s.trim());
    } catch (ArithmeticException | NumberFormatException e) {
      // falls through to the message
    }
    throw new FieldError(message);
  }

  /** {@code value}, if it respects the field's {@link Field#min()} (exclusive or not). */
  static BigDecimal checkMin(Field field, BigDecimal value) throws FieldError {
    BigDecimal min = field.min();
    if (min != null) {
      int cmp = value.compareTo(min);
      if (field.minExclusive() && cmp <= 0) throw new FieldError("Ensure this value is greater than " + min.toPlainString() + ".");
      if (!field.minExclusive() && cmp < 0) {
        throw new FieldError("Ensure this value is greater than or equal to " + min.toPlainString() + ".");
      }
    }
    return value;
  }
}
