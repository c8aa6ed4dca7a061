package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.Consumers.Reply;
import dev.orderly.core.bus.EntitiesClient;
import dev.orderly.core.bus.ErrorCodes;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.ConstraintViolation;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.resource.model.ChildDef;
import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.FieldType;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.query.ListQuery;
import dev.orderly.core.resource.query.QueryParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generic CRUD engine: list, get, create, update and delete for any {@link ResourceDef}, on either
 * dialect. Writes run in one transaction with their audit row; the change event is published after
 * commit. Replies carry the rendered JSON, encoded once.
 */
public final class CrudEngine {
  private final Vertx vertx;
  private final Pool pool;
  private final SqlClient reads;
  private final Dialect dialect;
  private final Map<String, ResourceDef> resources = new LinkedHashMap<>();
  private final Map<String, ResourceSql> sql = new HashMap<>();
  private final AuditLog audit;

  /**
   * @param pool  connections for transactions (writes)
   * @param reads the client for single-statement reads; may be {@code pool}
   */
  public CrudEngine(Vertx vertx, Pool pool, SqlClient reads, Dialect dialect, List<ResourceDef> definitions) {
    this(vertx, pool, reads, dialect, definitions, AuditLog.DEFAULT_TABLE);
  }

  /** @param auditTable the table of this service's audit trail (same columns as {@code audit_log}) */
  public CrudEngine(Vertx vertx, Pool pool, SqlClient reads, Dialect dialect, List<ResourceDef> definitions, String auditTable) {
    this.vertx = vertx;
    this.pool = pool;
    this.reads = reads;
    this.dialect = dialect;
    this.audit = new AuditLog(dialect, auditTable);
    for (ResourceDef def : definitions) {
      resources.put(def.name(), def);
      sql.put(def.name(), new ResourceSql(def, dialect));
    }
  }

  /** Checks every definition against its real table, one at a time; a missing column stops the service. */
  public Future<Void> checkTables() {
    Future<Void> chain = Future.succeededFuture();
    for (ResourceDef def : resources.values()) {
      ResourceSql s = sql.get(def.name());
      chain = chain.compose(v -> probe(def, def.table(), s.probe()));
      if (def.childrenField() != null) chain = chain.compose(v -> probe(def, def.childrenField().childDef().table(), s.probeChildren()));
    }
    return chain;
  }

  private Future<Void> probe(ResourceDef def, String table, dev.orderly.core.db.NamedSql probe) {
    return probe.execute(pool, Map.of()).<Void>mapEmpty().recover(e -> Future.failedFuture(new IllegalStateException(
        "resource " + def.name() + ": table " + table + " does not match its definition: " + e.getMessage())));
  }

  public Future<Reply> ping(JsonObject body, RequestContext request) {
    return pool.query("SELECT 1").execute().map(rs -> Reply.of(new JsonObject().put("status", "UP")));
  }

  // ---- reads ------------------------------------------------------------------------------------

  public Future<Reply> list(JsonObject body, RequestContext request) {
    ResourceDef def = resource(body);
    ListQuery query = QueryParser.parse(def, params(body));
    String url = body.getString(EntitiesClient.URL);
    Future<Long> count = countOf(def, query);
    if (query.page() == ListQuery.LAST_PAGE) {
      return count.compose(n -> page(def, query, (int) Math.max(1, (n + query.pageSize() - 1) / query.pageSize()), count, url));
    }
    // the page and its count run side by side; a page past the end is only known once both answered
    return page(def, query, query.page(), count, url);
  }

  private Future<Long> countOf(ResourceDef def, ListQuery query) {
    ResourceSql.ListStatements st = sql.get(def.name()).list(query, query.pageSize(), 0);
    return st.count().execute(reads, st.params()).map(rs -> rs.iterator().next().getLong("count"));
  }

