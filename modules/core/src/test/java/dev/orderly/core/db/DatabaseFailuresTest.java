package dev.orderly.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Consumers;
import dev.orderly.core.db.DatabaseFailures.Outage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Outages are told by type and SQL state, from real exception instances; a message alone counts for nothing. */
class DatabaseFailuresTest {
  private static PgException pg(String sqlState) {
    return new PgException("server says no", "FATAL", sqlState, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"08000", "08006", "08P01", "57P01", "57P02", "57P03", "53300"})
  void postgresqlRefusingOrGoingAwayIsTheDatabase(String sqlState) {
    assertThat(DatabaseFailures.outage(pg(sqlState))).isEqualTo(Outage.DATABASE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "23503", "40002", "40P02", "42601", "57014", "53200"})
  void otherPostgresqlErrorsAreNotOutages(String sqlState) {
    assertThat(DatabaseFailures.outage(pg(sqlState))).isNull();
    assertThat(DatabaseFailures.conflict(pg(sqlState))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"40001", "40P01"})
  void serializationFailuresAndDeadlocksAreConflictsToRetryThen503(String sqlState) {
    assertThat(DatabaseFailures.conflict(pg(sqlState))).isTrue();
    assertThat(DatabaseFailures.conflict(new IllegalStateException("wrapped", pg(sqlState)))).as("as a cause").isTrue();
    assertThat(DatabaseFailures.outage(pg(sqlState))).isEqualTo(Outage.CONFLICT);
    assertThat(Consumers.toServiceError(pg(sqlState)).status()).isEqualTo(503);
    assertThat(Consumers.toServiceError(pg(sqlState)).body().getString("code")).isEqualTo("service_unavailable");
  }

  @ParameterizedTest
  @EnumSource(value = SQLiteErrorCode.class, names = {"SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_TIMEOUT", "SQLITE_LOCKED",
      "SQLITE_LOCKED_SHAREDCACHE"})
  void aBusyOrLockedSqliteIsTheDatabase(SQLiteErrorCode code) {
    assertThat(DatabaseFailures.outage(new SQLiteException("[" + code.name() + "] database is locked", code))).isEqualTo(Outage.DATABASE);
  }

  @ParameterizedTest
  @EnumSource(value = SQLiteErrorCode.class, names = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_ERROR", "SQLITE_READONLY", "UNKNOWN_ERROR"})
  void otherSqliteErrorsAreNotOutages(SQLiteErrorCode code) {
    assertThat(DatabaseFailures.outage(new SQLiteException("[" + code.name() + "] no", code))).isNull();
  }

  @Test
  void aLostSocketIsAnOutageOfWhateverItLedTo() {
    assertThat(DatabaseFailures.outage(new ConnectException("Connection refused"))).isEqualTo(Outage.CONNECTION);
    assertThat(DatabaseFailures.outage(new SocketException("Connection reset"))).isEqualTo(Outage.CONNECTION);
    assertThat(DatabaseFailures.outage(new RuntimeException(new IOException("Broken pipe")))).isEqualTo(Outage.CONNECTION);
    assertThat(DatabaseFailures.outage(new TimeoutException())).isEqualTo(Outage.CONNECTION);
    assertThat(DatabaseFailures.outage(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 2")))
        .isEqualTo(Outage.CONNECTION);
    assertThat(DatabaseFailures.outage(ClosedConnectionException.INSTANCE)).isEqualTo(Outage.DATABASE);
    assertThat(DatabaseFailures.outage(new IOException("proxy", pg("57P01")))).as("the database, when any cause says so")
        .isEqualTo(Outage.DATABASE);
  }

  @Test
  void aMessageAloneIsNotAnOutage() {
    assertThat(DatabaseFailures.outage(new RuntimeException("Connection refused"))).isNull();
    assertThat(DatabaseFailures.outage(new IllegalStateException("Timeout"))).isNull();
    assertThat(DatabaseFailures.outage(new RuntimeException("Timeout waiting for connection"))).isNull();
    assertThat(DatabaseFailures.outage(new NoSuchFileException("/data/db.sqlite3"))).as("a file error is a bug or a setup error").isNull();
    assertThat(DatabaseFailures.outage(null)).isNull();
  }

  @Test
  void aFullOrTimedOutPoolFailsWithTheTypesItIsToldBy(@TempDir Path dir) throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("db.sqlite3");
    // the first connection loads the native driver, which must not be what times out
    DriverManager.getConnection(url).close();
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(url),
          new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(1).setConnectionTimeout(500).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS));
      SqlConnection held = pool.getConnection().await();
      assertThat(DatabaseFailures.outage(failure(pool.getConnection()))).as("getConnection timed out").isEqualTo(Outage.DATABASE);
      assertThat(DatabaseFailures.outage(failure(pool.query("SELECT 1").execute()))).as("a statement timed out").isEqualTo(Outage.DATABASE);
      Future<SqlConnection> waiting = pool.getConnection();
      assertThat(DatabaseFailures.outage(failure(pool.getConnection()))).as("the wait queue is full").isEqualTo(Outage.CONNECTION);
      failure(waiting);
      held.close().await();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void theReplySaysTheDatabaseOnlyWhenItWasTheDatabase() {
    assertThat(Consumers.toServiceError(pg("57P03")).body().getString("detail")).isEqualTo("The database is unavailable, try again shortly.");
    assertThat(Consumers.toServiceError(new ConnectException("Connection refused")).body().getString("detail"))
        .isEqualTo("A service this request needs is unavailable, try again shortly.");
    assertThat(Consumers.toServiceError(new ConnectException("Connection refused")).status()).isEqualTo(503);
    assertThat(Consumers.toServiceError(new RuntimeException("Connection refused")).status()).isEqualTo(500);
  }

  /** What {@code future} failed with (a wait of our own that runs out is not taken for it). */
  private static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within 5 s", e);
    }
    throw new AssertionError("expected a failure");
  }
}
