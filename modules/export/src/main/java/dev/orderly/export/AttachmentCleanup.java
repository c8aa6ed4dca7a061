package dev.orderly.export;

import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.ChangeEvent;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.ResourceNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record's attachments go with it (API.md): on the {@code deleted} change event of a record
 * ({@code orderly.events.<table>}), its rows are deleted and then their files (a crash in between leaves only
 * files no row names, never a row without its file). The event bus has no wildcard addresses, so the service
 * follows the table of every resource that has attachments: those in the table at start, each new one before
 * its first attachment is stored, and, every {@link #REFRESH_MS}, those another node attached to first.
 * Deleting is idempotent, so a repeated event, or every node of a cluster reacting to the same one, is harmless.
 */
final class AttachmentCleanup {
  static final long REFRESH_MS = 60_000;
  private static final Logger log = LoggerFactory.getLogger(AttachmentCleanup.class);

  private final Vertx vertx;
  private final Pool pool;
  private final AttachmentsSql sql;
  private final AttachmentFiles files;
  private final CallerSigning signing;
  private final Map<String, MessageConsumer<?>> followed = new HashMap<>();
  private long refreshTimer = -1;

  AttachmentCleanup(Vertx vertx, Pool pool, AttachmentsSql sql, AttachmentFiles files, CallerSigning signing) {
    this.vertx = vertx;
    this.signing = signing;
    this.pool = pool;
    this.sql = sql;
    this.files = files;
  }

  /** Follows the resources that have attachments; called on the service's event loop, as everything here. */
  Future<Void> start() {
    refreshTimer = vertx.setPeriodic(REFRESH_MS, REFRESH_MS, id -> refresh()
        .onFailure(e -> log.warn("cannot list the resources that have attachments: {}", e.toString())));
    return refresh();
  }

  void stop() {
    vertx.cancelTimer(refreshTimer);
    followed.values().forEach(MessageConsumer::unregister);
    followed.clear();
  }

  /** Follows {@code resource}'s change events; completes once its consumer is registered everywhere. */
  Future<Void> follow(String resource) {
    MessageConsumer<?> consumer = followed.get(resource);
    if (consumer == null) {
      consumer = BusEvents.consumer(vertx, signing, Events.address(ResourceNames.table(resource)), message -> changed(message.body()));
      followed.put(resource, consumer);
    }
    return consumer.completion();
  }

  /** Deletes the attachments of {@code resource} record {@code id}: the rows, then their files. */
  Future<Integer> deleteOf(String resource, long id) {
    return sql.deleteOfRecord.execute(pool, Map.of("resource", resource, "record_id", id)).compose(rows -> {
      List<Future<Void>> deleted = new ArrayList<>();
      for (Row row : rows) deleted.add(files.delete(row.getString("storage_name")));
      return Future.join(deleted).map(rows.size());
    });
  }

  private Future<Void> refresh() {
    return sql.resources.execute(pool, Map.of()).compose(rows -> {
      List<Future<Void>> registered = new ArrayList<>();
      for (Row row : rows) {
        String resource = row.getString("resource");
        if (AttachmentTargets.RESOURCE_NAME.matcher(resource).matches()) registered.add(follow(resource));
      }
      return Future.all(registered).mapEmpty();
    });
  }

  private void changed(JsonObject body) {
    try {
      if (body == null || !"deleted".equals(body.getString("type"))) return;
      ChangeEvent event = ChangeEvent.fromJson(body);
      deleteOf(event.resource(), event.id()).onComplete(ar -> {
        if (ar.failed()) {
          log.warn("cannot delete the attachments of {} {} (the deleted event {}): {}", event.resource(), event.id(), event.eventId(),
              ar.cause().toString());
        } else if (ar.result() > 0) {
          log.info("deleted {} attachment(s) of {} {} with their record", ar.result(), event.resource(), event.id());
        }
      });
    } catch (RuntimeException e) {
      log.warn("ignored a malformed change event: {}", e.toString());
    }
  }
}
