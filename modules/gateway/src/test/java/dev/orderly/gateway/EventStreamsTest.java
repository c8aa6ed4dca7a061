package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orderly.core.bus.Actions;
import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.BusEvents;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.ChangeEvent;
import dev.orderly.core.bus.EventFeed;
import dev.orderly.core.bus.Events;
import dev.orderly.core.bus.ResourceClient;
import dev.orderly.core.bus.ServiceError;
import dev.orderly.core.test.Eventually;
import dev.orderly.core.test.SseClient;
import dev.orderly.core.test.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The event stream's own mechanics, with a stand-in entity service whose change feed the test fills and
 * live events the test publishes: catching up then going live without duplicates, the heartbeat, and the
 * bounds that disconnect a client rather than let its buffers grow. The end-to-end behaviour (real
 * services, permissions, restarts, retention) is {@code EventStreamIT}'s.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class EventStreamsTest {
  private static final EventStreams.Options FAST = new EventStreams.Options(200, 16 * 1024, 5);

  /** The entity service's change feed as the test fills it; each request waits for {@link #release} when held. */
  private static final class Feed {
    final List<ChangeEvent> events = new CopyOnWriteArrayList<>();
    final List<EventFeed.Since> requests = new CopyOnWriteArrayList<>();
    private volatile Promise<Void> held;

    Feed(GatewayFixture gateway) {
      gateway.entities.answers(this::answer);
    }

    void hold() {
      held = Promise.promise();
    }

    void release() {
      held.complete();
    }

    private void answer(Message<JsonObject> msg) {
      assertThat(msg.headers().get(Actions.HEADER)).isEqualTo(EventFeed.EVENTS);
      EventFeed.Since since = EventFeed.Since.fromJson(msg.body());
      requests.add(since);
      Promise<Void> wait = held;
      Future<Void> go = wait == null ? Future.succeededFuture() : wait.future();
      go.onSuccess(v -> msg.reply(page(since).toJson()));
    }

    private EventFeed.Page page(EventFeed.Since since) {
      long last = events.stream().mapToLong(ChangeEvent::eventId).max().orElse(0);
      if (since.since() == EventFeed.Since.NOW) return new EventFeed.Page(List.of(), false, last);
      return new EventFeed.Page(events.stream().filter(e -> e.eventId() > since.since()).limit(since.limit()).toList(), false, last);
    }
  }

  private static ChangeEvent product(long eventId, String type, String padding) {
    return new ChangeEvent(eventId, type, "products", eventId * 10, 1L, new Caller(1L, "admin"), Instant.parse("2026-12-02T10:00:00Z"),
        type.equals("deleted") ? null : new JsonObject().put("sku", "SKU-" + eventId).put("notes", padding));
  }

  private static void publish(Vertx vertx, ChangeEvent event) {
    BusEvents.publish(vertx, TestServices.SIGNING, Events.address("products"), event.toJson());
  }

  private static SseClient stream(Vertx vertx, GatewayFixture gateway, String query, Map<String, String> more) {
    Map<String, String> headers = new HashMap<>(more);
    headers.put("Authorization", "Bearer " + gateway.token(FakeAuth.SUPERUSER));
    return SseClient.start(vertx, gateway.port, "/api/events" + query, headers);
  }

  @Test
  void itCatchesUpFromTheFeedHoldingLiveEventsThenSendsEachOnceInOrder(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject(), FAST);
    Feed feed = new Feed(gateway);
    feed.events.addAll(List.of(product(1, "created", ""), product(2, "updated", ""), product(3, "deleted", "")));
    feed.hold();
    try (SseClient stream = stream(vertx, gateway, "?resources=products", Map.of("Last-Event-ID", "1"))) {
      Eventually.until("the feed was asked", () -> feed.requests.size() == 1);
      assertThat(feed.requests.get(0)).isEqualTo(new EventFeed.Since(List.of("products"), 1, EventFeed.MAX_PAGE));
      // live while the feed has not answered: 3 again (at least once), then 4
      publish(vertx, product(3, "deleted", ""));
      publish(vertx, product(4, "created", ""));
      feed.release();

      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream");
      assertThat(stream.header("Cache-Control")).isEqualTo("no-cache");
      List<SseClient.Event> events = stream.next(3);
      assertThat(events).extracting(SseClient.Event::id).containsExactly("2", "3", "4");
      assertThat(events).extracting(SseClient.Event::type).containsExactly("updated", "deleted", "created");
      assertThat(events.get(0).json()).isEqualTo(product(2, "updated", "").toJson());
      assertThat(events.get(1).json().getValue("data")).isNull();

      publish(vertx, product(2, "updated", ""));
      publish(vertx, product(5, "updated", ""));
      assertThat(stream.next().id()).isEqualTo("5");
      assertThat(stream.poll(Duration.ofMillis(300))).as("nothing sent twice").isNull();
    }
  }

  @Test
  void aStreamFromNowSaysWhereItStartsAndAHeartbeatComesEveryPeriod(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject(), FAST);
    Feed feed = new Feed(gateway);
    feed.events.add(product(7, "created", ""));
    try (SseClient stream = stream(vertx, gateway, "?resources=products", Map.of())) {
      SseClient.Event position = stream.next();
      assertThat(position).isEqualTo(new SseClient.Event("7", null, null));
      assertThat(stream.nextComment(Duration.ofSeconds(2))).isEqualTo("ping");
      assertThat(stream.nextComment(Duration.ofSeconds(2))).isEqualTo("ping");
      publish(vertx, product(8, "created", ""));
      assertThat(stream.next().id()).isEqualTo("8");
    }
  }

  @Test
  void aClientThatNeverReadsIsDisconnectedOnceItsWriteQueueIsFullAndItsSlotIsFreed(Vertx vertx) throws Exception {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject(), FAST);
    new Feed(gateway);
    String padding = "x".repeat(8 * 1024);
    long published = 0;
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress(GatewayFixture.HOST, gateway.port), 5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/events?resources=products HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + gateway.token(FakeAuth.SUPERUSER) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Eventually.until("the stream is open", () -> EventStreams.Slots.of(vertx).open() == 1);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      for (long id = 1; EventStreams.Slots.of(vertx).open() > 0; id++) {
        assertThat(System.nanoTime() - deadline).as("disconnected within 30 s").isNegative();
        publish(vertx, product(id, "updated", padding));
        published++;
        if (id % 20 == 0) Thread.sleep(5);
      }
      // the server closed it: what reaches the client ends, and holds nothing published after the close
      for (long later = published + 1; later <= published + 5; later++) publish(vertx, product(later, "updated", padding));
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] chunk = new byte[64 * 1024];
      try {
        for (int n; (n = in.read(chunk)) >= 0; ) received.write(chunk, 0, n);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the connection stayed open", e);
      } catch (SocketException reset) {
        // closed with data unread: just as good
      }
      // counted in events, not bytes: the loopback's send buffer alone may hold all that came before the close
      String text = received.toString(StandardCharsets.US_ASCII);
      assertThat(Pattern.compile("(?m)^id: ").matcher(text).results().count()).isLessThanOrEqualTo(published);
      assertThat(text).doesNotContain("id: " + (published + 1) + "\n");
    }
    assertThat(EventStreams.Slots.of(vertx).open()).isZero();
  }

  @Test
  void moreLiveEventsThanTheBoundWhileCatchingUpDisconnect(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject(), FAST);
    Feed feed = new Feed(gateway);
    feed.hold();
    try (SseClient stream = stream(vertx, gateway, "?resources=products&since=0", Map.of())) {
      Eventually.until("the feed was asked", () -> feed.requests.size() == 1);
      for (long id = 1; id <= FAST.maxPending() + 1; id++) publish(vertx, product(id, "created", ""));
      stream.awaitEnd(Duration.ofSeconds(10));
      feed.release();
      Eventually.until("its slot is free", () -> EventStreams.Slots.of(vertx).open() == 0);
    }
  }

  @Test
  void aFeedThatRefusesTheResourcesAnswersForTheStream(Vertx vertx) {
    GatewayFixture gateway = GatewayFixture.withEntities(vertx, new JsonObject(), FAST);
    gateway.entities.fails(400, new JsonObject().put("resources", new JsonArray().add("Unknown resource \"widgets\".")));
    try (SseClient stream = stream(vertx, gateway, "?resources=widgets", Map.of())) {
      assertThat(stream.status()).isEqualTo(400);
      assertThat(stream.errorBody().getJsonArray("resources")).containsExactly("Unknown resource \"widgets\".");
    }
    Eventually.until("its slot is free", () -> EventStreams.Slots.of(vertx).open() == 0);
  }

  @Test
  void theSubscriptionIsReadFromTheQueryAndLastEventIdWins() {
    EventStreams.Subscription s = EventStreams.subscription(QueryParams.parse("resources=purchase-orders,%20products,products&since=4"), null);
    assertThat(s).isEqualTo(new EventStreams.Subscription(List.of("purchase-orders", "products"), List.of("purchase_orders", "products"),
        ResourceClient.ENTITIES_ADDRESS, 4L));
    assertThat(EventStreams.subscription(QueryParams.parse("resources=users&resources=groups&since=4"), "9"))
        .isEqualTo(new EventStreams.Subscription(List.of("users", "groups"), List.of("users", "groups"), AuthClient.ADDRESS, 9L));
    assertThat(EventStreams.subscription(QueryParams.parse("resources=products"), null).since()).isNull();
  }

  @Test
  void aMissingMalformedOrMixedSubscriptionIsA400NamingWhatIsWrong() {
    assertThat(invalid("", null)).isEqualTo(new JsonObject().put("resources", new JsonArray().add("This field is required.")));
    assertThat(invalid("resources=,", null)).isEqualTo(new JsonObject().put("resources", new JsonArray().add("This field is required.")));
    assertThat(invalid("resources=products,Purchase_Orders", null))
        .isEqualTo(new JsonObject().put("resources", new JsonArray().add("Unknown resource \"Purchase_Orders\".")));
    assertThat(invalid("resources=products,users", null).getJsonArray("resources").getString(0))
        .isEqualTo("products and users belong to different services, whose event ids are numbered apart: open one stream for each.");
    assertThat(invalid("resources=products&since=abc", null))
        .isEqualTo(new JsonObject().put("since", new JsonArray().add("A valid non-negative integer is required.")));
    assertThat(invalid("resources=products&since=1", "-3"))
        .isEqualTo(new JsonObject().put("Last-Event-ID", new JsonArray().add("A valid non-negative integer is required.")));
  }

  private static JsonObject invalid(String query, String lastEventId) {
    Throwable thrown = catchThrowable(() -> EventStreams.subscription(QueryParams.parse(query), lastEventId));
    assertThat(thrown).as("the answer to %s", query).isInstanceOf(ServiceError.class);
    assertThat(((ServiceError) thrown).status()).isEqualTo(400);
    return ((ServiceError) thrown).body();
  }
}
