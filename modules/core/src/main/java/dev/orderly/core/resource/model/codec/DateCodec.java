package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Calendar dates as {@code LocalDate}, written and rendered as {@code YYYY-MM-DD}. */
public final class DateCodec extends IsoTextCodec {
  public static final DateCodec INSTANCE = new DateCodec();

  private DateCodec() {
    super("date");
  }

  @Override
  public Object parse(Field field, Object raw) throws FieldError {
    if (raw instanceof String s && s.trim().matches("\\d{4}-\\d{2}-\\d{2}")) {
      try {
        return LocalDate.parse(s.trim());
      } catch (DateTimeParseException e) {
        // falls through to the message
      }
    }
    throw new FieldError("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
  }

  @Override
  public Object parseFilter(Field field, String text) throws FieldError {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new FieldError("Enter a valid date.");
    }
  }

  /** SQLite keeps dates as ISO text. */
  @Override
  public Object read(Field field, Object column) {
    return column instanceof LocalDate d ? d : LocalDate.parse(column.toString());
  }
}
