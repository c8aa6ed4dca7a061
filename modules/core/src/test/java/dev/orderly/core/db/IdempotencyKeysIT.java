package dev.orderly.core.db;

import static dev.orderly.core.test.Outcomes.await;
import static dev.orderly.core.test.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.IdempotencyKey;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import dev.orderly.core.test.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link IdempotencyKeys} on real SQLite and PostgreSQL, on a table of the services' shape: the write runs once per
 * key, a failed one leaves no key, expired keys are purged in batches, and on PostgreSQL a second try of a key whose
 * first try has not committed waits for it on the primary key, then replays its reply.
 */
class IdempotencyKeysIT {
  private static final String TABLE = "test_idempotency_keys";
  private static final String DDL = "CREATE TABLE " + TABLE + " (user_id BIGINT NOT NULL, idempotency_key TEXT NOT NULL,"
      + " fingerprint TEXT NOT NULL, reply_body TEXT, reply_id BIGINT, reply_version BIGINT, created_at BIGINT NOT NULL,"
      + " PRIMARY KEY (user_id, idempotency_key))";

  @RegisterExtension
  final TestVertx node = new TestVertx();

  @TempDir
  Path dir;

  private Db db;
  private JsonObject overrides;
  private Pool pool;
  private Dialect dialect;
  private IdempotencyKeys keys;

  private void open(Db on) {
    db = on;
    overrides = on.overrides(dir);
    var settings = node.settings(overrides.copy().put("DB_POOL_SIZE", "4"));
    dialect = Database.dialect(settings);
    pool = Database.pool(node.vertx(), settings, "idempotency-" + on.name().toLowerCase());
    if (settings.usesPostgres()) await(pool.query("CREATE SCHEMA " + overrides.getString("POSTGRES_SCHEMA")).execute());
    await(pool.query(DDL).execute());
    keys = new IdempotencyKeys(pool, dialect, TABLE, Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    if (pool != null) await(pool.close());
    if (db != null) db.cleanup(overrides);
  }

  private static RequestContext as(long user, String key, String fingerprintSeed) {
    String fingerprint = dev.orderly.core.security.Hashes.sha256Hex(fingerprintSeed);
    return new RequestContext("idem-it", new Caller(user, "u" + user), dev.orderly.core.bus.CallerSigning.NONE).withIdempotency(new IdempotencyKey(key, fingerprint));
  }

  private Future<ResourceReply> write(RequestContext context, AtomicInteger runs, String body) {
    return Database.transaction(pool, dialect, conn -> keys.once(conn, context, () -> {
      runs.incrementAndGet();
      return Future.succeededFuture(new ResourceReply(Buffer.buffer(body), 7L, 1L));
    }));
  }

  private long rows() {
    return await(pool.query("SELECT COUNT(*) AS n FROM " + TABLE).execute()).iterator().next().getLong("n");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void theWriteRunsOncePerUserAndKeyAndAnotherFingerprintIs422(Db on) {
    open(on);
    AtomicInteger runs = new AtomicInteger();
    ResourceReply first = await(write(as(1, "k", "a"), runs, "{\"n\":1}"));
    ResourceReply again = await(write(as(1, "k", "a"), runs, "{\"n\":2}"));

    assertThat(first.replayed()).isFalse();
    assertThat(again.replayed()).isTrue();
    assertThat(again.body().toString()).isEqualTo("{\"n\":1}");
    assertThat(again.id()).isEqualTo(7L);
    assertThat(again.version()).isEqualTo(1L);
    assertThat(runs).hasValue(1);
    assertThat(await(keys.replayOf(as(1, "k", "a"))).body().toString()).isEqualTo("{\"n\":1}");

    Throwable reused = failure(write(as(1, "k", "b"), runs, "{}"));
    assertThat(reused).isInstanceOfSatisfying(ServiceError.class, e -> {
      assertThat(e.status()).isEqualTo(422);
      assertThat(e.body().getString("code")).isEqualTo("idempotency_key_reused");
    });
    assertThat(failure(keys.replayOf(as(1, "k", "b")))).isInstanceOf(ServiceError.class);

    assertThat(await(write(as(2, "k", "b"), runs, "{}")).replayed()).as("another user's key").isFalse();
    assertThat(runs).hasValue(2);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aWriteThatFailsLeavesNoKey(Db on) {
    open(on);
    Future<ResourceReply> failed = Database.transaction(pool, dialect, conn -> keys.once(conn, as(1, "k", "a"),
        () -> Future.failedFuture(ServiceError.invalid("name", "This field is required."))));
    assertThat(failure(failed)).isInstanceOf(ServiceError.class);
    assertThat(rows()).isZero();
    assertThat(await(keys.replayOf(as(1, "k", "a")))).isNull();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void expiredKeysArePurgedInBatchesAndTheOthersStay(Db on) {
    open(on);
    long old = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
    await(pool.query("INSERT INTO " + TABLE + " (user_id, idempotency_key, fingerprint, reply_body, created_at) VALUES (1, 'fresh', 'f', '{}', "
        + System.currentTimeMillis() + ")").execute());
    int expired = IdempotencyKeys.PURGE_BATCH + 200;
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < expired; i++) values.append(i == 0 ? "" : ",").append("(1, 'old-").append(i).append("', 'f', '{}', ").append(old).append(')');
    await(pool.query("INSERT INTO " + TABLE + " (user_id, idempotency_key, fingerprint, reply_body, created_at) VALUES " + values).execute());

    assertThat(await(keys.purge())).isEqualTo(expired);

    assertThat(rows()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anExpiredKeyIsTakenOverAsNew(Db on) {
    open(on);
    AtomicInteger runs = new AtomicInteger();
    await(write(as(1, "k", "a"), runs, "{\"n\":1}"));
    await(pool.query("UPDATE " + TABLE + " SET created_at = created_at - " + Duration.ofHours(2).toMillis()).execute());

    ResourceReply renewed = await(write(as(1, "k", "b"), runs, "{\"n\":2}"));

    assertThat(renewed.replayed()).isFalse();
    assertThat(runs).hasValue(2);
    assertThat(await(write(as(1, "k", "b"), runs, "{}")).body().toString()).isEqualTo("{\"n\":2}");
  }

  @Test
  void onPostgresASecondTryWaitsForTheFirstToCommitThenReplaysIt() {
    open(Db.POSTGRES);
    AtomicInteger runs = new AtomicInteger();
    Promise<Void> release = Promise.promise();
    Future<ResourceReply> first = Database.transaction(pool, dialect, conn -> keys.once(conn, as(1, "k", "a"), () -> {
      runs.incrementAndGet();
      return release.future().map(v -> new ResourceReply(Buffer.buffer("{\"first\":true}"), 1L, 1L));
    }));
    Eventually.until("the first try holds the key", () -> runs.get() == 1);

    Future<ResourceReply> second = write(as(1, "k", "a"), runs, "{\"second\":true}");
    // the second try's INSERT waits on the first's uncommitted row: PostgreSQL shows it waiting for a lock
    Eventually.until("the second try waits on the key's lock", () -> await(pool.query(
        "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO " + TABLE + "%'")
        .execute()).iterator().next().getLong("n") == 1);
    assertThat(second.isComplete()).isFalse();

    release.complete();

    assertThat(await(first).replayed()).isFalse();
    ResourceReply replayed = await(second);
    assertThat(replayed.replayed()).isTrue();
    assertThat(replayed.body().toString()).isEqualTo("{\"first\":true}");
    assertThat(runs).as("the write ran once").hasValue(1);
  }
}
