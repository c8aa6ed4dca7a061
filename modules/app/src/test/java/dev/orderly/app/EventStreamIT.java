package dev.orderly.app;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.db.Database;
import dev.orderly.core.test.Db;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.SseClient;
import dev.orderly.core.test.TestVertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /api/events} end to end, on SQLite and PostgreSQL: the events of writes with their ids and
 * types, a resume after a restart that misses nothing, a resume past retention, the view permission at
 * connect and after a change, the 400s of a bad subscription, and {@code SSE_MAX_CLIENTS}. The stream
 * clients run on a Vert.x instance of the test's own, so they outlive the node they read from.
 */
@Timeout(120)
class EventStreamIT {
  private static final String PASSWORD = "e2e-Passw0rd";
  private static final Duration QUIET = Duration.ofMillis(400);

  @RegisterExtension
  final TestVertx clients = new TestVertx();

  private SseClient stream(RunningOrderly app, String query, String token, Map<String, String> more) {
    Map<String, String> headers = new HashMap<>(more);
    if (token != null) headers.put("Authorization", "Bearer " + token);
    return SseClient.start(clients.vertx(), app.port(), "/api/events" + query, headers);
  }

  private SseClient stream(RunningOrderly app, String query) {
    return stream(app, query, app.adminToken(), Map.of());
  }

  /** A stream that was opened from now: checked open, its first line (where it starts) read. */
  private SseClient live(RunningOrderly app, String query, String token, Map<String, String> more) {
    SseClient stream = stream(app, query, token, more);
    assertThat(stream.status()).isEqualTo(200);
    SseClient.Event start = stream.next();
    assertThat(start.type()).isNull();
    assertThat(start.eventId()).isNotNegative();
    return stream;
  }

  private static long create(RunningOrderly app, String resource, JsonObject body) {
    return app.testRequest(POST, "/api/" + resource + "/", body, 201).bodyAsJsonObject().getLong("id");
  }

