package dev.orderly.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.test.TestServices;
import dev.orderly.core.test.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real PostgreSQL failures, raised by the server: serialization failures and deadlocks, which
 * {@link Database#transaction} runs again up to {@value Database#CONFLICT_RETRIES} times and commits once (a
 * conflict that outlives the retries is a 503, never a 500), and a backend ended by an administrator (57P01), a
 * 503 that is not retried.
 */
class DatabaseFailuresIT {
  /** A real serialization failure, raised by the server inside the transaction. */
  private static final String SERIALIZATION_FAILURE = "DO $$ BEGIN RAISE EXCEPTION 'concurrent change' USING ERRCODE = '40001'; END $$";

  @RegisterExtension
  final TestVertx node = new TestVertx();

  private String schema;
  private Pool pool;

  @BeforeEach
  void start() {
    TestServices.assumePostgres();
    schema = TestServices.newSchemaName();
    pool = Database.pool(node.vertx(), node.settings(TestServices.postgres(schema).put("DB_POOL_SIZE", "4")), "conflicts");
    pool.query("CREATE SCHEMA " + schema).execute().await();
    pool.query("CREATE TABLE notes (id serial PRIMARY KEY, note text NOT NULL)").execute().await();
    pool.query("CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)").execute().await();
    pool.query("INSERT INTO counters VALUES (1, 0), (2, 0)").execute().await();
  }

  @AfterEach
  void stop() {
    if (pool == null) return;
    pool.close().await();
    TestServices.dropSchema(schema);
  }

  @Test
  void aTransactionThatFailsToSerializeTwiceIsRunAgainAndCommittedOnce() {
    AtomicInteger attempts = new AtomicInteger();
    int committed = await(Database.transaction(pool, Dialect.POSTGRESQL, conn -> {
      int attempt = attempts.incrementAndGet();
      return conn.query("INSERT INTO notes (note) VALUES ('attempt " + attempt + "')").execute()
          .compose(v -> attempt <= 2 ? conn.query(SERIALIZATION_FAILURE).execute() : Future.succeededFuture())
          .map(attempt);
    }));
    assertThat(committed).isEqualTo(3);
    assertThat(attempts).hasValue(3);
    assertThat(notes()).as("the failed attempts were rolled back").containsExactly("attempt 3");
  }

