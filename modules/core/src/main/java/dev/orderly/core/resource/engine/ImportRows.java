package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.BusStream;
import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.ImportRow;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.IdempotencyKeys;
import dev.orderly.core.metrics.NodeMetrics;
import dev.orderly.core.metrics.OrderlyMeters;
import dev.orderly.core.resource.model.RecordValues;
import dev.orderly.core.resource.model.ResourceDef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * An import ({@link ResourceRequest.Import}), all or nothing: the rows are pulled from their stream
 * ({@link ImportLines}) one at a time inside one transaction, each turned into a request body
 * ({@link ImportCells}) and validated, checked, hooked, written and audited exactly as a create or an update
 * of the API ({@link Validator}, {@link RecordWrites}). Each row's writes run under a savepoint, so a row the
 * database refuses (a unique value, a missing reference) is undone alone and the rows after it are still
 * checked; two rows of the file that claim one unique value are caught by {@link ImportRun}. Any error, or a
 * dry run, rolls the whole transaction back: nothing written, no event. The reply is API.md's summary, a 400
 * with the same body when there were errors. Resources with child rows (purchase orders) are not importable
 * (405). The caller's permissions are the export service's to check. An import with an idempotency key claims it
 * first in its transaction: a key already used replays that import's summary, its rows unread; a dry run or a
 * refused file rolls the key back with everything else.
 */
final class ImportRows {
  /** How long one pull of the stream may take before the import gives up (the producer's idle timeout). */
  static final long PULL_TIMEOUT_MS = BusStream.DEFAULT_IDLE_TIMEOUT_MS;

  private final Vertx vertx;
  private final Pool pool;
  private final Dialect dialect;
  private final ResourceCatalog catalog;
  private final RecordReader reader;
  private final RecordWrites writes;
  private final ReferenceCheck references;
  private final ChangeLog changeLog;
  private final IdempotencyKeys keys;
  private final MeterProvider<Counter> rowCounts;

  ImportRows(Vertx vertx, Pool pool, Dialect dialect, ResourceCatalog catalog, RecordReader reader, RecordWrites writes,
             ReferenceCheck references, ChangeLog changeLog, IdempotencyKeys keys) {
    this.vertx = vertx;
    this.pool = pool;
    this.dialect = dialect;
    this.catalog = catalog;
    this.reader = reader;
    this.writes = writes;
    this.references = references;
    this.changeLog = changeLog;
    this.keys = keys;
    this.rowCounts = OrderlyMeters.importRows(NodeMetrics.of(vertx).registry());
  }

  /** What one import works with: its transaction's connection, the caller and the time of every write. */
  private record Work(SqlConnection conn, ResourceDef def, ImportRun run, RequestContext context, Instant now) {}

  /** Thrown to roll the transaction back when the import had errors or was a dry run. */
  private static final class RolledBack extends RuntimeException {
    RolledBack() {
      super("import rolled back", null, false, false);
    }
  }

  Future<ResourceReply> run(ResourceRequest.Import request, RequestContext context) {
    ImportLines lines = new ImportLines(BusStream.reader(vertx, request.stream(), PULL_TIMEOUT_MS));
    ResourceDef def;
    try {
      def = catalog.def(request.resource());
    } catch (ServiceError e) {
      lines.cancel();
      return Future.failedFuture(e);
    }
    if (def.childrenField() != null) {
      lines.cancel();
      return Future.failedFuture(ServiceError.of(405, ErrorCodes.METHOD_NOT_ALLOWED,
          "Import is not allowed for " + def.name() + ": their " + def.childrenField().name() + " have no columns."));
    }
    ImportRun run = new ImportRun(def, request.dryRun());
    Instant now = Dialect.now();
    // run once: the rows come from a stream read once, and the run counts what it wrote (a conflict is a 503)
    return Database.transactionOnce(pool, dialect, conn -> keys.once(conn, context, () -> all(new Work(conn, def, run, context, now), lines)
            .compose(v -> run.failed() || run.dryRun() ? Future.<ResourceReply>failedFuture(new RolledBack())
                : Future.succeededFuture(ResourceReply.of(run.summary())))))
        .recover(e -> {
          if (e instanceof RolledBack) return Future.succeededFuture();
          lines.cancel();
          return Future.failedFuture(e);
        })
        .compose(answer -> {
          if (answer != null && answer.replayed()) {
            lines.cancel();
            return Future.succeededFuture(answer);
          }
          JsonObject summary = run.summary();
          if (!run.dryRun()) counted(def, run, summary);
          if (run.failed()) return Future.failedFuture(new ServiceError(400, summary));
          if (!run.dryRun()) changeLog.committed();
          return Future.succeededFuture(ResourceReply.of(summary));
        });
  }

  /** Counts the rows of an import that was not a dry run: by outcome when written, all as rejected when refused. */
  private void counted(ResourceDef def, ImportRun run, JsonObject summary) {
    if (run.failed()) {
      count(def, "rejected", run.rows());
      return;
    }
    for (String outcome : new String[] {"created", "updated", "unchanged"}) count(def, outcome, summary.getLong(outcome));
  }

  private void count(ResourceDef def, String outcome, long rows) {
    if (rows > 0) rowCounts.withTags("resource", def.table(), "outcome", outcome).increment(rows);
  }

