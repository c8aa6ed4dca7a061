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
    LocalDate date = raw instanceof String s ? date(s) : null;
    if (date == null) throw new FieldError("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
    return date;
  }

  @Override
  public Object parseFilter(Field field, String text) throws FieldError {
    LocalDate date = date(text);
    if (date == null) throw new FieldError("Enter a valid date.");
    return date;
  }

  /** {@code YYYY-MM-DD} from year 1 to 9999 (Python's and Django's range), or null. */
  static LocalDate date(String text) {
    String s = text.trim();
    if (!s.matches("\\d{4}-\\d{2}-\\d{2}")) return null;
    try {
      LocalDate date = LocalDate.parse(s);
      return date.getYear() >= 1 ? date : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** SQLite keeps dates as ISO text. */
  @Override
  public Object read(Field field, Object column) {
    return column instanceof LocalDate d ? d : LocalDate.parse(column.toString());
  }
}
