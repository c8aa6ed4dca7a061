package dev.orderly.entities;

import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.EventFeed;
import dev.orderly.core.bus.PermissionDeclarer;
import dev.orderly.core.bus.ResourceActions;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.IdempotencyKeys;
import dev.orderly.core.db.Migrations;
import dev.orderly.core.resource.engine.CrudEngine;
import dev.orderly.core.resource.openapi.OpenApiFragment;
import dev.orderly.core.security.Permissions;
import dev.orderly.entities.resources.Resources;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entity service: migrates its tables, checks every resource definition against them, then
 * answers {@value ResourceClient#ENTITIES_ADDRESS}, and declares its resources' permission codenames to
 * the auth service (in the background: that service may start later or elsewhere).
 */
public final class EntityServiceVerticle extends VerticleBase {
  /** Service name: migrations folder, Flyway history table and pool name. */
  public static final String SERVICE = "entities";

  private Pool pool;
  private SqlClient reads;
  private CrudEngine engine;
  private PermissionDeclarer permissions;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    pool = Database.pool(vertx, settings, SERVICE);
    reads = Database.readClient(vertx, settings, SERVICE, pool);
    engine = new CrudEngine(vertx, pool, reads, Database.dialect(settings), Resources.ALL, CrudEngine.DEFAULT_AUDIT_TABLE,
        new IdempotencyKeys(pool, Database.dialect(settings), IdempotencyKeys.DEFAULT_TABLE, settings.idempotencyTtl()));
    CallerSigning signing = CallerSigning.fromSecret(settings.secretKey());
    return Migrations.migrate(vertx, settings, SERVICE)
        .compose(applied -> engine.checkTables())
        .onSuccess(v -> {
          engine.changeLog().start(settings.feed().retention(), signing);
          engine.idempotencyKeys().start(vertx);
        })
        .compose(v -> Consumers.register(vertx, signing, ResourceClient.ENTITIES_ADDRESS, actions(engine)))
        .onSuccess(v -> {
          permissions = new PermissionDeclarer(vertx, SERVICE, Permissions.codenames(Resources.ALL), signing, settings.requestTimeoutMs());
          permissions.start();
        });
  }

  /** The CRUD actions of every resource, readiness and the OpenAPI fragment. */
  private Map<String, Consumers.ActionHandler> actions(CrudEngine engine) {
    Map<String, Consumers.ActionHandler> actions = new LinkedHashMap<>(ResourceActions.of(engine));
    actions.put(ServiceClient.PING, ServiceClient.pingHandler(pool));
    actions.put(EventFeed.EVENTS, (body, request) -> engine.changeLog().page(EventFeed.Since.fromJson(body)).map(page -> Consumers.Reply.of(page.toJson())));
    JsonObject schema = OpenApiFragment.of(Resources.ALL);
    actions.put(ServiceClient.SCHEMA, (body, request) -> Future.succeededFuture(Consumers.Reply.of(schema)));
    return actions;
  }

  @Override
  public Future<?> stop() {
    if (engine != null) {
      engine.changeLog().stop();
      engine.idempotencyKeys().stop();
    }
    if (permissions != null) permissions.stop();
    if (pool == null) return Future.succeededFuture();
    return (reads == pool ? Future.succeededFuture() : reads.close()).eventually(pool::close);
  }
}
