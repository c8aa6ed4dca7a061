package dev.orderly.core.bus;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Published messages that their subscribers act on (change events, token revocations, export job events), signed
 * with the node's key: the {@value #SIGNATURE_HEADER} header holds the HMAC of the address and the body's JSON, and a
 * subscriber of {@link #consumer} drops a message whose signature does not verify ({@link DroppedMessages}). The
 * body stays the JSON object that API.md describes, so a subscriber that checks nothing reads it as before.
 *
 * <p>The signature is over the body's encoding; to make that the same on every node, the published body is the
 * one its own encoding decodes to (a decimal or an instant becomes what any receiver decodes), and a receiver
 * encodes what it got.
 */
public final class BusEvents {
  public static final String SIGNATURE_HEADER = "x-orderly-event-signature";

  private BusEvents() {}

  /** Publishes {@code body} on {@code address}, signed with {@code signing}. */
  public static void publish(Vertx vertx, CallerSigning signing, String address, JsonObject body) {
    JsonObject wire = new JsonObject(body.encode());
    vertx.eventBus().publish(address, wire, new DeliveryOptions().addHeader(SIGNATURE_HEADER, signing.signOnce(signed(address, wire))));
  }

  /**
   * A consumer of {@code address} that hands {@code handler} the messages {@code signing} verifies; with
   * {@link CallerSigning#NONE} every message.
   */
  @SuppressWarnings("unchecked")
  public static MessageConsumer<Object> consumer(Vertx vertx, CallerSigning signing, String address, Handler<Message<JsonObject>> handler) {
    return vertx.eventBus().<Object>consumer(address, message -> {
      Object body = message.body();
      if (!(body instanceof JsonObject json) || signing.canSign() && !verifies(signing, address, json, message.headers().get(SIGNATURE_HEADER))) {
        DroppedMessages.NODE.dropped(address, body instanceof JsonObject json ? json.getString("type") : null);
        return;
      }
      handler.handle((Message<JsonObject>) (Message<?>) message);
    });
  }

  static boolean verifies(CallerSigning signing, String address, JsonObject body, String signature) {
    return signing.verifyOnce(signed(address, body), signature);
  }

  // "event" keeps an event's signature from ever matching a caller header's (a JSON object) or another address's
  private static String signed(String address, JsonObject body) {
    return "event\n" + address + "\n" + body.encode();
  }
}
