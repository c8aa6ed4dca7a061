package dev.orderly.export;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.ById;
import dev.orderly.core.bus.ExportMessages.FileRequest;
import dev.orderly.core.bus.ExportMessages.JobRequest;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.IdempotencyKeys;
import dev.orderly.core.db.Migrations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
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
  /** The export service's idempotency keys: export job submits and attachment uploads (an import's are its resource's service's). */
  static final String IDEMPOTENCY_TABLE = "export_idempotency_keys";
  /**
   * Config flag of the {@code export} and {@code import} commands: no job queue and no batch address (a node may
   * be running them on the same database), and temporary files in a directory of the command's own.
   */
  public static final String COMMAND_LINE = "orderly.export.command-line";

  private Pool pool;
  private WorkerExecutor workers;
  private ExportJobs jobs;
  private Attachments attachments;
  private IdempotencyKeys keys;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    pool = Database.pool(vertx, settings, SERVICE);
    workers = vertx.createSharedWorkerExecutor(WORKER_POOL, 2 * settings.export().workers());
    boolean commandLine = config().getBoolean(COMMAND_LINE, false);
    Path tempDir = commandLine ? TempFiles.commandLineDirectory(settings) : TempFiles.directory(settings);
    return Migrations.migrate(vertx, settings, SERVICE)
        .compose(applied -> vertx.executeBlocking(() -> {
          TempFiles.prepare(tempDir);
          return NodeIdentity.of(settings);
        }))
        .compose(node -> {
          CallerSigning signing = CallerSigning.fromSecret(settings.secretKey());
          ResourceClient resources = new ResourceClient(vertx, settings.requestTimeoutMs());
          ExportWriter writer = new ExportWriter(vertx, workers);
          keys = new IdempotencyKeys(pool, Database.dialect(settings), IDEMPOTENCY_TABLE, settings.idempotencyTtl());
          jobs = new ExportJobs(vertx, pool, Database.dialect(settings), resources, writer, settings.mediaRoot().resolve("exports"),
              signing, node, settings.export().workers(), Duration.ofHours(settings.export().retentionHours()), keys);
          attachments = new Attachments(vertx, pool, Database.dialect(settings), resources, settings.mediaRoot(),
              settings.maxUploadSize(), settings.requestTimeoutMs(), signing, keys);
          Map<String, Consumers.ActionHandler> actions = actions(new FileExports(vertx, resources, writer, tempDir,
              BusStream.DEFAULT_IDLE_TIMEOUT_MS), new Imports(vertx, workers, settings, tempDir));
          // a command runs beside a node, which owns the queue, the batch address and the attachments' clean-up
          Future<Void> queue = commandLine ? Future.succeededFuture() : jobs.start()
              .compose(v -> new BatchSubmissions(vertx, jobs, new AuthClient(vertx, settings.requestTimeoutMs()), signing).register())
              .compose(v -> attachments.start())
              .onSuccess(v -> keys.start(vertx));
          return queue.compose(v -> Consumers.register(vertx, signing, ExportClient.ADDRESS, actions));
        });
  }

  private Map<String, Consumers.ActionHandler> actions(FileExports exports, Imports imports) {
    Map<String, Consumers.ActionHandler> actions = new LinkedHashMap<>();
    actions.put(ServiceClient.PING, ServiceClient.pingHandler(pool));
    actions.putAll(attachments.actions());
    actions.put(ExportClient.EXPORT, (body, context) -> Access.require(context, body.getString("resource", ""), Access.EXPORT)
        .compose(v -> exports.export(FileRequest.fromJson(body), context)).map(file -> Reply.of(file.toJson())));
    actions.put(ExportClient.SUBMIT, (body, context) -> jobs.submit(JobRequest.fromJson(body), context).map(Reply::of));
    actions.put(ExportClient.JOB, (body, context) -> jobs.job(ById.fromJson(body), context.caller()).map(job -> Reply.of(job.toJson())));
    actions.put(ExportClient.DOWNLOAD, (body, context) -> jobs.download(ById.fromJson(body), context.caller())
        .map(file -> Reply.of(file.toJson())));
    actions.putAll(imports.actions());
    return actions;
  }

  @Override
  public Future<?> stop() {
    if (jobs != null) jobs.stop();
    if (attachments != null) attachments.stop();
    if (keys != null) keys.stop();
    Future<Void> closed = pool == null ? Future.succeededFuture() : pool.close();
    if (config().getBoolean(COMMAND_LINE, false)) {
      String temp = TempFiles.commandLineDirectory(Settings.from(config())).toString();
      closed = closed.eventually(() -> vertx.fileSystem().deleteRecursive(temp).recover(e -> Future.succeededFuture()));
    }
    return closed.eventually(() -> workers == null ? Future.succeededFuture() : workers.close());
  }
}