  @Test
  void aTransactionThatFailsEveryTimeIsTriedFourTimesThenA503AndWritesNothing() {
    AtomicInteger attempts = new AtomicInteger();
    Throwable failure = failure(Database.transaction(pool, Dialect.POSTGRESQL, conn -> {
      attempts.incrementAndGet();
      return conn.query("INSERT INTO notes (note) VALUES ('lost')").execute()
          .compose(v -> conn.query(SERIALIZATION_FAILURE).execute());
    }));
    assertThat(attempts).as("the first run and 3 retries").hasValue(1 + Database.CONFLICT_RETRIES);
    assertThat(DatabaseFailures.conflict(failure)).isTrue();
    ServiceError reply = Consumers.toServiceError(failure);
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.body()).isEqualTo(new JsonObject().put("detail", DatabaseFailures.Outage.CONFLICT.detail())
        .put("code", "service_unavailable"));
    assertThat(notes()).isEmpty();
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    Throwable failure = failure(Database.transaction(pool, Dialect.POSTGRESQL, conn -> {
      attempts.incrementAndGet();
      return conn.query("INSERT INTO notes (note) VALUES (NULL)").execute();
    }));
    assertThat(attempts).hasValue(1);
    assertThat(Consumers.toServiceError(failure).status()).as("a not-null violation is a bug here, not an outage").isEqualTo(500);
  }

  @Test
  void aRealDeadlockIsResolvedWithBothTransactionsCommittedOrA503() {
    AtomicInteger attempts = new AtomicInteger();
    List<Future<Integer>> both = deadlocked(work -> Database.transaction(pool, Dialect.POSTGRESQL, work), attempts);
    int committed = 0;
    for (Future<Integer> one : both) {
      try {
        committed += await(one);
      } catch (AssertionError e) {
        throw e;
      } catch (Exception e) {
        // a victim again on each of its runs (a retry can meet the winner before it takes the row it waited for)
        assertThat(Consumers.toServiceError(e).status()).as("%s", e).isEqualTo(503);
      }
    }
    assertThat(attempts.get()).as("PostgreSQL failed one of the two, which ran again").isBetween(3, 2 * (1 + Database.CONFLICT_RETRIES));
    assertThat(committed).as("the retry resolves it (%d runs)", attempts.get()).isPositive();
    assertThat(counters()).as("each committed transaction added 1 to both rows, no half of one").containsExactly(committed, committed);
  }

  @Test
  void aDeadlockVictimRunOnceIsA503AndTheOtherCommits() {
    AtomicInteger attempts = new AtomicInteger();
    List<Future<Integer>> both = deadlocked(work -> Database.transactionOnce(pool, Dialect.POSTGRESQL, work), attempts);
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> one : both) {
      try {
        await(one);
        statuses.add(200);
      } catch (AssertionError e) {
        throw e;
      } catch (Exception e) {
        assertThat(DatabaseFailures.conflict(e)).as("the deadlock's victim: %s", e).isTrue();
        statuses.add(Consumers.toServiceError(e).status());
      }
    }
    assertThat(statuses).containsExactlyInAnyOrder(200, 503);
    assertThat(attempts).hasValue(2);
    assertThat(counters()).as("only the winner's changes").containsExactly(1, 1);
  }

  @Test
  void aTransactionWhoseBackendIsTerminatedIsA503AndIsNotRunAgain() {
    AtomicInteger attempts = new AtomicInteger();
    Throwable failure = failure(Database.transaction(pool, Dialect.POSTGRESQL, conn -> {
      attempts.incrementAndGet();
      return conn.query("SELECT pg_backend_pid() AS pid").execute()
          .compose(rows -> pool.query("SELECT pg_terminate_backend(" + rows.iterator().next().getInteger("pid") + ")").execute())
          .compose(v -> conn.query("INSERT INTO notes (note) VALUES ('after')").execute());
    }));
    assertThat(attempts).as("an outage is not a conflict").hasValue(1);
    // PostgreSQL's FATAL 57P01, or the reset socket when it closes first: an outage either way
    assertThat(DatabaseFailures.outage(failure)).as("%s", failure).isIn(DatabaseFailures.Outage.DATABASE, DatabaseFailures.Outage.CONNECTION);
    assertThat(Consumers.toServiceError(failure).status()).isEqualTo(503);
    assertThat(notes()).isEmpty();
  }

  /**
   * Two transactions that lock the two counters in opposite orders: each takes its first row, waits until the
   * other has taken its own (on their first attempt), then asks for the other's. Each adds 1 to both rows.
   */
  private List<Future<Integer>> deadlocked(Function<Function<SqlConnection, Future<Integer>>, Future<Integer>> runner,
                                           AtomicInteger attempts) {
    Promise<Void> firstHeld = Promise.promise();
    Promise<Void> secondHeld = Promise.promise();
    Future<Void> bothHeld = Future.all(firstHeld.future(), secondHeld.future()).mapEmpty();
    List<Future<Integer>> both = new ArrayList<>();
    both.add(runner.apply(conn -> crossing(conn, 1, 2, firstHeld, bothHeld, attempts)));
    both.add(runner.apply(conn -> crossing(conn, 2, 1, secondHeld, bothHeld, attempts)));
    return both;
  }

  private static Future<Integer> crossing(SqlConnection conn, int first, int second, Promise<Void> held, Future<Void> bothHeld,
                                          AtomicInteger attempts) {
    attempts.incrementAndGet();
    return conn.query("UPDATE counters SET n = n + 1 WHERE id = " + first).execute()
        .compose(v -> {
          held.tryComplete();
          return bothHeld;
        })
        .compose(v -> conn.query("UPDATE counters SET n = n + 1 WHERE id = " + second).execute())
        .map(1);
  }

  private List<String> notes() {
    List<String> out = new ArrayList<>();
    for (Row row : pool.query("SELECT note FROM notes ORDER BY id").execute().await()) out.add(row.getString("note"));
    return out;
  }

  private List<Integer> counters() {
    List<Integer> out = new ArrayList<>();
    for (Row row : pool.query("SELECT n FROM counters ORDER BY id").execute().await()) out.add(row.getInteger("n"));
    return out;
  }

  /** Waits for {@code future} (a deadlock takes PostgreSQL's deadlock_timeout, 1 s by default, to be found). */
  private static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    }
  }

  private static Throwable failure(Future<?> future) {
    try {
      await(future);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      // await() rethrows the failure as it is, checked or not (a reset socket is an IOException)
      return e;
    }
    throw new AssertionError("expected a failure, got " + future.result());
  }
}
