package dev.orderly.core.resource.engine;

import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.EventFeed;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.db.Dialect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;

/**
 * A service's change log as a source of events: its {@link EventRelay} (publishing) and its
 * {@link ChangeFeed} (catching up, retention), running once {@link #start} was called. An engine whose
 * change log never starts still writes every change's event; another node's relay publishes it.
 */
public final class ChangeLog {
  private final Vertx vertx;
  private final Pool pool;
  private final SqlClient reads;
  private final Dialect dialect;
  private final String table;
  private final ResourceCatalog catalog;
  private EventRelay relay;
  private ChangeFeed feed;

  /** @param catalog the resources whose changes the log holds */
  ChangeLog(Vertx vertx, Pool pool, SqlClient reads, Dialect dialect, String table, ResourceCatalog catalog) {
    this.vertx = vertx;
    this.pool = pool;
    this.reads = reads;
    this.dialect = dialect;
    this.table = table;
    this.catalog = catalog;
  }

  /** Starts publishing events signed with {@code signing} (the node's) and keeping them for {@code retention}. */
  public void start(Duration retention, CallerSigning signing) {
    ChangeLogSql sql = new ChangeLogSql(dialect, table);
    relay = new EventRelay(vertx, pool, sql, catalog::nameOfTable, signing);
    feed = new ChangeFeed(vertx, pool, reads, sql, retention, catalog::nameOfTable);
    relay.start();
    feed.start();
  }

  public void stop() {
    if (relay != null) relay.stop();
    if (feed != null) feed.stop();
  }

  /**
   * A page of the events ({@link EventFeed}); 503 on a node that does not run the feed. A table of no
   * resource here is a 400 on {@code resources} naming it.
   */
  public Future<EventFeed.Page> page(EventFeed.Since since) {
    if (feed == null) return Future.failedFuture(ServiceError.unavailable("The change feed is not running on this node."));
    JsonArray unknown = new JsonArray();
    for (String t : since.tables()) {
      if (!catalog.hasTable(t)) unknown.add("Unknown resource \"" + catalog.nameOfTable(t) + "\".");
    }
    if (!unknown.isEmpty()) return Future.failedFuture(ServiceError.validation(new JsonObject().put("resources", unknown)));
    return feed.page(since);
  }

  /** A write committed: publish its event soon. */
  void committed() {
    if (relay != null) relay.poke();
  }
}
