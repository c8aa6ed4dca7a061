package dev.orderly.core.db;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The two SQL dialects. SQL is written once; what differs is the placeholder, a few keywords, and how
 * Java values are bound: SQLite keeps timestamps and dates as ISO text (fixed width, so text order is
 * time order), booleans as 0/1 and decimals as numbers.
 */
public enum Dialect {
  POSTGRESQL, SQLITE;

  /** Timestamps are kept to the second: what a client reads is exactly what a filter compares. */
  private static final DateTimeFormatter SQLITE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  public String folder() {
    return this == POSTGRESQL ? "postgresql" : "sqlite";
  }

  public String placeholder(int index) {
    return this == POSTGRESQL ? "$" + index : "?";
  }

  /** Case-insensitive LIKE: ILIKE on PostgreSQL; SQLite's LIKE already ignores ASCII case. */
  public String likeOperator() {
    return this == POSTGRESQL ? "ILIKE" : "LIKE";
  }

  /** Row lock for read-modify-write; SQLite has one writer, so nothing is needed there. */
  public String forUpdate() {
    return this == POSTGRESQL ? " FOR UPDATE" : "";
  }

  /** Converts a canonical Java value (String, Long, BigDecimal, Boolean, LocalDate, Instant) for binding. */
  public Object bind(Object value) {
    if (value == null) return null;
    if (this == POSTGRESQL) {
      if (value instanceof Instant i) return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
      return value;
    }
    if (value instanceof Instant i) return SQLITE_TIMESTAMP.format(i);
    if (value instanceof LocalDate d) return d.toString();
    if (value instanceof Boolean b) return b ? 1 : 0;
    if (value instanceof BigDecimal d) return d.doubleValue();
    return value;
  }

  /** Now, truncated the way timestamps are stored. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }
}