  private Future<Reply> page(ResourceDef def, ListQuery query, int page, Future<Long> count, String url) {
    long offset = (long) (page - 1) * query.pageSize();
    ResourceSql.ListStatements st = sql.get(def.name()).list(query, query.pageSize(), offset);
    Future<RowSet<Row>> rows = st.page().execute(reads, st.params());
    return Future.all(count, rows).compose(both -> {
      long total = count.result();
      if (page > 1 && offset >= total) return Future.failedFuture(QueryParser.invalidPage());
      List<Map<String, Object>> records = new ArrayList<>();
      for (Row row : rows.result()) records.add(Records.read(def, row));
      return namesOf(reads, def, records, query.fields()).compose(v -> childrenOf(reads, def, records, query.fields())).map(children -> {
        JsonArray results = new JsonArray();
        for (Map<String, Object> r : records) {
          List<Map<String, Object>> own = def.childrenField() == null ? List.of()
              : Records.childrenOf(children, def.childrenField().childDef().parentColumn(), r.get("id"));
          results.add(Records.render(def, r, own, query.fields()));
        }
        boolean hasNext = offset + records.size() < total;
        JsonObject out = new JsonObject()
            .put("count", total)
            .put("next", hasNext ? PageLinks.withPage(url, page + 1) : null)
            .put("previous", page > 1 ? PageLinks.withPage(url, page - 1) : null)
            .put("results", results);
        return Reply.of(out.toBuffer());
      });
    });
  }

  public Future<Reply> get(JsonObject body, RequestContext request) {
    ResourceDef def = resource(body);
    long id = id(body);
    List<String> fields = QueryParser.fields(def, params(body));
    return load(reads, def, id, false).map(found -> reply(def, found.record(), found.children(), fields));
  }

  // ---- writes -----------------------------------------------------------------------------------

  public Future<Reply> create(JsonObject body, RequestContext request) {
    ResourceDef def = resource(body);
    Validator.Input input = Validator.validate(def, data(body), true, false);
    Instant now = Dialect.now();
    Map<String, Object> values = new LinkedHashMap<>(input.values());
    values.put("version", 1L);
    values.put("created_at", now);
    values.put("updated_at", now);
    return pool.withTransaction(conn -> {
      WriteContext w = new WriteContext(conn, dialect, def, request, now, null, values, input.children(), List.of());
      return checkReferences(w, input)
          .compose(v -> def.hooks().beforeWrite(w))
          .compose(v -> insert(w))
          .compose(id -> load(conn, def, id, false))
          .compose(created -> audit.write(conn, new AuditLog.Entry(def.table(), (Long) created.record().get("id"), "created",
                  null, null, null, Records.changes(def, null, null, created.record(), created.children())), request, now)
              .map(created));
    }).recover(e -> Future.failedFuture(translate(def, e, false)))
        .map(created -> publishAndReply(def, "created", created, request, now));
  }

  public Future<Reply> update(JsonObject body, RequestContext request) {
    ResourceDef def = resource(body);
    long id = id(body);
    boolean partial = body.getBoolean(EntitiesClient.PARTIAL, false);
    JsonObject data = data(body);
    String ifMatch = body.getString(EntitiesClient.IF_MATCH);
    Instant now = Dialect.now();
    return pool.withTransaction(conn -> load(conn, def, id, true).compose(existing -> {
      checkVersion(ifMatch, existing.record());
      return def.hooks().checkWritable(existing.record()).compose(v -> {
        Validator.Input input = Validator.validate(def, data, false, partial);
        Map<String, Object> values = new LinkedHashMap<>(existing.record());
        values.putAll(input.values());
        WriteContext w = new WriteContext(conn, dialect, def, request, now, existing.record(), values, input.children(),
            existing.children());
        return checkReferences(w, input)
            .compose(x -> def.hooks().beforeWrite(w))
            .compose(x -> write(w, existing))
            .compose(changed -> changed == null ? Future.succeededFuture((Changed) null)
                : load(conn, def, id, false).compose(after -> {
                  JsonObject changes = Records.changes(def, existing.record(), existing.children(), after.record(), after.children());
                  return audit.write(conn, new AuditLog.Entry(def.table(), id, "updated", null, null, null, changes), request, now)
                      .map(new Changed(after, true));
                }))
            .map(changed -> changed == null ? new Changed(existing, false) : changed);
      });
    })).recover(e -> Future.failedFuture(translate(def, e, false)))
        .map(changed -> changed.changed()
            ? publishAndReply(def, "updated", changed.found(), request, now)
            : reply(def, changed.found().record(), changed.found().children(), List.of()));
  }

