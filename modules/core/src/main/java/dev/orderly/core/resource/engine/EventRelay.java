package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.ChangeEvent;
import dev.orderly.core.bus.Events;
import dev.orderly.core.db.Dialect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay of one service's change log: numbers committed rows ({@code event_id}, in the order
 * they became visible), publishes them on {@code orderly.events.<table>} in that order, then marks them
 * published. It runs after every commit ({@link #poke}) and every {@value #POLL_MS} ms (rows a crashed
 * node committed but never published; rows another process wrote). Numbering happens only after commit,
 * so a transaction that commits late gets a later number: a reader that resumes after the last id it saw
 * misses nothing (a sequence value taken inside the transaction would not be commit order). A crash
 * between publishing and marking publishes those events again: delivery is at least once.
 */
public final class EventRelay {
  static final long POLL_MS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(EventRelay.class);

  private final Vertx vertx;
  private final Pool pool;
  private final ChangeLogSql sql;
  private final String lockName;
  private final Function<String, String> resourceOfTable;
  private long timer = -1;
  private boolean running;
  private boolean again;

  EventRelay(Vertx vertx, Pool pool, Dialect dialect, String table, Function<String, String> resourceOfTable) {
    this.vertx = vertx;
    this.pool = pool;
    this.sql = new ChangeLogSql(dialect, table);
    this.lockName = "orderly.relay." + table;
    this.resourceOfTable = resourceOfTable;
  }

  /** Starts the periodic run, and runs once now (what a previous node left unpublished goes out first). */
  public void start() {
    timer = vertx.setPeriodic(POLL_MS, id -> poke());
    poke();
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    timer = -1;
  }

  /** Runs the relay soon; a poke while it runs makes it run once more after. */
  public void poke() {
    vertx.runOnContext(v -> {
      if (running) {
        again = true;
        return;
      }
      running = true;
      again = false;
      runOnce().onComplete(ar -> {
        if (ar.failed()) log.warn("event relay: {}", ar.cause().toString());
        running = false;
        if (again || ar.succeeded() && Boolean.TRUE.equals(ar.result())) poke();
      });
    });
  }

  /** Publishes what is numbered, numbers what committed, publishes that; true when a full batch suggests more. */
  Future<Boolean> runOnce() {
    return publishPending().compose(v -> number()).compose(numbered -> numbered == 0 ? Future.succeededFuture(false)
        : publishPending().map(published -> numbered >= ChangeLogSql.BATCH));
  }

  private Future<Integer> number() {
    return pool.withTransaction(conn -> (sql.lock == null ? Future.<RowSet<Row>>succeededFuture() : sql.lock.execute(conn, Map.of("name", lockName)))
        .compose(v -> sql.unnumbered.execute(conn, Map.of()))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(0) : numberRange(conn, rows)));
  }

  private Future<Integer> numberRange(SqlConnection conn, RowSet<Row> rows) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Row row : rows) {
      first = Math.min(first, row.getLong("id"));
      last = Math.max(last, row.getLong("id"));
    }
    long from = first;
    long to = last;
    return sql.lastNumber.execute(conn, Map.of())
        .compose(max -> sql.number.execute(conn, Map.of("base", max.iterator().next().getLong("last"), "first", from, "final", to)))
        .map(RowSet::rowCount);
  }

  private Future<Integer> publishPending() {
    return sql.pending.execute(pool, Map.of()).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture(0);
      long upto = 0;
      for (Row row : rows) {
        ChangeEvent event = event(row, resourceOfTable);
        vertx.eventBus().publish(Events.address(row.getString("resource")), event.toJson());
        upto = event.eventId();
      }
      return sql.markPublished.execute(pool, Map.of("now", Dialect.now(), "upto", upto)).map(rows.size());
    });
  }

  /** The event of a change-log row. */
  static ChangeEvent event(Row row, Function<String, String> resourceOfTable) {
    Object actorId = row.getValue("actor_id");
    Caller actor = actorId == null ? Caller.ANONYMOUS : new Caller(((Number) actorId).longValue(), row.getString("actor_username"));
    Object version = row.getValue("version");
    String data = row.getString("data");
    Instant at = (Instant) ChangeFeed.AT.read(row);
    return new ChangeEvent(row.getLong("event_id"), row.getString("action"), resourceOfTable.apply(row.getString("resource")),
        row.getLong("record_id"), version == null ? null : ((Number) version).longValue(), actor, at,
        data == null ? null : new JsonObject(data));
  }
}
