package dev.orderly.core.db;

import dev.orderly.core.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each service migrates its own tables from {@code classpath:db/<service>/<dialect>} with its own
 * history table, on a worker thread (Flyway is blocking JDBC). Services share one schema, so each
 * history starts from an empty baseline rather than refusing a schema that holds another's tables.
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  /** Migrations under way, by Vert.x instance, service and database: verticle instances deployed together share one run. */
  private static final Map<String, Future<Integer>> RUNNING = new ConcurrentHashMap<>();
  /** The Vert.x instance's local map of the services and databases migrated by it. */
  private static final String DONE = "orderly.migrated";

  private Migrations() {}

  /**
   * Migrates {@code service}'s tables, once per Vert.x instance and database: the app migrates before it
   * deploys, and the verticles it deploys then find the work done (a Flyway run costs a class-path scan
   * even when there is nothing to apply) — a verticle deployed on its own still migrates.
   */
  public static Future<Integer> migrate(Vertx vertx, Settings settings, String service) {
    String target = service + "@" + (settings.usesPostgres()
        ? Database.postgresUrl(settings.postgres()) : settings.sqliteFile().toAbsolutePath().toString());
    LocalMap<String, Boolean> done = vertx.sharedData().getLocalMap(DONE);
    if (done.containsKey(target)) return Future.succeededFuture(0);
    // per Vert.x instance: a run belongs to its worker pool, which closes with it
    String key = System.identityHashCode(vertx) + "/" + target;
    return RUNNING.computeIfAbsent(key, k -> run(vertx, settings, service)
        .onSuccess(applied -> done.put(target, true))
        .onComplete(ar -> RUNNING.remove(k)));
  }

  private static Future<Integer> run(Vertx vertx, Settings settings, String service) {
    return vertx.executeBlocking(() -> {
      Dialect dialect = Database.dialect(settings);
      FluentConfiguration config = Flyway.configure(Migrations.class.getClassLoader())
          // a migration whose SQL both dialects accept is written once, under common/
          .locations("classpath:db/" + service + "/" + dialect.folder(), "classpath:db/" + service + "/common")
          .table("flyway_" + service + "_history")
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .loggers("slf4j");
      if (settings.usesPostgres()) {
        Settings.Postgres pg = settings.postgres();
        config.dataSource(Database.postgresUrl(pg), pg.user(), pg.password());
        if (!pg.schema().isEmpty()) config.schemas(pg.schema()).createSchemas(true);
      } else {
        config.dataSource(Database.sqliteUrl(settings), null, null);
      }
      int applied = config.load().migrate().migrationsExecuted;
      log.info("{}: {} migration(s) applied on {}", service, applied, dialect.folder());
      return applied;
    }, false);
  }
}
