package dev.orderly.core.db;

import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unique or foreign-key violation, recognised from either driver's error: PostgreSQL's SQLSTATE
 * and detail ("Key (code)=(X) already exists."), or SQLite's message ("UNIQUE constraint failed: t.code").
 *
 * @param column the column named by the database, or null when it does not say (SQLite foreign keys)
 */
public record ConstraintViolation(Kind kind, String column) {
  public enum Kind { UNIQUE, FOREIGN_KEY }

  private static final Pattern PG_KEY = Pattern.compile("Key \\(\"?([A-Za-z0-9_]+)\"?\\)=");
  private static final Pattern SQLITE_UNIQUE = Pattern.compile("UNIQUE constraint failed: [A-Za-z0-9_]+\\.([A-Za-z0-9_]+)");

  public static Optional<ConstraintViolation> of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DatabaseException db && db.getSqlState() != null) {
        String state = db.getSqlState();
        if (!state.equals("23505") && !state.equals("23503")) return Optional.empty();
        String detail = t instanceof io.vertx.pgclient.PgException pg ? pg.getDetail() : null;
        Matcher m = PG_KEY.matcher(detail == null ? "" : detail);
        return Optional.of(new ConstraintViolation(state.equals("23505") ? Kind.UNIQUE : Kind.FOREIGN_KEY, m.find() ? m.group(1) : null));
      }
      if (t instanceof SQLException sql) {
        String message = String.valueOf(sql.getMessage());
        if (message.contains("FOREIGN KEY constraint failed")) return Optional.of(new ConstraintViolation(Kind.FOREIGN_KEY, null));
        Matcher m = SQLITE_UNIQUE.matcher(message);
        if (m.find()) return Optional.of(new ConstraintViolation(Kind.UNIQUE, m.group(1)));
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
