package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.ChangeEvent;
import dev.orderly.core.bus.EventFeed;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.resource.model.Field;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a service's published events after an id ({@link EventFeed}), and keeps them for the retention
 * period: past it, an event's payload is dropped (its audit entry stays), a thousand rows at a time every
 * {@value #PRUNE_EVERY_MS} ms so that pruning never holds a lock writers wait on for long, and a reader
 * whose last id is older gets {@code reset}.
 */
public final class ChangeFeed {
  static final Field AT = Field.timestamp("at");
  static final long PRUNE_EVERY_MS = 600_000;
  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

  private final Vertx vertx;
  private final Pool pool;
  private final SqlClient reads;
  private final ChangeLogSql sql;
  private final Duration retention;
  private final Function<String, String> resourceOfTable;
  private long timer = -1;

  ChangeFeed(Vertx vertx, Pool pool, SqlClient reads, ChangeLogSql sql, Duration retention, Function<String, String> resourceOfTable) {
    this.vertx = vertx;
    this.pool = pool;
    this.reads = reads;
    this.sql = sql;
    this.retention = retention;
    this.resourceOfTable = resourceOfTable;
  }

  /** Prunes now and then every {@value #PRUNE_EVERY_MS} ms. */
  public void start() {
    prune();
    timer = vertx.setPeriodic(PRUNE_EVERY_MS, id -> prune());
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    timer = -1;
  }

  /**
   * The numbered events of {@code since.tables()} after {@code since.since()}, oldest first; none, only
   * {@code last}, for {@link EventFeed.Since#NOW}.
   */
  public Future<EventFeed.Page> page(EventFeed.Since since) {
    Instant cutoff = Dialect.now().minus(retention);
    Future<Boolean> reset = since.since() <= 0 ? Future.succeededFuture(false)
        : sql.pastRetention.execute(reads, Map.of("since", since.since(), "cutoff", cutoff)).map(rows -> rows.size() > 0);
    return reset.compose(gone -> sql.lastNumbered.execute(reads, Map.of()).compose(lastRows -> {
      long last = lastRows.iterator().next().getLong("last");
      if (gone || since.tables().isEmpty() || since.since() == EventFeed.Since.NOW) {
        return Future.succeededFuture(new EventFeed.Page(List.of(), gone, last));
      }
      Map<String, Object> params = new HashMap<>();
      for (int i = 0; i < since.tables().size(); i++) params.put("t" + i, since.tables().get(i));
      params.put("since", since.since());
      params.put("limit", since.limit());
      return sql.feed(since.tables().size()).execute(reads, params).map(rows -> {
        List<ChangeEvent> events = new ArrayList<>();
        for (Row row : rows) events.add(EventRelay.event(row, resourceOfTable));
        return new EventFeed.Page(events, false, last);
      });
    }));
  }

  /** Drops the payloads of published events past retention, a batch at a time until none is left. */
  Future<Integer> prune() {
    return sql.prune.execute(pool, Map.of("cutoff", Dialect.now().minus(retention))).compose(rows -> rows.rowCount() >= 1000
        ? prune().map(more -> more + rows.rowCount()) : Future.succeededFuture(rows.rowCount()))
        .onFailure(e -> log.warn("pruning events of {}: {}", sql.table, e.toString()));
  }
}