  private static long product(RunningOrderly app, long supplier, String sku) {
    return create(app, "products", new JsonObject().put("sku", sku).put("name", sku).put("unit_price", "1.50").put("supplier_id", supplier));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void createdUpdatedAndDeletedRecordsStreamAsEventsWithTheirIdsAndTypes(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir); SseClient stream = live(app, "?resources=products", app.adminToken(), Map.of())) {
      assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream");
      long supplier = create(app, "suppliers", new JsonObject().put("code", "S-1").put("name", "Supplier"));
      long product = product(app, supplier, "SKU-1");
      app.testRequest(PATCH, "/api/products/" + product + "/", new JsonObject().put("name", "Renamed"), 200);
      app.testRequest(DELETE, "/api/products/" + product + "/", null, 204);

      List<SseClient.Event> events = stream.next(3);
      assertThat(events).extracting(SseClient.Event::type).containsExactly("created", "updated", "deleted");
      assertThat(events).extracting(SseClient.Event::eventId).isSorted().doesNotHaveDuplicates();
      for (SseClient.Event event : events) {
        JsonObject json = event.json();
        assertThat(json.getLong("event_id")).isEqualTo(event.eventId());
        assertThat(json.getString("type")).isEqualTo(event.type());
        assertThat(json.getString("resource")).isEqualTo("products");
        assertThat(json.getLong("id")).isEqualTo(product);
        assertThat(json.getJsonObject("actor").getString("username")).isEqualTo(RunningOrderly.ADMIN);
      }
      assertThat(events.get(0).json().getJsonObject("data").getString("sku")).isEqualTo("SKU-1");
      assertThat(events.get(1).json().getJsonObject("data").getString("name")).isEqualTo("Renamed");
      assertThat(events.get(1).json().getLong("version")).isEqualTo(2L);
      assertThat(events.get(2).json().getValue("data")).isNull();
      assertThat(stream.poll(QUIET)).as("the supplier's event is not a product's").isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aClientThatReconnectsAfterARestartWithLastEventIdMissesNothingAndGetsNothingTwice(Db db, @TempDir Path dir) {
    RunningOrderly app = RunningOrderly.start(db, dir);
    try {
      long supplier = create(app, "suppliers", new JsonObject().put("code", "S-1").put("name", "Supplier"));
      long first;
      long p1;
      try (SseClient stream = live(app, "?resources=products", app.adminToken(), Map.of())) {
        p1 = product(app, supplier, "SKU-1");
        first = stream.next().eventId();
      }
      // while no client listens: one change before the restart, one after
      app.testRequest(PATCH, "/api/products/" + p1 + "/", new JsonObject().put("name", "Before restart"), 200);
      app = app.restart();
      long p2 = product(app, supplier, "SKU-2");

      try (SseClient resumed = stream(app, "?resources=products", app.adminToken(), Map.of("Last-Event-ID", String.valueOf(first)))) {
        List<SseClient.Event> missed = resumed.next(2);
        assertThat(missed).extracting(e -> e.json().getLong("id")).containsExactly(p1, p2);
        assertThat(missed).extracting(SseClient.Event::type).containsExactly("updated", "created");
        assertThat(missed.get(0).eventId()).isGreaterThan(first);
        assertThat(missed.get(1).eventId()).isGreaterThan(missed.get(0).eventId());
        assertThat(resumed.poll(QUIET)).isNull();

        app.testRequest(PATCH, "/api/products/" + p2 + "/", new JsonObject().put("name", "Live"), 200);
        SseClient.Event liveEvent = resumed.next();
        assertThat(liveEvent.eventId()).isGreaterThan(missed.get(1).eventId());
        assertThat(liveEvent.json().getJsonObject("data").getString("name")).isEqualTo("Live");
        assertThat(resumed.poll(QUIET)).isNull();

        try (SseClient bySince = stream(app, "?resources=products&since=" + first)) {
          assertThat(bySince.next(3)).extracting(SseClient.Event::id)
              .containsExactly(missed.get(0).id(), missed.get(1).id(), liveEvent.id());
        }
        try (SseClient headerWins = stream(app, "?resources=products&since=0", app.adminToken(),
            Map.of("Last-Event-ID", missed.get(1).id()))) {
          assertThat(headerWins.next().id()).isEqualTo(liveEvent.id());
          assertThat(headerWins.poll(QUIET)).isNull();
        }
      }
    } finally {
      app.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aResumeOlderThanRetentionGetsOneResetThenWhatFollows(Db db, @TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(db, dir, new JsonObject().put("EVENTS_RETENTION_HOURS", "1"))) {
      long supplier = create(app, "suppliers", new JsonObject().put("code", "S-1").put("name", "Supplier"));
      long kept;
      long aged;
      try (SseClient stream = live(app, "?resources=products", app.adminToken(), Map.of())) {
        product(app, supplier, "SKU-1");
        product(app, supplier, "SKU-2");
        kept = stream.next().eventId();
        aged = stream.next().eventId();
      }
      // the event after the client's last one happened two hours ago, as far as the feed can tell
      Pool pool = Database.pool(app.vertx(), app.settings(), "sse-test");
      try {
        RunningOrderly.await(pool.preparedQuery(db == Db.POSTGRES
                ? "UPDATE audit_log SET at = at - interval '2 hours' WHERE event_id = $1"
                : "UPDATE audit_log SET at = '2000-01-01T00:00:00Z' WHERE event_id = ?")
            .execute(Tuple.of(aged)));
      } finally {
        RunningOrderly.await(pool.close());
      }

      try (SseClient resumed = stream(app, "?resources=products", app.adminToken(), Map.of("Last-Event-ID", String.valueOf(kept)))) {
        SseClient.Event reset = resumed.next();
        assertThat(reset.type()).isEqualTo("reset");
        assertThat(reset.eventId()).isGreaterThanOrEqualTo(aged);
        assertThat(reset.json()).isEqualTo(new JsonObject().put("last", reset.eventId()));
        assertThat(resumed.poll(QUIET)).isNull();
        long p3 = product(app, supplier, "SKU-3");
        SseClient.Event next = resumed.next();
        assertThat(next.eventId()).isGreaterThan(reset.eventId());
        assertThat(next.json().getLong("id")).isEqualTo(p3);
      }
    }
  }

  @Test
  void theViewPermissionIsCheckedAtConnectAndAfterEveryChangeOfTheUserOrItsGroups(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir)) {
      long group = create(app, "groups", new JsonObject().put("name", "viewers").put("permissions", new JsonArray().add("products.view")));
      String bob = app.user("bob", PASSWORD, new JsonObject().put("groups", new JsonArray().add("viewers")));
      long supplier = create(app, "suppliers", new JsonObject().put("code", "S-1").put("name", "Supplier"));
      for (String refused : List.of("suppliers", "products,suppliers", "users")) {
        try (SseClient denied = stream(app, "?resources=" + refused, bob, Map.of())) {
          assertThat(denied.status()).as(refused).isEqualTo(403);
          assertThat(denied.errorBody().getString("code")).isEqualTo("permission_denied");
        }
      }

      try (SseClient viewer = live(app, "?resources=products", bob, Map.of())) {
        product(app, supplier, "SKU-1");
        assertThat(viewer.next().type()).isEqualTo("created");
        // a change that keeps the permission keeps the stream
        app.testRequest(PATCH, "/api/users/" + userId(app, "bob") + "/", new JsonObject().put("first_name", "Bob"), 200);
        product(app, supplier, "SKU-2");
        assertThat(viewer.next().type()).isEqualTo("created");
        app.testRequest(PATCH, "/api/groups/" + group + "/", new JsonObject().put("permissions", new JsonArray()), 200);
        viewer.awaitEnd(Eventually.TIMEOUT);
      }
      try (SseClient again = stream(app, "?resources=products", bob, Map.of())) {
        assertThat(again.status()).isEqualTo(403);
      }

      // a browser's EventSource sends the session cookie; a deactivated user's stream ends too
      app.user("carol", PASSWORD, new JsonObject().put("permissions", new JsonArray().add("products.view")));
      HttpResponse<Buffer> session = app.send(app.anonymous(POST, "/api/auth/session"),
          new JsonObject().put("username", "carol").put("password", PASSWORD));
      assertThat(session.statusCode()).isEqualTo(204);
      String cookie = session.cookies().stream().filter(c -> c.startsWith("sessionid=")).findFirst().orElseThrow().split(";")[0];
      try (SseClient browser = live(app, "?resources=products", null, Map.of("Cookie", cookie))) {
        product(app, supplier, "SKU-3");
        assertThat(browser.next().type()).isEqualTo("created");
        app.testRequest(PATCH, "/api/users/" + userId(app, "carol") + "/", new JsonObject().put("is_active", false), 200);
        browser.awaitEnd(Eventually.TIMEOUT);
      }
      try (SseClient again = stream(app, "?resources=products", null, Map.of("Cookie", cookie))) {
        assertThat(again.status()).isEqualTo(401);
      }
    }
  }