  public Future<Reply> delete(JsonObject body, RequestContext request) {
    ResourceDef def = resource(body);
    long id = id(body);
    String ifMatch = body.getString(EntitiesClient.IF_MATCH);
    Instant now = Dialect.now();
    ResourceSql s = sql.get(def.name());
    return pool.withTransaction(conn -> load(conn, def, id, true).compose(existing -> {
      checkVersion(ifMatch, existing.record());
      return def.hooks().checkWritable(existing.record())
          .compose(v -> s.delete.execute(conn, Map.of("id", id)))
          .compose(v -> audit.write(conn, new AuditLog.Entry(def.table(), id, "deleted", null, null, null,
              Records.changes(def, existing.record(), existing.children(), null, null)), request, now))
          .map(existing);
    })).recover(e -> Future.failedFuture(translate(def, e, true)))
        .map(deleted -> {
          vertx.eventBus().publish(Events.address(def.table()), Events.change("deleted", def.name(), id,
              (Long) deleted.record().get("version"), request.caller(), now, null));
          return Reply.of(new JsonObject());
        });
  }

  // ---- pieces -----------------------------------------------------------------------------------

  /** A record and its child rows. */
  record Found(Map<String, Object> record, List<Map<String, Object>> children) {}

  private record Changed(Found found, boolean changed) {}

