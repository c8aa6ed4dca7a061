package dev.orderly.auth;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Migrations;
import dev.orderly.core.redis.RedisFailover;
import dev.orderly.core.resource.engine.CrudEngine;
import dev.orderly.core.security.JwtTokens;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;

/**
 * The auth service: migrates its tables, checks the users and groups definitions against them, stores their
 * permission codenames, then answers {@value AuthClient#ADDRESS}. Password hashing runs on the shared worker pool
 * {@value #HASH_POOL} of {@link #HASH_THREADS} threads. With {@code REDIS_URL}, revoked token ids are
 * kept in Redis, and in the database while Redis does not answer ({@link Revocations}).
 */
public final class AuthVerticle extends VerticleBase {
  /** Service name: migrations folder, Flyway history table and pool name. */
  public static final String SERVICE = "auth";
  static final String HASH_POOL = "orderly-hash";
  static final int HASH_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  /** Iterations of new hashes; only tests that do not test hashing lower it, for speed. */
  static volatile int passwordIterations = Passwords.ITERATIONS;

  /**
   * Deployment config flag (default true): whether this instance publishes the change log. The command
   * line deploys the service with false, so that a node's relay publishes what the command changed.
   */
  public static final String PUBLISH_EVENTS = "orderly.publish_events";

  private Pool pool;
  private CrudEngine engine;
  private WorkerExecutor hashing;
  private RedisAPI redis;
  private RedisFailover failover;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    pool = Database.pool(vertx, settings, SERVICE);
    hashing = vertx.createSharedWorkerExecutor(HASH_POOL, HASH_THREADS);
    Passwords passwords = new Passwords(hashing, passwordIterations, settings.passwordHashQueue(), settings.requestTimeoutMs());
    Future<Void> redisChecked = Future.succeededFuture();
    if (settings.usesRedis()) {
      Settings.Cache timing = settings.cache();
      Redis client = RedisFailover.client(vertx, settings.redisUrl(), timing.redisTimeoutMs());
      redis = RedisAPI.api(client);
      failover = new RedisFailover(vertx, client, RedisFailover.withoutPassword(settings.redisUrl()), timing.redisTimeoutMs(),
          timing.redisRetryIntervalMs(), "revoked token ids are kept in the database", new RedisFailover.Listener() {});
      redisChecked = failover.start();
    }
    return redisChecked.compose(v -> JwtTokens.create(vertx, settings))
        .compose(tokens -> Migrations.migrate(vertx, settings, SERVICE).map(applied -> tokens))
        .compose(tokens -> {
          AuthService service = new AuthService(vertx, pool, Database.dialect(settings), settings, tokens, passwords, redis, failover);
          engine = service.engine();
          CallerSigning signing = CallerSigning.fromSecret(settings.secretKey());
          return engine.checkTables()
              .compose(v -> service.declareOwnPermissions())
              .onSuccess(v -> {
                if (config().getBoolean(PUBLISH_EVENTS, true)) {
                  engine.changeLog().start(settings.feed().retention(), signing);
                  engine.idempotencyKeys().start(vertx);
                }
              })
              .compose(v -> Consumers.register(vertx, signing, AuthClient.ADDRESS, service.actions()));
        });
  }

  @Override
  public Future<?> stop() {
    if (engine != null) {
      engine.changeLog().stop();
      engine.idempotencyKeys().stop();
    }
    if (hashing != null) hashing.close();
    if (failover != null) failover.stop();
    if (redis != null) redis.close();
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
