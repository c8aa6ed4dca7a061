package dev.orderly.auth;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.NamedSql;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Map;

/**
 * The denylist of access and session token ids: stored in {@code auth_revoked_tokens} (shared by every
 * node of the auth service) until the token would have expired anyway, and published on
 * {@value AuthClient#REVOKED_ADDRESS} so that every gateway denies it at once.
 */
final class Revocations {
  private final Vertx vertx;
  private final Pool pool;
  private final NamedSql insert;
  private final NamedSql prune;
  private final NamedSql live;

  Revocations(Vertx vertx, Pool pool, Dialect dialect) {
    this.vertx = vertx;
    this.pool = pool;
    this.insert = NamedSql.of(dialect, AuthSql.INSERT_REVOKED);
    this.prune = NamedSql.of(dialect, AuthSql.PRUNE_REVOKED);
    this.live = NamedSql.of(dialect, AuthSql.LIVE_REVOKED);
  }

  /** Denies {@code jti} until {@code exp} (epoch seconds), durably, then tells every gateway. */
  Future<Void> revoke(String jti, long exp) {
    long now = Instant.now().getEpochSecond();
    return pool.withTransaction(conn -> prune.execute(conn, Map.of("now", now))
            .compose(v -> insert.execute(conn, Map.of("jti", jti, "expires_at", exp))))
        .onSuccess(v -> vertx.eventBus().publish(AuthClient.REVOKED_ADDRESS, new JsonObject().put(AuthClient.JTI, jti).put(AuthClient.EXP, exp)))
        .mapEmpty();
  }

  /** {@code {"revoked": [{"jti", "exp"}, ...]}}: every denied token not yet expired. */
  Future<JsonObject> current() {
    return live.execute(pool, Map.of("now", Instant.now().getEpochSecond())).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row row : rows) out.add(new JsonObject().put(AuthClient.JTI, row.getString("jti")).put(AuthClient.EXP, row.getLong("expires_at")));
      return new JsonObject().put("revoked", out);
    });
  }
}
