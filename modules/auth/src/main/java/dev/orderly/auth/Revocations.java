package dev.orderly.auth;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.AuthMessages.Revocation;
import dev.orderly.core.bus.AuthMessages.Revoked;
import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;
import dev.orderly.core.redis.RedisFailover;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The denylist of access and session token ids, each kept until its token would have expired anyway:
 * in Redis ({@value #REDIS_PREFIX}{@code <jti>}, with that expiry) when {@code REDIS_URL} is set, else,
 * and while Redis does not answer ({@link RedisFailover}: {@code REDIS_TIMEOUT_MS}, then the database
 * until a probe finds it again), in {@code auth_revoked_tokens} (shared by every node of the auth
 * service). The current list always includes the database's; while Redis is down it says it is not
 * {@linkplain Revoked#complete complete}. A revocation is published on {@value AuthClient#REVOKED_ADDRESS}
 * once stored, so that every gateway denies the token at once.
 */
final class Revocations {
  static final String REDIS_PREFIX = "orderly:auth:revoked:";
  private final Vertx vertx;
  private final CallerSigning signing;
  private final Pool pool;
  private final Dialect dialect;
  private final RedisAPI redis;
  private final RedisFailover failover;
  private final NamedSql insert;
  private final NamedSql prune;
  private final NamedSql live;

  /**
   * @param redis the Redis of {@code REDIS_URL} and its failover, or both null
   * @param signing the node's: revocations are published signed ({@link BusEvents})
   */
  Revocations(Vertx vertx, Pool pool, Dialect dialect, RedisAPI redis, RedisFailover failover, CallerSigning signing) {
    this.vertx = vertx;
    this.signing = signing;
    this.pool = pool;
    this.dialect = dialect;
    this.redis = redis;
    this.failover = failover;
    this.insert = NamedSql.of(dialect, AuthSql.INSERT_REVOKED);
    this.prune = NamedSql.of(dialect, AuthSql.PRUNE_REVOKED);
    this.live = NamedSql.of(dialect, AuthSql.LIVE_REVOKED);
  }

  /** Denies {@code jti} until {@code exp} (epoch seconds), durably, then tells every gateway. */
  Future<Void> revoke(String jti, long exp) {
    long ttl = Math.max(1, exp - Instant.now().getEpochSecond());
    Future<Void> stored = redis == null ? store(jti, exp)
        : failover.call(() -> redis.set(List.of(REDIS_PREFIX + jti, String.valueOf(exp), "EX", String.valueOf(ttl))).mapEmpty(),
            () -> store(jti, exp));
    return stored.onSuccess(v -> BusEvents.publish(vertx, signing, AuthClient.REVOKED_ADDRESS, new Revocation(jti, exp).toJson()));
  }

  private Future<Void> store(String jti, long exp) {
    long now = Instant.now().getEpochSecond();
    return Database.transaction(pool, dialect, conn -> prune.execute(conn, Map.of("now", now))
        .compose(v -> insert.execute(conn, Map.of("jti", jti, "expires_at", exp)))).mapEmpty();
  }

  /** Every denied token not yet expired, wherever it is kept. */
  Future<Revoked> current() {
    Map<String, Long> all = new LinkedHashMap<>();
    Future<Void> fromDb = live.execute(pool, Map.of("now", Instant.now().getEpochSecond())).map(rows -> {
      for (Row row : rows) all.put(row.getString("jti"), row.getLong("expires_at"));
      return null;
    });
    Future<Boolean> complete = fromDb.compose(v -> redis == null ? Future.succeededFuture(true)
        // a partial scan adds nothing wrong: every entry it found is denied
        : failover.call(() -> scan("0", all).map(true), () -> Future.succeededFuture(false)));
    return complete.map(whole -> {
      List<Revocation> out = new ArrayList<>();
      all.forEach((jti, exp) -> out.add(new Revocation(jti, exp)));
      return new Revoked(out, whole);
    });
  }

  /** Every key of the prefix, a page at a time, with its expiry. */
  private Future<Void> scan(String cursor, Map<String, Long> into) {
    return redis.scan(List.of(cursor, "MATCH", REDIS_PREFIX + "*", "COUNT", "1000")).compose(page -> {
      String next = page.get(0).toString();
      List<String> keys = new ArrayList<>();
      for (Response key : page.get(1)) keys.add(key.toString());
      Future<Void> values = keys.isEmpty() ? Future.succeededFuture() : redis.mget(keys).map(found -> {
        for (int i = 0; i < keys.size(); i++) {
          Response exp = found.get(i);
          if (exp != null) into.put(keys.get(i).substring(REDIS_PREFIX.length()), Long.parseLong(exp.toString()));
        }
        return null;
      });
      return values.compose(v -> next.equals("0") ? Future.succeededFuture() : scan(next, into));
    });
  }
}
