package dev.orderly.export;

import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.ById;
import dev.orderly.core.bus.ExportMessages.Job;
import dev.orderly.core.bus.ExportMessages.JobEvent;
import dev.orderly.core.bus.ExportMessages.JobRequest;
import dev.orderly.core.bus.ExportMessages.StreamedFile;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.IdempotencyKeys;
import dev.orderly.core.metrics.NodeMetrics;
import dev.orderly.core.metrics.OrderlyMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export jobs ({@code POST /api/exports/} and batch callers): a queue in the {@code export_jobs} table that
 * every node's export service takes from while it runs fewer than {@code EXPORT_WORKERS} jobs ({@link JobRunner}
 * runs one). Only the requester, or staff, sees a job; anyone else gets 404. Jobs left {@code running} by a
 * node that stopped are marked failed: this node's own at start, any node's once their heartbeat is stale.
 * Finished jobs, their files included, are deleted after {@code EXPORT_RETENTION_HOURS}. Jobs queued and jobs
 * failed as orphans count in {@code orderly.export.jobs} here, the others as {@link JobRunner} ends them. A submit
 * with an idempotency key claims it in the transaction that queues the job: a key already used replays that
 * submit's reply (the job as it was queued) and queues nothing.
 */
final class ExportJobs {
  static final long POLL_MS = 1_000;
  static final long HEARTBEAT_MS = 5_000;
  /** A running job whose heartbeat is older than this belongs to a node that stopped. */
  static final long STALE_MS = 30_000;
  static final long SWEEP_MS = 60_000;
  private static final Logger log = LoggerFactory.getLogger(ExportJobs.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Dialect dialect;
  private final JobsSql sql;
  private final IdempotencyKeys keys;
  private final JobRunner runner;
  private final CallerSigning signing;
  private final String node;
  private final int workers;
  private final Duration retention;
  private final Counter queued;
  private final Counter orphaned;
  private int running;
  private long poller = -1;
  private long sweeper = -1;

  ExportJobs(Vertx vertx, Pool pool, Dialect dialect, ResourceService resources, ExportWriter writer, Path directory,
             CallerSigning signing, String node, int workers, Duration retention, IdempotencyKeys keys) {
    this.vertx = vertx;
    this.pool = pool;
    this.dialect = dialect;
    this.keys = keys;
    this.sql = new JobsSql(dialect);
    this.signing = signing;
    this.node = node;
    this.workers = workers;
    this.retention = retention;
    this.runner = new JobRunner(vertx, pool, sql, resources, writer, directory, this::publish);
    MeterRegistry registry = NodeMetrics.of(vertx).registry();
    this.queued = OrderlyMeters.exportJobs(registry, JobsSql.QUEUED);
    this.orphaned = OrderlyMeters.exportJobs(registry, JobsSql.FAILED);
  }

  /** Fails this node's jobs that a previous run left running, then starts taking jobs and sweeping. */
  Future<Void> start() {
    return sql.ownOrphans.execute(pool, Map.of("now", now(), "node", node)).map(rows -> {
      orphansFailed(rows);
      poller = vertx.setPeriodic(POLL_MS, id -> poll());
      sweeper = vertx.setPeriodic(SWEEP_MS, id -> sweep());
      sweep();
      return null;
    });
  }

  void stop() {
    vertx.cancelTimer(poller);
    vertx.cancelTimer(sweeper);
  }

  /**
   * Queues a job for the context's caller (who must hold {@code export} on the resource), after checking its
   * parameters: the job as queued, with its id.
   */
  Future<ResourceReply> submit(JobRequest request, RequestContext context) {
    Caller caller = context.caller();
    if (request.resource() == null || request.resource().isEmpty()) return Future.failedFuture(ServiceError.invalid("resource", "This field is required."));
    if (request.filters() == null) return Future.failedFuture(ServiceError.invalid("filters", "Must be an object of list parameters."));
    ExportFormat format = ExportFormat.of(request.format());
    JsonObject params;
    try {
      params = params(request.filters());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ServiceError.invalid("filters", e.getMessage()));
    }
    return Access.require(caller, request.resource(), Access.EXPORT)
        .compose(v -> runner.check(request.resource(), params, context(caller, "submit")))
        .compose(v -> Database.transaction(pool, dialect, conn -> keys.once(conn, context, () -> sql.insert.execute(conn, Map.of(
            "resource", request.resource(), "format", format.extension, "filters", params.encode(),
            "filename", format.filename(request.resource(), Instant.now()), "user_id", caller.id(), "caller", caller.toJson().encode(),
            "now", now())).map(rows -> {
              Job job = job(rows.iterator().next());
              return new ResourceReply(job.toJson().toBuffer(), job.id(), null);
            }))))
        .onSuccess(reply -> {
          if (reply.replayed()) return;
          queued.increment();
          vertx.runOnContext(v -> poll());
        });
  }

