package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.FileRequest;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Migrations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The export service: migrates its tables (export jobs, attachments), then answers
 * {@value ExportClient#ADDRESS}. Rows come from the services that own the resources, a keyset page at a
 * time ({@link RowPages}); files travel as {@link BusStream}s. POI and file work run on the
 * {@value #WORKER_POOL} pool of {@code 2 × EXPORT_WORKERS} threads, so a flood of exports cannot starve the
 * event loops or the other services' workers.
 */
public final class ExportVerticle extends VerticleBase {
  /** Service name: migrations folder, Flyway history table and pool name. */
  public static final String SERVICE = "export";
  static final String WORKER_POOL = "orderly-export";

  private Pool pool;
  private WorkerExecutor workers;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    pool = Database.pool(vertx, settings, SERVICE);
    workers = vertx.createSharedWorkerExecutor(WORKER_POOL, 2 * settings.export().workers());
    Path tempDir = TempFiles.directory(settings);
    ResourceClient resources = new ResourceClient(vertx, settings.requestTimeoutMs());
    ExportWriter writer = new ExportWriter(vertx, workers);
    FileExports exports = new FileExports(vertx, resources, writer, tempDir, BusStream.DEFAULT_IDLE_TIMEOUT_MS);
    Map<String, Consumers.ActionHandler> actions = new LinkedHashMap<>();
    actions.put(ServiceClient.PING, ServiceClient.pingHandler(pool));
    actions.put(ExportClient.EXPORT, (body, context) -> Access.require(context, body.getString("resource", ""), Access.EXPORT)
        .compose(v -> exports.export(FileRequest.fromJson(body), context)).map(file -> Reply.of(file.toJson())));
    actions.putAll(new Imports(vertx, workers, settings, tempDir).actions());
    return Migrations.migrate(vertx, settings, SERVICE)
        .compose(applied -> vertx.executeBlocking(() -> TempFiles.prepare(tempDir)))
        .compose(v -> Consumers.register(vertx, CallerSigning.fromSecret(settings.secretKey()), ExportClient.ADDRESS, actions));
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = pool == null ? Future.succeededFuture() : pool.close();
    return closed.eventually(() -> workers == null ? Future.succeededFuture() : workers.close());
  }
}
