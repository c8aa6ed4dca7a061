package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceReply;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ResourceService;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.IdempotencyKeys;
import dev.orderly.core.metrics.NodeMetrics;
import dev.orderly.core.metrics.OrderlyMeters;
import dev.orderly.core.resource.model.RecordValues;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.model.Workflow;
import dev.orderly.core.resource.openapi.SimpleMetadata;
import dev.orderly.core.resource.query.QueryParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The generic resource engine: list, get, create, update, delete, workflow transitions, history, export rows
 * and imports for any {@link ResourceDef}, on either dialect, as a {@link ResourceService}. Each action is a
 * flat chain of named steps; list pages ({@link ListPages}), reading records ({@link RecordReader}), the steps
 * of a create or update ({@link RecordWrites}, over {@link RecordWriter}), reference checks
 * ({@link ReferenceCheck}), {@code If-Match} ({@link IfMatch}), transitions ({@link Transitions}), history
 * ({@link History}), export rows ({@link ExportRows}), imports ({@link ImportRows}) and constraint errors
 * ({@link WriteErrors}) live in their own classes. A write runs in one transaction with its change-log row (audit entry and
 * event at once); the {@link ChangeLog}'s relay publishes the event after commit. Replies carry the
 * rendered JSON, encoded once. A write with an idempotency key claims it first in its transaction
 * ({@link IdempotencyKeys#once}): a key already used replays the first reply and writes nothing.
 */
public final class CrudEngine implements ResourceService {
  /** The entity service's audit table, the default. */
  public static final String DEFAULT_AUDIT_TABLE = AuditLog.DEFAULT_TABLE;

  private final Vertx vertx;
  private final Pool pool;
  private final SqlClient reads;
  private final ResourceCatalog catalog;
  private final RecordReader reader;
  private final ReferenceCheck references;
  private final AuditLog audit;
  private final RecordWrites writes;
  private final ListPages lists;
  private final ExportRows exports;
  private final ImportRows imports;
  private final Transitions transitions;
  private final History history;
  private final Dialect dialect;
  private final ChangeLog changeLog;
  private final IdempotencyKeys keys;
  private final MeterProvider<Counter> transitionCounts;

  /**
   * @param pool  connections for transactions (writes)
   * @param reads the client for single-statement reads; may be {@code pool}
   */
  public CrudEngine(Vertx vertx, Pool pool, SqlClient reads, Dialect dialect, List<ResourceDef> definitions) {
    this(vertx, pool, reads, dialect, definitions, AuditLog.DEFAULT_TABLE,
        new IdempotencyKeys(pool, dialect, IdempotencyKeys.DEFAULT_TABLE, IdempotencyKeys.DEFAULT_TTL));
  }

  /**
   * @param auditTable the table of this service's audit trail (same columns as {@code audit_log})
   * @param keys       this service's idempotency keys
   */
  public CrudEngine(Vertx vertx, Pool pool, SqlClient reads, Dialect dialect, List<ResourceDef> definitions, String auditTable,
                    IdempotencyKeys keys) {
    this.vertx = vertx;
    this.keys = keys;
    this.pool = pool;
    this.reads = reads;
    this.dialect = dialect;
    this.catalog = new ResourceCatalog(dialect, definitions);
    this.reader = new RecordReader(catalog);
    RecordWriter writer = new RecordWriter(catalog, reader);
    this.references = new ReferenceCheck(catalog, reader);
    this.audit = new AuditLog(dialect, auditTable);
    this.writes = new RecordWrites(dialect, reader, writer, references, audit);
    this.lists = new ListPages(catalog, reader, reads);
    this.exports = new ExportRows(catalog, reader, reads);
    this.transitions = new Transitions(reader, writer, dialect);
    this.history = new History(dialect, auditTable);
    this.changeLog = new ChangeLog(vertx, pool, reads, dialect, auditTable, catalog);
    this.imports = new ImportRows(vertx, pool, dialect, catalog, reader, writes, references, changeLog, keys);
    this.transitionCounts = OrderlyMeters.transitions(NodeMetrics.of(vertx).registry());
  }

  /** This engine's change log: its relay and its feed, started by the service that publishes it. */
  public ChangeLog changeLog() {
    return changeLog;
  }

  /** This engine's idempotency keys: their purge is started by the service that runs the engine. */
  public IdempotencyKeys idempotencyKeys() {
    return keys;
  }

  /** Checks every definition against its real table, one at a time; a missing column stops the service. */
  public Future<Void> checkTables() {
    return TableCheck.all(pool, catalog);
  }

  /** The definitions this engine serves, by URL name. */
  public Map<String, ResourceDef> resources() {
    return catalog.all();
  }

  /** Runs {@code request}'s own action. */
  @Override
  public Future<ResourceReply> handle(ResourceRequest request, RequestContext context) {
    return request.runOn(this, context);
  }

  // ---- reads ------------------------------------------------------------------------------------

  @Override
  public Future<ResourceReply> list(ResourceRequest.ListPage request, RequestContext context) {
    return lists.list(request);
  }

  @Override
  public Future<ResourceReply> get(ResourceRequest.Get request, RequestContext context) {
    ResourceDef def = catalog.def(request.resource());
    long id = idOf(request.id());
    List<String> fields = QueryParser.fields(def, request.params());
    return reader.load(reads, def, id, false).map(found -> reply(def, found, fields));
  }

  // ---- writes -----------------------------------------------------------------------------------

  @Override
  public Future<ResourceReply> create(ResourceRequest.Create request, RequestContext context) {
    ResourceDef def = catalog.def(request.resource());
    Validator.Input input = Validator.validate(def, request.data(), true, false);
    Instant now = Dialect.now();
    return Database.transaction(pool, dialect, conn -> keys.once(conn, context, () -> writes.insert(conn, def, input, context, now)
            .map(created -> reply(def, created, List.of()))))
        .recover(e -> failed(def, input, e))
        .map(this::published);
  }

  @Override
  public Future<ResourceReply> update(ResourceRequest.Update request, RequestContext context) {
    ResourceDef def = catalog.def(request.resource());
    long id = idOf(request.id());
    Instant now = Dialect.now();
    Validator.Input[] validated = {null};
    return Database.transaction(pool, dialect, conn -> keys.once(conn, context, () -> reader.load(conn, def, id, true)
            .compose(existing -> writable(def, existing, request.ifMatch()))
            .compose(existing -> {
              validated[0] = Validator.validate(def, request.data(), false, request.partial());
              return writes.update(conn, def, existing, validated[0], context, now);
            })
            .map(outcome -> reply(def, outcome.after() == null ? outcome.before() : outcome.after(), List.of()))))
        .recover(e -> failed(def, validated[0], e))
        .map(this::published);
  }

  @Override
  public Future<ResourceReply> delete(ResourceRequest.Delete request, RequestContext context) {
    ResourceDef def = catalog.def(request.resource());
    long id = idOf(request.id());
    Instant now = Dialect.now();
    return Database.transaction(pool, dialect, conn -> keys.once(conn, context, () -> reader.load(conn, def, id, true)
            .compose(existing -> writable(def, existing, request.ifMatch()))
            .compose(existing -> catalog.sql(def).delete.execute(conn, Map.of("id", id)).map(existing))
            .compose(existing -> writes.audit(conn, def, "deleted", existing, null, context, now))
            .map(deleted -> ResourceReply.of(new JsonObject()))))
        .recover(e -> Future.failedFuture(WriteErrors.translate(def, e, true)))
        .map(this::published);
  }

  @Override
  public Future<ResourceReply> transition(ResourceRequest.Transition request, RequestContext context) {
    ResourceDef def = catalog.def(request.resource());
    Workflow.Transition t = Transitions.of(def, request);
    long id = idOf(request.id());
    Instant now = Dialect.now();
    return Database.transaction(pool, dialect, conn -> keys.once(conn, context, () -> transitions.run(conn, def, id, t, request, context, now)
            .compose(moved -> audit.write(conn, new AuditLog.Entry(def.table(), id, t.event(),
                String.valueOf(moved.before().record().get(def.workflow().statusField())), t.to(), moved.comment(),
                Records.changes(def, moved.before().record(), moved.before().children(), moved.after().record(), moved.after().children()),
                moved.after().version(), moved.after().render(def, List.of())), context, now).map(moved))
            .map(moved -> reply(def, moved.after(), List.of()))))
        .recover(e -> Future.failedFuture(WriteErrors.translate(def, e, false)))
        .onComplete(ar -> counted(def, t, ar))
        .map(this::published);
  }

  /** Counts a transition by its outcome: done, or what refused it ({@link OrderlyMeters#outcome}); a replay is no transition. */
  private void counted(ResourceDef def, Workflow.Transition t, AsyncResult<ResourceReply> ar) {
    if (ar.succeeded() && ar.result().replayed()) return;
    String outcome = ar.succeeded() ? OrderlyMeters.DONE
        : ar.cause() instanceof ServiceError se ? OrderlyMeters.outcome(se.status()) : OrderlyMeters.outcome(500);
    transitionCounts.withTags("resource", def.table(), "transition", t.name(), "outcome", outcome).increment();
  }

  // ---- export and import ----------------------------------------------------------------------

  /** One keyset page of export rows ({@link ExportRows}). */
  @Override
  public Future<ResourceReply> rows(ResourceRequest.Rows request, RequestContext context) {
    return exports.rows(request);
  }

  /** An all-or-nothing import of the rows streamed at the request's address ({@link ImportRows}). */
  @Override
  public Future<ResourceReply> importRows(ResourceRequest.Import request, RequestContext context) {
    return imports.run(request, context);
  }

  @Override
  public Future<ResourceReply> history(ResourceRequest.History request, RequestContext context) {
    ResourceDef def = catalog.def(request.resource());
    long id = idOf(request.id());
    return reader.load(reads, def, id, false).map(true).recover(e -> e instanceof ServiceError se && se.status() == 404
            ? Future.succeededFuture(false) : Future.failedFuture(e))
        .compose(exists -> history.of(reads, def, id, exists, context.caller()))
        .map(ResourceReply::of);
  }

  /** What the definition says of the resource's fields, for OPTIONS ({@link SimpleMetadata}). */
  @Override
  public Future<ResourceReply> describe(ResourceRequest.Describe request, RequestContext context) {
    return Future.succeededFuture(ResourceReply.of(SimpleMetadata.of(catalog.def(request.resource()))));
  }

  // ---- steps ------------------------------------------------------------------------------------

  /** A failed create or update: a foreign-key violation explained field by field, a constraint as its 400 or 409. */
  private <T> Future<T> failed(ResourceDef def, Validator.Input input, Throwable e) {
    Throwable translated = WriteErrors.translate(def, e, false);
    if (input == null || !WriteErrors.isForeignKey(e)) return Future.failedFuture(translated);
    return references.explain(pool, def, input, translated).map(v -> (T) null);
  }

  /** 412 unless {@code If-Match} names the record's version, then the resource's own rule (drafts only...). */
  private static Future<Found> writable(ResourceDef def, Found existing, String ifMatch) {
    IfMatch.check(ifMatch, existing.version());
    return def.hooks().checkWritable(RecordValues.of(existing.record())).map(existing);
  }

  /** After a write committed: its event is in the change log, which the relay publishes (a replay wrote nothing). */
  private ResourceReply published(ResourceReply reply) {
    if (!reply.replayed()) changeLog.committed();
    return reply;
  }

  private static ResourceReply reply(ResourceDef def, Found found, List<String> fields) {
    return new ResourceReply(found.render(def, fields).toBuffer(), found.id(), found.version());
  }

  /** A record id from the URL: anything but a positive integer is simply not found. */
  private static long idOf(String raw) {
    try {
      long id = Long.parseLong(raw);
      if (id > 0) return id;
    } catch (NumberFormatException e) {
      // below
    }
    throw ServiceError.notFound();
  }
}
