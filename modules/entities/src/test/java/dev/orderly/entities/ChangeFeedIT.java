package dev.orderly.entities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.ChangeEvent;
import dev.orderly.core.bus.EventFeed;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ResourceRequest;
import dev.orderly.core.bus.ServiceClient;
import dev.orderly.core.config.ConfigLoader;
import dev.orderly.core.config.Settings;
import dev.orderly.core.db.Database;
import dev.orderly.core.db.Dialect;
import dev.orderly.core.db.Migrations;
import dev.orderly.core.resource.engine.CrudEngine;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.TestServices;
import dev.orderly.entities.resources.Resources;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The transactional outbox end to end: a change committed by a node that died before publishing is
 * published by the next one; event ids follow commit order, also of transactions that commit late; the
 * feed resumes after an id and says when events are past retention.
 */
class ChangeFeedIT {
  private static final RequestContext WRITER =
      new RequestContext("feed-test", new Caller(7L, "tester"), CallerSigning.fromSecret(TestServices.SECRET));

  private static JsonObject config(Vertx vertx, JsonObject overrides) {
    return ConfigLoader.load(vertx, ConfigLoader.Sources.only(overrides)).await();
  }

  /** Deploys the entity service on {@code node}; returns a pool of its database for the test's own SQL. */
  private static Pool deploy(Vertx node, JsonObject overrides) {
    JsonObject config = config(node, overrides);
    node.deployVerticle(EntityServiceVerticle.class, new DeploymentOptions().setConfig(config)).await();
    return Database.pool(node, Settings.from(config), "feed-test");
  }

