package dev.orderly.entities;

import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.EntitiesClient;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Migrations;
import dev.orderly.core.resource.openapi.OpenApiFragment;
import dev.orderly.core.resource.engine.CrudEngine;
import dev.orderly.entities.resources.Resources;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.Map;

/**
 * The entity service: migrates its tables, checks every resource definition against them, then
 * answers {@value EntitiesClient#ADDRESS}.
 */
public final class EntityServiceVerticle extends VerticleBase {
  /** Service name: migrations folder, Flyway history table and pool name. */
  public static final String SERVICE = "entities";

  private Pool pool;
  private SqlClient reads;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    pool = Database.pool(vertx, settings, SERVICE);
    reads = Database.readClient(vertx, settings, SERVICE, pool);
    CrudEngine engine = new CrudEngine(vertx, pool, reads, Database.dialect(settings), Resources.ALL);
    return Migrations.migrate(vertx, settings, SERVICE)
        .compose(applied -> engine.checkTables())
        .compose(v -> Consumers.register(vertx, CallerSigning.fromSecret(settings.secretKey()), EntitiesClient.ADDRESS, Map.of(
            EntitiesClient.LIST, engine::list,
            EntitiesClient.GET, engine::get,
            EntitiesClient.CREATE, engine::create,
            EntitiesClient.UPDATE, engine::update,
            EntitiesClient.DELETE, engine::delete,
            EntitiesClient.PING, engine::ping,
            EntitiesClient.SCHEMA, (body, request) -> Future.succeededFuture(Consumers.Reply.of(OpenApiFragment.of(Resources.ALL))))));
  }

  @Override
  public Future<?> stop() {
    if (pool == null) return Future.succeededFuture();
    return (reads == pool ? Future.succeededFuture() : reads.close()).eventually(pool::close);
  }
}