  /** The job, if the caller may see it. */
  Future<Job> job(ById id, Caller caller) {
    return visible(id, caller).map(ExportJobs::job);
  }

  /** The finished job's file. */
  Future<StreamedFile> download(ById id, Caller caller) {
    return visible(id, caller).compose(row -> {
      if (!JobsSql.DONE.equals(row.getString("status"))) {
        return Future.failedFuture(ServiceError.of(409, dev.orderly.core.bus.ErrorCodes.INVALID_STATE, "The export is not finished."));
      }
      return runner.file(row);
    });
  }

  private Future<Row> visible(ById id, Caller caller) {
    if (caller.anonymous()) return Future.failedFuture(ServiceError.notAuthenticated());
    if (!id.id().matches("[0-9]{1,18}")) return Future.failedFuture(ServiceError.notFound());
    return sql.byId.execute(pool, Map.of("id", Long.parseLong(id.id()))).compose(rows -> {
      Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
      boolean mine = row != null && (caller.staff() || caller.superuser() || row.getLong("user_id").equals(caller.id()));
      return mine ? Future.succeededFuture(row) : Future.failedFuture(ServiceError.notFound());
    });
  }

  /** Claims queued jobs while this node runs fewer than {@code EXPORT_WORKERS}. */
  private void poll() {
    if (running >= workers) return;
    running++;
    sql.claim.execute(pool, Map.of("node", node, "now", now())).onComplete(ar -> {
      Row row = ar.succeeded() && ar.result().iterator().hasNext() ? ar.result().iterator().next() : null;
      if (row == null) {
        running--;
        if (ar.failed()) log.warn("cannot claim an export job: {}", ar.cause().toString());
        return;
      }
      Caller caller = Caller.fromJson(new JsonObject(row.getString("caller")));
      long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, t -> sql.heartbeat.execute(pool, Map.of("id", row.getLong("id"), "now", now())));
      runner.run(row, context(caller, "job-" + row.getLong("id"))).onComplete(done -> {
        vertx.cancelTimer(heartbeat);
        running--;
        poll();
      });
      poll();
    });
  }

  /** Fails stale jobs of stopped nodes and deletes expired jobs with their files. */
  private void sweep() {
    sql.staleOrphans.execute(pool, Map.of("now", now(), "stale", now() - STALE_MS))
        .onSuccess(this::orphansFailed);
    sql.expired.execute(pool, Map.of("before", now() - retention.toMillis())).onSuccess(rows -> rows.forEach(row -> {
      String file = row.getString("file");
      Future<Void> deleted = file == null ? Future.succeededFuture() : vertx.fileSystem().delete(runner.path(file).toString())
          .recover(e -> Future.succeededFuture());
      deleted.compose(v -> sql.delete.execute(pool, Map.of("id", row.getLong("id"))))
          .onFailure(e -> log.warn("cannot delete expired export job {}: {}", row.getLong("id"), e.toString()));
    }));
  }

  private void orphansFailed(RowSet<Row> rows) {
    orphaned.increment(rows.size());
    rows.forEach(row -> publish(JobEvent.FAILED, row));
  }

  private void publish(String type, Row row) {
    BusEvents.publish(vertx, signing, ExportClient.EVENTS_ADDRESS, new JobEvent(type, row.getLong("user_id"), job(row)).toJson());
  }

  private RequestContext context(Caller caller, String requestId) {
    return new RequestContext(requestId, caller, signing);
  }

  static Job job(Row row) {
    long id = row.getLong("id");
    String status = row.getString("status");
    return new Job(id, row.getString("resource"), row.getString("format"), status, row.getLong("row_count"),
        row.getInteger("progress"), row.getString("error"), JobsSql.DONE.equals(status) ? "/api/exports/" + id + "/download" : null,
        Instant.ofEpochMilli(row.getLong("created_at")).toString());
  }

  /** Job filters {@code {name: value or [values]}} as list parameters {@code {name: [text...]}}. */
  static JsonObject params(JsonObject filters) {
    JsonObject params = new JsonObject();
    for (Map.Entry<String, Object> e : filters) {
      JsonArray values = new JsonArray();
      Object v = e.getValue();
      if (v instanceof JsonArray list) {
        for (Object item : list) values.add(scalar(e.getKey(), item));
      } else {
        values.add(scalar(e.getKey(), v));
      }
      params.put(e.getKey(), values);
    }
    return params;
  }

  private static String scalar(String name, Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) return value.toString();
    throw new IllegalArgumentException("The value of " + name + " must be a string, a number, a boolean or a list of them.");
  }

  static long now() {
    return Dialect.now().toEpochMilli();
  }
}