  private static List<ChangeEvent> listen(Vertx vertx, String table) {
    List<ChangeEvent> received = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Events.address(table), m -> received.add(ChangeEvent.fromJson(m.body()))).completion().await();
    return received;
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aChangeCommittedByANodeThatDiedBeforePublishingIsPublishedByTheNextOne(Db db, @TempDir Path dir) {
    JsonObject overrides = db.overrides(dir);
    try {
      long id;
      Vertx dead = Vertx.vertx();
      try {
        Settings settings = Settings.from(config(dead, overrides));
        Migrations.migrate(dead, settings, EntityServiceVerticle.SERVICE).await();
        Pool pool = Database.pool(dead, settings, EntityServiceVerticle.SERVICE);
        // an engine whose relay never starts: the node commits the change, then dies before any publish
        CrudEngine engine = new CrudEngine(dead, pool, pool, Database.dialect(settings), Resources.ALL);
        id = engine.create(new ResourceRequest.Create("suppliers", new JsonObject().put("code", "DIED-1").put("name", "Died")), WRITER)
            .await().id();
        pool.close().await();
      } finally {
        dead.close().await();
      }

      Vertx next = Vertx.vertx();
      try {
        List<ChangeEvent> received = listen(next, "suppliers");
        next.deployVerticle(EntityServiceVerticle.class, new DeploymentOptions().setConfig(config(next, overrides))).await();
        Eventually.until("the event of the change the dead node committed", () -> received.stream().anyMatch(e -> e.id() == id));
        ChangeEvent event = received.stream().filter(e -> e.id() == id).findFirst().orElseThrow();
        assertThat(event.type()).isEqualTo("created");
        assertThat(event.resource()).isEqualTo("suppliers");
        assertThat(event.eventId()).isPositive();
        assertThat(event.version()).isEqualTo(1L);
        assertThat(event.actor()).isEqualTo(new Caller(7L, "tester"));
        assertThat(event.data().getString("code")).isEqualTo("DIED-1");

        // and the feed has it for readers that catch up
        EventFeed.Page page = new ServiceClient(next, ResourceClient.ENTITIES_ADDRESS, 10_000)
            .events(new EventFeed.Since(List.of("suppliers"), 0, 100), WRITER).await();
        assertThat(page.reset()).isFalse();
        assertThat(page.events()).extracting(ChangeEvent::eventId).contains(event.eventId());
        assertThat(page.last()).isGreaterThanOrEqualTo(event.eventId());
      } finally {
        next.close().await();
      }
    } finally {
      db.cleanup(overrides);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void eventsOfOneResourceArriveInCommitOrderWithIncreasingIdsAndTheFeedResumesAfterAnId(Db db, @TempDir Path dir) {
    JsonObject overrides = db.overrides(dir);
    Vertx node = Vertx.vertx();
    try {
      List<ChangeEvent> received = listen(node, "suppliers");
      node.deployVerticle(EntityServiceVerticle.class, new DeploymentOptions().setConfig(config(node, overrides))).await();
      ResourceClient client = new ResourceClient(node, 10_000);
      long id = client.create("suppliers", new JsonObject().put("code", "ORD-1").put("name", "v1"), WRITER).await().id();
      for (int v = 2; v <= 6; v++) {
        client.update(new ResourceRequest.Update("suppliers", String.valueOf(id), new JsonObject().put("name", "v" + v), true, null), WRITER)
            .await();
      }
      Eventually.until("six events", () -> received.stream().filter(e -> e.id() == id).count() == 6);
      List<ChangeEvent> mine = received.stream().filter(e -> e.id() == id).toList();
      assertThat(mine).extracting(ChangeEvent::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(mine).extracting(ChangeEvent::eventId).isSorted().doesNotHaveDuplicates();
      assertThat(mine.get(5).data().getString("name")).isEqualTo("v6");

      ServiceClient service = new ServiceClient(node, ResourceClient.ENTITIES_ADDRESS, 10_000);
      EventFeed.Page after = service.events(new EventFeed.Since(List.of("suppliers"), mine.get(2).eventId(), 100), WRITER).await();
      assertThat(after.events()).extracting(ChangeEvent::eventId).containsExactly(mine.get(3).eventId(), mine.get(4).eventId(),
          mine.get(5).eventId());
      assertThat(service.events(new EventFeed.Since(List.of("products"), 0, 100), WRITER).await().events()).isEmpty();
    } finally {
      node.close().await();
      db.cleanup(overrides);
    }
  }

  @Test
  void aTransactionThatCommitsLateIsNumberedAfterTheOnesThatCommittedBeforeItAndIsNotSkipped(@TempDir Path dir) {
    TestServices.assumePostgres();
    JsonObject overrides = Db.POSTGRES.overrides(dir);
    Vertx node = Vertx.vertx();
    try {
      List<ChangeEvent> received = listen(node, "suppliers");
      Pool pool = deploy(node, overrides);
      String insert = "INSERT INTO audit_log (resource, record_id, action, at, changes, version, data) VALUES "
          + "('suppliers', $1, 'updated', now(), '{}', 1, $2)";
      // the early transaction takes the lower row id, then waits; the later one commits first
      SqlConnection early = pool.getConnection().await();
      early.query("BEGIN").execute().await();
      early.preparedQuery(insert).execute(Tuple.of(900_001L, new JsonObject().put("n", "early").encode())).await();
      pool.preparedQuery(insert).execute(Tuple.of(900_002L, new JsonObject().put("n", "late-start").encode())).await();
      Eventually.until("the event of the transaction that committed first", () -> received.stream().anyMatch(e -> e.id() == 900_002L));
      early.query("COMMIT").execute().await();
      early.close().await();
      Eventually.until("the event of the transaction that committed late", () -> received.stream().anyMatch(e -> e.id() == 900_001L));

      long first = received.stream().filter(e -> e.id() == 900_002L).findFirst().orElseThrow().eventId();
      long late = received.stream().filter(e -> e.id() == 900_001L).findFirst().orElseThrow().eventId();
      assertThat(late).isGreaterThan(first);
      // a reader that saw the first event and resumes after it gets the late one
      EventFeed.Page page = new ServiceClient(node, ResourceClient.ENTITIES_ADDRESS, 10_000)
          .events(new EventFeed.Since(List.of("suppliers"), first, 100), WRITER).await();
      assertThat(page.events()).extracting(ChangeEvent::id).contains(900_001L);
      pool.close().await();
    } finally {
      node.close().await();
      Db.POSTGRES.cleanup(overrides);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aReaderWhoseLastIdIsPastRetentionIsToldToReload(Db db, @TempDir Path dir) {
    JsonObject overrides = db.overrides(dir).put("EVENTS_RETENTION_HOURS", "1");
    Vertx node = Vertx.vertx();
    try {
      List<ChangeEvent> received = listen(node, "suppliers");
      Pool pool = deploy(node, overrides);
      ResourceClient client = new ResourceClient(node, 10_000);
      // since = 0 reads from the oldest retained event, so the reader below starts after a first event
      client.create("suppliers", new JsonObject().put("code", "FIRST-1").put("name", "first"), WRITER).await();
      long old = client.create("suppliers", new JsonObject().put("code", "OLD-1").put("name", "old"), WRITER).await().id();
      long recent = client.create("suppliers", new JsonObject().put("code", "NEW-1").put("name", "new"), WRITER).await().id();
      Eventually.until("both events", () -> received.stream().filter(e -> e.id() == old || e.id() == recent).count() == 2);
      long oldEvent = received.stream().filter(e -> e.id() == old).findFirst().orElseThrow().eventId();
      // the first change happened two hours ago, as far as the feed can tell
      pool.preparedQuery(db == Db.POSTGRES ? "UPDATE audit_log SET at = at - interval '2 hours' WHERE record_id = $1 AND resource = 'suppliers'"
          : "UPDATE audit_log SET at = '2000-01-01T00:00:00Z' WHERE record_id = ? AND resource = 'suppliers'").execute(Tuple.of(old)).await();
      ServiceClient service = new ServiceClient(node, ResourceClient.ENTITIES_ADDRESS, 10_000);

      EventFeed.Page fromBefore = service.events(new EventFeed.Since(List.of("suppliers"), oldEvent - 1, 100), WRITER).await();
      assertThat(fromBefore.reset()).isTrue();
      assertThat(fromBefore.events()).isEmpty();
      assertThat(fromBefore.last()).isGreaterThanOrEqualTo(oldEvent + 1);
      EventFeed.Page fromOld = service.events(new EventFeed.Since(List.of("suppliers"), oldEvent, 100), WRITER).await();
      assertThat(fromOld.reset()).isFalse();
      assertThat(fromOld.events()).extracting(ChangeEvent::id).containsExactly(recent);

      // a node that starts prunes the payloads past retention; the audit entries stay
      Vertx next = Vertx.vertx();
      try {
        deploy(next, overrides);
        String data = "SELECT data FROM audit_log WHERE resource = 'suppliers' AND record_id = " + (db == Db.POSTGRES ? "$1" : "?");
        Eventually.until("the old event's payload pruned", () -> pool.preparedQuery(data).execute(Tuple.of(old)).await()
            .iterator().next().getValue("data") == null);
        assertThat(pool.preparedQuery(data).execute(Tuple.of(recent)).await().iterator().next().getValue("data")).isNotNull();
        assertThat(new ResourceClient(next, 10_000).history(new ResourceRequest.History("suppliers", String.valueOf(old)), WRITER).await()
            .body().toJsonArray()).hasSize(1);
      } finally {
        next.close().await();
      }
      pool.close().await();
    } finally {
      node.close().await();
      db.cleanup(overrides);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anEventBetweenPublishAndMarkIsInTheFeedAndAReaderFromNowGetsOnlyWhereItStands(Db db, @TempDir Path dir) {
    JsonObject overrides = db.overrides(dir);
    Vertx node = Vertx.vertx();
    try {
      JsonObject config = config(node, overrides);
      List<ChangeEvent> received = listen(node, "suppliers");
      node.deployVerticle(EntityServiceVerticle.class, new DeploymentOptions().setConfig(config)).await();
      long id = new ResourceClient(node, 10_000).create("suppliers", new JsonObject().put("code", "PUB-1").put("name", "p"), WRITER)
          .await().id();
      Eventually.until("the event", () -> received.stream().anyMatch(e -> e.id() == id));
      long published = received.stream().filter(e -> e.id() == id).findFirst().orElseThrow().eventId();
      // a row the relay has numbered and put on the bus, but not marked yet
      Pool pool = Database.pool(node, Settings.from(config), "feed-test");
      pool.preparedQuery(db == Db.POSTGRES
              ? "INSERT INTO audit_log (resource, record_id, action, at, changes, version, data, event_id) VALUES ('suppliers', $1, 'updated', now(), '{}', 2, '{}', $2)"
              : "INSERT INTO audit_log (resource, record_id, action, at, changes, version, data, event_id) VALUES ('suppliers', ?, 'updated', '"
                  + Dialect.now() + "', '{}', 2, '{}', ?)")
          .execute(Tuple.of(id, published + 1)).await();
      ServiceClient service = new ServiceClient(node, ResourceClient.ENTITIES_ADDRESS, 10_000);

      EventFeed.Page after = service.events(new EventFeed.Since(List.of("suppliers"), published, 100), WRITER).await();
      assertThat(after.events()).extracting(ChangeEvent::eventId).containsExactly(published + 1);
      assertThat(after.last()).isEqualTo(published + 1);
      EventFeed.Page now = service.events(EventFeed.Since.now(List.of("suppliers", "products")), WRITER).await();
      assertThat(now.events()).isEmpty();
      assertThat(now.reset()).isFalse();
      assertThat(now.last()).isEqualTo(published + 1);
      assertThatThrownBy(() -> service.events(EventFeed.Since.now(List.of("suppliers", "users", "purchase_orderz")), WRITER).await())
          .isInstanceOfSatisfying(ReplyException.class, e -> {
            assertThat(e.failureCode()).isEqualTo(400);
            assertThat(new JsonObject(e.getMessage()).getJsonArray("resources"))
                .containsExactly("Unknown resource \"users\".", "Unknown resource \"purchase-orderz\".");
          });
      pool.close().await();
    } finally {
      node.close().await();
      db.cleanup(overrides);
    }
  }
}
