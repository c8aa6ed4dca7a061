package dev.orderly.core.db;

import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.IdempotencyKey;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's idempotency keys: one row per user and key in the service's own table (columns {@code user_id,
 * idempotency_key, fingerprint, reply_body, reply_id, reply_version, created_at}, epoch milliseconds; primary key
 * {@code (user_id, idempotency_key)}), written in the transaction of the write it guards ({@link #once}), so a
 * write that rolls back leaves no key, and one that commits cannot commit twice:
 * <ol>
 *   <li>the key is inserted first, {@code ON CONFLICT DO NOTHING}. On PostgreSQL a second try of the same key
 *   blocks on the primary key until the first try's transaction ends (and then finds its row, or inserts its own
 *   if the first rolled back); SQLite's {@code BEGIN IMMEDIATE} lets one writer in at a time anyway;</li>
 *   <li>a row that was there (read {@code FOR UPDATE}): younger than the TTL with the same fingerprint, its stored
 *   reply is the answer ({@link ResourceReply#replayed()}) and nothing is written; another fingerprint is a 422
 *   {@value ErrorCodes#IDEMPOTENCY_KEY_REUSED}; an expired one is taken over as new;</li>
 *   <li>the write runs, and its reply is stored in the row before the transaction commits.</li>
 * </ol>
 * A request without a key, or of an anonymous caller (keys are per user), runs as if none of this were here.
 * Expired rows are purged every {@value #PURGE_EVERY_MS} ms, {@value #PURGE_BATCH} at a time ({@link #start}).
 */
public final class IdempotencyKeys {
  /** The entity service's table; the others prefix it with their name ({@code auth_}, {@code export_}). */
  public static final String DEFAULT_TABLE = "idempotency_keys";
  /** {@code IDEMPOTENCY_TTL_HOURS}' default. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);
  static final long PURGE_EVERY_MS = 600_000;
  static final int PURGE_BATCH = 1000;
  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

  private final SqlClient pool;
  private final String table;
  private final Duration ttl;
  private final NamedSql claim;
  private final NamedSql find;
  private final NamedSql peek;
  private final NamedSql renew;
  private final NamedSql store;
  private final NamedSql forget;
  private final NamedSql purge;
  private Vertx vertx;
  private long timer = -1;

  /**
   * @param pool  the service's pool, for {@link #replayOf} and the purge
   * @param table the service's table of keys
   * @param ttl   how long a key replays ({@code IDEMPOTENCY_TTL_HOURS})
   */
  public IdempotencyKeys(SqlClient pool, Dialect dialect, String table, Duration ttl) {
    this.pool = pool;
    this.table = table;
    this.ttl = ttl;
    String where = " WHERE user_id = #{user} AND idempotency_key = #{key}";
    claim = NamedSql.of(dialect, "INSERT INTO " + table + " (user_id, idempotency_key, fingerprint, created_at)"
        + " VALUES (#{user}, #{key}, #{fingerprint}, #{now}) ON CONFLICT (user_id, idempotency_key) DO NOTHING");
    String select = "SELECT fingerprint, created_at, reply_body, reply_id, reply_version FROM " + table + where;
    find = NamedSql.of(dialect, select + dialect.forUpdate());
    peek = NamedSql.of(dialect, select);
    renew = NamedSql.of(dialect, "UPDATE " + table + " SET fingerprint = #{fingerprint}, created_at = #{now}, reply_body = NULL,"
        + " reply_id = NULL, reply_version = NULL" + where);
    store = NamedSql.of(dialect, "UPDATE " + table + " SET reply_body = #{body}, reply_id = #{id}, reply_version = #{version}" + where);
    forget = NamedSql.of(dialect, "DELETE FROM " + table + where);
    purge = NamedSql.of(dialect, "DELETE FROM " + table + " WHERE (user_id, idempotency_key) IN (SELECT user_id, idempotency_key FROM "
        + table + " WHERE created_at < #{cutoff} LIMIT " + PURGE_BATCH + ")");
  }

  /**
   * Runs {@code write} on {@code conn}'s transaction once per user and key of {@code context}: the first time its
   * reply is stored with the key; later, within the TTL and with the same fingerprint, the stored reply comes back
   * replayed and {@code write} does not run; with another fingerprint, a 422. It must be the transaction's first
   * statement, so that a second try waits (PostgreSQL) before it reads or locks anything else.
   */
  public Future<ResourceReply> once(SqlConnection conn, RequestContext context, Supplier<Future<ResourceReply>> write) {
    IdempotencyKey key = context.idempotency();
    if (key == null || context.caller().anonymous()) return write.get();
    Map<String, Object> params = params(context);
    return claim.execute(conn, params).compose(claimed -> {
      if (claimed.rowCount() == 1) return written(conn, params, write);
      return find.execute(conn, params).compose(rows -> {
        if (rows.size() == 0) {
          // purged between the two statements: the key is free again
          return claim.execute(conn, params).compose(again -> again.rowCount() == 1 ? written(conn, params, write)
              : Future.failedFuture(ServiceError.unavailable("A request with this Idempotency-Key is under way; try again.")));
        }
        Row row = rows.iterator().next();
        if (expired(row) || row.getString("reply_body") == null) return renew.execute(conn, params).compose(v -> written(conn, params, write));
        if (!key.fingerprint().equals(row.getString("fingerprint"))) return Future.failedFuture(reused());
        return Future.succeededFuture(stored(row));
      });
    });
  }

  /** Runs the write and stores its reply with the key claimed on {@code conn}. */
  private Future<ResourceReply> written(SqlConnection conn, Map<String, Object> params, Supplier<Future<ResourceReply>> write) {
    return write.get().compose(reply -> store.execute(conn, storeParams(params, reply)).map(reply));
  }

  /**
   * Outside a transaction: the stored reply of {@code context}'s key when it replays (same fingerprint, within the
   * TTL), else null; a 422 when it was used with another fingerprint. For a write that must not even start again
   * (a password change, whose old password is no longer right); {@link #once} still guards the write itself.
   */
  public Future<ResourceReply> replayOf(RequestContext context) {
    IdempotencyKey key = context.idempotency();
    if (key == null || context.caller().anonymous()) return Future.succeededFuture();
    return peek.execute(pool, params(context)).compose(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      if (row == null || expired(row) || row.getString("reply_body") == null) return Future.succeededFuture();
      if (!key.fingerprint().equals(row.getString("fingerprint"))) return Future.failedFuture(reused());
      return Future.succeededFuture(stored(row));
    });
  }

  /** Drops {@code context}'s key (the write it stored was undone afterwards), on {@code client}. */
  public Future<Void> forget(SqlClient client, RequestContext context) {
    if (context.idempotency() == null || context.caller().anonymous()) return Future.succeededFuture();
    return forget.execute(client, params(context)).mapEmpty();
  }

  /** Purges expired keys now and then every {@value #PURGE_EVERY_MS} ms, until {@link #stop}. */
  public void start(Vertx vertx) {
    this.vertx = vertx;
    purge();
    timer = vertx.setPeriodic(PURGE_EVERY_MS, id -> purge());
  }

  public void stop() {
    if (timer >= 0 && vertx != null) vertx.cancelTimer(timer);
    timer = -1;
  }

  /** Deletes the keys past the TTL, a batch at a time until none is left; how many went. */
  Future<Integer> purge() {
    return purge.execute(pool, Map.of("cutoff", System.currentTimeMillis() - ttl.toMillis()))
        .compose(rows -> rows.rowCount() >= PURGE_BATCH ? purge().map(more -> more + rows.rowCount()) : Future.succeededFuture(rows.rowCount()))
        .onFailure(e -> log.warn("purging expired idempotency keys of {}: {}", table, e.toString()));
  }

  private boolean expired(Row row) {
    return row.getLong("created_at") < System.currentTimeMillis() - ttl.toMillis();
  }

  private static Map<String, Object> params(RequestContext context) {
    Map<String, Object> params = new HashMap<>();
    params.put("user", context.caller().id());
    params.put("key", context.idempotency().key());
    params.put("fingerprint", context.idempotency().fingerprint());
    params.put("now", System.currentTimeMillis());
    return params;
  }

  private static Map<String, Object> storeParams(Map<String, Object> params, ResourceReply reply) {
    Map<String, Object> stored = new HashMap<>(params);
    stored.put("body", reply.body().toString());
    stored.put("id", reply.id());
    stored.put("version", reply.version());
    return stored;
  }

  private static ResourceReply stored(Row row) {
    return new ResourceReply(Buffer.buffer(row.getString("reply_body")), row.getLong("reply_id"), row.getLong("reply_version"), true);
  }

  static ServiceError reused() {
    return ServiceError.of(422, ErrorCodes.IDEMPOTENCY_KEY_REUSED,
        "This Idempotency-Key was already used with another request; send a new key for a new request.");
  }
}
