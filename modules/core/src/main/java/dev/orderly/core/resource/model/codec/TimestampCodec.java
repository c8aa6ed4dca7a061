package dev.orderly.core.resource.model.codec;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldError;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Instants, rendered as ISO-8601 UTC. Written as ISO-8601: a date-time without offset is UTC, a
 * bare date is its midnight UTC.
 */
public final class TimestampCodec extends IsoTextCodec {
  public static final TimestampCodec INSTANCE = new TimestampCodec();

  private TimestampCodec() {
    super("date-time");
  }

  @Override
  public Object parse(Field field, Object raw) throws FieldError {
    return parse(raw.toString(), "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm:ssZ.");
  }

  @Override
  public Object parseFilter(Field field, String text) throws FieldError {
    return parse(text, "Enter a valid date/time.");
  }

  private static Instant parse(String text, String message) throws FieldError {
    String s = text.trim();
    // years 1 to 9999 only, as four digits (java.time takes signed and longer years no database stores)
    if (!s.matches("\\d{4}-.*") || s.startsWith("0000")) throw new FieldError(message);
    try {
      if (s.matches("\\d{4}-\\d{2}-\\d{2}")) return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
      if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:\\d{2}$")) return checkYear(OffsetDateTime.parse(s).toInstant(), message);
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new FieldError(message);
    }
  }

  /** An offset can move a year-1 or year-9999 time out of range once in UTC. */
  private static Instant checkYear(Instant at, String message) throws FieldError {
    int year = at.atZone(ZoneOffset.UTC).getYear();
    if (year < 1 || year > 9999) throw new FieldError(message);
    return at;
  }

  /** PostgreSQL's driver answers OffsetDateTime (timestamptz) or LocalDateTime; SQLite ISO text. */
  @Override
  public Object read(Field field, Object column) {
    if (column instanceof OffsetDateTime o) return o.toInstant();
    if (column instanceof LocalDateTime l) return l.toInstant(ZoneOffset.UTC);
    return Instant.parse(column.toString());
  }
}
