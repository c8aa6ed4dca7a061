package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import java.util.Locale;
import java.util.Set;

/** Booleans: JSON true and false, 0 and 1, and DRF's words for them in any case. */
public final class BooleanCodec implements FieldCodec {
  public static final BooleanCodec INSTANCE = new BooleanCodec();

  private static final Set<String> TRUE_WORDS = Set.of("true", "t", "yes", "y", "on", "1");
  private static final Set<String> FALSE_WORDS = Set.of("false", "f", "no", "n", "off", "0");

  private BooleanCodec() {}

  @Override
  public Object parse(Field field, Object raw) throws FieldError {
    return parse(raw, "Must be a valid boolean.");
  }

  @Override
  public Object parseFilter(Field field, String text) throws FieldError {
    return parse(text, "Select a valid choice. " + text + " is not one of the available choices.");
  }

  private static Boolean parse(Object raw, String message) throws FieldError {
    if (raw instanceof Boolean b) return b;
    if (raw instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) return n.doubleValue() == 1;
    if (raw instanceof String s) {
      String w = s.trim().toLowerCase(Locale.ROOT);
      if (TRUE_WORDS.contains(w)) return true;
      if (FALSE_WORDS.contains(w)) return false;
    }
    throw new FieldError(message);
  }

  /** SQLite keeps booleans as 0 and 1. */
  @Override
  public Object read(Field field, Object column) {
    return column instanceof Boolean b ? b : ((Number) column).intValue() != 0;
  }

  @Override
  public String schemaType() {
    return "boolean";
  }
}
