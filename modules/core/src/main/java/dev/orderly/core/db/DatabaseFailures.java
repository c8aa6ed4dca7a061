package dev.orderly.core.db;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells an outage (a backing service out of reach or saturated, or a conflict that outlived its retries:
 * answered 503) from a bug (500), by the failure's type and SQL state, never by searching its message, and
 * says whether it was the database.
 */
public final class DatabaseFailures {
  /** What an outage took away, and the detail of its 503. */
  public enum Outage {
    /** The database: a dropped connection, its pool full of waiters or timed out, PostgreSQL refusing, SQLite busy. */
    DATABASE("The database is unavailable, try again shortly."),
    /**
     * The database, busy with concurrent changes: a transaction that still lost a serialization failure or a
     * deadlock after {@link Database#transaction}'s retries.
     */
    CONFLICT("The database is busy with concurrent changes, try again shortly."),
    /** A connection whose failure does not say to what (the database, Redis or another node). */
    CONNECTION("A service this request needs is unavailable, try again shortly.");

    private final String detail;

    Outage(String detail) {
      this.detail = detail;
    }

    public String detail() {
      return detail;
    }
  }

  /** Admin shutdown, crash shutdown, cannot connect now, too many connections (class 08, connection exceptions, too). */
  private static final Set<String> PG_UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");

  // vertx-sql-client 5.0.7 gives a timed-out pool acquisition no type of its own: SqlConnectionPool fails
  // getConnection/withTransaction with a NoStackTraceThrowable "Timeout" and a statement on the pool with
  // a plain VertxException "Timeout waiting for connection"; both are matched by exact class and text
  static final String ACQUIRE_TIMEOUT = "Timeout";
  static final String STATEMENT_ACQUIRE_TIMEOUT = "Timeout waiting for connection";

  /** Serialization failure, deadlock detected: the transaction lost to a concurrent one and may be run again. */
  private static final Set<String> PG_CONFLICT = Set.of("40001", "40P01");

  private DatabaseFailures() {}

  /** Whether {@code failure} or one of its causes is PostgreSQL's serialization failure or deadlock. */
  public static boolean conflict(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PgException pg && PG_CONFLICT.contains(pg.getSqlState())) return true;
    }
    return false;
  }

  /** The outage {@code failure} or one of its causes reports (the database if any does), or null for anything else. */
  public static Outage outage(Throwable failure) {
    Outage found = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Outage one = outageOf(t);
      if (one == Outage.DATABASE) return one;
      if (found == null) found = one;
    }
    return found;
  }

  private static Outage outageOf(Throwable t) {
    if (t instanceof PgException pg) {
      if (PG_CONFLICT.contains(pg.getSqlState())) return Outage.CONFLICT;
      return pgUnavailable(pg.getSqlState()) ? Outage.DATABASE : null;
    }
    if (t instanceof SQLiteException sqlite) return sqliteBusy(sqlite.getResultCode()) ? Outage.DATABASE : null;
    if (t instanceof ClosedConnectionException || acquireTimeout(t)) return Outage.DATABASE;
    // a socket refused, reset or closed (NIO's IOException, epoll's NativeIoException, ClosedChannelException);
    // file errors are not outages
    if (t instanceof IOException && !(t instanceof FileSystemException)) return Outage.CONNECTION;
    if (t instanceof TimeoutException || t instanceof ConnectionPoolTooBusyException) return Outage.CONNECTION;
    return null;
  }

  private static boolean pgUnavailable(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || PG_UNAVAILABLE.contains(sqlState));
  }

  /** SQLITE_BUSY and SQLITE_LOCKED, with their extended codes (the primary code is the low byte). */
  private static boolean sqliteBusy(SQLiteErrorCode code) {
    int primary = code.code & 0xFF;
    return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
  }

  private static boolean acquireTimeout(Throwable t) {
    return t.getClass() == NoStackTraceThrowable.class && ACQUIRE_TIMEOUT.equals(t.getMessage())
        || t.getClass() == VertxException.class && STATEMENT_ACQUIRE_TIMEOUT.equals(t.getMessage());
  }
}
