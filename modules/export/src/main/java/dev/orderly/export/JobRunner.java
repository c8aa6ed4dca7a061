package dev.orderly.export;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.ExportMessages.JobEvent;
import dev.orderly.core.bus.ExportMessages.StreamedFile;
import dev.orderly.core.bus.ReadStreamSource;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.metrics.NodeMetrics;
import dev.orderly.core.metrics.OrderlyMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one export job: counts the rows (for {@code progress}), writes them with {@link ExportWriter} to
 * {@code MEDIA_ROOT/exports/<id>.<ext>}, and records progress (at most every {@link #PROGRESS_MS}), the end or
 * the failure in the job's row, publishing each on {@code orderly.events.exports}, and counting it in
 * {@code orderly.export.jobs}.
 */
final class JobRunner {
  static final long PROGRESS_MS = 500;
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final Vertx vertx;
  private final Pool pool;
  private final JobsSql sql;
  private final ResourceService resources;
  private final ExportWriter writer;
  private final Path directory;
  private final BiConsumer<String, Row> publish;
  private final MeterProvider<Counter> rowCounts;
  private final Counter done;
  private final Counter failed;

  JobRunner(Vertx vertx, Pool pool, JobsSql sql, ResourceService resources, ExportWriter writer, Path directory,
            BiConsumer<String, Row> publish) {
    this.vertx = vertx;
    this.pool = pool;
    this.sql = sql;
    this.resources = resources;
    this.writer = writer;
    this.directory = directory;
    this.publish = publish;
    MeterRegistry registry = NodeMetrics.of(vertx).registry();
    this.rowCounts = OrderlyMeters.exportRows(registry);
    this.done = OrderlyMeters.exportJobs(registry, JobsSql.DONE);
    this.failed = OrderlyMeters.exportJobs(registry, JobsSql.FAILED);
  }

  /** Checks a job's parameters as its first page would: a bad filter is the submitter's 400, not a failed job. */
  Future<Void> check(String resource, JsonObject params, RequestContext context) {
    return resources.rows(new ResourceRequest.Rows(resource, params, null, 1), context).mapEmpty();
  }

  Future<Void> run(Row job, RequestContext context) {
    long id = job.getLong("id");
    String resource = job.getString("resource");
    ExportFormat format = ExportFormat.of(job.getString("format"));
    JsonObject params = new JsonObject(job.getString("filters"));
    String file = id + "." + format.extension;
    Path target = path(file);
    long[] lastReport = {0};
    return vertx.fileSystem().mkdirs(directory.toString())
        .compose(v -> count(resource, params, context))
        .compose(total -> {
          RowPages pages = new RowPages(resources, resource, params, context, ResourceRequest.Rows.MAX_LIMIT, rowCounts, format);
          return pages.next().compose(first -> writer.write(format, resource, pages, first, target, rows -> {
            long now = System.currentTimeMillis();
            if (now - lastReport[0] < PROGRESS_MS) return;
            lastReport[0] = now;
            int progress = total == 0 ? 99 : (int) Math.min(99, rows * 100 / total);
            sql.progress.execute(pool, Map.of("id", id, "rows", rows, "progress", progress, "now", ExportJobs.now()))
                .compose(r -> sql.byId.execute(pool, Map.of("id", id)))
                .onSuccess(r -> r.forEach(row -> publish.accept(JobEvent.PROGRESS, row)));
          }, () -> false));
        })
        .compose(rows -> sql.done.execute(pool, Map.of("id", id, "rows", rows, "file", file, "now", ExportJobs.now())))
        .onSuccess(rows -> {
          done.increment();
          rows.forEach(row -> publish.accept(JobEvent.DONE, row));
        })
        .recover(e -> {
          failed.increment();
          ServiceError error = Consumers.toServiceError(e);
          String message = error.status() >= 500 && error.status() != 503 ? "Internal error." : detail(error);
          if (error.status() >= 500) log.warn("rid=job-{} export job failed", id, e);
          return sql.failed.execute(pool, Map.of("id", id, "error", message, "now", ExportJobs.now()))
              .onSuccess(rows -> rows.forEach(row -> publish.accept(JobEvent.FAILED, row)));
        })
        .mapEmpty();
  }

  /** The file of a finished job, as a stream. */
  Future<StreamedFile> file(Row job) {
    Path file = path(job.getString("file"));
    return vertx.fileSystem().props(file.toString())
        .recover(e -> Future.failedFuture(ServiceError.notFound()))
        .compose(props -> vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true).setWrite(false))
            .compose(f -> BusStream.serve(vertx, new ReadStreamSource(f.setReadBufferSize(BusStream.CHUNK_SIZE), f::close),
                BusStream.DEFAULT_IDLE_TIMEOUT_MS))
            .map(address -> new StreamedFile(address, job.getString("filename"), ExportFormat.of(job.getString("format")).contentType,
                props.size())));
  }

  Path path(String file) {
    return directory.resolve(file);
  }

  private Future<Long> count(String resource, JsonObject params, RequestContext context) {
    JsonObject one = params.copy().put("page_size", new JsonArray().add("1")).put("page", new JsonArray().add("1"));
    return resources.list(new ResourceRequest.ListPage(resource, one, "/api/" + resource + "/"), context)
        .map(reply -> reply.json().getLong("count"));
  }

  /** The message of a service error: its {@code detail}, else its first field message. */
  private static String detail(ServiceError error) {
    JsonObject body = error.body();
    if (body.getString("detail") != null) return body.getString("detail");
    for (String field : body.fieldNames()) {
      Object messages = body.getValue(field);
      if (messages instanceof JsonArray list && !list.isEmpty()) return field + ": " + list.getValue(0);
    }
    return "Export failed.";
  }
}
