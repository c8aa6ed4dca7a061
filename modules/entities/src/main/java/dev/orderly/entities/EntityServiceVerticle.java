package dev.orderly.entities;

import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.EntitiesClient;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Migrations;
import dev.orderly.core.resource.engine.CrudEngine;
import dev.orderly.entities.resources.Resources;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/**
 * The entity service: migrates its tables, checks every resource definition against them, then
 * answers {@value EntitiesClient#ADDRESS}.
 */
public final class EntityServiceVerticle extends VerticleBase {
  /** Service name: migrations folder, Flyway history table and pool name. */
  public static final String SERVICE = "entities";

  private Pool pool;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    pool = Database.pool(vertx, settings, SERVICE);
    CrudEngine engine = new CrudEngine(vertx, pool, Database.dialect(settings), Resources.ALL);
    return Migrations.migrate(vertx, settings, SERVICE)
        .compose(applied -> engine.checkTables())
        .compose(v -> Consumers.register(vertx, CallerSigning.fromSecret(settings.secretKey()), EntitiesClient.ADDRESS, Map.of(
            EntitiesClient.LIST, engine::list,
            EntitiesClient.GET, engine::get,
            EntitiesClient.CREATE, engine::create,
            EntitiesClient.UPDATE, engine::update,
            EntitiesClient.DELETE, engine::delete,
            EntitiesClient.PING, engine::ping)));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
