package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.ChangeEvent;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.ResourceNames;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Dialect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
  private final CallerSigning signing;
  private final Pool pool;
  private final Dialect dialect;
  private final ChangeLogSql sql;
  private final String lockName;
  private final Function<String, String> resourceOfTable;
  private long timer = -1;
  private boolean running;
  private boolean again;
  /** Whether numbered rows may be waiting to be published: at start (a previous node's) and after a failure. */
  private boolean recovering = true;

  EventRelay(Vertx vertx, Pool pool, ChangeLogSql sql, Function<String, String> resourceOfTable, CallerSigning signing) {
    this.vertx = vertx;
    this.signing = signing;
    this.pool = pool;
    this.dialect = sql.dialect;
    this.sql = sql;
    this.lockName = "orderly.relay." + sql.table;
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

  /**
   * Publishes what a previous run numbered but did not mark (after a start or a failure), then numbers what
   * committed since and publishes it; true when a full batch suggests more.
   */
  Future<Boolean> runOnce() {
    Future<Integer> leftover = recovering ? sql.pending.execute(pool, Map.of()).compose(this::publish) : Future.succeededFuture(0);
    return leftover.compose(v -> {
      recovering = false;
      return number();
    }).compose(this::publish).map(published -> published >= ChangeLogSql.BATCH)
        .onFailure(e -> recovering = true);
  }

  private Future<RowSet<Row>> number() {
    if (sql.lock == null) return sql.number.execute(pool, Map.of());
    return Database.transaction(pool, dialect, conn -> sql.lock.execute(conn, Map.of("name", lockName)).compose(v -> sql.number.execute(conn, Map.of())));
  }

  /** Publishes rows in event-id order, then marks them published. */
  private Future<Integer> publish(RowSet<Row> rows) {
    if (rows.size() == 0) return Future.succeededFuture(0);
    List<ChangeEvent> events = new ArrayList<>(rows.size());
    for (Row row : rows) events.add(event(row, resourceOfTable));
    events.sort(Comparator.comparingLong(ChangeEvent::eventId));
    for (ChangeEvent event : events) {
      BusEvents.publish(vertx, signing, Events.address(ResourceNames.table(event.resource())), event.toJson());
    }
    long upto = events.get(events.size() - 1).eventId();
    return sql.markPublished.execute(pool, Map.of("now", Dialect.now(), "upto", upto)).map(events.size());
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