  /** Every row of the stream in turn, or the first failure that is not a row's error. */
  private Future<Void> all(Work work, ImportLines lines) {
    Promise<Void> done = Promise.promise();
    drive(() -> lines.next().compose(row -> {
      if (row == null) return Future.succeededFuture(false);
      if (!work.run().admit(row)) {
        lines.cancel();
        return Future.succeededFuture(false);
      }
      return row(work, row).map(true);
    }), done);
    return done.future();
  }

  /**
   * Runs {@code step} until it answers false, without growing the stack when steps complete at once (rows
   * that fail validation touch no database), and resuming from the callback when they do not.
   */
  private static void drive(Supplier<Future<Boolean>> step, Promise<Void> done) {
    while (true) {
      Future<Boolean> next;
      try {
        next = step.get();
      } catch (RuntimeException e) {
        next = Future.failedFuture(e);
      }
      if (!next.isComplete()) {
        next.onComplete(ar -> {
          if (ar.failed()) done.tryFail(ar.cause());
          else if (ar.result()) drive(step, done);
          else done.tryComplete();
        });
        return;
      }
      if (next.failed()) {
        done.tryFail(next.cause());
        return;
      }
      if (!next.result()) {
        done.tryComplete();
        return;
      }
    }
  }

  /** One row: its errors recorded, or its create or update written under a savepoint. */
  private Future<Void> row(Work work, ImportRow row) {
    ImportRun run = work.run();
    run.columns(row.values());
    ImportCells cells = ImportCells.of(work.def(), row.values());
    if (cells.blank()) return Future.succeededFuture();
    int before = run.errorCount();
    run.errors(row.row(), cells.errors());
    Validator.Input input = null;
    try {
      input = Validator.validate(work.def(), cells.data(), !cells.update(), cells.update());
    } catch (ServiceError e) {
      run.errors(row.row(), e.body());
    }
    run.duplicates(row.row(), cells);
    Validator.Input valid = input;
    if (!cells.update()) {
      if (run.errorCount() > before) return Future.succeededFuture();
      return savepoint(work.conn(), () -> writes.insert(work.conn(), work.def(), valid, work.context(), work.now()))
          .<Void>map(created -> {
            run.created();
            return null;
          })
          .recover(e -> refused(work, row, valid, e));
    }
    if (cells.id() == null) return Future.succeededFuture();
    return existing(work, row, cells).compose(existing -> {
      if (existing == null || run.errorCount() > before) return Future.succeededFuture();
      return savepoint(work.conn(), () -> writes.update(work.conn(), work.def(), existing, valid, work.context(), work.now()))
          .<Void>map(outcome -> {
            if (outcome.after() == null) run.unchanged();
            else run.updated();
            return null;
          })
          .recover(e -> refused(work, row, valid, e));
    });
  }

  /**
   * The record a row updates, read for update, if it exists, may be changed and has the row's version; else
   * null, with the error on {@code id}, {@code non_field_errors} or {@code version}.
   */
  private Future<Found> existing(Work work, ImportRow row, ImportCells cells) {
    ResourceDef def = work.def();
    return reader.load(work.conn(), def, cells.id(), true)
        .compose(found -> def.hooks().checkWritable(RecordValues.of(found.record())).map(found))
        .map(found -> {
          if (cells.version() != null && !cells.version().equals(found.version())) {
            work.run().error(row.row(), "version", "The record's version is " + found.version() + ", not " + cells.version()
                + ": it changed since it was exported.");
            return null;
          }
          return found;
        })
        .recover(e -> {
          if (!(e instanceof ServiceError se) || se.status() >= 500) return Future.failedFuture(e);
          if (se.status() == 404) work.run().error(row.row(), "id", "Invalid pk \"" + cells.id() + "\" - object does not exist.");
          else work.run().errors(row.row(), se.body());
          return Future.succeededFuture(null);
        });
  }

  /**
   * A row whose write failed (and was undone): a constraint, a missing reference (named field by field) or a
   * hook's refusal is that row's error; anything else fails the import.
   */
  private Future<Void> refused(Work work, ImportRow row, Validator.Input input, Throwable e) {
    Throwable translated = WriteErrors.translate(work.def(), e, false);
    Future<Void> explained = WriteErrors.isForeignKey(e)
        ? references.explain(work.conn(), work.def(), input, translated)
        : Future.failedFuture(translated);
    return explained.recover(failure -> {
      if (!(failure instanceof ServiceError se) || se.status() >= 500) return Future.failedFuture(failure);
      work.run().errors(row.row(), se.body());
      return Future.succeededFuture();
    });
  }

  /** Runs {@code write} under a savepoint: released when it succeeds, rolled back to (alone) when it fails. */
  private static <T> Future<T> savepoint(SqlConnection conn, Supplier<Future<T>> write) {
    return conn.query("SAVEPOINT import_row").execute()
        .compose(v -> write.get())
        .compose(result -> conn.query("RELEASE SAVEPOINT import_row").execute().map(result),
            failure -> conn.query("ROLLBACK TO SAVEPOINT import_row").execute()
                .compose(v -> conn.query("RELEASE SAVEPOINT import_row").execute())
                .transform(undone -> Future.<T>failedFuture(undone.succeeded() ? failure : undone.cause())));
  }
}