  private static long userId(RunningOrderly app, String username) {
    return app.testRequest(HttpMethod.GET, "/api/users/?username=" + username, null, 200).bodyAsJsonObject()
        .getJsonArray("results").getJsonObject(0).getLong("id");
  }

  @Test
  void aStreamNamesKnownResourcesOfOneServiceElseA400(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir)) {
      Map<String, JsonObject> refused = Map.of(
          "", new JsonObject().put("resources", new JsonArray().add("This field is required.")),
          "?resources=widgets,products", new JsonObject().put("resources", new JsonArray().add("Unknown resource \"widgets\".")),
          "?resources=products,users", new JsonObject().put("resources", new JsonArray()
              .add("products and users belong to different services, whose event ids are numbered apart: open one stream for each.")),
          "?resources=products&since=later", new JsonObject().put("since", new JsonArray().add("A valid non-negative integer is required.")));
      refused.forEach((query, body) -> {
        try (SseClient stream = stream(app, query)) {
          assertThat(stream.status()).as(query).isEqualTo(400);
          assertThat(stream.errorBody()).as(query).isEqualTo(body);
        }
      });
      try (SseClient anonymous = stream(app, "?resources=products", null, Map.of())) {
        assertThat(anonymous.status()).isEqualTo(401);
      }
      HttpResponse<Buffer> post = app.testRequest(POST, "/api/events?resources=products", null, 405);
      assertThat(post.getHeader("Allow")).isEqualTo("GET");

      try (SseClient accounts = live(app, "?resources=users,groups", app.adminToken(), Map.of())) {
        create(app, "groups", new JsonObject().put("name", "clerks"));
        SseClient.Event created = accounts.next();
        assertThat(created.type()).isEqualTo("created");
        assertThat(created.json().getString("resource")).isEqualTo("groups");
      }
    }
  }

  @Test
  void aNodeServesAtMostSseMaxClientsStreamsAcrossItsGatewayInstances(@TempDir Path dir) {
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("SSE_MAX_CLIENTS", "2").put("HTTP_INSTANCES", "2"));
         SseClient first = live(app, "?resources=products", app.adminToken(), Map.of());
         SseClient second = live(app, "?resources=suppliers", app.adminToken(), Map.of())) {
      try (SseClient third = stream(app, "?resources=products")) {
        assertThat(third.status()).isEqualTo(503);
        assertThat(third.header("Retry-After")).isEqualTo("5");
        assertThat(third.errorBody().getString("code")).isEqualTo("service_unavailable");
      }
      first.close();
      Eventually.until("a stream is served again once one closed", () -> {
        try (SseClient next = stream(app, "?resources=products")) {
          return next.status() == 200;
        }
      });
    }
  }
}
