package dev.orderly.core.db;

import dev.orderly.core.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One {@link Pool} per node and service, PostgreSQL when {@code POSTGRES_DB} is set, else SQLite (one
 * connection for the whole node, whatever the service).
 * Pools are shared by name, so every verticle instance of a service uses the same connections.
 * The wait queue is bounded and acquiring a connection times out, so a saturated or absent database
 * answers 503 quickly; dead connections are dropped and new ones opened when the database returns.
 */
public final class Database {
  /** SQLite has one writer; one connection keeps transactions from ever meeting SQLITE_BUSY. */
  static final int SQLITE_POOL_SIZE = 1;
  static final int SQLITE_BUSY_TIMEOUT_MS = 5000;
  static final String SQLITE_POOL = "orderly-sqlite";
  /** How many times {@link #transaction} runs a transaction again after a serialization failure or deadlock. */
  public static final int CONFLICT_RETRIES = 3;

  private Database() {}

  public static Dialect dialect(Settings settings) {
    return settings.usesPostgres() ? Dialect.POSTGRESQL : Dialect.SQLITE;
  }

  public static Pool pool(Vertx vertx, Settings settings, String name) {
    if (settings.usesPostgres()) {
      return PgBuilder.pool().with(poolOptions(settings, name).setMaxSize(settings.dbPoolSize()))
          .with(new NetClientOptions().setConnectTimeout(settings.dbConnectTimeoutMs()))
          .connectingTo(pgConnectOptions(settings)).using(vertx).build();
    }
    // every service of the node shares the one SQLite connection: two writers on one file would fail each
    // other's transactions; transactions on it go through transaction(), never the JDBC client's own
    return JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(sqliteUrl(settings)),
        poolOptions(settings, name).setName(SQLITE_POOL).setMaxSize(SQLITE_POOL_SIZE));
  }

  /**
   * Runs {@code work} in one transaction on a connection of {@code pool}, committed when its future
   * succeeds, rolled back when it fails. A transaction that PostgreSQL fails with a serialization failure
   * ({@code 40001}) or as a deadlock's victim ({@code 40P01}) is run again from the start, up to
   * {@value #CONFLICT_RETRIES} times; after that its failure is a 503 ({@link DatabaseFailures}). So
   * {@code work} must be safe to run again: everything it writes goes through {@code conn}, and it derives
   * what it writes from its inputs without changing them. Work that cannot run twice (an import that reads
   * its stream once) uses {@link #transactionOnce}.
   */
  public static <T> Future<T> transaction(Pool pool, Dialect dialect, Function<SqlConnection, Future<T>> work) {
    return retried(() -> transactionOnce(pool, dialect, work));
  }

  /**
   * As {@link #transaction}, run once: a conflict fails it at once. On SQLite the transaction is {@code BEGIN
   * IMMEDIATE} ... {@code COMMIT} sent as statements: it takes the write lock at once (so it never fails
   * half-way with SQLITE_BUSY_SNAPSHOT), and the connection stays in auto-commit, whereas the JDBC client's own
   * transactions leave it with auto-commit off, so that the next single statement would open a transaction
   * that nothing commits: it would hold the write lock against every other process and read a stale snapshot.
   */
  public static <T> Future<T> transactionOnce(Pool pool, Dialect dialect, Function<SqlConnection, Future<T>> work) {
    if (dialect == Dialect.POSTGRESQL) return pool.withTransaction(conn -> started(work, conn));
    return pool.withConnection(conn -> conn.query("BEGIN IMMEDIATE").execute()
        .compose(begun -> started(work, conn))
        .compose(result -> conn.query("COMMIT").execute().map(result),
            failure -> conn.query("ROLLBACK").execute().<T>transform(rolledBack -> Future.failedFuture(failure))));
  }

  /**
   * Runs {@code attempt} (one statement in auto-commit, or one whole transaction) again while it fails with
   * a conflict ({@link DatabaseFailures#conflict}), up to {@value #CONFLICT_RETRIES} times. The retry is
   * immediate: PostgreSQL settled the conflict by failing this attempt, and the winner's locks make the new
   * attempt wait on the server until it commits, not spin.
   */
  public static <T> Future<T> retried(Supplier<Future<T>> attempt) {
    return retried(attempt, CONFLICT_RETRIES);
  }

  private static <T> Future<T> retried(Supplier<Future<T>> attempt, int retriesLeft) {
    Future<T> tried;
    try {
      tried = attempt.get();
    } catch (RuntimeException e) {
      tried = Future.failedFuture(e);
    }
    if (retriesLeft == 0) return tried;
    return tried.recover(e -> DatabaseFailures.conflict(e) ? retried(attempt, retriesLeft - 1) : Future.failedFuture(e));
  }

  /** The future of {@code work} on {@code conn}; a work that throws fails it, so the transaction is rolled back. */
  private static <T> Future<T> started(Function<SqlConnection, Future<T>> work, SqlConnection conn) {
    try {
      return work.apply(conn);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * A client for single statements outside transactions (reads). On PostgreSQL it pipelines several
   * statements per connection, which a transaction's pool cannot; on SQLite it is the pool itself.
   */
  public static SqlClient readClient(Vertx vertx, Settings settings, String name, Pool pool) {
    if (!settings.usesPostgres()) return pool;
    return PgBuilder.client().with(poolOptions(settings, name + "-reads").setMaxSize(settings.dbPoolSize()))
        .with(new NetClientOptions().setConnectTimeout(settings.dbConnectTimeoutMs()))
        .connectingTo(pgConnectOptions(settings)).using(vertx).build();
  }

  private static PoolOptions poolOptions(Settings settings, String name) {
    return new PoolOptions()
        .setShared(true)
        .setName("orderly-" + name)
        .setMaxWaitQueueSize(settings.dbPoolQueue())
        .setConnectionTimeout(settings.dbAcquireTimeoutMs())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(5)
        .setIdleTimeoutUnit(TimeUnit.MINUTES);
  }

  private static PgConnectOptions pgConnectOptions(Settings settings) {
    Settings.Postgres pg = settings.postgres();
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(pg.host()).setPort(pg.port()).setDatabase(pg.database())
        .setUser(pg.user()).setPassword(pg.password())
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        .setPipeliningLimit(256)
        .setReconnectAttempts(0);
    if (!pg.schema().isEmpty()) connect.setProperties(Map.of("search_path", pg.schema()));
    return connect;
  }

  /** JDBC URL with the pragmas every SQLite connection needs: WAL, a busy timeout, foreign keys on. */
  public static String sqliteUrl(Settings settings) {
    try {
      Files.createDirectories(settings.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("DATA_DIR: cannot create " + settings.dataDir().toAbsolutePath(), e);
    }
    return "jdbc:sqlite:" + settings.sqliteFile().toAbsolutePath()
        + "?journal_mode=WAL&busy_timeout=" + SQLITE_BUSY_TIMEOUT_MS + "&foreign_keys=true&synchronous=NORMAL";
  }

  /** JDBC URL for Flyway on PostgreSQL. */
  public static String postgresUrl(Settings.Postgres pg) {
    return "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + pg.database()
        + (pg.schema().isEmpty() ? "" : "?currentSchema=" + pg.schema());
  }
}
