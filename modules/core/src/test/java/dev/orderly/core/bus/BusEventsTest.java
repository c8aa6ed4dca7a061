package dev.orderly.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A subscriber of {@link BusEvents} hears what a node of its deployment published, and nothing else. */
class BusEventsTest {
  private static final CallerSigning SIGNING = CallerSigning.fromSecret(TestServices.SECRET);
  private static final String ADDRESS = Events.address("suppliers");
  private Vertx vertx;
  private final List<JsonObject> heard = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    BusEvents.consumer(vertx, SIGNING, ADDRESS, message -> heard.add(message.body())).completion().await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Publishes {@code marker} last, signed, and returns once it was heard: what came before it has been handled. */
  private void published(String marker) {
    BusEvents.publish(vertx, SIGNING, ADDRESS, new JsonObject().put("type", marker));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (heard.stream().noneMatch(e -> marker.equals(e.getString("type")))) {
      assertThat(System.nanoTime()).as("%s heard within 10 s", marker).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void aSignedEventIsHeardAsItsJsonEvenWithDecimalsAndInstants() {
    JsonObject event = new JsonObject().put("type", "updated").put("id", 7L)
        .put("data", new JsonObject().put("price", new BigDecimal("12.50")).put("at", Instant.parse("2026-01-02T03:04:05Z")));
    BusEvents.publish(vertx, SIGNING, ADDRESS, event);
    published("end");
    assertThat(heard).hasSize(2);
    assertThat(heard.get(0).getLong("id")).isEqualTo(7L);
    assertThat(heard.get(0).getJsonObject("data").getString("at")).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void whatAnotherNodeDecodesFromTheWireVerifiesToo() {
    JsonObject event = new JsonObject().put("price", new BigDecimal("12.50")).put("ratio", 0.1f).put("at", Instant.EPOCH);
    JsonObject wire = new JsonObject(event.encode());
    String signature = SIGNING.signOnce("event\n" + ADDRESS + "\n" + wire.encode());
    assertThat(BusEvents.verifies(SIGNING, ADDRESS, new JsonObject(wire.toBuffer()), signature)).isTrue();
    assertThat(BusEvents.verifies(SIGNING, Events.address("products"), new JsonObject(wire.toBuffer()), signature))
        .as("not for another address").isFalse();
  }

  @Test
  void anUnsignedOrForeignEventIsNotHeard() {
    vertx.eventBus().publish(ADDRESS, new JsonObject().put("type", "deleted").put("id", 1));
    BusEvents.publish(vertx, CallerSigning.fromSecret(TestServices.SECRET + "-other"), ADDRESS, new JsonObject().put("type", "deleted").put("id", 2));
    JsonObject altered = new JsonObject().put("type", "deleted").put("id", 3);
    String signature = SIGNING.signOnce("event\n" + ADDRESS + "\n" + new JsonObject().put("type", "deleted").put("id", 4).encode());
    vertx.eventBus().publish(ADDRESS, altered, new DeliveryOptions().addHeader(BusEvents.SIGNATURE_HEADER, signature));
    vertx.eventBus().publish(ADDRESS, "not json", new DeliveryOptions().addHeader(BusEvents.SIGNATURE_HEADER, signature));
    published("end");
    assertThat(heard).extracting(e -> e.getString("type")).containsExactly("end");
  }
}