  private Future<Found> load(SqlClient client, ResourceDef def, long id, boolean forUpdate) {
    ResourceSql s = sql.get(def.name());
    return (forUpdate ? s.selectByIdForUpdate : s.selectById).execute(client, Map.of("id", id)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(ServiceError.notFound());
      Map<String, Object> record = Records.read(def, rows.iterator().next());
      return namesOf(client, def, List.of(record), List.of()).compose(v -> loadChildren(client, def, id, record));
    });
  }

  private Future<Found> loadChildren(SqlClient client, ResourceDef def, long id, Map<String, Object> record) {
    if (def.childrenField() == null) return Future.succeededFuture(new Found(record, List.of()));
    ChildDef c = def.childrenField().childDef();
    return sql.get(def.name()).selectChildren.execute(client, Map.of("parent", id)).map(childRows -> {
      List<Map<String, Object>> children = new ArrayList<>();
      for (Row row : childRows) children.add(Records.readChild(c, row));
      return new Found(record, children);
    });
  }

  /** Fills each record's linked-name fields (those asked for), one query per field. */
  private Future<Void> namesOf(SqlClient client, ResourceDef def, List<Map<String, Object>> records, List<String> fields) {
    Future<Void> chain = Future.succeededFuture();
    if (records.isEmpty()) return chain;
    for (Field f : def.namesFields()) {
      if (!fields.isEmpty() && !fields.contains(f.name())) continue;
      Map<String, Object> params = new HashMap<>();
      Map<Object, List<String>> byOwner = new HashMap<>();
      for (int i = 0; i < records.size(); i++) {
        params.put("p" + i, records.get(i).get("id"));
        byOwner.put(records.get(i).get("id"), new ArrayList<>());
      }
      chain = chain.compose(v -> sql.get(def.name()).selectNames(f, records.size()).execute(client, params).map(rows -> {
        for (Row row : rows) byOwner.get(row.getLong("owner")).add(row.getString("name"));
        for (Map<String, Object> r : records) r.put(f.name(), List.copyOf(byOwner.get(r.get("id"))));
        return null;
      }));
    }
    return chain;
  }

  /** The ids of {@code names} in the field's target table; unknown names are absent from the map. */
  private Future<Map<String, Long>> resolve(SqlClient client, ResourceDef def, Field field, List<String> names) {
    if (names.isEmpty()) return Future.succeededFuture(Map.of());
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < names.size(); i++) params.put("n" + i, names.get(i));
    return sql.get(def.name()).resolveNames(field, names.size()).execute(client, params).map(rows -> {
      Map<String, Long> ids = new HashMap<>();
      for (Row row : rows) ids.put(row.getString("name"), row.getLong("id"));
      return ids;
    });
  }

  /** Replaces the links of every linked-name field the client wrote. */
  @SuppressWarnings("unchecked")
  private Future<Void> writeNames(WriteContext w, long id, Set<String> only) {
    Future<Void> chain = Future.succeededFuture();
    ResourceSql s = sql.get(w.def().name());
    for (Field f : w.def().namesFields()) {
      if (!only.contains(f.name())) continue;
      List<String> names = (List<String>) w.values().get(f.name());
      chain = chain.compose(v -> s.deleteLinks(f).execute(w.connection(), Map.of("owner", id)))
          .compose(v -> resolve(w.connection(), w.def(), f, names))
          .compose(ids -> {
            Future<Void> inserts = Future.succeededFuture();
            for (String name : names) {
              inserts = inserts.compose(x -> s.insertLink(f).execute(w.connection(), Map.of("owner", id, "target", ids.get(name))).mapEmpty());
            }
            return inserts;
          });
    }
    return chain;
  }

  private Future<List<Map<String, Object>>> childrenOf(SqlClient client, ResourceDef def, List<Map<String, Object>> records,
                                                       List<String> fields) {
    Field children = def.childrenField();
    if (children == null || records.isEmpty() || !(fields.isEmpty() || fields.contains(children.name()))) {
      return Future.succeededFuture(List.of());
    }
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < records.size(); i++) params.put("p" + i, records.get(i).get("id"));
    return sql.get(def.name()).selectChildrenOf(records.size()).execute(client, params).map(rows -> {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Row row : rows) out.add(Records.readChild(children.childDef(), row));
      return out;
    });
  }

  private Future<Long> insert(WriteContext w) {
    ResourceSql s = sql.get(w.def().name());
    return s.insert.execute(w.connection(), w.values()).compose(rows -> {
      long id = rows.iterator().next().getLong("id");
      w.values().put("id", id);
      Set<String> names = new HashSet<>();
      for (Field f : w.def().namesFields()) if (w.values().get(f.name()) != null) names.add(f.name());
      return writeChildren(w, id, List.of()).compose(v -> writeNames(w, id, names)).map(id);
    });
  }

  /** Writes the changed columns and children; null when nothing changed (no version bump, no audit). */
  private Future<Object> write(WriteContext w, Found existing) {
    List<String> changed = new ArrayList<>();
    for (Field f : w.def().columns()) {
      String n = f.name();
      if (n.equals("id") || n.equals("version") || n.equals("created_at") || n.equals("updated_at")) continue;
      if (!java.util.Objects.equals(existing.record().get(n), w.values().get(n))) changed.add(n);
    }
    boolean childrenChanged = w.children() != null && childrenDiffer(w.def(), existing.children(), w.children());
    Set<String> namesChanged = new HashSet<>();
    for (Field f : w.def().namesFields()) {
      Object now = w.values().get(f.name());
      if (now != null && !java.util.Objects.equals(existing.record().get(f.name()), now)) namesChanged.add(f.name());
    }
    if (changed.isEmpty() && !childrenChanged && namesChanged.isEmpty()) return Future.succeededFuture(null);
    long id = (Long) existing.record().get("id");
    Map<String, Object> params = new HashMap<>();
    for (String n : changed) params.put(n, w.values().get(n));
    params.put("updated_at", w.now());
    params.put("id", id);
    params.put("version", existing.record().get("version"));
    return sql.get(w.def().name()).update(changed).execute(w.connection(), params).compose(rs -> {
      if (rs.rowCount() == 0) return Future.failedFuture(preconditionFailed());
      return (childrenChanged ? writeChildren(w, id, existing.children()) : Future.<Void>succeededFuture())
          .compose(v -> writeNames(w, id, namesChanged));
    }).map(v -> Boolean.TRUE);
  }

  private static boolean childrenDiffer(ResourceDef def, List<Map<String, Object>> before, List<Map<String, Object>> after) {
    ChildDef c = def.childrenField().childDef();
    return !Records.renderChildren(c, before).equals(Records.renderChildren(c, after));
  }

  /** Replaces the child set: rows with an id are updated, rows without are inserted, missing ones deleted. */
  private Future<Void> writeChildren(WriteContext w, long parentId, List<Map<String, Object>> existing) {
    Field field = w.def().childrenField();
    if (field == null || w.children() == null) return Future.succeededFuture();
    ResourceSql s = sql.get(w.def().name());
    ChildDef c = field.childDef();
    Set<Object> kept = new HashSet<>();
    for (Map<String, Object> row : w.children()) if (row.get("id") != null) kept.add(row.get("id"));
    Future<Void> chain = Future.succeededFuture();
    for (Map<String, Object> old : existing) {
      if (!kept.contains(old.get("id"))) {
        chain = chain.compose(v -> s.deleteChild.execute(w.connection(), Map.of("id", old.get("id"), "parent", parentId)).mapEmpty());
      }
    }
    for (Map<String, Object> row : w.children()) {
      Map<String, Object> params = new HashMap<>();
      for (String n : c.fields().keySet()) params.put(n, row.get(n));
      params.put("parent", parentId);
      chain = chain.compose(v -> (row.get("id") == null ? s.insertChild : s.updateChild).execute(w.connection(), params).mapEmpty());
    }
    return chain;
  }

  /** Every referenced id must exist: DRF's "Invalid pk" on the field, or on the child row's field. */
  private Future<Void> checkReferences(WriteContext w, Validator.Input input) {
    JsonObject errors = new JsonObject();
    List<Future<?>> checks = new ArrayList<>();
    for (Field f : w.def().columns()) {
      Object value = input.values().get(f.name());
      if (f.type() != FieldType.REFERENCE || value == null) continue;
      checks.add(exists(w.connection(), w.def(), f.references(), value).onSuccess(found -> {
        if (!found) errors.put(f.name(), new JsonArray().add("Invalid pk \"" + value + "\" - object does not exist."));
      }));
    }
    Field children = w.def().childrenField();
    JsonArray childErrors = new JsonArray();
    if (children != null && input.children() != null) {
      for (Map<String, Object> row : input.children()) {
        JsonObject rowErrors = new JsonObject();
        childErrors.add(rowErrors);
        for (Field f : children.childDef().fields().values()) {
          Object value = row.get(f.name());
          if (f.type() != FieldType.REFERENCE || value == null || f.name().equals("id")) continue;
          checks.add(exists(w.connection(), w.def(), f.references(), value).onSuccess(found -> {
            if (!found) rowErrors.put(f.name(), new JsonArray().add("Invalid pk \"" + value + "\" - object does not exist."));
          }));
        }
      }
    }
    for (Field f : w.def().namesFields()) {
      Object value = input.values().get(f.name());
      if (!(value instanceof List<?> names) || names.isEmpty()) continue;
      List<String> wanted = names.stream().map(String::valueOf).toList();
      checks.add(resolve(w.connection(), w.def(), f, wanted).onSuccess(ids -> {
        JsonArray missing = new JsonArray();
        for (String name : wanted) {
          if (!ids.containsKey(name)) missing.add("Object with " + f.link().nameColumn() + "=" + name + " does not exist.");
        }
        if (!missing.isEmpty()) errors.put(f.name(), missing);
      }));
    }
    // sequential on one connection; Future.all only gathers the results
    return Future.all(checks).compose(v -> {
      if (childErrors.stream().anyMatch(e -> !((JsonObject) e).isEmpty())) errors.put(children.name(), childErrors);
      return errors.isEmpty() ? Future.succeededFuture() : Future.failedFuture(ServiceError.validation(errors));
    });
  }

  private Future<Boolean> exists(SqlConnection conn, ResourceDef def, String table, Object id) {
    return sql.get(def.name()).exists(table).execute(conn, Map.of("id", id)).map(rs -> rs.size() > 0);
  }

  private static void checkVersion(String ifMatch, Map<String, Object> record) {
    if (ifMatch == null || ifMatch.isBlank()) return;
    String current = String.valueOf(record.get("version"));
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) t = t.substring(2);
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
      if (t.equals("*") || t.equals(current)) return;
    }
    throw preconditionFailed();
  }

  private static ServiceError preconditionFailed() {
    return ServiceError.of(412, ErrorCodes.PRECONDITION_FAILED, "The record has changed since it was read (If-Match does not match its version).");
  }

  /** Database constraint errors become the 400 or 409 a client can act on. */
  private static Throwable translate(ResourceDef def, Throwable e, boolean deleting) {
    if (e instanceof ServiceError) return e;
    return ConstraintViolation.of(e).<Throwable>map(v -> switch (v.kind()) {
      case UNIQUE -> ServiceError.invalid(v.column() == null ? "non_field_errors" : v.column(),
          def.singular() + " with this " + (v.column() == null ? "value" : v.column().replace('_', ' ')) + " already exists.");
      case FOREIGN_KEY -> deleting
          ? ServiceError.of(409, ErrorCodes.IN_USE, "This " + def.singular() + " is referenced by other records and cannot be deleted.")
          : ServiceError.invalid(v.column() == null ? "non_field_errors" : v.column(), "A referenced record does not exist.");
    }).orElse(e);
  }

  private Reply publishAndReply(ResourceDef def, String type, Found found, RequestContext request, Instant at) {
    JsonObject json = Records.render(def, found.record(), found.children(), List.of());
    long id = (Long) found.record().get("id");
    Long version = (Long) found.record().get("version");
    vertx.eventBus().publish(Events.address(def.table()), Events.change(type, def.name(), id, version, request.caller(), at, json));
    return new Reply(json.toBuffer(), Map.of(EntitiesClient.VERSION_HEADER, String.valueOf(version), EntitiesClient.ID_HEADER, String.valueOf(id)));
  }

  private static Reply reply(ResourceDef def, Map<String, Object> record, List<Map<String, Object>> children, List<String> fields) {
    JsonObject json = Records.render(def, record, children, fields);
    return new Reply(json.toBuffer(), Map.of(EntitiesClient.VERSION_HEADER, String.valueOf(record.get("version")),
        EntitiesClient.ID_HEADER, String.valueOf(record.get("id"))));
  }

  private ResourceDef resource(JsonObject body) {
    ResourceDef def = resources.get(body.getString(EntitiesClient.RESOURCE, ""));
    if (def == null) throw ServiceError.notFound();
    return def;
  }

  /** A record id from the URL: anything but a positive integer is simply not found. */
  private static long id(JsonObject body) {
    Object raw = body.getValue(EntitiesClient.ID);
    try {
      long id = Long.parseLong(String.valueOf(raw));
      if (id > 0) return id;
    } catch (NumberFormatException e) {
      // below
    }
    throw ServiceError.notFound();
  }

  private static JsonObject params(JsonObject body) {
    JsonObject params = body.getJsonObject(EntitiesClient.PARAMS);
    return params == null ? new JsonObject() : params;
  }

  private static JsonObject data(JsonObject body) {
    JsonObject data = body.getJsonObject(EntitiesClient.DATA);
    return data == null ? new JsonObject() : data;
  }

  /** The definitions this engine serves, by URL name. */
  public Map<String, ResourceDef> resources() {
    return resources;
  }
}
